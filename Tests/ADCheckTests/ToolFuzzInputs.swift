import DualTape

/// Command lines for the fuzz tests: random words and bytes, truncations and mutations of
/// valid command lines, generated expressions with bindings, hostile option values, and
/// pathological inputs (deep nesting, huge shapes, long lists). Every input is cheap to
/// run when valid: counts, points and shapes stay small unless the case is about them.
struct ToolFuzzInputs {
    var g: RandomGenerator

    init(seed: UInt64) { g = RandomGenerator(seed: seed) }

    mutating func below(_ n: Int) -> Int { Int(g.next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ p: Double) -> Bool { g.nextUnit() < p }

    static let alphabet = Array("xyzw0123456789.+-*/^@()[],:=<>! eE_abcdefghijklmnopqrstuvwxyz\t\n'\"$;&|")

    /// Valid command lines, each cheap: the seeds of truncation and mutation.
    static let seeds: [[String]] = [
        ["sum(2*x*x)", "--var", "x=[[1,2],[3,4]]"],
        ["norm(tanh(W @ x + b))", "--var", "W=shape:4x3", "--var", "x=shape:3", "--var", "b=shape:4", "--seed", "7"],
        ["x[0] * sin(x[1])", "--var", "x=[0.5, -1.25]", "--order", "2"],
        ["sum(log(x) * y, axis=0)", "--var", "x=shape:2x3", "--var", "y=[1, 2, 3]", "--json"],
        ["where(c, x, 0.1 * x)", "--var", "c=shape:3", "--var", "x=shape:3", "--mode", "forward"],
        ["check", "max(x, axis=1) - min(y)", "--var", "x=shape:2x2", "--var", "y=[1, -1]", "--dtype", "float32"],
        ["sum(x[:, 1:3] ^ 2) / mean(x[0])", "--var", "x=shape:2x4", "--tolerance", "1e-6,1e-9", "--step", "0.0005"],
        ["concat(x, stack(y, y), axis=0)", "--var", "x=shape:1x3", "--var", "y=shape:3", "-s", "3"],
        ["clip(tanh(x), -0.5, 0.5) + reshape(x, 3, 2)[0, 1]", "--var", "x=shape:2x3"],
        ["ops", "sin", "relu", "--order", "1", "--points", "2"],
        ["ops", "maximum", "--points", "1", "--json", "--mode", "reverse"],
        ["random", "--count", "2", "--seed", "4"],
        ["random", "--count", "1", "--dtype", "float32", "--json", "--replay", "20:1.0.3"],
        ["example", "seed", "--mode", "reverse"],
        ["help", "ops"],
    ]

    /// The options every subcommand might be given, with typical and hostile values.
    static let options = ["--var", "--seed", "-s", "--dtype", "--order", "--mode", "--tolerance", "--step", "--json", "--progress",
                          "--count", "--points", "--replay", "--help", "-h", "--version", "--", "-x", "--jsn", "--var=x=[1]"]
    static let values = ["0", "-1", "1e308", "abc", "", "2", "18446744073709551616", "nan", "inf", "-0", "0x10", "1,x", "1,", ",",
                         "1e-7,1e-10", "float16", "both", "3", "x=[1]", "x=shape:2x0x", "x=shape:1000000x1000000", "x=", "=[1]",
                         "20:0.0.0", "101:0", "0:ffffffffffffffff", "sin", "power", "x=[[1],[2,3]]", "x=[1e999]", "\u{0}", "é=[1]"]

    /// `count` command lines of one to four random words (random characters and bytes).
    mutating func randomWords(_ count: Int) -> [[String]] {
        (0 ..< count).map { _ in
            (0 ... below(4)).map { _ in
                let bytes: [UInt8] = (0 ..< below(24)).map { _ in
                    chance(0.75) ? Array(String(pick(Self.alphabet)).utf8)[0] : UInt8(truncatingIfNeeded: g.next())
                }
                let word = String(decoding: bytes, as: UTF8.self)
                return chance(0.2) ? "--" + word : word
            }
        }
    }

    /// Every command line cut after each word, with its last word cut at each character.
    static var truncations: [[String]] {
        seeds.flatMap { seed in
            seed.indices.flatMap { i in
                (0 ... seed[i].count).map { n in cheap(Array(seed[..<i]) + [String(seed[i].prefix(n))]) }
            }
        }
    }

    /// `count` seeds with one to three edits: a character changed in a word, a word dropped,
    /// repeated or swapped, an option with a random value added. Counts and points stay small.
    mutating func mutations(_ count: Int) -> [[String]] {
        (0 ..< count).map { _ in
            var words = pick(Self.seeds)
            for _ in 0 ... below(3) {
                let i = below(words.count)
                switch below(6) {
                case 0, 1:
                    var characters = Array(words[i])
                    let j = below(characters.count + 1)
                    switch below(3) {
                    case 0 where j < characters.count: characters.remove(at: j)
                    case 1 where j < characters.count: characters[j] = pick(Self.alphabet)
                    default: characters.insert(pick(Self.alphabet), at: j)
                    }
                    words[i] = String(characters)
                case 2 where words[0] != "ops" || i > 2: words.remove(at: i)
                case 3: words.insert(words[i], at: i)
                case 4: words.swapAt(i, below(words.count))
                default: words += [pick(Self.options), pick(Self.values)]
                }
            }
            return Self.cheap(words)
        }
    }

    /// `count` expressions over x (shape [2, 3]), y ([3]) and s ([1]), each variable it uses bound.
    mutating func expressions(_ count: Int) -> [[String]] {
        (0 ..< count).map { _ in
            let source = expression(depth: 3)
            let names = Set(source.split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init))
            var words = [source]
            for (name, value) in [("x", "x=shape:2x3"), ("y", "y=[0.5, -1, 2]"), ("s", "s=shape:1")] where names.contains(name) {
                words += ["--var", value]
            }
            if chance(0.3) { words += ["--dtype", "float32"] }
            if chance(0.1) { words += ["--order", "2"] }
            if chance(0.2) { words.append("--json") }
            return words
        }
    }

