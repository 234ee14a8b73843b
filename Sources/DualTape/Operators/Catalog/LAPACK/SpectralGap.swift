/// Where eigenvectors and singular vectors have no derivative: at equal eigenvalues or
/// singular values (and, for a matrix that is not square, at a zero singular value).

/// Finding equal values among eigenvalues or singular values (where vector derivatives do not exist).
enum SpectralGap {
    /// The first pair of values of the last axis of `w` that are equal to within
    /// `16 n ε max|w|` (ε of `w`'s dtype), as (i, j, value).
    static func repeated(_ w: NDArray) -> (Int, Int, Double)? {
        let n = w.order, values = w.scalars
        let epsilon = 2 * w.dtype.unitRoundoff
        for start in stride(from: 0, to: values.count, by: Swift.max(n, 1)) {
            let item = values[start ..< start + n]
            let scale = item.reduce(0) { Swift.max($0, Swift.abs($1)) }
            for i in 0 ..< n {
                for j in i + 1 ..< n where Swift.abs(item[start + j] - item[start + i]) <= 16 * Double(n) * epsilon * scale {
                    return (i, j, item[start + i])
                }
            }
        }
        return nil
    }
}

/// The check the vector rules of ``Eigh`` and ``SVD`` make before using `F`: it reports equal
/// values (or, for a singular value of a matrix that is not square, a zero one) as an
/// ``OperatorError`` naming the operation, the shape and the values, and its value is `[0]`
/// (`[NaN]` after a report), which the rule adds to `F`.
///
/// It is an operator, not a test in the rule, so that a compiled function, whose trace keeps
/// only what went through dispatch, makes the check again on every replay's values.
struct SpectralGapCheck: ZeroDerivativeOperator {
    /// `"eigh"` or `"svd"`.
    let operation: String
    /// The shape of the decomposed matrix (for the message, and whether it is square).
    let matrixShape: [Int]
    var name: String { "\(operation)_spectral_gap" }
    var arity: Int { 1 }

    func primal(_ inputs: [NDArray]) -> NDArray {
        let values = inputs[0].withoutAD
        guard let problem = problem(values) else { return NDArray.zeros([1], dtype: values.dtype) }
        OperatorError.report(OperatorError(operation, "the matrix of shape \(Shape.describe(matrixShape)) \(problem.what), " + problem.why,
                                           remedy: problem.remedy))
        return NDArray(values: [.nan], shape: [1], dtype: values.dtype)
    }

    /// What is wrong with `values`, if anything.
    private func problem(_ values: NDArray) -> (what: String, why: String, remedy: String)? {
        let eigen = operation == "eigh"
        let (symbol, kind) = eigen ? ("w", "eigenvalue") : ("s", "singular value")
        let why = eigen ? "where its eigenvectors are not differentiable" : "where its singular vectors are not differentiable"
        let remedy = eigen
            ? "Differentiate only the eigenvalues (eigvalsh), or a function of the eigenvectors that does not depend on the basis of the eigenspace (such as V diag(f(w)) Vᵀ)"
            : "Differentiate only the singular values, or a function of the vectors that does not depend on the basis of a singular subspace"
        if let (i, j, value) = SpectralGap.repeated(values) {
            return ("has a repeated \(kind) (\(symbol)[\(i)] = \(symbol)[\(j)] = \(value))", why, remedy)
        }
        let m = matrixShape[matrixShape.count - 2], n = matrixShape[matrixShape.count - 1]
        if !eigen, m != n, let zero = values.scalars.firstIndex(of: 0) {
            return ("has a zero singular value (s[\(zero % values.order)]) and is not square", why, remedy)
        }
        return nil
    }
}
