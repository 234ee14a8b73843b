@testable import ADExpression
import DualTape

/// Inputs for the fuzz test: random text, truncations and mutations of valid expressions,
/// expressions generated from the grammar and the function table, and pathological cases.
struct FuzzInputs {
    var g: RandomGenerator

    init(seed: UInt64) { g = RandomGenerator(seed: seed) }

    mutating func below(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ p: Double) -> Bool { g.nextUnit() < p }

    static let alphabet = Array("xyzsmvcp0123456789.+-*/^@()[],:=<>! eE_abcdefghijklmnopqrstuvwxyz\t\n")
    static let variables = ["x", "y", "s", "m", "v", "c", "p"]

    /// Valid expressions over the fuzz bindings, to truncate and mutate.
    static let seeds = [
        "sum(sin(x) * y)", "-x^2 + 2*x - 1", "log(p) @ m", "norm(x, ord=1, axis=1, keepdims=true)", "where(c, x, 0.1 * x)",
        "sum(x[:, 1:3] ^ 2) / mean(x[0])", "concat(x, stack(y, y), axis=0)", "clip(tanh(x), -0.5, 0.5) + reshape(x, 3, 2)[0, 1]",
        "x @ m @ v", "transpose(x, axes=[1, 0]) @ x", "max(x, axis=0) - min(y)", "prod(y) * s", "argmax(x, axis=1)",
        "expand_dims(y, axis=-1) * x[0]", "squeeze(reshape(x, 1, 6))", "broadcast_to(y, [4, 2, 3])", "flatten(x)",
        "astype(x, float32) * 2", "[[1, 2], [3, 4]] @ [1, -1]", "sigmoid(relu(x)) + abs(sign(x))", "x[-1, ::-1]",
        "maximum(x, y) >= minimum(x, 0)", "exp(-s) ** 2 ** 0.5", "sqrt(p) / p", "prod_others(x, axis=1)", "stop_gradient(y) * y",
        "dot(y, m) + v", "tan(x) != cos(x)", "(x + 1) * (y - 2) / (s + 3)", "sum(x, axis=[0, 1], keepdims=True)",
    ]

