/// How the LAPACK operators report data they cannot use: one ``OperatorError`` naming the
/// operation, the shape, the batch item and the element or pivot at fault, and a remedy.
extension MatrixProblem {
    /// Reports this problem (see ``OperatorError/report(_:)``) for `operation` on a matrix
    /// input of `shape`; `meaning` explains a routine's `info > 0`, with its remedy.
    func report(_ operation: String, shape: [Int], meaning: (Int) -> (problem: String, remedy: String)) {
        let matrix = "the matrix of shape \(Shape.describe(shape))" + location(batched: shape.count > 2)
        switch self {
        case .nonFinite(_, let row, let column, let value):
            OperatorError.report(OperatorError(
                operation, "\(matrix) has \(value.isNaN ? "NaN" : String(value)) at [\(row), \(column)]",
                remedy: "LAPACK cannot factorize a matrix with NaN or infinite elements; find the operation that produced it"))
        case .info(_, let info):
            let (problem, remedy) = meaning(info)
            OperatorError.report(OperatorError(operation, "\(matrix) \(problem)", remedy: remedy))
        }
    }

    /// The meaning of `getrf`'s `info = i`: a zero pivot, so a singular matrix.
    static func singular(_ operation: String) -> (Int) -> (problem: String, remedy: String) {
        { i in
            ("is singular: U[\(i - 1), \(i - 1)] of its LU factorization is exactly zero",
             "\(operation) needs an invertible matrix; check the matrix's rank, or regularize it (A + λ·I)")
        }
    }

    /// The meaning of `syevd` or `gesdd`'s `info > 0`.
    static func notConverged(_ routine: String) -> (Int) -> (problem: String, remedy: String) {
        { i in
            ("made LAPACK's \(routine) fail to converge (info = \(i))",
             "check the matrix for huge or tiny elements and rescale it")
        }
    }
}
