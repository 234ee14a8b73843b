import CBLAS

/// Matrix products through CBLAS (OpenBLAS): `gemm` for matrices, `gemv` when one side is a
/// vector. Transposed views are passed to BLAS as transpose flags, never copied.
extension Kernels {
    /// A 2-D operand as BLAS sees it: a pointer, a transpose flag and a leading dimension.
    @usableFromInline struct BLASOperand {
        var array: NDArray
        var transposed: Bool
        var leading: Int
    }

    /// `x` (2-D) as a BLAS operand, copied only when its layout is not one BLAS can read.
    @usableFromInline static func blasOperand(_ x: NDArray) -> BLASOperand {
        let rows = x.shape[0], cols = x.shape[1]
        let s0 = x.strides[0], s1 = x.strides[1]
        if (s1 == 1 || cols == 1) && s0 >= max(cols, 1) { return BLASOperand(array: x, transposed: false, leading: max(s0, 1)) }
        if (s0 == 1 || rows == 1) && s1 >= max(rows, 1) { return BLASOperand(array: x, transposed: true, leading: max(s1, 1)) }
        let c = copy(x)
        return BLASOperand(array: c, transposed: false, leading: max(cols, 1))
    }

    /// `a @ b` for 2-D `a` [m, k] and `b` [k, n]; the caller has checked the shapes.
    @usableFromInline static func matmul2D(_ a: NDArray, _ b: NDArray) -> NDArray {
        let m = a.shape[0], n = b.shape[1]
        return matmul2D(a, b, into: Storage(dtype: a.dtype, count: m * n), shape: [m, n])
    }

    /// `a @ b` for 2-D `a` [m, k] and `b` [k, n] written into `out` (at least `m·n` elements,
    /// not shared with `a` or `b`), as an array of `shape` (`[m, n]`, or the product's traced
    /// shape); the caller has checked the shapes.
    static func matmul2D(_ a: NDArray, _ b: NDArray, into out: Storage, shape: [Int]) -> NDArray {
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0] && a.dtype == b.dtype,
                     "matmul: shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align")
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        if m * n > 0 {
            if k == 0 {
                switch a.dtype {
                case .float32: out.pointer(as: Float.self).initialize(repeating: 0, count: m * n)
                case .float64: out.pointer(as: Double.self).initialize(repeating: 0, count: m * n)
                }
            } else {
                gemm(blasOperand(a), blasOperand(b), m: m, n: n, k: k, into: out, dtype: a.dtype)
            }
        }
        return NDArray(storage: out, shape: shape)
    }

    @usableFromInline static func gemm(_ A: BLASOperand, _ B: BLASOperand, m: Int, n: Int, k: Int, into out: Storage, dtype: DType) {
        switch dtype {
        case .float64: gemm(A, B, m: m, n: n, k: k, into: out, Double.self)
        case .float32: gemm(A, B, m: m, n: n, k: k, into: out, Float.self)
        }
    }

    /// One product through `gemv` when a side is a vector, `gemm` otherwise.
    static func gemm<T: BLASScalar>(_ A: BLASOperand, _ B: BLASOperand, m: Int, n: Int, k: Int, into out: Storage, _: T.Type) {
        let ta = A.transposed ? CblasTrans : CblasNoTrans
        let tb = B.transposed ? CblasTrans : CblasNoTrans
        let M = Int32(m), N = Int32(n), K = Int32(k), lda = Int32(A.leading), ldb = Int32(B.leading)
        let pa = A.array.storage.pointer(as: T.self) + A.array.offset
        let pb = B.array.storage.pointer(as: T.self) + B.array.offset
        let pc = out.pointer(as: T.self)
        if n == 1 {
            // y = op(A) x, x read along B's first axis.
            T.gemv(ta, A.transposed ? K : M, A.transposed ? M : K, pa, lda, pb, Int32(B.array.strides[0]), pc)
        } else if m == 1 {
            // yᵀ = xᵀ op(B)  ⇔  y = op(B)ᵀ x, x read along A's second axis.
            let tbT = B.transposed ? CblasNoTrans : CblasTrans
            T.gemv(tbT, B.transposed ? N : K, B.transposed ? K : N, pb, ldb, pa, Int32(A.array.strides[1]), pc)
        } else {
            T.gemm(ta, tb, M, N, K, pa, lda, pb, ldb, pc, N)
        }
    }
}

/// The element types CBLAS multiplies: `gemv` and `gemm` (row-major, α = 1, β = 0) by type.
protocol BLASScalar: NDScalar {
    static func gemv(_ trans: CBLAS_TRANSPOSE, _ rows: Int32, _ cols: Int32, _ a: UnsafePointer<Self>, _ lda: Int32,
                     _ x: UnsafePointer<Self>, _ incx: Int32, _ y: UnsafeMutablePointer<Self>)
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Self>,
                     _ lda: Int32, _ b: UnsafePointer<Self>, _ ldb: Int32, _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
}

extension Double: BLASScalar {
    static func gemv(_ trans: CBLAS_TRANSPOSE, _ rows: Int32, _ cols: Int32, _ a: UnsafePointer<Double>, _ lda: Int32,
                     _ x: UnsafePointer<Double>, _ incx: Int32, _ y: UnsafeMutablePointer<Double>) {
        OpenBLAS.dgemv(CblasRowMajor, trans, rows, cols, 1, a, lda, x, incx, 0, y, 1)
    }
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Double>,
                     _ lda: Int32, _ b: UnsafePointer<Double>, _ ldb: Int32, _ c: UnsafeMutablePointer<Double>, _ ldc: Int32) {
        OpenBLAS.dgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
}

extension Float: BLASScalar {
    static func gemv(_ trans: CBLAS_TRANSPOSE, _ rows: Int32, _ cols: Int32, _ a: UnsafePointer<Float>, _ lda: Int32,
                     _ x: UnsafePointer<Float>, _ incx: Int32, _ y: UnsafeMutablePointer<Float>) {
        OpenBLAS.sgemv(CblasRowMajor, trans, rows, cols, 1, a, lda, x, incx, 0, y, 1)
    }
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Float>,
                     _ lda: Int32, _ b: UnsafePointer<Float>, _ ldb: Int32, _ c: UnsafeMutablePointer<Float>, _ ldc: Int32) {
        OpenBLAS.sgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
}
