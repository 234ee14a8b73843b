import DualTape

extension OperatorTemplate {
    /// The LAPACK operators: one matrix `[m, n]` or a batch `[B, m, n]` whose result has the
    /// asked shape. Matrices stay at most 5×5 (the shapes' extents); inputs are sampled with
    /// the matrix structure each operator declares.
    static func lapack(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "solve":
            return OperatorTemplate(entry) { shape, source in try system(shape, source) { Solve() } }
        case "triangular_solve":
            return OperatorTemplate(entry) { shape, source in
                let op = TriangularSolve(lower: try source.drawBool(), unitDiagonal: try source.drawBool(probability: 0.3))
                return try system(shape, source) { op }
            }
        case "inv":
            return OperatorTemplate(entry) { shape, _ in square(shape).map { CatalogCase(Inv(), [$0]) } }
        case "cholesky":
            return OperatorTemplate(entry) { shape, _ in square(shape).map { CatalogCase(Cholesky(), [$0]) } }
        case "det", "slogdet":
            return OperatorTemplate(entry) { shape, source in
                guard shape.count == 1 else { return nil }
                let n = try source.int(in: 1 ... 4)
                let single = try source.drawBool()
                let input = shape == [1] && single ? [n, n] : [shape[0], n, n]
                if entry.name == "det" { return CatalogCase(Det(), [input]) }
                return CatalogCase(SLogDet(part: try source.drawBool(probability: 0.7) ? .logabsdet : .sign), [input])
            }
        case "qr":
            return OperatorTemplate(entry) { shape, source in
                guard let (lead, m, n) = matrix(shape), m >= n else { return nil }
                if m == n, try source.drawBool() {
                    return CatalogCase(QR(part: .r), [lead + [n + (try source.int(in: 0 ... 2)), n]])
                }
                return CatalogCase(QR(part: .q), [shape])
            }
        case "eigh":
            return OperatorTemplate(entry) { shape, _ in
                if let input = square(shape) { return CatalogCase(Eigh(part: .vectors), [input]) }
                guard shape.count == 1 || shape.count == 2, let n = shape.last else { return nil }
                return CatalogCase(Eigh(part: .values), [shape + [n]])
            }
        case "svd":
            return OperatorTemplate(entry) { shape, source in
                let vectors = try source.drawBool()
                if let (lead, m, n) = matrix(shape), m != n || vectors {
                    // U [m, k] comes from [m, k] (k < m) or [m, n ≥ m]; Vᵀ [k, n] from [k, n] (k < n) or [m ≥ n, n].
                    if m >= n {
                        return CatalogCase(SVD(part: .u), [lead + [m, m == n ? n + (try source.int(in: 0 ... 1)) : n]])
                    }
                    return CatalogCase(SVD(part: .vh), [lead + [m, n]])
                }
                guard shape.count == 1 || shape.count == 2, let k = shape.last else { return nil }
                let other = k + (try source.int(in: 0 ... 1))
                return CatalogCase(SVD(part: .s), [Array(shape.dropLast()) + (try source.drawBool() ? [k, other] : [other, k])])
            }
        default:
            return nil
        }
    }

    /// `(leading, m, n)` of a matrix or batch shape `[m, n]` / `[B, m, n]`.
    private static func matrix(_ shape: [Int]) -> ([Int], Int, Int)? {
        guard shape.count == 2 || shape.count == 3 else { return nil }
        return (Array(shape.dropLast(2)), shape[shape.count - 2], shape[shape.count - 1])
    }

    /// The shape itself when it is a square matrix or a batch of them.
    private static func square(_ shape: [Int]) -> [Int]? {
        guard let (_, m, n) = matrix(shape), m == n else { return nil }
        return shape
    }

    /// A solve producing `[n, k]` / `[B, n, k]`: `A` and `B` each a single matrix or the batch.
    private static func system(_ shape: [Int], _ source: DrawSource, _ op: () -> any DifferentiableOperator) throws -> CatalogCase? {
        guard let (lead, n, k) = matrix(shape) else { return nil }
        if lead.isEmpty { return CatalogCase(op(), [[n, n], [n, k]]) }
        switch try source.int(in: 0 ... 2) {
        case 0: return CatalogCase(op(), [lead + [n, n], lead + [n, k]])
        case 1: return CatalogCase(op(), [[n, n], lead + [n, k]])
        default: return CatalogCase(op(), [lead + [n, n], [n, k]])
        }
    }
}
