import Testing
@testable import ADExpression
import DualTape

/// `source` parsed, every operation in parentheses: `-x^2` → `(-(x ^ 2))`.
func parenthesized(_ source: String) throws -> String {
    let tree = try Parser.parse(source)
    return render(tree, tree.root)
}

/// A node of `tree` as text with explicit grouping.
func render(_ tree: SyntaxTree, _ i: Int) -> String {
    switch tree[i].kind {
    case .number(let value):
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    case .name(let name):
        return name
    case .literal(let values, let shape):
        return "literal\(shape)\(values)"
    case .negation(let operand):
        return "(-\(render(tree, operand)))"
    case .infix(let symbol, let a, let b):
        return "(\(render(tree, a)) \(symbol.rawValue) \(render(tree, b)))"
    case .call(let name, let arguments):
        return name + "(" + arguments.map { ($0.label.map { "\($0)=" } ?? "") + render(tree, $0.value) }.joined(separator: ", ") + ")"
    case .indexing(let base, let items):
        let parts = items.map { item -> String in
            switch item {
            case .index(let node): return render(tree, node)
            case .slice(let start, let stop, let step, _):
                let part = { (node: Int?) in node.map { render(tree, $0) } ?? "" }
                return part(start) + ":" + part(stop) + (step.map { ":" + render(tree, $0) } ?? "")
            }
        }
        return render(tree, base) + "[" + parts.joined(separator: ", ") + "]"
    }
}

/// The error `source` gives when parsed and compiled against `bindings`, or `nil`.
func expressionError(_ source: String, _ bindings: [String: NDArray] = [:]) -> ExpressionError? {
    do {
        _ = try ParsedExpression(source).compile(bindings: bindings)
        return nil
    } catch {
        return error
    }
}

/// The value of `source` for `bindings`.
func evaluate(_ source: String, _ bindings: [String: NDArray]) throws -> NDArray {
    try ParsedExpression(source).compile(bindings: bindings).evaluate(bindings: bindings)
}

/// Whether `a` and `b` agree within `rel · max(|a|, |b|) + abs`; NaN agrees with nothing.
func isClose(_ a: Double, _ b: Double, rel: Double = 1e-12, abs: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return false }
    if a == b { return true }
    return Swift.abs(a - b) <= rel * Swift.max(Swift.abs(a), Swift.abs(b)) + abs
}

/// Records an issue unless `actual` has `shape` and values `expected` (within `rel`).
func expectValues(_ actual: NDArray, _ expected: [Double], shape: [Int], rel: Double = 1e-12,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == shape, sourceLocation: sourceLocation)
    let values = actual.scalars
    #expect(values.count == expected.count, "values \(values) vs \(expected)", sourceLocation: sourceLocation)
    for (a, e) in zip(values, expected) where !isClose(a, e, rel: rel) {
        Issue.record("\(a) != \(e) in \(values)", sourceLocation: sourceLocation)
        return
    }
}

/// A seed that depends only on `text` (FNV-1a), unlike `hashValue`, which changes per run.
func stableSeed(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
}

/// Fixed arrays the tests bind: x [2, 3], y [3], m [3, 4], v [4], b [2, 3, 4], s 0-d, p positive [2, 3].
enum Arrays {
    static let x = NDArray([[1.0, -2, 3], [-4, 5, 6]])
    static let y = NDArray([0.5, -1, 2])
    static let m = NDArray((0 ..< 12).map { Double($0) / 4 - 1 }.chunked(4))
    static let v = NDArray([1.0, 2, -1, 0.5])
    static let b = NDArray(values: (0 ..< 24).map { Double($0) / 8 - 1 }, shape: [2, 3, 4])
    static let s = NDArray(values: [1.5], shape: [])
    static let p = NDArray([[0.5, 1, 1.5], [2, 2.5, 3]])
    static let all: [String: NDArray] = ["x": x, "y": y, "m": m, "v": v, "b": b, "s": s, "p": p]
}

extension Array {
    /// The elements in rows of `size`.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0 ..< Swift.min($0 + size, count)]) }
    }
}
