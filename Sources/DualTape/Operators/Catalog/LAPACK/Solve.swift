/// Linear solves and the inverse, through LAPACK's LU factorization with partial pivoting.

/// The solution `X = A⁻¹ B` of `A X = B`, for `A` `[n, n]` or `[B, n, n]` and `B` `[n, k]` or
/// `[B, n, k]` (one side may be a single matrix for the whole batch).
///
///     Ẋ = A⁻¹ (Ḃ − Ȧ X)          B̄ = A⁻ᵀ X̄,   Ā = −B̄ Xᵀ   (summed over a broadcast batch)
///
/// Both rules solve with `A` again (``Solve`` on `Aᵀ` in reverse), so they are differentiable
/// in turn. A singular `A` is reported (``OperatorError``) with the zero pivot of its LU
/// factorization; its solution is NaN.
public struct Solve: DifferentiableOperator {
    /// The operator (it has no attributes).
    public init() {}
    /// "solve", its catalog and expression-language name.
    public var name: String { "solve" }
    /// Two inputs.
    public var arity: Int { 2 }
    /// `a` invertible (diagonally dominant when sampled), `b` from the reals; a singular `a` is an
    /// ``OperatorError``.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.invertible), .real],
                     note: "a is sampled invertible (diagonally dominant); a singular a is an OperatorError")
    }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// `X = A⁻¹ B` by LU with partial pivoting; NaNs and an ``OperatorError`` report for a singular `A`.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        MatrixBatching.requireSystem(name, a, b)
        let (x, problem) = Kernels.luSolve(a, b)
        problem?.report(name, shape: a.shape, meaning: MatrixProblem.singular(name))
        return x
    }

    /// `Ẋ = A⁻¹ (Ḃ − Ȧ X)`.
    public func jvp(_ inputs: [NDArray], output x: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let a = inputs[0]
        var rhs: NDArray
        switch (tangents[0], tangents[1]) {
        case (let ta?, let tb?): rhs = tb - matmul(ta, x)
        case (let ta?, nil): rhs = -matmul(ta, x)
        case (nil, let tb?): rhs = tb
        case (nil, nil): return NDArray.zeros(like: x)
        }
        return dispatch(self, a, rhs)
    }

    /// `B̄ = A⁻ᵀ X̄` and `Ā = −B̄ Xᵀ`, summed over a broadcast batch.
    public func vjp(_ inputs: [NDArray], output x: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (a, b) = (inputs[0], inputs[1])
        let bBar = dispatch(self, a.matrixTransposed, cotangent)
        return [needed[0] ? unbroadcast(-matmul(bBar, x.matrixTransposed), to: a.shape) : nil,
                needed[1] ? unbroadcast(bBar, to: b.shape) : nil]
    }
}

/// The inverse `Y = A⁻¹` of each square matrix (`[n, n]` or `[B, n, n]`), as the solve of `A Y = I`.
///
///     Ẏ = −Y Ȧ Y          Ā = −Yᵀ Ȳ Yᵀ
///
/// A singular `A` is reported (``OperatorError``); its inverse is NaN.
public struct Inv: DifferentiableOperator {
    /// The operator (it has no attributes).
    public init() {}
    /// "inv", its catalog and expression-language name.
    public var name: String { "inv" }
    /// One input.
    public var arity: Int { 1 }
    /// Invertible matrices (diagonally dominant when sampled); a singular one is an ``OperatorError``.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.invertible)], note: "sampled invertible (diagonally dominant); a singular matrix is an OperatorError")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// `A⁻¹` as the solve of `A Y = I`; NaNs and an ``OperatorError`` report for a singular `A`.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: true)
        let (y, problem) = Kernels.luSolve(a, NDArray.eye(a.order, dtype: a.dtype))
        problem?.report(name, shape: a.shape, meaning: MatrixProblem.singular(name))
        return y
    }

    /// `Ẏ = −Y Ȧ Y`.
    public func jvp(_ inputs: [NDArray], output y: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: y) }
        return -matmul(matmul(y, t), y)
    }

    /// `Ā = −Yᵀ Ȳ Yᵀ`.
    public func vjp(_ inputs: [NDArray], output y: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let yT = y.matrixTransposed
        return [-matmul(matmul(yT, cotangent), yT)]
    }
}

/// The solution `x` of `A x = b` for square matrices `a` `[…, n, n]` and `b` a vector `[n]` or
/// matrices `[…, n, k]` with `a`'s leading axes or none (NumPy 2's `numpy.linalg.solve`).
/// Differentiable in both arguments (see ``Solve``).
///
///     x = A⁻¹ b
///     ẋ = A⁻¹ (ḃ − Ȧ x)          b̄ = A⁻ᵀ x̄,   Ā = −b̄ xᵀ
///
/// - Parameters:
///   - a: Square matrices `[…, n, n]`.
///   - b: A vector `[n]` or matrices `[…, n, k]` of `a`'s dtype, with `a`'s leading axes or
///     none (stops on shapes that do not fit).
/// - Returns: `x`, of `b`'s shape (batched as `a` when `b` is one matrix); NaN for a singular matrix.
/// - Throws: ``OperatorError`` when a matrix is singular or holds NaN or infinity.
public func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    try withOperatorErrors { MatrixBatching.solve("solve", a, b) { dispatch(Solve(), $0, $1) } }
}

/// The inverse of each square matrix of `a` `[…, n, n]` (NumPy's `numpy.linalg.inv`); prefer
/// ``solve(_:_:)`` to multiplying by an inverse. Differentiable (see ``Inv``).
///
///     inv(A) = A⁻¹
///     Ẏ = −Y Ȧ Y          Ā = −Yᵀ Ȳ Yᵀ
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise).
/// - Returns: The inverses, of `a`'s shape.
/// - Throws: ``OperatorError`` when a matrix is singular or holds NaN or infinity.
public func inv(_ a: NDArray) throws -> NDArray {
    MatrixBatching.requireSquare("inv", a)
    return try withOperatorErrors {
        MatrixBatching.restore(dispatch(Inv(), MatrixBatching.flatten(a)), leading: MatrixBatching.leading(a.shape), trailing: 2)
    }
}
