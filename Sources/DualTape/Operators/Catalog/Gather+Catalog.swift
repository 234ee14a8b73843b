/// The indexing family in the catalog: representative applications (the index inputs
/// sampled as whole numbers in range for the case's shapes) and how each is called by name.
extension OperatorCatalog {
    static let indexing: [CatalogEntry] = [
        CatalogEntry(name: "take", summary: "elements at integer indices along an axis (NumPy)", family: .indexing, cases: [
            CatalogCase(Take(axis: 0), [[4, 3], [5]], call: "take(a0, a1, axis=0)", domains: [.real, .integers(0, 3)]),
            CatalogCase(Take(), [[2, 3], [2, 2]], call: "take(a0, a1)", domains: [.real, .integers(0, 5)]),
            CatalogCase(Take(axis: -1), [[2, 3], [4]], call: "take(a0, a1, axis=-1)", domains: [.real, .integers(0, 2)]),
        ], signatures: [.take]),
        CatalogEntry(name: "scatter_add", summary: "a with updates added at indices along an axis (the transpose of take)", family: .indexing, cases: [
            CatalogCase(ScatterAdd(axis: 0), [[4, 2], [5], [5, 2]], call: "scatter_add(a0, a1, a2, axis=0)", domains: [.real, .integers(0, 3), .real]),
            CatalogCase(ScatterAdd(axis: 1), [[2, 3], [2, 2], [2, 2, 2]], call: "scatter_add(a0, a1, a2, axis=1)", domains: [.real, .integers(0, 2), .real]),
        ], signatures: [.scatterAdd]),
        CatalogEntry(name: "take_along_axis", summary: "elements at one index per position along an axis (also gather)", family: .indexing, cases: [
            CatalogCase(TakeAlongAxis(axis: 1), [[2, 3], [2, 4]], call: "take_along_axis(a0, a1, axis=1)", domains: [.real, .integers(0, 2)]),
            CatalogCase(TakeAlongAxis(axis: 0), [[3, 1], [2, 4]], call: "take_along_axis(a0, a1, axis=0)", domains: [.real, .integers(0, 2)]),
        ], signatures: [.takeAlongAxis]),
        CatalogEntry(name: "pick", summary: "the element an index picks along an axis (MXNet)", family: .indexing, cases: [
            CatalogCase(Pick(), [[2, 3], [2]], call: "pick(a0, a1)", domains: [.real, .integers(0, 2)]),
            CatalogCase(Pick(axis: 0, keepDims: true), [[3, 2], [2]], call: "pick(a0, a1, axis=0, keepdims=true)", domains: [.real, .integers(0, 2)]),
        ], signatures: [.pick]),
        CatalogEntry(name: "one_hot", summary: "rows of zeros with a one at each index, zero derivative", family: .indexing, cases: [
            CatalogCase(OneHot(depth: 4), [[3]], call: "one_hot(a0, 4)"),
        ], signatures: [.oneHot]),
    ]
}

extension CallSignature {
    /// `take(a, indices, axis=None)`.
    static let take = CallSignature("take", family: .indexing, [.array("a"), .array("indices"), .integer("axis", default: "None")],
                                    summary: "elements of a at integer indices along axis (None: a flattened)", info: Take().info) { call throws(CallError) in
        let a = call.shape(0), indices = call.shape(1)
        let axis = try call.axis("axis", of: a)
        let op = Take(axis: axis)
        let extent = axis.map { a[$0] } ?? Shape.count(a)
        return ResolvedCall(shape: op.outputShape(a, indices), domains: [.real, .integers(0, extent - 1)]) { dispatch(op, $0[0], $0[1]) }
    }

