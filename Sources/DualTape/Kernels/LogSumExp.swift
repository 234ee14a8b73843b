import CVectorMath

/// The max-shifted kernels of logsumexp, softmax and log_softmax, row by row.
///
/// Goals, in order: no overflow or underflow for any finite input (every exponent is
/// `x - max ≤ 0`, so inputs of ±1000 are exact), `-∞` entries allowed (they contribute 0),
/// then speed: one pass for the maximum, one vectorized exponential (the same libmvec
/// function as the `exp` operator), sums in `Double` for both dtypes.
///
///     m = max x,  s = Σ exp(x - m)
///     logsumexp = m + log s,  softmax = exp(x - m) / s,  log_softmax = (x - m) - log s
///
/// A group whose maximum is infinite (all `-∞`, or a `+∞`) has logsumexp equal to that
/// maximum; softmax and log_softmax are NaN there (`∞ - ∞`), as in PyTorch and NumPy.
extension Kernels {
    /// What a row kernel computes.
    enum ShiftedExp {
        case logSumExp, softmax, logSoftmax
    }

    /// logsumexp over `axes` (normalized, sorted); the reduced axes are kept with extent 1.
    static func logSumExp(_ x: NDArray, axes: [Int]) -> NDArray {
        var kept = x.shape
        for a in axes { kept[a] = 1 }
        let rows = axisRows(x, axes: axes)
        let out = Storage(dtype: x.dtype, count: rows.shape[0])
        switch x.dtype {
        case .float32: shiftedExpRows(rows, out.pointer(as: Float.self), .logSumExp)
        case .float64: shiftedExpRows(rows, out.pointer(as: Double.self), .logSumExp)
        }
        return NDArray(storage: out, shape: kept)
    }

    /// softmax (or log_softmax) over the groups of `axes` (normalized, sorted), in `x`'s shape.
    static func softmax(_ x: NDArray, axes: [Int], log: Bool) -> NDArray {
        let rows = axisRows(x, axes: axes)
        let out = Storage(dtype: x.dtype, count: x.count)
        switch x.dtype {
        case .float32: shiftedExpRows(rows, out.pointer(as: Float.self), log ? .logSoftmax : .softmax)
        case .float64: shiftedExpRows(rows, out.pointer(as: Double.self), log ? .logSoftmax : .softmax)
        }
        return fromAxisRows(NDArray(storage: out, shape: rows.shape), shape: x.shape, axes: axes)
    }

    /// The row kernel over contiguous `[groups, n]` rows; `out` holds one value per row
    /// (logsumexp) or one per element. Rows are split across cores for large arrays.
    static func shiftedExpRows<T: NDScalar>(_ rows: NDArray, _ out: UnsafeMutablePointer<T>, _ kind: ShiftedExp) {
        let groups = rows.shape[0], n = rows.shape[1]
        let src = rows.storage.pointer(as: T.self) + rows.offset
        parallelChunks(count: groups, grain: 1, threshold: Swift.max(1, vectorThreshold / Swift.max(n, 1))) { range in
            // logsumexp needs a scratch row for the exponentials; the others write them into `out`.
            var scratch = [T](repeating: 0, count: kind == .logSumExp ? n : 0)
            scratch.withUnsafeMutableBufferPointer { scratch in
                for g in range {
                    let x = src + g * n
                    let e = kind == .logSumExp ? scratch.baseAddress! : out + g * n
                    var m = -T.infinity
                    for i in 0 ..< n {
                        if x[i] > m { m = x[i] } else if x[i].isNaN { m = x[i]; break }
                    }
                    if kind == .logSumExp && !m.isFinite {
                        // All -∞ (or no elements), a +∞, or a NaN: that is the result.
                        out[g] = m
                        continue
                    }
                    for i in 0 ..< n { e[i] = x[i] - m }
                    vectorExp(e, n)
                    var s = 0.0
                    for i in 0 ..< n { s += Double(e[i]) }
                    switch kind {
                    case .logSumExp:
                        out[g] = T(Double(m) + Glibc_log(s))
                    case .softmax:
                        for i in 0 ..< n { e[i] = T(Double(e[i]) / s) }
                    case .logSoftmax:
                        let logS = Glibc_log(s), shift = Double(m)
                        for i in 0 ..< n { e[i] = T(Double(x[i]) - shift - logS) }
                    }
                }
            }
        }
    }

