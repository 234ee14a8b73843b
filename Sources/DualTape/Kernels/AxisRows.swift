/// Arrays seen as rows along some axes: the layout of the kernels that work group by group
/// (logsumexp, softmax, scans), so that each kernel is one loop over contiguous rows.
extension Kernels {
    /// `x` as a contiguous `[groups, n]` array whose row `g` holds the elements of group `g`
    /// over `axes` (normalized, sorted), in row-major order of the remaining axes. A view when
    /// the axes are trailing and `x` is contiguous; otherwise a transposed copy.
    static func axisRows(_ x: NDArray, axes: [Int]) -> NDArray {
        let perm = (0 ..< x.rank).filter { !axes.contains($0) } + axes
        let n = axes.reduce(1) { $0 * x.shape[$1] }
        let groups = (0 ..< x.rank).filter { !axes.contains($0) }.reduce(1) { $0 * x.shape[$1] }
        var view = NDArray(storage: x.storage, shape: perm.map { x.shape[$0] }, strides: perm.map { x.strides[$0] }, offset: x.offset)
        if !view.isContiguous { view = copy(view) }
        return NDArray(storage: view.storage, shape: [groups, n], strides: [n, 1], offset: view.offset)
    }

    /// The inverse of ``axisRows(_:axes:)`` for a result of `x`'s shape: `rows` (contiguous
    /// `[groups, n]`) back in `shape`, contiguous.
    static func fromAxisRows(_ rows: NDArray, shape: [Int], axes: [Int]) -> NDArray {
        let perm = (0 ..< shape.count).filter { !axes.contains($0) } + axes
        let permutedShape = perm.map { shape[$0] }
        let permutedStrides = Shape.contiguousStrides(permutedShape)
        var strides = [Int](repeating: 0, count: shape.count)
        for (i, p) in perm.enumerated() { strides[p] = permutedStrides[i] }
        let view = NDArray(storage: rows.storage, shape: shape, strides: strides, offset: rows.offset)
        return view.isContiguous ? view : copy(view)
    }

    /// `x` (any layout) as a contiguous array with its first element at `pointer(as:) + offset`.
    static func contiguousCopy(_ x: NDArray) -> NDArray { x.isContiguous ? x : copy(x) }
}
