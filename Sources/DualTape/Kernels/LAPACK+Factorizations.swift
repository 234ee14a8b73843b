/// Factorizations through LAPACK over batches: Cholesky (`potrf`), Householder QR (`geqrf`,
/// `orgqr`), the symmetric eigendecomposition (`syevd`) and the SVD (`gesdd`). No automatic
/// differentiation here: operators call these from their primals and report the
/// ``MatrixProblem`` they return. A matrix that fails comes back as NaN.
extension Kernels {
    /// The lower Cholesky factor `L` (`L Lᵀ = A`) of each matrix, reading `a`'s lower triangle only.
    static func cholesky(_ a: NDArray) -> (NDArray, MatrixProblem?) {
        switch a.dtype {
        case .float64: return cholesky(a, Double.self)
        case .float32: return cholesky(a, Float.self)
        }
    }

    static func cholesky<T: LAPACKScalar>(_ a: NDArray, _: T.Type) -> (NDArray, MatrixProblem?) {
        let A = MatrixBatch(a), n = A.rows
        let out = Storage(dtype: T.dtype, count: A.count * n * n)
        var problem: MatrixProblem?
        for i in 0 ..< A.count where n > 0 {
            let destination = out.pointer(as: T.self) + i * n * n
            if let (r, c) = A.firstNonFinite(i, T.self, where: { r, c in r >= c }) {
                problem = problem ?? .nonFinite(item: i, row: r, column: c, value: Double(A.item(i, T.self)[r * n + c]))
                destination.initialize(repeating: .nan, count: n * n)
                continue
            }
            destination.initialize(from: A.item(i, T.self), count: n * n)
            // The row-major lower triangle is the column-major upper one: Uᵀ U = A with U = Lᵀ.
            let info = T.potrf(UInt8(ascii: "U"), Int32(n), destination, Int32(n))
            if info > 0 {
                problem = problem ?? .info(item: i, Int(info))
                destination.update(repeating: .nan, count: n * n)
                continue
            }
            for r in 0 ..< n { for c in r + 1 ..< n { destination[r * n + c] = 0 } }
        }
        return (NDArray(storage: out, shape: a.shape), problem)
    }

    /// The reduced QR factorization `A = Q R` of each `[m, n]` matrix (`m ≥ n`): `Q` `[m, n]` with
    /// orthonormal columns (only when `wantQ`) and `R` `[n, n]` upper triangular with a
    /// nonnegative diagonal. LAPACK's Householder QR gives `R`'s diagonal the sign opposite to
    /// each pivot, which jumps where a pivot crosses zero; flipping row j of `R` and column j
    /// of `Q` where `rⱼⱼ < 0` gives the unique factorization of a full-rank matrix instead,
    /// smooth in `A`.
    static func qr(_ a: NDArray, wantQ: Bool) -> (q: NDArray?, r: NDArray, problem: MatrixProblem?) {
        switch a.dtype {
        case .float64: return qr(a, wantQ: wantQ, Double.self)
        case .float32: return qr(a, wantQ: wantQ, Float.self)
        }
    }

    static func qr<T: LAPACKScalar>(_ a: NDArray, wantQ: Bool, _: T.Type) -> (q: NDArray?, r: NDArray, problem: MatrixProblem?) {
        let A = MatrixBatch(a), m = A.rows, n = A.columns
        precondition(m >= n, "qr: rows \(m) < columns \(n)")
        let qOut = Storage(dtype: T.dtype, count: wantQ ? A.count * m * n : 0)
        let rOut = Storage(dtype: T.dtype, count: A.count * n * n)
        var problem: MatrixProblem?
        var work = [T](repeating: 0, count: m * n), tau = [T](repeating: 0, count: max(n, 1))
        let M = Int32(m), N = Int32(n), lda = Int32(max(m, 1))
        // Workspace: the larger of the two queries.
        var size: T = 0
        _ = T.geqrf(M, N, &work, lda, &tau, &size, -1)
        var lwork = Swift.max(Int(size), 1)
        if wantQ {
            _ = T.orgqr(M, N, N, &work, lda, &tau, &size, -1)
            lwork = Swift.max(lwork, Int(size))
        }
        var scratch = [T](repeating: 0, count: lwork)
        for i in 0 ..< A.count where n > 0 {
            let r = rOut.pointer(as: T.self) + i * n * n
            let q = qOut.pointer(as: T.self) + (wantQ ? i * m * n : 0)
            if let (row, column) = A.firstNonFinite(i, T.self) {
                problem = problem ?? .nonFinite(item: i, row: row, column: column, value: Double(A.item(i, T.self)[row * n + column]))
                r.initialize(repeating: .nan, count: n * n)
                if wantQ { q.initialize(repeating: .nan, count: m * n) }
                continue
            }
            work.withUnsafeMutableBufferPointer { w in
                let p = w.baseAddress!
                transposeCopy(A.item(i, T.self), rows: m, columns: n, into: p)
                _ = T.geqrf(M, N, p, lda, &tau, &scratch, Int32(lwork))
                for row in 0 ..< n { for column in 0 ..< n { r[row * n + column] = column >= row ? p[column * m + row] : 0 } }
                let flip = (0 ..< n).map { r[$0 * n + $0] < 0 }
                for row in 0 ..< n where flip[row] { for column in row ..< n { r[row * n + column] = -r[row * n + column] } }
                if wantQ {
                    _ = T.orgqr(M, N, N, p, lda, &tau, &scratch, Int32(lwork))
                    transposeCopy(p, rows: n, columns: m, into: q)
                    for row in 0 ..< m { for column in 0 ..< n where flip[column] { q[row * n + column] = -q[row * n + column] } }
                }
            }
        }
        let batch = A.batchShape
        return (wantQ ? NDArray(storage: qOut, shape: batch + [m, n]) : nil, NDArray(storage: rOut, shape: batch + [n, n]), problem)
    }

