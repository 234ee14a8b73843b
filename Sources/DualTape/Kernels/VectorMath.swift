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
