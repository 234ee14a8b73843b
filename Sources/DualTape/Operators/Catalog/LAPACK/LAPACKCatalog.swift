/// The LAPACK operators in the catalog: their representative applications (small matrices
/// and batches, sampled with the ``MatrixStructure`` their operator declares) and how the
/// expression language calls them. Decompositions with several outputs are called with a
/// `part` option (`qr(a, part=q)`), one operator per part.
extension OperatorCatalog {
    static let lapack: [CatalogEntry] = [
        CatalogEntry(name: "solve", summary: "solution of A x = b through LU (LAPACK getrf/getrs)", family: .linearAlgebra, cases: [
            CatalogCase(Solve(), [[3, 3], [3, 2]]), CatalogCase(Solve(), [[2, 3, 3], [2, 3, 2]]),
            CatalogCase(Solve(), [[3, 3], [2, 3, 1]]), CatalogCase(Solve(), [[2, 3, 3], [3, 2]]),
        ], signatures: [LAPACKSignatures.system("solve", summary: "solution of A x = b, b a vector [n] or matrices [..., n, k]") { _ throws(CallError) in Solve() }]),
        CatalogEntry(name: "inv", summary: "matrix inverse through LU", family: .linearAlgebra, cases: [
            CatalogCase(Inv(), [[3, 3]]), CatalogCase(Inv(), [[2, 3, 3]]),
        ], signatures: [LAPACKSignatures.matrices("inv", summary: "inverse of square matrices [..., n, n]", square: true,
                                                  shape: { _, m, n in [m, n] }) { _ throws(CallError) in Inv() }]),
        CatalogEntry(name: "det", summary: "determinant through LU", family: .linearAlgebra, cases: [
            CatalogCase(Det(), [[3, 3]]), CatalogCase(Det(), [[2, 3, 3]]),
        ], signatures: [LAPACKSignatures.matrices("det", summary: "determinant of square matrices [..., n, n]", square: true,
                                                  shape: { _, _, _ in [] }) { _ throws(CallError) in Det() }]),
        CatalogEntry(name: "slogdet", summary: "sign or log|det| through LU, one operator per part", family: .linearAlgebra, cases: [
            CatalogCase(SLogDet(part: .logabsdet), [[3, 3]], call: "slogdet(a0, part=logabsdet)"),
            CatalogCase(SLogDet(part: .logabsdet), [[2, 3, 3]], call: "slogdet(a0, part=logabsdet)"),
            CatalogCase(SLogDet(part: .sign), [[3, 3]], call: "slogdet(a0, part=sign)"),
        ], signatures: [LAPACKSignatures.matrices("slogdet", part: SLogDet.Part.self, summary: "sign or log|det| of square matrices; part is sign or logabsdet",
                                                  square: true, shape: { _, _, _ in [] }) { call throws(CallError) in
            SLogDet(part: try LAPACKSignatures.part(call, SLogDet.Part.self))
        }]),
        CatalogEntry(name: "cholesky", summary: "lower Cholesky factor, reading the lower triangle (LAPACK potrf)", family: .linearAlgebra, cases: [
            CatalogCase(Cholesky(), [[3, 3]]), CatalogCase(Cholesky(), [[2, 3, 3]]),
        ], signatures: [LAPACKSignatures.matrices("cholesky", summary: "lower Cholesky factor of symmetric positive definite matrices (lower triangle)",
                                                  square: true, shape: { _, m, n in [m, n] }) { _ throws(CallError) in Cholesky() }]),
        CatalogEntry(name: "triangular_solve", summary: "solution of T x = b for a triangle T of a (LAPACK trtrs)", family: .linearAlgebra, cases: [
            CatalogCase(TriangularSolve(lower: true), [[3, 3], [3, 2]]),
            CatalogCase(TriangularSolve(lower: false, unitDiagonal: true), [[2, 3, 3], [2, 3, 2]],
                        call: "triangular_solve(a0, a1, lower=false, unit_diagonal=true)"),
            CatalogCase(TriangularSolve(lower: false), [[3, 3], [2, 3, 1]], call: "triangular_solve(a0, a1, lower=false)"),
        ], signatures: [LAPACKSignatures.system("triangular_solve", options: [.bool("lower", default: "true"), .bool("unit_diagonal")],
                                                summary: "solution of T x = b, T the lower (or upper) triangle of a") { call throws(CallError) in
            TriangularSolve(lower: try call.bool("lower") ?? true, unitDiagonal: try call.bool("unit_diagonal") ?? false)
        }]),
        CatalogEntry(name: "qr", summary: "reduced QR factorization (LAPACK geqrf/orgqr), one operator per factor", family: .linearAlgebra, cases: [
            CatalogCase(QR(part: .q), [[3, 3]], call: "qr(a0, part=q)"), CatalogCase(QR(part: .q), [[2, 4, 3]], call: "qr(a0, part=q)"),
            CatalogCase(QR(part: .r), [[4, 3]], call: "qr(a0, part=r)"), CatalogCase(QR(part: .r), [[2, 3, 3]], call: "qr(a0, part=r)"),
        ], signatures: [LAPACKSignatures.matrices("qr", part: QR.Part.self, summary: "a factor of the reduced QR factorization (m ≥ n); part is q or r",
                                                  square: false, tall: true, shape: { call, m, n throws(CallError) in
            try LAPACKSignatures.part(call, QR.Part.self) == .q ? [m, n] : [n, n]
        }) { call throws(CallError) in QR(part: try LAPACKSignatures.part(call, QR.Part.self)) }]),
        CatalogEntry(name: "eigh", summary: "symmetric eigenvalues or eigenvectors (LAPACK syevd), one operator per part", family: .linearAlgebra, cases: [
            CatalogCase(Eigh(part: .values), [[3, 3]], call: "eigh(a0, part=values)"),
            CatalogCase(Eigh(part: .values), [[2, 3, 3]], call: "eigh(a0, part=values)"),
            CatalogCase(Eigh(part: .vectors), [[3, 3]], call: "eigh(a0, part=vectors)"),
            CatalogCase(Eigh(part: .vectors), [[2, 3, 3]], call: "eigh(a0, part=vectors)"),
        ], signatures: [
            LAPACKSignatures.matrices("eigh", part: Eigh.Part.self, summary: "eigenvalues (ascending) or eigenvectors of symmetric matrices (lower triangle); part is values or vectors",
                                      square: true, shape: { call, _, n throws(CallError) in try LAPACKSignatures.part(call, Eigh.Part.self) == .values ? [n] : [n, n] }) {
                call throws(CallError) in Eigh(part: try LAPACKSignatures.part(call, Eigh.Part.self))
            },
            LAPACKSignatures.matrices("eigvalsh", summary: "eigenvalues of symmetric matrices (lower triangle), ascending",
                                      square: true, shape: { _, _, n in [n] }) { _ throws(CallError) in Eigh(part: .values) },
        ]),
        CatalogEntry(name: "svd", summary: "reduced singular value decomposition (LAPACK gesdd), one operator per part", family: .linearAlgebra, cases: [
            CatalogCase(SVD(part: .s), [[3, 3]], call: "svd(a0, part=s)"), CatalogCase(SVD(part: .s), [[2, 4, 3]], call: "svd(a0, part=s)"),
            CatalogCase(SVD(part: .s), [[3, 4]], call: "svd(a0, part=s)"),
            CatalogCase(SVD(part: .u), [[3, 3]], call: "svd(a0, part=u)"), CatalogCase(SVD(part: .u), [[4, 3]], call: "svd(a0, part=u)"),
            CatalogCase(SVD(part: .u), [[2, 3, 4]], call: "svd(a0, part=u)"),
            CatalogCase(SVD(part: .vh), [[3, 3]], call: "svd(a0, part=vh)"), CatalogCase(SVD(part: .vh), [[3, 4]], call: "svd(a0, part=vh)"),
            CatalogCase(SVD(part: .vh), [[2, 4, 3]], call: "svd(a0, part=vh)"),
        ], signatures: [
            LAPACKSignatures.matrices("svd", part: SVD.Part.self, summary: "reduced SVD of matrices; part is s (singular values, descending), u or vh",
                                      square: false, shape: { call, m, n throws(CallError) in
                let k = Swift.min(m, n)
                switch try LAPACKSignatures.part(call, SVD.Part.self) {
                case .s: return [k]
                case .u: return [m, k]
                case .vh: return [k, n]
                }
            }) { call throws(CallError) in SVD(part: try LAPACKSignatures.part(call, SVD.Part.self)) },
            LAPACKSignatures.matrices("svdvals", summary: "singular values of matrices, descending",
                                      square: false, shape: { _, m, n in [Swift.min(m, n)] }) { _ throws(CallError) in SVD(part: .s) },
        ]),
    ]
}
