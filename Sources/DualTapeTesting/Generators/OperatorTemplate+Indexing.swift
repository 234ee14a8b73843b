import DualTape

extension OperatorTemplate {
    /// Integer indexing: take, scatter_add, take_along_axis, pick, one_hot. The index input's
    /// domain is the whole numbers of the axis it indexes (``Domain/integers(_:_:)``), so
    /// indices are drawn in range and held constant; repeated indices are common (a short
    /// axis indexed several times).
    static func indexing(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "take": return OperatorTemplate(entry, take)
        case "scatter_add": return OperatorTemplate(entry, scatterAdd)
        case "take_along_axis": return OperatorTemplate(entry, takeAlongAxis)
        case "pick": return OperatorTemplate(entry, pick)
        case "one_hot":
            return OperatorTemplate(entry) { shape, _ in
                guard let depth = shape.last else { return nil }
                return CatalogCase(OneHot(depth: depth), [Array(shape.dropLast())], domains: [.integers(0, depth - 1)])
            }
        default: return nil
        }
    }

    /// An extent for an indexed axis: 1 to 4.
    private static func indexedExtent(_ source: DrawSource) throws -> Int {
        try source.int(in: 1 ... 4)
    }

    /// `axis` as written: non-negative, or counted from the end a third of the time.
    private static func written(_ axis: Int, rank: Int, _ source: DrawSource) throws -> Int {
        try source.drawBool(probability: 0.3) ? axis - rank : axis
    }

    /// `take` producing `shape`: a flattened array indexed by an index array of that shape,
    /// or an axis replaced by the index array's axes (a contiguous run of `shape`'s axes).
    private static func take(_ shape: [Int], _ source: DrawSource) throws -> CatalogCase? {
        if try source.drawBool(probability: 0.3) {
            let a = try Gen<[Int]>.drawShape(source, ShapeLimits(ranks: 0 ... 3, maxExtent: 4, maxCount: 24))
            return CatalogCase(Take(), [a, shape], domains: [.real, .integers(0, Shape.count(a) - 1)])
        }
        let start = try source.int(in: 0 ... shape.count)
        let end = try source.int(in: start ... shape.count)
        let extent = try indexedExtent(source)
        let a = Array(shape[..<start]) + [extent] + Array(shape[end...])
        let axis = try written(start, rank: a.count, source)
        return CatalogCase(Take(axis: axis), [a, Array(shape[start ..< end])], domains: [.real, .integers(0, extent - 1)])
    }

    /// `scatter_add` producing `shape` (rank 1 or more): indices of rank 0 to 2 into one of its axes.
    private static func scatterAdd(_ shape: [Int], _ source: DrawSource) throws -> CatalogCase? {
        guard !shape.isEmpty else { return nil }
        let axis = try source.int(in: 0 ... shape.count - 1)
        let indices = try Gen<[Int]>.drawShape(source, ShapeLimits(ranks: 0 ... 2, maxExtent: 4, maxCount: 8))
        let updates = Array(shape[..<axis]) + indices + Array(shape[(axis + 1)...])
        return CatalogCase(ScatterAdd(axis: try written(axis, rank: shape.count, source)), [shape, indices, updates],
                           domains: [.real, .integers(0, shape[axis] - 1), .real])
    }

    /// `take_along_axis` producing `shape` (rank 1 or more): the array and the indices
    /// broadcast on the other axes (either may have extent 1 there).
    private static func takeAlongAxis(_ shape: [Int], _ source: DrawSource) throws -> CatalogCase? {
        guard !shape.isEmpty else { return nil }
        let axis = try source.int(in: 0 ... shape.count - 1)
        let extent = try indexedExtent(source)
        var a = shape, indices = shape
        a[axis] = extent
        for d in shape.indices where d != axis && shape[d] > 1 {
            switch try source.int(in: 0 ... 3) {
            case 0: a[d] = 1
            case 1: indices[d] = 1
            default: break
            }
        }
        return CatalogCase(TakeAlongAxis(axis: try written(axis, rank: shape.count, source)), [a, indices],
                           domains: [.real, .integers(0, extent - 1)])
    }

    /// `pick` producing `shape`: an axis inserted (or, with keepdims, an axis of extent 1
    /// widened), indexed by an array of the other axes; for MXNet's `[1]`, a 1-D array.
    private static func pick(_ shape: [Int], _ source: DrawSource) throws -> CatalogCase? {
        let extent = try indexedExtent(source)
        let ones = shape.indices.filter { shape[$0] == 1 }
        if !ones.isEmpty, try source.drawBool(probability: 0.3) {
            let axis = try source.element(of: ones)
            var data = shape
            data[axis] = extent
            var index = shape
            if try source.drawBool() { index.remove(at: axis) }
            if index.isEmpty { index = [1] }
            return CatalogCase(Pick(axis: try written(axis, rank: data.count, source), keepDims: true), [data, index],
                               domains: [.real, .integers(0, extent - 1)])
        }
        if shape == [1], try source.drawBool(probability: 0.3) {
            return CatalogCase(Pick(axis: 0), [[extent], try source.element(of: [[], [1]])], domains: [.real, .integers(0, extent - 1)])
        }
        guard !shape.isEmpty else { return nil }
        let axis = try source.int(in: 0 ... shape.count)
        var data = shape
        data.insert(extent, at: axis)
        return CatalogCase(Pick(axis: try written(axis, rank: data.count, source)), [data, shape], domains: [.real, .integers(0, extent - 1)])
    }
}