    /// The eigenvalues (ascending, `[…, n]`) and, when `wantVectors`, the orthonormal
    /// eigenvectors (the columns of `[…, n, n]`) of each symmetric matrix read from `a`'s lower
    /// triangle. `info > 0`: the algorithm did not converge.
    static func eigh(_ a: NDArray, wantVectors: Bool) -> (values: NDArray, vectors: NDArray?, problem: MatrixProblem?) {
        switch a.dtype {
        case .float64: return eigh(a, wantVectors: wantVectors, Double.self)
        case .float32: return eigh(a, wantVectors: wantVectors, Float.self)
        }
    }

    static func eigh<T: LAPACKScalar>(_ a: NDArray, wantVectors: Bool, _: T.Type) -> (values: NDArray, vectors: NDArray?, problem: MatrixProblem?) {
        let A = MatrixBatch(a), n = A.rows
        let wOut = Storage(dtype: T.dtype, count: A.count * n)
        let vOut = Storage(dtype: T.dtype, count: wantVectors ? A.count * n * n : 0)
        var problem: MatrixProblem?
        var work = [T](repeating: 0, count: n * n)
        let jobz = UInt8(ascii: wantVectors ? "V" : "N"), N = Int32(n), lda = Int32(max(n, 1))
        var size: T = 0, isize: Int32 = 0
        _ = T.syevd(jobz, UInt8(ascii: "U"), N, &work, lda, wOut.pointer(as: T.self), &size, -1, &isize, -1)
        var scratch = [T](repeating: 0, count: Swift.max(Int(size), 1)), iscratch = [Int32](repeating: 0, count: Swift.max(Int(isize), 1))
        for i in 0 ..< A.count where n > 0 {
            let w = wOut.pointer(as: T.self) + i * n
            let v = vOut.pointer(as: T.self) + (wantVectors ? i * n * n : 0)
            var failed = false
            if let (r, c) = A.firstNonFinite(i, T.self, where: { r, c in r >= c }) {
                problem = problem ?? .nonFinite(item: i, row: r, column: c, value: Double(A.item(i, T.self)[r * n + c]))
                failed = true
            } else {
                // The row-major lower triangle is the column-major upper one; the eigenvectors come
                // back as the columns of a column-major matrix, i.e. the rows of the buffer.
                let info = work.withUnsafeMutableBufferPointer { p in
                    p.baseAddress!.update(from: A.item(i, T.self), count: n * n)
                    let info = T.syevd(jobz, UInt8(ascii: "U"), N, p.baseAddress!, lda, w, &scratch, Int32(scratch.count), &iscratch, Int32(iscratch.count))
                    if wantVectors && info == 0 {
                        transposeCopy(p.baseAddress!, rows: n, columns: n, into: v)
                        normalizeSigns(v, rows: n, columns: n)
                    }
                    return info
                }
                if info > 0 {
                    problem = problem ?? .info(item: i, Int(info))
                    failed = true
                }
            }
            if failed {
                w.update(repeating: .nan, count: n)
                if wantVectors { v.initialize(repeating: .nan, count: n * n) }
            }
        }
        let batch = A.batchShape
        return (NDArray(storage: wOut, shape: batch + [n]), wantVectors ? NDArray(storage: vOut, shape: batch + [n, n]) : nil, problem)
    }

    /// The singular values (descending, `[…, k]` with `k = min(m, n)`) and, when `wantVectors`,
    /// the reduced singular vectors `U` `[…, m, k]` and `Vᵀ` `[…, k, n]` of each `[m, n]` matrix
    /// (`A = U diag(s) Vᵀ`). `info > 0`: the algorithm did not converge.
    static func svd(_ a: NDArray, wantVectors: Bool) -> (s: NDArray, u: NDArray?, vt: NDArray?, problem: MatrixProblem?) {
        switch a.dtype {
        case .float64: return svd(a, wantVectors: wantVectors, Double.self)
        case .float32: return svd(a, wantVectors: wantVectors, Float.self)
        }
    }

