/// The Cholesky factorization through LAPACK's `potrf`.

/// The lower Cholesky factor `L` of each symmetric positive definite matrix (`[n, n]` or
/// `[B, n, n]`): `L Lᵀ = S` with `L` lower triangular, positive diagonal. Only the lower
/// triangle of `A` is read (as LAPACK, NumPy and PyTorch do): `S = tril(A) + tril(A, -1)ᵀ`,
/// so the derivative with respect to the strictly upper triangle is zero.
///
///     Ṡ = tril(Ȧ) + tril(Ȧ, -1)ᵀ,   L̇ = L Φ(L⁻¹ Ṡ L⁻ᵀ)                    (Murray 2016)
///     S̄ = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹,         Ā = Φ(S̄ + S̄ᵀ)   Φ: lower triangle, diagonal halved
///
/// The products with `L⁻¹` are ``TriangularSolve``s, so the rules are differentiable in
/// turn. A matrix that is not positive definite is reported (``OperatorError``).
public struct Cholesky: DifferentiableOperator {
    /// The operator (it has no attributes).
    public init() {}
    /// "cholesky", its catalog and expression-language name.
    public var name: String { "cholesky" }
    /// One input.
    public var arity: Int { 1 }
    /// Symmetric positive definite matrices; reads the lower triangle only (the note compares the peers).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.positiveDefinite)],
                     note: "reads the lower triangle only: the gradient is lower triangular (PyTorch and JAX return its symmetric part); "
                        + "a matrix that is not positive definite is an OperatorError")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The lower factor `L` with `L Lᵀ = A`; NaNs and an ``OperatorError`` report when `A` is not
    /// positive definite.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: true)
        let (l, problem) = Kernels.cholesky(a)
        problem?.report(name, shape: a.shape) { k in
            ("is not positive definite: its leading minor of order \(k) is not positive",
             "cholesky reads the lower triangle and needs a symmetric positive definite matrix; build it as B Bᵀ + λ·I, or add λ·I")
        }
        return l
    }

    /// `L⁻¹ X` (`lower`) or `L⁻ᵀ X`.
    private func solveWithFactor(_ l: NDArray, _ x: NDArray, transposed: Bool) -> NDArray {
        transposed ? dispatch(TriangularSolve(lower: false), l.matrixTransposed, x) : dispatch(TriangularSolve(lower: true), l, x)
    }

    /// `L̇ = L Φ(L⁻¹ Ṡ L⁻ᵀ)` from the symmetrized tangent `Ṡ` (Murray 2016).
    public func jvp(_ inputs: [NDArray], output l: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: l) }
        let y = solveWithFactor(l, t.symmetricFromLower, transposed: false)             // L⁻¹ Ṡ
        let m = solveWithFactor(l, y.matrixTransposed, transposed: false).matrixTransposed // L⁻¹ Ṡ L⁻ᵀ
        return matmul(l, m.halfDiagonalLower)
    }

    /// `Ā = Φ(S̄ + S̄ᵀ)` with `S̄ = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹`: lower triangular.
    public func vjp(_ inputs: [NDArray], output l: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let p = matmul(l.matrixTransposed, cotangent).halfDiagonalLower
        let z = solveWithFactor(l, p, transposed: true)                                  // L⁻ᵀ P
        let sBar = solveWithFactor(l, z.matrixTransposed, transposed: true).matrixTransposed // L⁻ᵀ P L⁻¹
        return [sBar.symmetricFromLowerTranspose]
    }
}

/// The lower Cholesky factor of each symmetric positive definite matrix of `a` `[…, n, n]`,
/// reading its lower triangle only (NumPy's `numpy.linalg.cholesky`, PyTorch's
/// `torch.linalg.cholesky`). Differentiable (see ``Cholesky``).
///
///     L Lᵀ = A,  L lower triangular with a positive diagonal
///     L̇ = L Φ(L⁻¹ Ṡ L⁻ᵀ),  Ṡ = tril(Ȧ) + tril(Ȧ, -1)ᵀ      Φ: lower triangle, diagonal halved
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise); the strictly upper triangle
///   is not read.
/// - Returns: `L`, of `a`'s shape, zero above the diagonal.
/// - Throws: ``OperatorError`` when a matrix is not positive definite or its lower triangle
///   holds NaN or infinity.
public func cholesky(_ a: NDArray) throws -> NDArray {
    MatrixBatching.requireSquare("cholesky", a)
    return try withOperatorErrors {
        MatrixBatching.restore(dispatch(Cholesky(), MatrixBatching.flatten(a)), leading: MatrixBatching.leading(a.shape), trailing: 2)
    }
}
