import CBLAS

/// The element types LAPACK factorizes: its routines by type (`d…` for `Double`, `s…` for
/// `Float`), with workspace queries done here so callers pass matrices only.
///
/// Every routine works on column-major matrices. An NDArray matrix is row-major, so its
/// buffer *is* the column-major transpose: the kernels use that (LU of Aᵀ, the upper
/// triangle for the lower one) and transpose only where a routine needs the matrix itself.
protocol LAPACKScalar: NDScalar {
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32
    static func getrs(_ trans: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Self>, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>, _ b: UnsafeMutablePointer<Self>, _ ldb: Int32) -> Int32
    static func potrf(_ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32) -> Int32
    static func trtrs(_ uplo: UInt8, _ trans: UInt8, _ diag: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Self>, _ lda: Int32,
                      _ b: UnsafeMutablePointer<Self>, _ ldb: Int32) -> Int32
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ tau: UnsafeMutablePointer<Self>,
                      _ work: UnsafeMutablePointer<Self>, _ lwork: Int32) -> Int32
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ tau: UnsafePointer<Self>,
                      _ work: UnsafeMutablePointer<Self>, _ lwork: Int32) -> Int32
    static func syevd(_ jobz: UInt8, _ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ w: UnsafeMutablePointer<Self>,
                      _ work: UnsafeMutablePointer<Self>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>, _ liwork: Int32) -> Int32
    static func gesdd(_ jobz: UInt8, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ s: UnsafeMutablePointer<Self>,
                      _ u: UnsafeMutablePointer<Self>, _ ldu: Int32, _ vt: UnsafeMutablePointer<Self>, _ ldvt: Int32,
                      _ work: UnsafeMutablePointer<Self>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>) -> Int32
}

/// Calls `body` with a pointer to each of the given one-character Fortran arguments.
@inline(__always)
private func withCharacters<R>(_ a: UInt8, _ b: UInt8 = 0, _ c: UInt8 = 0, _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>) -> R) -> R {
    var x = CChar(bitPattern: a), y = CChar(bitPattern: b), z = CChar(bitPattern: c)
    return body(&x, &y, &z)
}