    /// `scatter_add(a, indices, updates, axis=0)`.
    static let scatterAdd = CallSignature("scatter_add", family: .indexing,
                                          [.array("a"), .array("indices"), .array("updates"), .integer("axis", default: "0")],
                                          summary: "a with updates added at indices along axis (repeated ones add up)", info: ScatterAdd().info) { call throws(CallError) in
        let a = call.shape(0), indices = call.shape(1), updates = call.shape(2)
        let axis = try call.axis("axis", of: a) ?? 0
        guard !a.isEmpty else { throw CallError(.shape, "a must have an axis to add along, not shape []", argument: "axis") }
        let expected = Take(axis: axis).outputShape(a, indices)
        guard updates == expected else {
            throw CallError(.shape, "updates of shape \(Shape.describe(updates)) do not fit indices of shape \(Shape.describe(indices)) into an array of shape \(Shape.describe(a)) along axis \(axis); they need shape \(Shape.describe(expected))")
        }
        let op = ScatterAdd(axis: axis)
        return ResolvedCall(shape: a, domains: [.real, .integers(0, a[axis] - 1), .real]) { dispatch(op, $0) }
    }

    /// `take_along_axis(a, indices, axis)`, also `gather`.
    static let takeAlongAxis = CallSignature("take_along_axis", aliases: ["gather"], family: .indexing,
                                             [.array("a"), .array("indices"), .integer("axis")],
                                             summary: "elements of a at one index per position along axis", info: TakeAlongAxis(axis: 0).info) { call throws(CallError) in
        let a = call.shape(0), indices = call.shape(1)
        guard let axis = try call.axis("axis", of: a) else { throw CallError(.argument, "axis must be an integer", argument: "axis") }
        guard indices.count == a.count else {
            throw CallError(.shape, "indices of shape \(Shape.describe(indices)) need the rank of a, of shape \(Shape.describe(a))")
        }
        for d in a.indices where d != axis && a[d] != indices[d] && a[d] != 1 && indices[d] != 1 {
            throw CallError(.shape, "indices of shape \(Shape.describe(indices)) do not broadcast with a of shape \(Shape.describe(a)) outside axis \(axis)")
        }
        let op = TakeAlongAxis(axis: axis)
        return ResolvedCall(shape: op.outputShape(a, indices), domains: [.real, .integers(0, a[axis] - 1)]) { dispatch(op, $0[0], $0[1]) }
    }

    /// `pick(data, index, axis=-1, keepdims=false)`.
    static let pick = CallSignature("pick", family: .indexing,
                                    [.array("data"), .array("index"), .integer("axis", default: "-1"), .bool("keepdims")],
                                    summary: "the element of data that index picks along axis (MXNet)", info: Pick().info) { call throws(CallError) in
        let data = call.shape(0), index = call.shape(1)
        let axis = try call.axis("axis", of: data) ?? data.count - 1
        guard !data.isEmpty else { throw CallError(.shape, "data must have an axis to pick along, not shape []", argument: "axis") }
        let op = Pick(axis: axis, keepDims: try call.bool("keepdims") ?? false)
        guard op.indexShapes(data).contains(index) else {
            throw CallError(.shape, "an index of shape \(Shape.describe(index)) does not fit data of shape \(Shape.describe(data)) along axis \(axis); it needs shape \(Shape.describe(op.indexShapes(data)[0]))")
        }
        return ResolvedCall(shape: op.outputShape(data, index), domains: [.real, .integers(0, data[axis] - 1)]) { dispatch(op, $0[0], $0[1]) }
    }

    /// `one_hot(indices, depth)`.
    static let oneHot = CallSignature("one_hot", family: .indexing, [.array("indices"), .integer("depth")],
                                      summary: "rows of depth zeros with a one at each index, zero derivative", info: OneHot(depth: 1).info) { call throws(CallError) in
        guard let depth = try call.integer("depth"), depth >= 1 else {
            throw CallError(.argument, "depth must be an integer of at least 1", argument: "depth")
        }
        let indices = call.shape(0)
        let op = OneHot(depth: depth)
        return ResolvedCall(shape: indices + [depth], domains: [.integers(0, depth - 1)]) { dispatch(op, $0[0]) }
    }
}