    mutating func expression(depth: Int) -> String {
        if depth == 0 || chance(0.3) { return pick(["x", "y", "s", "x", "2", "0.5", "[1, 2, 3]", "-1"]) }
        switch below(6) {
        case 0, 1: return "(\(expression(depth: depth - 1)) \(pick(["+", "-", "*", "/", "^", "@", ">"])) \(expression(depth: depth - 1)))"
        case 2: return "-" + expression(depth: depth - 1)
        case 3: return expression(depth: depth - 1) + pick(["[0]", "[:, 1:3]", "[-1, ::-1]", "[1]"])
        default:
            let function = pick(["sin", "exp", "log", "sqrt", "tanh", "relu", "abs", "sum", "norm", "max", "prod", "sigmoid", "square", "argmax",
                                 "transpose", "flatten", "stop_gradient", "sign", "mean"])
            return "\(function)(\(expression(depth: depth - 1)))"
        }
    }

    /// `count` command lines with one hostile value for one option of a subcommand.
    mutating func optionValues(_ count: Int) -> [[String]] {
        (0 ..< count).map { _ in
            let base = pick([["sum(x)", "--var", "x=[1, 2]"], ["ops", "sin", "--points", "1", "--order", "1"], ["random", "--count", "1"],
                             ["example", "seed"]])
            return Self.cheap(base + [pick(Self.options), pick(Self.values)])
        }
    }

    /// Inputs meant to exhaust the stack, the memory or the patience of a careless tool.
    static var pathological: [[String]] {
        let deep = 10_000
        return [
            [String(repeating: "(", count: deep) + "x" + String(repeating: ")", count: deep), "--var", "x=[1]"],
            [String(repeating: "(", count: deep)],
            [String(repeating: "-", count: deep) + "x", "--var", "x=[1]"],
            ["sum(x)", "--var", "x=" + String(repeating: "[", count: deep) + "1" + String(repeating: "]", count: deep)],
            [String(repeating: "sum(", count: deep) + "x" + String(repeating: ")", count: deep), "--var", "x=[1]"],
            ["x" + String(repeating: "[0]", count: deep), "--var", "x=[1]"],
            [String(repeating: "x", count: 100_001)],
            ["sum(x)", "--var", "x=shape:" + Array(repeating: "1", count: 40).joined(separator: "x")],
            ["sum(x)", "--var", "x=shape:1000x1000x1000"],
            ["sum(x)", "--var", "x=shape:99999999999999999999"],
            ["broadcast_to(x, [1000000, 1000000])", "--var", "x=[1]"],
            ["sum(x)"] + Array(repeating: ["--var", "x=[1]"], count: 1_000).flatMap { $0 },
            Array(repeating: "sum(x)", count: 10_000),
            Array(repeating: "--json", count: 10_000),
            ["ops"] + Array(repeating: "nosuch", count: 1_000),
            ["random", "--count", "100001"], ["random", "--replay", "100:" + Array(repeating: "f", count: 20_001).joined(separator: ".")],
            ["sum(x)", "--var", "x=[" + Array(repeating: "1", count: 5_000).joined(separator: ", ") + "]", "--seed", "18446744073709551615"],
            ["sum(x * 1e308 * 1e308)", "--var", "x=[1]"], ["sum(exp(exp(exp(x))))", "--var", "x=[10]"],
            ["sum(x)", "--var", "x=[1]", "--step", "1e-320"], ["sum(x)", "--var", "x=[1]", "--tolerance", "1e308,1e308"],
            ["\u{0}"], ["x\u{0}+y"], ["-"], ["--"], ["--", "--help"], ["help", "help", "help"], ["example", "seed", "seed"],
        ]
    }

    /// `words` made cheap to run: `ops` checks 2 points per operator at order 1 and `random`
    /// 3 expressions (appended options win), and `--count` and `--points` values above 20
    /// become 20. The fuzz looks for traps, not for long runs.
    static func cheap(_ words: [String]) -> [String] {
        var words = words
        for i in words.indices.dropFirst() where ["--count", "--points"].contains(words[i - 1]) {
            if let n = Int(words[i]), n > 20 { words[i] = "20" }
        }
        switch words.first {
        case "ops": words += ["--points", "2", "--order", "1"]
        case "random": words += ["--count", "3"]
        default: break
        }
        return words
    }
}
