/// Scans along one axis: running sums, running products and the first-order linear
/// recurrence `z_i = a_i·z_{i-1} + b_i`, forwards or backwards, accumulated in `Double` for
/// both dtypes.
extension Kernels {
    /// What a scan accumulates.
    enum Scan {
        /// `z_i = z_{i-1} + b_i` from 0.
        case sum
        /// `z_i = z_{i-1}·b_i` from 1.
        case product
        /// `z_i = a_i·z_{i-1} + b_i` from 0.
        case recurrence
    }

    /// The scan of `b` (and `a` for ``Scan/recurrence``, of `b`'s shape) along `axis`, from the
    /// last element to the first when `reverse`; a new contiguous array of `b`'s shape.
    static func scan(_ kind: Scan, a: NDArray? = nil, _ b: NDArray, axis: Int, reverse: Bool) -> NDArray {
        let src = contiguousCopy(b)
        let multipliers = a.map(contiguousCopy)
        let n = b.rank == 0 ? 1 : b.shape[axis]
        let inner = b.shape.dropFirst(axis + 1).reduce(1, *)
        let outer = n == 0 ? 0 : b.count / (n * inner)
        let out = Storage(dtype: b.dtype, count: b.count)
        switch b.dtype {
        case .float32: scan(kind, multipliers, src, out.pointer(as: Float.self), outer: outer, n: n, inner: inner, reverse: reverse)
        case .float64: scan(kind, multipliers, src, out.pointer(as: Double.self), outer: outer, n: n, inner: inner, reverse: reverse)
        }
        return NDArray(storage: out, shape: b.shape)
    }

    /// The scan over `outer` blocks of `n` steps of `inner` independent lanes (the elements
    /// after the axis), lanes side by side so that every step reads contiguous memory.
    static func scan<T: NDScalar>(_ kind: Scan, _ a: NDArray?, _ b: NDArray, _ out: UnsafeMutablePointer<T>,
                                  outer: Int, n: Int, inner: Int, reverse: Bool) {
        let pb = b.storage.pointer(as: T.self) + b.offset
        let pa = a.map { $0.storage.pointer(as: T.self) + $0.offset }
        var acc = [Double](repeating: 0, count: inner)
        acc.withUnsafeMutableBufferPointer { acc in
            for o in 0 ..< outer {
                for j in 0 ..< inner { acc[j] = kind == .product ? 1 : 0 }
                for step in 0 ..< n {
                    let row = (o * n + (reverse ? n - 1 - step : step)) * inner
                    switch kind {
                    case .sum:
                        for j in 0 ..< inner { acc[j] += Double(pb[row + j]); out[row + j] = T(acc[j]) }
                    case .product:
                        for j in 0 ..< inner { acc[j] *= Double(pb[row + j]); out[row + j] = T(acc[j]) }
                    case .recurrence:
                        let pa = pa!
                        for j in 0 ..< inner { acc[j] = Double(pa[row + j]) * acc[j] + Double(pb[row + j]); out[row + j] = T(acc[j]) }
                    }
                }
            }
        }
    }
}
