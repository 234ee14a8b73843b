/// In-place accumulation for the backward sweep: `self[spec] += g` without a new buffer
/// when this array holds its storage alone (copy-on-write otherwise).
extension NDArray {
    mutating func addInPlace(_ g: NDArray, at spec: SliceSpec?) {
        precondition(dtype == g.dtype, "accumulate: dtypes \(dtype) and \(g.dtype) do not match")
        makeUniqueContiguous()
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
        let n = destination.count
        if destination.isContiguous && source.isContiguous {
            let d = dst + destination.offset, s = src + source.offset
            parallelChunks(count: n) { r in for i in r { d[i] += s[i] } }
            return
        }
        if destination.isContiguous && n > 0 && isUniform(source) {
            // A broadcast of one element (a reduction's cotangent).
            let d = dst + destination.offset, s = src[source.offset]
            parallelChunks(count: n) { r in for i in r { d[i] += s } }
            return
        }
        var sources: [Int] = []
        sources.reserveCapacity(source.count)
        source.forEachOffset { sources.append($0) }
        var i = 0
        destination.forEachOffset { dst[$0] += src[sources[i]]; i += 1 }
    }
}
