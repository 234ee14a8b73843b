import CVectorMath

/// The max-shifted kernels of logsumexp, softmax and log_softmax, row by row.
///
/// Goals, in order: no overflow or underflow for any finite input (every exponent is
/// `x - max ≤ 0`, so inputs of ±1000 are exact), `-∞` entries allowed (they contribute 0),
/// then speed: one pass for the maximum, one vectorized exponential (the same libmvec
/// function as the `exp` operator), sums in `Double` for both dtypes.
///
///     m = max x,  s = Σ exp(x - m)
///     logsumexp = m + log s,  softmax = exp(x - m)·(1/s),  log_softmax = (x - m) - log s
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
    /// With `scales` (one value per group, row-major over the other axes), softmax's values
    /// are multiplied by their group's scale: bit for bit `softmax(x) * scales` (logsumexp's
    /// cotangent, in the same pass).
    static func softmax(_ x: NDArray, axes: [Int], log: Bool, scales: NDArray? = nil) -> NDArray {
        let rows = axisRows(x, axes: axes)
        let factors = scales.map(contiguousCopy)
        precondition(factors.map { $0.count == rows.shape[0] && $0.dtype == x.dtype && !log } ?? true, "softmax: one scale per group")
        let out = Storage(dtype: x.dtype, count: x.count)
        switch x.dtype {
        case .float32:
            shiftedExpRows(rows, out.pointer(as: Float.self), log ? .logSoftmax : .softmax, scales: factors.map { $0.storage.pointer(as: Float.self) + $0.offset })
        case .float64:
            shiftedExpRows(rows, out.pointer(as: Double.self), log ? .logSoftmax : .softmax, scales: factors.map { $0.storage.pointer(as: Double.self) + $0.offset })
        }
        return fromAxisRows(NDArray(storage: out, shape: rows.shape), shape: x.shape, axes: axes)
    }

    /// The row kernel over contiguous `[groups, n]` rows; `out` holds one value per row
    /// (logsumexp) or one per element, softmax's times `scales[g]` when given. Rows are split
    /// across cores for large arrays.
    static func shiftedExpRows<T: NDScalar>(_ rows: NDArray, _ out: UnsafeMutablePointer<T>, _ kind: ShiftedExp,
                                            scales: UnsafeMutablePointer<T>? = nil) {
        let groups = rows.shape[0], n = rows.shape[1]
        let src = rows.storage.pointer(as: T.self) + rows.offset
        parallelChunks(count: groups, grain: 1, threshold: Swift.max(1, vectorThreshold / Swift.max(n, 1))) { range in
            // logsumexp needs a scratch row for the exponentials; the others write them into `out`.
            var scratch = [T](repeating: 0, count: kind == .logSumExp ? n : 0)
            scratch.withUnsafeMutableBufferPointer { scratch in
                for g in range {
                    let x = src + g * n
                    let e = kind == .logSumExp ? scratch.baseAddress! : out + g * n
                    let m = rowMaximum(x, n)
                    if kind == .logSumExp && !m.isFinite {
                        // All -∞ (or no elements) or a +∞: that is the result, unless a NaN is there.
                        var nan = false
                        for i in 0 ..< n where x[i].isNaN { nan = true }
                        out[g] = nan ? .nan : m
                        continue
                    }
                    // A NaN entry makes its exponential, the sum and so every result NaN.
                    for i in 0 ..< n { e[i] = x[i] - m }
                    vectorExp(e, n)
                    let s = rowSum(e, n)
                    switch kind {
                    case .logSumExp:
                        out[g] = T(Double(m) + Glibc_log(s))
                    case .softmax:
                        // Times 1/s (as PyTorch's CPU kernel): within an ulp of e/s, and cheaper.
                        let r = 1 / s
                        if let scales {
                            let c = scales[g]
                            for i in 0 ..< n { e[i] = T(Double(e[i]) * r) * c }
                        } else {
                            for i in 0 ..< n { e[i] = T(Double(e[i]) * r) }
                        }
                    case .logSoftmax:
                        let logS = Glibc_log(s), shift = Double(m)
                        for i in 0 ..< n { e[i] = T(Double(x[i]) - shift - logS) }
                    }
                }
            }
        }
    }

    /// The largest of `n` elements in four interleaved lanes (NaNs are passed over: the kernels
    /// above let them through their exponentials), `-∞` for no elements.
    @inline(__always) static func rowMaximum<T: NDScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
        var m0 = -T.infinity, m1 = m0, m2 = m0, m3 = m0
        var i = 0
        while i + 4 <= n {
            m0 = x[i] > m0 ? x[i] : m0
            m1 = x[i + 1] > m1 ? x[i + 1] : m1
            m2 = x[i + 2] > m2 ? x[i + 2] : m2
            m3 = x[i + 3] > m3 ? x[i + 3] : m3
            i += 4
        }
        while i < n { m0 = x[i] > m0 ? x[i] : m0; i += 1 }
        return Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
    }

    /// `Σ e[i]` in `Double`, in four interleaved lanes.
    @inline(__always) static func rowSum<T: NDScalar>(_ e: UnsafePointer<T>, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += Double(e[i]); s1 += Double(e[i + 1]); s2 += Double(e[i + 2]); s3 += Double(e[i + 3])
            i += 4
        }
        while i < n { s0 += Double(e[i]); i += 1 }
        return (s0 + s1) + (s2 + s3)
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
    /// element on, then rounded to `T`. The dot products of four rows run side by side (each
    /// still in its own order), so that four additions are in flight instead of one.
    static func softmaxProductRows<T: NDScalar>(_ rowsY: NDArray, _ rowsV: NDArray, _ out: UnsafeMutablePointer<T>) {
        let groups = rowsY.shape[0], n = rowsY.shape[1]
        let py = rowsY.storage.pointer(as: T.self) + rowsY.offset, pv = rowsV.storage.pointer(as: T.self) + rowsV.offset
        parallelChunks(count: groups, grain: 4, threshold: Swift.max(1, parallelThreshold / n)) { range in
            var g = range.lowerBound
            while g + 4 <= range.upperBound {
                let (y0, y1, y2, y3) = (py + g * n, py + (g + 1) * n, py + (g + 2) * n, py + (g + 3) * n)
                let (v0, v1, v2, v3) = (pv + g * n, pv + (g + 1) * n, pv + (g + 2) * n, pv + (g + 3) * n)
                let (o0, o1, o2, o3) = (out + g * n, out + (g + 1) * n, out + (g + 2) * n, out + (g + 3) * n)
                let (c0, c1, c2, c3) = (centre(y0, v0, n), centre(y1, v1, n), centre(y2, v2, n), centre(y3, v3, n))
                var d0 = 0.0, d1 = 0.0, d2 = 0.0, d3 = 0.0
                for i in 0 ..< n {
                    o0[i] = v0[i] - c0; d0 += Double(y0[i] * o0[i])
                    o1[i] = v1[i] - c1; d1 += Double(y1[i] * o1[i])
                    o2[i] = v2[i] - c2; d2 += Double(y2[i] * o2[i])
                    o3[i] = v3[i] - c3; d3 += Double(y3[i] * o3[i])
                }
                finish(y0, v0, o0, d0, n); finish(y1, v1, o1, d1, n); finish(y2, v2, o2, d2, n); finish(y3, v3, o3, d3, n)
                g += 4
            }
            while g < range.upperBound {
                let y = py + g * n, v = pv + g * n, o = out + g * n
                finish(y, v, o, differences(y, v, o, centre(y, v, n), n), n)
                g += 1
            }
        }
    }

    /// The rule's centre `Σ μ·v` of one row, rounded to `T`, `μ = [y = max y] / #[y = max y]`,
    /// when the maximum is unique: then it is that element's `v` (the rule's other terms are
    /// `±0·v`, which leave the sum as it is while `v` is finite; a row with a non-finite `v`
    /// has a non-finite dot product and is done again by ``exactRow(_:_:_:_:)``).
    @inline(__always) static func centre<T: NDScalar>(_ y: UnsafePointer<T>, _ v: UnsafePointer<T>, _ n: Int) -> T {
        let m = rowMaximum(y, n)
        var hits = 0, first = 0
        for i in 0 ..< n where y[i] == m {
            if hits == 0 { first = i }
            hits += 1
        }
        if hits == 1 { return v[first] == 0 ? 0 : v[first] }   // +0, as the rule's sum from +0
        return exactCentre(y, v, n, m)
    }

    /// The rule's centre term by term: `Σ μ·v` over every element, rounded to `T`.
    static func exactCentre<T: NDScalar>(_ y: UnsafePointer<T>, _ v: UnsafePointer<T>, _ n: Int, _ m: T) -> T {
        var hits = 0.0
        for i in 0 ..< n where y[i] == m { hits += 1 }
        let count = T(hits)
        var sum = 0.0
        for i in 0 ..< n { sum += Double((y[i] == m ? 1 : 0) / count * v[i]) }
        return T(sum)
    }

    /// `o = v - c` and the rule's `Σ y·o` in `Double`, in order.
    @inline(__always) static func differences<T: NDScalar>(_ y: UnsafePointer<T>, _ v: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>,
                                                            _ c: T, _ n: Int) -> Double {
        var dot = 0.0
        for i in 0 ..< n {
            o[i] = v[i] - c
            dot += Double(y[i] * o[i])
        }
        return dot
    }

    /// `o[i] = y[i]·(o[i] - s)`, the last step of a row; a row whose dot product is not finite
    /// (a non-finite `v` or `y`, or an overflow) is first done again term by term.
    @inline(__always) static func finish<T: NDScalar>(_ y: UnsafePointer<T>, _ v: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>,
                                                      _ dot: Double, _ n: Int) {
        let s = dot.isFinite ? T(dot) : exactRow(y, v, o, n)
        for i in 0 ..< n { o[i] = y[i] * (o[i] - s) }
    }

    /// `o = v - c` and `s` with the rule's centre computed term by term: the rows where
    /// something is not finite.
    static func exactRow<T: NDScalar>(_ y: UnsafePointer<T>, _ v: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var largest = initial(.maximum)
        for i in 0 ..< n { largest = combine(.maximum, largest, Double(y[i])) }
        return T(differences(y, v, o, exactCentre(y, v, n, T(largest)), n))
    }
}
