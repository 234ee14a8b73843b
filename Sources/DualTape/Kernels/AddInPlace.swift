/// In-place accumulation for the backward sweep: `self[spec] += g` without a new buffer
/// when this array holds its storage alone (copy-on-write otherwise).
extension NDArray {
    mutating func addInPlace(_ g: NDArray, at spec: SliceSpec?) {
        precondition(dtype == g.dtype, "accumulate: dtypes \(dtype) and \(g.dtype) do not match")
        makeUniqueContiguous()
        if let element = spec?.singleElement, rank == 1, g.count == 1 {
            // One element of a 1-D array (backward of x[i]): no view to build.
            switch dtype {
            case .float32: storage.pointer(as: Float.self)[element] += g.storage.pointer(as: Float.self)[g.offset]
            case .float64: storage.pointer(as: Double.self)[element] += g.storage.pointer(as: Double.self)[g.offset]
            }
            return
        }
        let block = spec.map { Kernels.blockView(self, $0) } ?? self
        precondition(block.count == g.count,
                     "accumulate: a cotangent of shape \(Shape.describe(g.shape)) does not fit a block of shape \(Shape.describe(block.shape))")
        switch dtype {
        case .float32: Kernels.addInto(block, g, Float.self)
        case .float64: Kernels.addInto(block, g, Double.self)
        }
    }
}

extension Kernels {
    /// `destination += source` elementwise, both read in row-major order (same element count).
    static func addInto<T: NDScalar>(_ destination: NDArray, _ source: NDArray, _: T.Type) {
        let dst = destination.storage.pointer(as: T.self), src = source.storage.pointer(as: T.self)
        if destination.isContiguous && source.isContiguous {
            let d = dst + destination.offset, s = src + source.offset
            for i in 0 ..< destination.count { d[i] += s[i] }
            return
        }
        var sources: [Int] = []
        sources.reserveCapacity(source.count)
        source.forEachOffset { sources.append($0) }
        var i = 0
        destination.forEachOffset { dst[$0] += src[sources[i]]; i += 1 }
    }
}
