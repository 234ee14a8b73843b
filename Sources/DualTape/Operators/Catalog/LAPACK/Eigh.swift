/// The symmetric eigendecomposition through LAPACK's `syevd`.

/// The eigenvalues (ascending, `[n]`) or the eigenvectors (the columns of `[n, n]`) of each
/// symmetric matrix (`[B, n, n]` batches), reading the lower triangle of `A` only:
/// `S = tril(A) + tril(A, -1)ᵀ = V diag(w) Vᵀ`. Each eigenvector's element of largest
/// magnitude is positive (NumPy, PyTorch and JAX return LAPACK's signs).
///
/// One operator per output (`Eigh(part: .values)`, `Eigh(part: .vectors)`), each computing
/// the decomposition; ``eigh(_:)`` returns both. Each rule obtains the other part by applying
/// the other operator, so it is differentiable in turn. (Giles 2008)
///
///     Ṡ = tril(Ȧ) + tril(Ȧ, -1)ᵀ,  K = Vᵀ Ṡ V,  Fᵢⱼ = 1 / (wⱼ − wᵢ) (i ≠ j), Fᵢᵢ = 0
///     ẇ = diag(K)                     V̇ = V (F ∘ K)
///     S̄ = V (diag(w̄) + F ∘ (Vᵀ V̄)) Vᵀ,   Ā = Φ(S̄ + S̄ᵀ)   Φ: lower triangle, diagonal halved
///
/// Repeated eigenvalues: the eigenvectors are not differentiable there (F is infinite), and
/// differentiating them throws an ``OperatorError`` naming the equal eigenvalues (equal to
/// within `16 n ε max|w|`). The eigenvalues' rule needs no F and is used as is (a one-sided
/// derivative: at a crossing the eigenvalues are continuous but not differentiable).
public struct Eigh: DifferentiableOperator {
    /// The part of the decomposition an operator computes.
    public enum Part: String, Sendable, CaseIterable {
        /// The eigenvalues, ascending.
        case values
        /// The eigenvectors, as columns.
        case vectors
    }

    /// The output this operator computes.
    public let part: Part
    /// The operator computing `part`.
    ///
    /// - Parameter part: ``Part/values`` or ``Part/vectors``.
    public init(part: Part) { self.part = part }
    /// "eigh", its catalog and expression-language name.
    public var name: String { "eigh" }
    /// One input.
    public var arity: Int { 1 }
    /// `"eigh[values]"` or `"eigh[vectors]"`.
    public var description: String { "eigh[\(part.rawValue)]" }
    /// Symmetric matrices with distinct eigenvalues; reads the lower triangle; the note gives the
    /// sign convention.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.symmetric)],
                     note: "reads the lower triangle only (the gradient is lower triangular; PyTorch and JAX return its symmetric part); "
                        + "eigenvectors' largest element positive; their derivative at repeated eigenvalues is an OperatorError")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The ascending eigenvalues or the eigenvectors (LAPACK `syevd`); NaNs and a report when it fails.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: true)
        let (w, v, problem) = Kernels.eigh(a, wantVectors: part == .vectors)
        problem?.report(name, shape: a.shape, meaning: MatrixProblem.notConverged("syevd"))
        return part == .values ? w : v!
    }

    /// The eigenvalues and eigenvectors of `a`, one of them the operator's output.
    private func parts(_ a: NDArray, _ output: NDArray) -> (w: NDArray, v: NDArray) {
        part == .values ? (output, dispatch(Eigh(part: .vectors), a)) : (dispatch(Eigh(part: .values), a), output)
    }

    /// `F`, plus a check (through dispatch, so a compiled function repeats it at every
    /// replay) that reports two equal eigenvalues as an ``OperatorError``.
    private func inverseGaps(_ w: NDArray, shape: [Int]) -> NDArray {
        MatrixMask.inverseDifferences(w) + dispatch(SpectralGapCheck(operation: name, matrixShape: shape), w)
    }

    /// `ẇ = diag(Vᵀ Ṡ V)` or `V̇ = V (F ∘ Vᵀ Ṡ V)`; an ``OperatorError`` for a repeated eigenvalue.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: output) }
        let (w, v) = parts(inputs[0], output)
        let k = matmul(matmul(v.matrixTransposed, t.symmetricFromLower), v)
        if part == .values { return k.matrixDiagonal }
        return matmul(v, inverseGaps(w, shape: inputs[0].shape) * k)
    }

    /// `V M Vᵀ` folded onto the lower triangle read, `M = diag(w̄)` or `F ∘ Vᵀ V̄`; an
    /// ``OperatorError`` for a repeated eigenvalue.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (w, v) = parts(inputs[0], output)
        let inner = part == .values ? cotangent.diagonalMatrix
                                    : inverseGaps(w, shape: inputs[0].shape) * matmul(v.matrixTransposed, cotangent)
        let sBar = matmul(matmul(v, inner), v.matrixTransposed)
        return [sBar.symmetricFromLowerTranspose]
    }
}

/// The eigenvalues (ascending, `[…, n]`) and eigenvectors (the columns of `[…, n, n]`) of each
/// symmetric matrix of `a` `[…, n, n]`, reading its lower triangle only (NumPy's
/// `numpy.linalg.eigh`); each eigenvector's largest element is positive. Differentiable
/// (see ``Eigh``).
///
///     S = V diag(w) Vᵀ,  Vᵀ V = I
///     ẇ = diag(Vᵀ Ṡ V),  V̇ = V (F ∘ (Vᵀ Ṡ V)),  Fᵢⱼ = 1 / (wⱼ − wᵢ) (i ≠ j), 0 on the diagonal
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise); the strictly upper triangle
///   is not read.
/// - Returns: The eigenvalues `[…, n]` (ascending) and the eigenvectors `[…, n, n]` (columns).
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity, LAPACK does not converge,
///   or (from the transforms) when differentiating the eigenvectors at a repeated eigenvalue.
public func eigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray) {
    MatrixBatching.requireSquare("eigh", a)
    return try withOperatorErrors {
        let flat = MatrixBatching.flatten(a), lead = MatrixBatching.leading(a.shape)
        return (MatrixBatching.restore(dispatch(Eigh(part: .values), flat), leading: lead, trailing: 1),
                MatrixBatching.restore(dispatch(Eigh(part: .vectors), flat), leading: lead, trailing: 2))
    }
}

/// The eigenvalues (ascending, `[…, n]`) of each symmetric matrix of `a` `[…, n, n]`, reading
/// its lower triangle only (NumPy's `numpy.linalg.eigvalsh`). Differentiable (see ``Eigh``).
///
///     ẇᵢ = vᵢᵀ Ṡ vᵢ
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise); the strictly upper triangle
///   is not read.
/// - Returns: The eigenvalues, `[…, n]`, ascending.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity or LAPACK does not converge.
public func eigvalsh(_ a: NDArray) throws -> NDArray {
    MatrixBatching.requireSquare("eigvalsh", a)
    return try withOperatorErrors {
        MatrixBatching.restore(dispatch(Eigh(part: .values), MatrixBatching.flatten(a)), leading: MatrixBatching.leading(a.shape), trailing: 1)
    }
}

// MARK: - Expression spelling

extension Eigh: CallSpelling {
    /// `part=…`.
    public var spelling: Spelling { .call(name, after: ["part=\(part.rawValue)"]) }
}
