import DualTape

/// Indexing and slicing, checked: MXNet 1.x shapes (an integer removes its axis, and a 1-D
/// array indexed by an integer keeps shape `[1]`), Python's slice semantics (clamping,
/// negative indices and steps), constant integer bounds.
extension Checker {
    func subscripted(_ base: ArrayInfo, _ items: [SubscriptItem], anchor: Range<Int>) throws(ExpressionError) -> Operation {
        let shape = base.shape
        let call = CallContext(function: "index", parameters: [], operands: [base], attributes: [:], anchor: anchor, tree: tree, source: source)
        guard items.count <= shape.count else {
            throw call.fail(.shape, "too many indices: \(items.count) for an array of shape \(Shape.describe(shape))")
        }
        var selection: [IndexItem] = []
        var output: [Int] = []
        for (axis, item) in items.enumerated() {
            let extent = shape[axis]
            switch item {
            case .index(let node):
                let i = try call.integer(at: node, "an index")
                let j = i < 0 ? i + extent : i
                guard j >= 0 && j < extent else {
                    throw call.fail(.shape, "index \(i) is out of range for axis \(axis) of an array of shape \(Shape.describe(shape))", at: tree[node].range)
                }
                selection.append(.position(j))
            case .slice(let start, let stop, let step, let range):
                let given = try step.map { node throws(ExpressionError) in try call.integer(at: node, "a slice step") } ?? 1
                guard given != 0 else { throw call.fail(.shape, "slice step cannot be zero", at: range) }
                // A step beyond the extent selects what the extent itself selects (at most one element), without overflow.
                let stride = given > 0 ? min(given, extent) : max(given, -extent)
                let lower = try start.map { node throws(ExpressionError) in try call.integer(at: node, "a slice start") }
                let upper = try stop.map { node throws(ExpressionError) in try call.integer(at: node, "a slice stop") }
                output.append(Self.sliceCount(lower, upper, stride, extent: extent))
                selection.append(.range(lower, upper, stride))
            }
        }
        output += shape.dropFirst(items.count)
        if output.isEmpty { output = [1] }
        let items = selection
        return Operation(shape: output) { x in dispatch(Slice(x[0].sliceSpec(items)), [x[0]]) }
    }

    /// How many elements Python's `start:stop:step` selects from an axis of `extent` (≥ 1).
    static func sliceCount(_ start: Int?, _ stop: Int?, _ step: Int, extent: Int) -> Int {
        func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { max(low, min(v, high)) }
        if step > 0 {
            let lo = start.map { clamp($0 < 0 ? $0 + extent : $0, 0, extent) } ?? 0
            let hi = stop.map { clamp($0 < 0 ? $0 + extent : $0, 0, extent) } ?? extent
            return hi > lo ? (hi - lo + step - 1) / step : 0
        }
        let lo = start.map { clamp($0 < 0 ? $0 + extent : $0, -1, extent - 1) } ?? extent - 1
        let hi = stop.map { clamp($0 < 0 ? $0 + extent : $0, -1, extent - 1) } ?? -1
        return lo > hi ? (lo - hi - step - 1) / -step : 0
    }
}
