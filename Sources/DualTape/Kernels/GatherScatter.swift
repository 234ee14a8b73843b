/// Gather and scatter-add along one axis: the loops behind `take`, `take_along_axis`,
/// `pick` and `scatter_add`, on positions already checked against the axis.
///
/// An array is seen as `[outer, n, inner]` around the axis (`outer` the product of the
/// extents before it, `inner` of those after), so every kernel moves blocks of `inner`
/// contiguous elements. Scatter-adds run in index order, so repeated positions accumulate
/// in the same order every time.
extension Kernels {
    /// The extents before and after `axis` of `shape`, multiplied out: `(outer, inner)`.
    static func around(_ shape: [Int], axis: Int) -> (outer: Int, inner: Int) {
        (Shape.count(Array(shape[..<axis])), Shape.count(Array(shape[(axis + 1)...])))
    }

    /// `out[o, j, i] = x[o, positions[j], i]` with `x` seen as `[outer, n, inner]`: a new
    /// contiguous array of `outer · positions.count · inner` elements, shaped `shape`.
    static func gather(_ x: NDArray, outer: Int, inner: Int, positions: [Int], shape: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return gather(x, outer: outer, inner: inner, positions: positions, shape: shape, Float.self)
        case .float64: return gather(x, outer: outer, inner: inner, positions: positions, shape: shape, Double.self)
        }
    }

    private static func gather<T: NDScalar>(_ x: NDArray, outer: Int, inner: Int, positions: [Int], shape: [Int], _: T.Type) -> NDArray {
        let source = x.isContiguous ? x : copy(x)
        let n = outer == 0 || inner == 0 ? 0 : source.count / (outer * inner), m = positions.count
        let out = Storage(dtype: T.dtype, count: outer * m * inner)
        let src = source.storage.pointer(as: T.self) + source.offset, dst = out.pointer(as: T.self)
        for o in 0 ..< outer {
            for (j, p) in positions.enumerated() {
                (dst + (o * m + j) * inner).update(from: src + (o * n + p) * inner, count: inner)
            }
        }
        return NDArray(storage: out, shape: shape)
    }

    /// `total[o, positions[j], i] += u[o, j, i]` with `total` seen as `[outer, n, inner]` and
    /// `u` as `[outer, positions.count, inner]`; `total` is copied first unless it holds its
    /// storage alone, contiguously.
    static func scatterAdd(_ u: NDArray, into total: inout NDArray, outer: Int, inner: Int, positions: [Int]) {
        precondition(u.dtype == total.dtype, "scatter_add: dtypes \(u.dtype) and \(total.dtype) do not match")
        total.makeUniqueContiguous()
        switch u.dtype {
        case .float32: scatterAdd(u, into: total, outer: outer, inner: inner, positions: positions, Float.self)
        case .float64: scatterAdd(u, into: total, outer: outer, inner: inner, positions: positions, Double.self)
        }
    }

    private static func scatterAdd<T: NDScalar>(_ u: NDArray, into total: NDArray, outer: Int, inner: Int, positions: [Int], _: T.Type) {
        let source = u.isContiguous ? u : copy(u)
        let n = outer == 0 || inner == 0 ? 0 : total.count / (outer * inner), m = positions.count
        let src = source.storage.pointer(as: T.self) + source.offset, dst = total.storage.pointer(as: T.self)
        for o in 0 ..< outer {
            for (j, p) in positions.enumerated() {
                let s = src + (o * m + j) * inner, d = dst + (o * n + p) * inner
                for i in 0 ..< inner { d[i] += s[i] }
            }
        }
    }

    /// `total[o, j, i] += g[o, positions[j], i]` with `g` seen as `[outer, n, inner]` and
    /// `total` as `[outer, positions.count, inner]` (a gather added in place); `total` is
    /// copied first unless it holds its storage alone, contiguously.
    static func gatherAdd(_ g: NDArray, into total: inout NDArray, outer: Int, inner: Int, positions: [Int]) {
        precondition(g.dtype == total.dtype, "scatter_add: dtypes \(g.dtype) and \(total.dtype) do not match")
        total.makeUniqueContiguous()
        switch g.dtype {
        case .float32: gatherAdd(g, into: total, outer: outer, inner: inner, positions: positions, Float.self)
        case .float64: gatherAdd(g, into: total, outer: outer, inner: inner, positions: positions, Double.self)
        }
    }

    private static func gatherAdd<T: NDScalar>(_ g: NDArray, into total: NDArray, outer: Int, inner: Int, positions: [Int], _: T.Type) {
        let source = g.isContiguous ? g : copy(g)
        let n = outer == 0 || inner == 0 ? 0 : source.count / (outer * inner), m = positions.count
        let src = source.storage.pointer(as: T.self) + source.offset, dst = total.storage.pointer(as: T.self)
        for o in 0 ..< outer {
            for (j, p) in positions.enumerated() {
                let s = src + (o * n + p) * inner, d = dst + (o * m + j) * inner
                for i in 0 ..< inner { d[i] += s[i] }
            }
        }
    }
}
