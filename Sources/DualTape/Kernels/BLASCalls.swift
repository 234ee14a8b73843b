import CBLAS
import Synchronization

/// The OpenBLAS routines DualTape calls, through the library loaded at first use
/// (``OpenBLASLibrary``): the CBLAS products with the argument lists of `cblas_dgemm` and
/// friends, each run on one thread when it is small, and the LAPACK routines.
///
/// OpenBLAS's thread count is process-wide (0.3.21 has no per-call setting). A second thread
/// pays for itself only on large products (BENCHMARKS.md, "OpenBLAS kernels and threads"), so
/// before each product the count is set to 1 below ``OpenBLASLibrary/singleThreadedWork``
/// multiply-adds and to the full count from there. The call to `openblas_set_num_threads`
/// happens only when the size class changes, under a lock, so the count OpenBLAS holds is
/// always the one last asked for; a product already running keeps the threads it started
/// with.
package enum OpenBLAS {
    /// `cblas_dgemm`: C = α op(A) op(B) + β C.
    package static func dgemm(
        _ order: CBLAS_ORDER, _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
        _ alpha: Double, _ a: UnsafePointer<Double>?, _ lda: Int32, _ b: UnsafePointer<Double>?, _ ldb: Int32,
        _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int32
    ) {
        let library = OpenBLASLibrary.shared.threaded(forWork: Int(m) * Int(n) * Int(k))
        library.dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// `cblas_sgemm`: C = α op(A) op(B) + β C.
    static func sgemm(
        _ order: CBLAS_ORDER, _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
        _ alpha: Float, _ a: UnsafePointer<Float>?, _ lda: Int32, _ b: UnsafePointer<Float>?, _ ldb: Int32,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int32
    ) {
        let library = OpenBLASLibrary.shared.threaded(forWork: Int(m) * Int(n) * Int(k))
        library.sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// `cblas_dgemv`: y = α op(A) x + β y.
    static func dgemv(
        _ order: CBLAS_ORDER, _ trans: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ alpha: Double,
        _ a: UnsafePointer<Double>?, _ lda: Int32, _ x: UnsafePointer<Double>?, _ incx: Int32,
        _ beta: Double, _ y: UnsafeMutablePointer<Double>?, _ incy: Int32
    ) {
        let library = OpenBLASLibrary.shared.threaded(forWork: Int(m) * Int(n))
        library.dgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    /// `cblas_sgemv`: y = α op(A) x + β y.
    static func sgemv(
        _ order: CBLAS_ORDER, _ trans: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ alpha: Float,
        _ a: UnsafePointer<Float>?, _ lda: Int32, _ x: UnsafePointer<Float>?, _ incx: Int32,
        _ beta: Float, _ y: UnsafeMutablePointer<Float>?, _ incy: Int32
    ) {
        let library = OpenBLASLibrary.shared.threaded(forWork: Int(m) * Int(n))
        library.sgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    /// The LAPACK routines (`lapack.dgetrf(&m, &n, a, &lda, ipiv, &info)`), at OpenBLAS's full
    /// thread count: its LAPACK keeps small problems on one thread by itself.
    static var lapack: OpenBLASLibrary { OpenBLASLibrary.shared.threaded(forWork: .max) }

    /// `dgesv_`: solves A X = B by LU with partial pivoting (column-major; for adbench's reference).
    package static func dgesv(
        _ n: UnsafePointer<Int32>?, _ nrhs: UnsafePointer<Int32>?, _ a: UnsafeMutablePointer<Double>?, _ lda: UnsafePointer<Int32>?,
        _ ipiv: UnsafeMutablePointer<Int32>?, _ b: UnsafeMutablePointer<Double>?, _ ldb: UnsafePointer<Int32>?,
        _ info: UnsafeMutablePointer<Int32>?
    ) {
        lapack.dgesv(n, nrhs, a, lda, ipiv, b, ldb, info)
    }
}

extension OpenBLASLibrary {
    /// Products with fewer multiply-adds than this, 2²² (about 161³), run on one thread.
    ///
    /// Measured on the project's 2-core VM with OpenBLAS 0.3.21's SkylakeX kernels
    /// (BENCHMARKS.md, "OpenBLAS kernels and threads"): OpenBLAS itself keeps GEMMs up to
    /// about 100³ on one thread, but gives two threads to a 100×100 gemv (4 times slower than
    /// one) and to GEMMs from 112³, where the second thread costs 1.1–1.7× until 160³ (Float64)
    /// or 192³ (Float32) even at moments the other core is free; gemv never gains up to
    /// 2048×2048 (it is memory-bound). Switching the count costs about 7 ns.
    static let singleThreadedWork = 1 << 22

    /// The thread count last given to OpenBLAS (0 before the first call), under a lock so that
    /// it stays equal to OpenBLAS's own.
    private static let threadSetting = Mutex(0)

    /// This library, with OpenBLAS's thread count set for a call of `work` multiply-adds.
    @inline(__always) func threaded(forWork work: Int) -> OpenBLASLibrary {
        if threads > 1 {
            let wanted = work < Self.singleThreadedWork ? 1 : threads
            Self.threadSetting.withLock { current in
                if current != wanted {
                    setThreads(Int32(wanted))
                    current = wanted
                }
            }
        }
        return self
    }
}