    /// `e[i] = exp(e[i])` for `i < n`, with the vectorized kernel of the `exp` operator.
    @inline(__always) static func vectorExp<T: NDScalar>(_ e: UnsafeMutablePointer<T>, _ n: Int) {
        if T.self == Double.self {
            let p = UnsafeMutableRawPointer(e).assumingMemoryBound(to: Double.self)
            dt_vector_f64(DTVectorExp, p, p, n)
        } else {
            let p = UnsafeMutableRawPointer(e).assumingMemoryBound(to: Float.self)
            dt_vector_f32(DTVectorExp, p, p, n)
        }
    }
}

extension Kernels {
    /// Softmax's Jacobian product `y·(d - Σ y·d)`, `d = v - v_max`, in one pass per group:
    /// the same operations as the rule written with NDArray operations (``Softmax``), in the
    /// same order and precision, so the result is bit for bit the rule's. `nil` when the rule
    /// must run as NDArray operations: something records, the operands differ in shape or
    /// dtype, or the groups span the whole array (whose sums add in interleaved lanes).
    static func softmaxProduct(_ y: NDArray, _ v: NDArray, axes: [Int]) -> NDArray? {
        guard y.shape == v.shape, y.dtype == v.dtype, axes.count < y.rank, y.count > 0, noActiveAD(y, v, y) else { return nil }
        let rowsY = axisRows(y, axes: axes), rowsV = axisRows(v, axes: axes)
        let out = Storage(dtype: y.dtype, count: y.count)
        switch y.dtype {
        case .float32: softmaxProductRows(rowsY, rowsV, out.pointer(as: Float.self))
        case .float64: softmaxProductRows(rowsY, rowsV, out.pointer(as: Double.self))
        }
        return fromAxisRows(NDArray(storage: out, shape: rowsY.shape), shape: y.shape, axes: axes)
    }

    /// The rows of ``softmaxProduct(_:_:axes:)``. Each step rounds where the NDArray rule
    /// rounds: products and differences in `T`, sums accumulated in `Double` from the first
    /// element on, then rounded to `T`.
    static func softmaxProductRows<T: NDScalar>(_ rowsY: NDArray, _ rowsV: NDArray, _ out: UnsafeMutablePointer<T>) {
        let groups = rowsY.shape[0], n = rowsY.shape[1]
        let py = rowsY.storage.pointer(as: T.self) + rowsY.offset, pv = rowsV.storage.pointer(as: T.self) + rowsV.offset
        parallelChunks(count: groups, grain: 1, threshold: Swift.max(1, parallelThreshold / n)) { range in
            for g in range {
                let y = py + g * n, v = pv + g * n, o = out + g * n
                var largest = initial(.maximum)
                for i in 0 ..< n { largest = combine(.maximum, largest, Double(y[i])) }
                let m = T(largest)
                var hits = 0.0
                for i in 0 ..< n where y[i] == m { hits += 1 }
                let count = T(hits)
                var centre = 0.0
                for i in 0 ..< n { centre += Double((y[i] == m ? 1 : 0) / count * v[i]) }
                let c = T(centre)
                var dot = 0.0
                for i in 0 ..< n {
                    o[i] = v[i] - c
                    dot += Double(y[i] * o[i])
                }
                let s = T(dot)
                for i in 0 ..< n { o[i] = y[i] * (o[i] - s) }
            }
        }
    }
}