    /// `count` strings of random characters and random bytes (invalid UTF-8 becomes U+FFFD).
    mutating func randomText(_ count: Int) -> [String] {
        (0 ..< count).map { _ in
            let bytes: [UInt8] = (0 ..< below(48)).map { _ in
                chance(0.7) ? Array(String(pick(Self.alphabet)).utf8)[0] : UInt8(truncatingIfNeeded: g.next())
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Every prefix of every seed.
    static var truncations: [String] {
        seeds.flatMap { seed in (0 ..< seed.count).map { String(seed.prefix($0)) } }
    }

    /// `count` seeds with one to three random edits each.
    mutating func mutations(_ count: Int) -> [String] {
        let inserts = ["1e308", "9007199254740993", "-99999999999", "(", ")", "[", "]", ",", ":", "axis=", "keepdims=", "None",
                       "sum(", "reshape(", "@", "^", "**", "--", "1000000", "[1000000, 1000000]", "x", "float32"]
        return (0 ..< count).map { _ in
            var characters = Array(pick(Self.seeds))
            for _ in 0 ... below(3) {
                let i = below(characters.count + 1)
                switch below(5) {
                case 0 where i < characters.count: characters.remove(at: i)
                case 1: characters.insert(pick(Self.alphabet), at: i)
                case 2 where i < characters.count: characters[i] = pick(Self.alphabet)
                case 3: characters.insert(contentsOf: pick(inserts), at: i)
                default:
                    let j = below(characters.count + 1)
                    characters.insert(contentsOf: characters[min(i, j) ..< max(i, j)], at: max(i, j))
                }
            }
            return String(characters)
        }
    }

    /// An expression built from the grammar and the function table, of nesting at most `depth`.
    mutating func generated(depth: Int) -> String {
        if depth == 0 || chance(0.25) { return chance(0.8) ? pick(Self.variables) : pick(["2", "0.5", "-1", "3", "[1, 2, 3]", "[[1, 2], [3, 4]]"]) }
        switch below(9) {
        case 0, 1:
            let op = pick(["+", "-", "*", "/", "^", "**", "@", "<", ">=", "==", "!="])
            return "(\(generated(depth: depth - 1)) \(op) \(generated(depth: depth - 1)))"
        case 2: return "-" + generated(depth: depth - 1)
        case 3: return generated(depth: depth - 1) + "[" + (0 ... below(3)).map { _ in subscriptItem() }.joined(separator: ", ") + "]"
        default: return call(pick(FunctionTable.all), depth: depth)
        }
    }

    mutating func subscriptItem() -> String {
        let bound = { (f: inout FuzzInputs) in f.chance(0.5) ? String(f.below(7) - 3) : "" }
        switch below(3) {
        case 0: return String(below(5) - 2)
        case 1: return bound(&self) + ":" + bound(&self)
        default: return bound(&self) + ":" + bound(&self) + ":" + pick(["1", "2", "-1", "0", "3"])
        }
    }

    mutating func call(_ function: FunctionDefinition, depth: Int) -> String {
        var arguments: [String] = []
        var keyword = false
        for parameter in function.parameters {
            if !parameter.isRequired && chance(0.5) { keyword = true; continue }
            let value: String
            switch parameter.kind {
            case .array: value = generated(depth: depth - 1)
            case .arrays: value = (0 ... below(3)).map { _ in generated(depth: depth - 1) }.joined(separator: ", ")
            case .integer: value = String(below(7) - 3)
            case .axes: value = pick(["0", "1", "-1", "[0, 1]", "None", "[1, 1]", "2"])
            case .integers: value = pick(["[2, 3]", "[3, 2]", "6", "-1", "[1, 0]", "[-1, 1]", "2, 3", "[1, 6]", "[]"])
            case .bool: value = pick(["true", "false", "True"])
            case .number: value = pick(["-1", "0.5", "2", "-0.5"])
            case .dtype: value = pick(["float32", "float64"])
            case .word: value = pick(["valid", "same", "full", "reduced", "x", "None"])
            }
            let named = keyword || (chance(0.2) && !parameter.isVariadic)
            keyword = keyword || named
            arguments.append(named && parameter.kind != .arrays ? "\(parameter.name)=\(value)" : value)
        }
        return "\(function.name)(\(arguments.joined(separator: ", ")))"
    }

    /// Inputs meant to exhaust the stack, the memory or the time of a careless implementation.
    static var pathological: [String] {
        let deep = 10_000
        return [
            String(repeating: "(", count: deep) + "x" + String(repeating: ")", count: deep),
            String(repeating: "(", count: deep),
            String(repeating: "-", count: deep) + "x",
            String(repeating: "[", count: deep) + "1" + String(repeating: "]", count: deep),
            String(repeating: "sum(", count: deep) + "x" + String(repeating: ")", count: deep),
            "x" + String(repeating: "^x", count: deep),
            "x" + String(repeating: " + x", count: deep),
            "x" + String(repeating: "[0]", count: deep),
            "exp(" + String(repeating: "x * ", count: deep) + "x)",
            String(repeating: "x", count: ExpressionLimits.maximumLength + 1),
            "broadcast_to(x, [1000000, 1000000])", "broadcast_to(s, [4294967296, 4294967296, 4294967296])",
            "reshape(x, 4611686018427387904, 4)", "reshape(x, 9007199254740993)", "x[9007199254740992:]",
            "x[::-9007199254740992, ::9007199254740992]", "x[-9007199254740992]", "sum(x, axis=9007199254740992)",
            "transpose(x, [9007199254740992, 0])", "expand_dims(x, -9007199254740992)", "1e308 * 1e308 * x",
            "reshape(s, [" + Array(repeating: "1", count: 5_000).joined(separator: ", ") + "])",
            "broadcast_to(s, [1000, 1000]) @ broadcast_to(s, [1000, 1000])",
            "prod_others(broadcast_to(s, [1000000]))", "astype(x, float32) + 1e300", "clip(x, 1e308, 1e308)",
            String(repeating: "1", count: 400), "x" + String(repeating: "\u{301}", count: 1_000), "\u{0}", "x\u{0}+y",
        ]
    }
}