extension Double: LAPACKScalar {
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        var (m, n, lda, info) = (m, n, lda, Int32(0))
        OpenBLAS.lapack.dgetrf(&m, &n, a, &lda, ipiv, &info)
        return info
    }
    static func getrs(_ trans: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Double>, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>, _ b: UnsafeMutablePointer<Double>, _ ldb: Int32) -> Int32 {
        var (n, nrhs, lda, ldb, info) = (n, nrhs, lda, ldb, Int32(0))
        withCharacters(trans) { t, _, _ in OpenBLAS.lapack.dgetrs(t, &n, &nrhs, a, &lda, ipiv, b, &ldb, &info, 1) }
        return info
    }
    static func potrf(_ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32) -> Int32 {
        var (n, lda, info) = (n, lda, Int32(0))
        withCharacters(uplo) { u, _, _ in OpenBLAS.lapack.dpotrf(u, &n, a, &lda, &info, 1) }
        return info
    }
    static func trtrs(_ uplo: UInt8, _ trans: UInt8, _ diag: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Double>, _ lda: Int32,
                      _ b: UnsafeMutablePointer<Double>, _ ldb: Int32) -> Int32 {
        var (n, nrhs, lda, ldb, info) = (n, nrhs, lda, ldb, Int32(0))
        withCharacters(uplo, trans, diag) { u, t, d in OpenBLAS.lapack.dtrtrs(u, t, d, &n, &nrhs, a, &lda, b, &ldb, &info, 1, 1, 1) }
        return info
    }
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ tau: UnsafeMutablePointer<Double>,
                      _ work: UnsafeMutablePointer<Double>, _ lwork: Int32) -> Int32 {
        var (m, n, lda, lwork, info) = (m, n, lda, lwork, Int32(0))
        OpenBLAS.lapack.dgeqrf(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ tau: UnsafePointer<Double>,
                      _ work: UnsafeMutablePointer<Double>, _ lwork: Int32) -> Int32 {
        var (m, n, k, lda, lwork, info) = (m, n, k, lda, lwork, Int32(0))
        OpenBLAS.lapack.dorgqr(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
    static func syevd(_ jobz: UInt8, _ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ w: UnsafeMutablePointer<Double>,
                      _ work: UnsafeMutablePointer<Double>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>, _ liwork: Int32) -> Int32 {
        var (n, lda, lwork, liwork, info) = (n, lda, lwork, liwork, Int32(0))
        withCharacters(jobz, uplo) { j, u, _ in OpenBLAS.lapack.dsyevd(j, u, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1) }
        return info
    }
    static func gesdd(_ jobz: UInt8, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ s: UnsafeMutablePointer<Double>,
                      _ u: UnsafeMutablePointer<Double>, _ ldu: Int32, _ vt: UnsafeMutablePointer<Double>, _ ldvt: Int32,
                      _ work: UnsafeMutablePointer<Double>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>) -> Int32 {
        var (m, n, lda, ldu, ldvt, lwork, info) = (m, n, lda, ldu, ldvt, lwork, Int32(0))
        withCharacters(jobz) { j, _, _ in OpenBLAS.lapack.dgesdd(j, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1) }
        return info
    }
}

extension Float: LAPACKScalar {
    static func getrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        var (m, n, lda, info) = (m, n, lda, Int32(0))
        OpenBLAS.lapack.sgetrf(&m, &n, a, &lda, ipiv, &info)
        return info
    }
    static func getrs(_ trans: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Float>, _ lda: Int32,
                      _ ipiv: UnsafePointer<Int32>, _ b: UnsafeMutablePointer<Float>, _ ldb: Int32) -> Int32 {
        var (n, nrhs, lda, ldb, info) = (n, nrhs, lda, ldb, Int32(0))
        withCharacters(trans) { t, _, _ in OpenBLAS.lapack.sgetrs(t, &n, &nrhs, a, &lda, ipiv, b, &ldb, &info, 1) }
        return info
    }
    static func potrf(_ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32) -> Int32 {
        var (n, lda, info) = (n, lda, Int32(0))
        withCharacters(uplo) { u, _, _ in OpenBLAS.lapack.spotrf(u, &n, a, &lda, &info, 1) }
        return info
    }
    static func trtrs(_ uplo: UInt8, _ trans: UInt8, _ diag: UInt8, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Float>, _ lda: Int32,
                      _ b: UnsafeMutablePointer<Float>, _ ldb: Int32) -> Int32 {
        var (n, nrhs, lda, ldb, info) = (n, nrhs, lda, ldb, Int32(0))
        withCharacters(uplo, trans, diag) { u, t, d in OpenBLAS.lapack.strtrs(u, t, d, &n, &nrhs, a, &lda, b, &ldb, &info, 1, 1, 1) }
        return info
    }
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ tau: UnsafeMutablePointer<Float>,
                      _ work: UnsafeMutablePointer<Float>, _ lwork: Int32) -> Int32 {
        var (m, n, lda, lwork, info) = (m, n, lda, lwork, Int32(0))
        OpenBLAS.lapack.sgeqrf(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ tau: UnsafePointer<Float>,
                      _ work: UnsafeMutablePointer<Float>, _ lwork: Int32) -> Int32 {
        var (m, n, k, lda, lwork, info) = (m, n, k, lda, lwork, Int32(0))
        OpenBLAS.lapack.sorgqr(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
    static func syevd(_ jobz: UInt8, _ uplo: UInt8, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ w: UnsafeMutablePointer<Float>,
                      _ work: UnsafeMutablePointer<Float>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>, _ liwork: Int32) -> Int32 {
        var (n, lda, lwork, liwork, info) = (n, lda, lwork, liwork, Int32(0))
        withCharacters(jobz, uplo) { j, u, _ in OpenBLAS.lapack.ssyevd(j, u, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1) }
        return info
    }
    static func gesdd(_ jobz: UInt8, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ s: UnsafeMutablePointer<Float>,
                      _ u: UnsafeMutablePointer<Float>, _ ldu: Int32, _ vt: UnsafeMutablePointer<Float>, _ ldvt: Int32,
                      _ work: UnsafeMutablePointer<Float>, _ lwork: Int32, _ iwork: UnsafeMutablePointer<Int32>) -> Int32 {
        var (m, n, lda, ldu, ldvt, lwork, info) = (m, n, lda, ldu, ldvt, lwork, Int32(0))
        withCharacters(jobz) { j, _, _ in OpenBLAS.lapack.sgesdd(j, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1) }
        return info
    }
}
