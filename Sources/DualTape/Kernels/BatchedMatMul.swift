import CBLAS

/// Batched matrix products `[B, m, k] @ [B, k, n]` of strided views: one BLAS GEMM per batch
/// item, or a direct loop when the items are so small that a BLAS call would cost more.
extension Kernels {
    /// Items with at most this many multiply-adds (`m·n·k`) are multiplied by a direct loop
    /// when there are several: a BLAS call costs about as much as 100–200 multiply-adds.
    static let smallProduct = 128

    /// `a @ b` for each batch item of `a` `[B, m, k]` and `b` `[B, k, n]` (any strides), into a
    /// new contiguous `[B, m, n]`.
    static func batchedMatmul(_ a: NDArray, _ b: NDArray) -> NDArray {
        if a.shape[0] == 1 {
            let product = matmul2D(a.batchItem(0), b.batchItem(0))
            return NDArray(storage: product.storage, shape: [1, a.shape[1], b.shape[2]])
        }
        switch a.dtype {
        case .float32: return batchedMatmul(a, b, Float.self)
        case .float64: return batchedMatmul(a, b, Double.self)
        }
    }

    static func batchedMatmul<T: BLASScalar>(_ a: NDArray, _ b: NDArray, _: T.Type) -> NDArray {
        let batch = a.shape[0], m = a.shape[1], k = a.shape[2], n = b.shape[2]
        let out = Storage(dtype: T.dtype, count: batch * m * n)
        let pc = out.pointer(as: T.self)
        let result = NDArray(storage: out, shape: [batch, m, n])
        if batch * m * n == 0 { return result }
        if k == 0 {
            fill(pc, 0, count: batch * m * n)
            return result
        }
        if m * n * k <= smallProduct {
            let pa = a.storage.pointer(as: T.self), pb = b.storage.pointer(as: T.self)
            let (a0, a1, a2) = (a.strides[0], a.strides[1], a.strides[2]), (b0, b1, b2) = (b.strides[0], b.strides[1], b.strides[2])
            var index = 0
            for i in 0 ..< batch {
                for r in 0 ..< m {
                    for c in 0 ..< n {
                        var oa = a.offset + i * a0 + r * a1, ob = b.offset + i * b0 + c * b2
                        var sum: T = 0
                        for _ in 0 ..< k {
                            sum += pa[oa] * pb[ob]
                            oa += a2
                            ob += b1
                        }
                        pc[index] = sum
                        index += 1
                    }
                }
            }
            return result
        }
        let A = readableByBLAS(a) ? a : copy(a), B = readableByBLAS(b) ? b : copy(b)
        for i in 0 ..< batch {
            let opA = blasOperand(A.batchItem(i)), opB = blasOperand(B.batchItem(i))
            let pa = opA.array.storage.pointer(as: T.self) + opA.array.offset
            let pb = opB.array.storage.pointer(as: T.self) + opB.array.offset
            T.gemm(opA.transposed ? CblasTrans : CblasNoTrans, opB.transposed ? CblasTrans : CblasNoTrans,
                   Int32(m), Int32(n), Int32(k), pa, Int32(opA.leading), pb, Int32(opB.leading), pc + i * m * n, Int32(n))
        }
        return result
    }

    /// Whether every batch item of a 3-D array is a matrix BLAS reads in place (what
    /// ``blasOperand(_:)`` accepts without copying).
    static func readableByBLAS(_ x: NDArray) -> Bool {
        let rows = x.shape[1], cols = x.shape[2], s0 = x.strides[1], s1 = x.strides[2]
        return (s1 == 1 || cols == 1) && s0 >= max(cols, 1) || (s0 == 1 || rows == 1) && s1 >= max(rows, 1)
    }
}
