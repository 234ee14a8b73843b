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

    /// `axis` as a non-negative axis of an array of `shape`; `extra` widens the range for
    /// functions that insert an axis (`expand_dims`, `stack`: `-rank-1 ... rank`).
    func axis(_ axis: Int, of shape: [Int], argument: String, extra: Int = 0) throws(ExpressionError) -> Int {
        let rank = shape.count + extra
        guard axis >= -rank && axis < rank else {
            let valid = rank == 0 ? "it has no axes" : "valid axes are \(-rank) to \(rank - 1)"
            throw fail(.shape, "axis \(axis) is out of range for an array of shape \(Shape.describe(shape)) (\(valid))", at: range(of: argument))
        }
        return axis < 0 ? axis + rank : axis
    }

    /// Option `name` as sorted, distinct, non-negative axes of `shape`; `nil` (all axes) when absent or `None`.
    func axes(_ name: String, of shape: [Int]) throws(ExpressionError) -> [Int]? {
        guard let given = try integers(name) else { return nil }
        var normalized: [Int] = []
        for a in given { normalized.append(try axis(a, of: shape, argument: name)) }
        guard Set(normalized).count == normalized.count else {
            throw fail(.shape, "axis \(Shape.describe(given)) repeats an axis of an array of shape \(Shape.describe(shape))", at: range(of: name))
        }
        return normalized.sorted()
    }
}

/// The output shape of a reduction over `axes` (nil: all) as DualTape computes it: reduced
/// axes removed, or kept with extent 1; a reduction to no axes at all gives `[1]` (MXNet).
func reducedShape(_ shape: [Int], axes: [Int]?, keepDims: Bool) -> [Int] {
    let reduced = Set(axes ?? Array(shape.indices))
    if keepDims { return shape.indices.map { reduced.contains($0) ? 1 : shape[$0] } }
    let kept = shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
    return kept.isEmpty ? [1] : kept
}