    static func svd<T: LAPACKScalar>(_ a: NDArray, wantVectors: Bool, _: T.Type) -> (s: NDArray, u: NDArray?, vt: NDArray?, problem: MatrixProblem?) {
        let A = MatrixBatch(a), m = A.rows, n = A.columns, k = Swift.min(m, n)
        let sOut = Storage(dtype: T.dtype, count: A.count * k)
        let uOut = Storage(dtype: T.dtype, count: wantVectors ? A.count * m * k : 0)
        let vOut = Storage(dtype: T.dtype, count: wantVectors ? A.count * k * n : 0)
        var problem: MatrixProblem?
        // The row-major buffer is Aᵀ [n, m] column-major: Aᵀ = U' S V'ᵀ gives A = V' S U'ᵀ, so
        // LAPACK's Vᵀ buffer (k × m, column-major) read row-major is U [m, k], and its U buffer
        // (n × k) read row-major is Vᵀ [k, n]. No transposition is needed.
        let jobz = UInt8(ascii: wantVectors ? "S" : "N")
        let M = Int32(n), N = Int32(m), lda = Int32(max(n, 1))
        let ldu = Int32(max(n, 1)), ldvt = Int32(max(k, 1))
        var work = [T](repeating: 0, count: m * n), dummyU = [T](repeating: 0, count: 1), dummyV = [T](repeating: 0, count: 1)
        var iwork = [Int32](repeating: 0, count: Swift.max(8 * k, 1))
        var size: T = 0
        _ = T.gesdd(jobz, M, N, &work, lda, sOut.pointer(as: T.self), &dummyU, ldu, &dummyV, ldvt, &size, -1, &iwork)
        var scratch = [T](repeating: 0, count: Swift.max(Int(size), 1))
        for i in 0 ..< A.count where k > 0 {
            let s = sOut.pointer(as: T.self) + i * k
            let u = uOut.pointer(as: T.self) + (wantVectors ? i * m * k : 0)
            let vt = vOut.pointer(as: T.self) + (wantVectors ? i * k * n : 0)
            var info: Int32 = 0
            if let (r, c) = A.firstNonFinite(i, T.self) {
                problem = problem ?? .nonFinite(item: i, row: r, column: c, value: Double(A.item(i, T.self)[r * n + c]))
                info = -1
            } else {
                info = work.withUnsafeMutableBufferPointer { p in
                    p.baseAddress!.update(from: A.item(i, T.self), count: m * n)
                    if wantVectors {
                        return T.gesdd(jobz, M, N, p.baseAddress!, lda, s, vt, ldu, u, ldvt, &scratch, Int32(scratch.count), &iwork)
                    }
                    return T.gesdd(jobz, M, N, p.baseAddress!, lda, s, &dummyU, ldu, &dummyV, ldvt, &scratch, Int32(scratch.count), &iwork)
                }
                if info > 0 { problem = problem ?? .info(item: i, Int(info)) }
                if info == 0 && wantVectors { normalizeSigns(u, rows: m, columns: k, alsoRowsOf: vt, width: n) }
            }
            if info != 0 {
                s.update(repeating: .nan, count: k)
                if wantVectors {
                    u.update(repeating: .nan, count: m * k)
                    vt.update(repeating: .nan, count: k * n)
                }
            }
        }
        let batch = A.batchShape
        return (NDArray(storage: sOut, shape: batch + [k]), wantVectors ? NDArray(storage: uOut, shape: batch + [m, k]) : nil,
                wantVectors ? NDArray(storage: vOut, shape: batch + [k, n]) : nil, problem)
    }

    /// Flips the sign of each column of the row-major `[rows, columns]` matrix at `v` (and of
    /// the matching row of `[columns, width]` at `other`) so that the column's element of
    /// largest magnitude (the first of equals) is positive: a deterministic choice among the
    /// ± eigen- or singular vectors (scikit-learn's `svd_flip`). It changes only where two
    /// elements of a column tie in magnitude, unlike LAPACK's raw signs, which also jump
    /// where an intermediate Householder pivot crosses zero.
    static func normalizeSigns<T: NDScalar>(_ v: UnsafeMutablePointer<T>, rows: Int, columns: Int,
                                            alsoRowsOf other: UnsafeMutablePointer<T>? = nil, width: Int = 0) {
        for column in 0 ..< columns {
            var largest: T = 0
            for row in 0 ..< rows where Swift.abs(v[row * columns + column]) > Swift.abs(largest) { largest = v[row * columns + column] }
            guard largest < 0 else { continue }
            for row in 0 ..< rows { v[row * columns + column] = -v[row * columns + column] }
            if let other { for j in 0 ..< width { other[column * width + j] = -other[column * width + j] } }
        }
    }
}
