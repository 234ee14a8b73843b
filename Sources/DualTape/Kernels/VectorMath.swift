import CVectorMath

/// Elementwise operators whose primal has a vectorized kernel (libmvec on x86-64 Linux).
protocol VectorizedUnary {
    var vectorFunction: DTVectorFunction { get }
}

extension Exp: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorExp } }
extension Log: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorLog } }
extension Sin: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorSin } }
extension Cos: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorCos } }
extension Tan: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorTan } }
extension Tanh: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorTanh } }
extension Sigmoid: VectorizedUnary { var vectorFunction: DTVectorFunction { DTVectorSigmoid } }

extension Kernels {
    /// `f` over `x` with the vectorized kernel, into a new contiguous array.
    ///
    /// Large arrays are split across cores in chunks that start at multiples of 16 elements,
    /// so every chunk's vectors are the ones a single pass would form (only the array's last
    /// partial vector is padded): the result does not depend on the split.
    static func vectorMap(_ x: NDArray, _ f: DTVectorFunction) -> NDArray {
        let source = x.isContiguous ? x : copy(x)
        let n = source.count
        let out = Storage(dtype: x.dtype, count: n)
        switch x.dtype {
        case .float64:
            let s = source.storage.pointer(as: Double.self) + source.offset, d = out.pointer(as: Double.self)
            parallelChunks(count: n, threshold: vectorThreshold) { r in dt_vector_f64(f, s + r.lowerBound, d + r.lowerBound, r.count) }
        case .float32:
            let s = source.storage.pointer(as: Float.self) + source.offset, d = out.pointer(as: Float.self)
            parallelChunks(count: n, threshold: vectorThreshold) { r in dt_vector_f32(f, s + r.lowerBound, d + r.lowerBound, r.count) }
        }
        return NDArray(storage: out, shape: x.shape)
    }
}

/// An elementwise operator whose `v · f'(x)`, when nothing records, runs as one pass with a
/// vectorized kernel: the NDArray evaluation of its `derivative(x:y:)` fused, with the same
/// vectorized function and the same products in the same order, so equal to it bit for bit
/// (`FastPathTests.vectorizedDerivativeIsTheRule`). Used for derivatives that need an
/// exponential of their own, which the scalar loop of ``UnaryElementwiseOperator`` would call
/// element by element (ten times slower than libmvec).
protocol VectorizedDerivative {
    /// `v · f'(x)` for `x`, `y` contiguous and `v` contiguous or uniform, all of one shape and dtype.
    func vectorizedScaledDerivative(_ v: NDArray, x: NDArray, y: NDArray) -> NDArray
}

extension Sigmoid: VectorizedDerivative {
    /// `v · (y · σ(-x))`: ``Sigmoid/derivative(x:y:)`` times `v`.
    func vectorizedScaledDerivative(_ v: NDArray, x: NDArray, y: NDArray) -> NDArray {
        Kernels.scaledByFunctionOfNegative(v, x, y, DTVectorSigmoid)
    }
}

extension Kernels {
    /// `v · (y · f(-x))` elementwise, with `f` the vectorized kernel applied to a block of `-x`
    /// at a time (its value does not depend on an element's position, so this is `f` of the
    /// whole negated array); `x`, `y` contiguous, `v` contiguous or uniform.
    static func scaledByFunctionOfNegative(_ v: NDArray, _ x: NDArray, _ y: NDArray, _ f: DTVectorFunction) -> NDArray {
        switch x.dtype {
        case .float64: return scaledByFunctionOfNegative(v, x, y, Double.self) { dt_vector_f64(f, $0, $1, $2) }
        case .float32: return scaledByFunctionOfNegative(v, x, y, Float.self) { dt_vector_f32(f, $0, $1, $2) }
        }
    }

    private static func scaledByFunctionOfNegative<T: NDScalar>(
        _ v: NDArray, _ x: NDArray, _ y: NDArray, _: T.Type, _ apply: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    ) -> NDArray {
        let n = x.count
        let out = Storage(dtype: T.dtype, count: n)
        let d = out.pointer(as: T.self)
        let px = x.storage.pointer(as: T.self) + x.offset, py = y.storage.pointer(as: T.self) + y.offset
        let pv = v.storage.pointer(as: T.self) + v.offset, uniform = !v.isContiguous
        let block = 512
        parallelChunks(count: n, threshold: vectorThreshold) { r in
            withUnsafeTemporaryAllocation(of: T.self, capacity: block) { buffer in
                let s = buffer.baseAddress!
                var start = r.lowerBound
                while start < r.upperBound {
                    let count = Swift.min(block, r.upperBound - start)
                    let x = px + start, y = py + start, out = d + start
                    for i in 0 ..< count { s[i] = -x[i] }
                    apply(s, s, count)
                    if uniform {
                        let v0 = pv[0]
                        for i in 0 ..< count { out[i] = v0 * (y[i] * s[i]) }
                    } else {
                        let v = pv + start
                        for i in 0 ..< count { out[i] = v[i] * (y[i] * s[i]) }
                    }
                    start += count
                }
            }
        }
        return NDArray(storage: out, shape: x.shape)
    }
}
