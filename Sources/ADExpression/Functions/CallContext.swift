import DualTape

/// A call being checked: its operands' shapes and dtypes, its option arguments (read as
/// constants from the syntax tree), and where an error about it should point.
struct CallContext {
    /// The function's name, which starts every message (`sum: axis 2 is out of range ...`).
    let function: String
    let parameters: [Parameter]
    let operands: [ArrayInfo]
    /// Option arguments: parameter name → the nodes given for it.
    let attributes: [String: [Int]]
    /// Where a message about the whole call points: the function name or the operator.
    let anchor: Range<Int>
    let tree: SyntaxTree
    let source: String

    /// The shape of operand `i`.
    func shape(_ i: Int) -> [Int] { operands[i].shape }

    /// An error about this call: `"<function>: <message>"`, at `range` or the call.
    func fail(_ kind: ExpressionError.Kind, _ message: String, at range: Range<Int>? = nil) -> ExpressionError {
        ExpressionError(kind, "\(function): \(message)", source: source, range: range ?? anchor)
    }

    /// The characters of option `name`'s argument(s), or the call when it was not given.
    func range(of name: String) -> Range<Int> {
        guard let nodes = attributes[name], let first = nodes.first, let last = nodes.last else { return anchor }
        return tree[first].range.lowerBound ..< tree[last].range.upperBound
    }
}
