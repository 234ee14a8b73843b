/// Determinants through LAPACK's LU factorization.

/// The determinant of each square matrix: `[n, n]` → `[1]`, `[B, n, n]` → `[B]` (MXNet's
/// shape for a single value; NumPy's is `()`). It is `±Π uᵢᵢ` from the LU factorization.
///
///     ḋ = d · tr(A⁻¹ Ȧ)          Ā = d̄ · d · A⁻ᵀ
///
/// The rules use ``Inv``, so at a singular matrix (d = 0, where the derivative is the
/// cofactor matrix) differentiating reports an ``OperatorError`` from `inv`; the value
/// there is 0 without error.
public struct Det: DifferentiableOperator {
    /// The operator (it has no attributes).
    public init() {}
    /// "det", its catalog and expression-language name.
    public var name: String { "det" }
    /// One input.
    public var arity: Int { 1 }
    /// Invertible matrices; the derivative at a singular one is an ``OperatorError``.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.invertible)],
                     note: "the derivative at a singular matrix is an OperatorError (the rules invert the matrix)")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The determinant from the LU factorization, one per matrix of the batch.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: true)
        let lu = Kernels.luDeterminants(a)
        lu.problem?.report(name, shape: a.shape) { _ in ("", "") }
        return lu.det
    }

    /// `ḋ = d · tr(A⁻¹ Ȧ)`.
    public func jvp(_ inputs: [NDArray], output d: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let a = inputs[0]
        guard let t = tangents[0] else { return NDArray.zeros(like: d) }
        return d * LogAbsDeterminant.differential(a, t)
    }

    /// `Ā = d̄ · d · A⁻ᵀ`.
    public func vjp(_ inputs: [NDArray], output d: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [LogAbsDeterminant.gradient(inputs[0], cotangent * d)]
    }
}

/// The sign or `log|det|` of each square matrix (`[n, n]` → `[1]`, `[B, n, n]` → `[B]`), from
/// the LU factorization: `log|det| = Σ log|uᵢᵢ|` does not overflow where the determinant
/// would. A singular matrix has sign 0 and `log|det| = -∞` (NumPy's convention).
///
///     d log|det A| = tr(A⁻¹ Ȧ)          Ā = l̄ · A⁻ᵀ          sign: zero derivative
///
/// One operator per part of NumPy's `slogdet` (the protocol has one output); the Swift
/// function ``slogdet(_:)`` returns both. Differentiating `log|det|` at a singular matrix
/// reports an ``OperatorError`` (the rules invert the matrix).
public struct SLogDet: DifferentiableOperator {
    /// The part of the result an operator computes.
    public enum Part: String, Sendable, CaseIterable {
        /// The sign of the determinant (−1, 0 or 1).
        case sign
        /// `log|det A|`.
        case logabsdet
    }

    /// The output this operator computes.
    public let part: Part
    /// The operator computing `part`.
    ///
    /// - Parameter part: ``Part/sign`` (zero derivative) or ``Part/logabsdet``.
    public init(part: Part) { self.part = part }
    /// "slogdet", its catalog and expression-language name.
    public var name: String { "slogdet" }
    /// One input.
    public var arity: Int { 1 }
    /// `"slogdet[sign]"` or `"slogdet[logabsdet]"`.
    public var description: String { "slogdet[\(part.rawValue)]" }
    /// True for the sign, which is piecewise constant.
    public var hasZeroDerivative: Bool { part == .sign }
    /// Invertible matrices; the sign has zero derivative, `log|det|` a smooth one.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.invertible)], derivative: part == .sign ? .zero : .smooth,
                     note: part == .sign ? "the sign is piecewise constant" : "the derivative at a singular matrix is an OperatorError")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The sign or `log|det|` from the LU factorization, one per matrix of the batch.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: true)
        let lu = Kernels.luDeterminants(a)
        lu.problem?.report(name, shape: a.shape) { _ in ("", "") }
        return part == .sign ? lu.sign : lu.logAbs
    }

    /// `tr(A⁻¹ Ȧ)` for `log|det|`; zeros for the sign.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard part == .logabsdet, let t = tangents[0] else { return NDArray.zeros(like: output) }
        return LogAbsDeterminant.differential(inputs[0], t)
    }

    /// `Ā = l̄ · A⁻ᵀ` for `log|det|`; `nil` for the sign.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [part == .sign ? nil : LogAbsDeterminant.gradient(inputs[0], cotangent)]
    }
}

/// The derivative of `log|det A|`, shared by ``Det`` and ``SLogDet``.
enum LogAbsDeterminant {
    /// `tr(A⁻¹ Ȧ) = Σ (A⁻ᵀ ∘ Ȧ)` for each matrix, shaped as the determinant.
    static func differential(_ a: NDArray, _ t: NDArray) -> NDArray {
        (dispatch(Inv(), a).matrixTransposed * t).sum(axes: [a.rank - 2, a.rank - 1])
    }

    /// `c · A⁻ᵀ` for each matrix, `c` shaped as the determinant.
    static func gradient(_ a: NDArray, _ c: NDArray) -> NDArray {
        let scale = c.reshape(a.rank == 3 ? [a.shape[0], 1, 1] : [1, 1])
        return scale * dispatch(Inv(), a).matrixTransposed
    }
}

/// The determinant of each square matrix of `a` `[…, n, n]`: shape `[…]`, or `[1]` for one
/// matrix (NumPy's `numpy.linalg.det`, MXNet's shape). Differentiable (see ``Det``).
///
///     det(A) = ±Π uᵢᵢ  (LU with partial pivoting)
///     ḋ = d · tr(A⁻¹ Ȧ)          Ā = d̄ · d · A⁻ᵀ
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise).
/// - Returns: The determinants, shape `[…]`.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity, and (from `gradient`,
///   `backward`, `jvp`) when differentiating at a singular matrix.
public func det(_ a: NDArray) throws -> NDArray {
    MatrixBatching.requireSquare("det", a)
    return try withOperatorErrors { scalarsPerMatrix(dispatch(Det(), MatrixBatching.flatten(a)), a) }
}

/// The sign and the log of the absolute value of the determinant of each square matrix of
/// `a` `[…, n, n]` (NumPy's `numpy.linalg.slogdet`): `det = sign · exp(logabsdet)` without
/// overflow. Shapes as ``det(_:)``. A singular matrix gives sign 0 and `logabsdet = -∞`.
///
///     logabsdet = Σ log|uᵢᵢ|,   d logabsdet = tr(A⁻¹ dA)      (the sign: zero derivative)
///
/// - Parameter a: Square matrices `[…, n, n]` (stops otherwise).
/// - Returns: The signs (-1, 0 or 1) and `log|det|`, each of ``det(_:)``'s shape.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity, and (from the transforms)
///   when differentiating at a singular matrix.
public func slogdet(_ a: NDArray) throws -> (sign: NDArray, logabsdet: NDArray) {
    MatrixBatching.requireSquare("slogdet", a)
    return try withOperatorErrors {
        let flat = MatrixBatching.flatten(a)
        return (scalarsPerMatrix(dispatch(SLogDet(part: .sign), flat), a), scalarsPerMatrix(dispatch(SLogDet(part: .logabsdet), flat), a))
    }
}

/// One value per matrix of `a` (`y` computed on the flattened batch) in `a`'s leading shape,
/// or `[1]` for a single matrix.
func scalarsPerMatrix(_ y: NDArray, _ a: NDArray) -> NDArray {
    let lead = MatrixBatching.leading(a.shape)
    return lead.isEmpty || y.shape == lead ? y : y.reshape(lead)
}

// MARK: - Expression spelling

extension SLogDet: CallSpelling {
    /// `part=…`.
    public var spelling: Spelling { .call(name, after: ["part=\(part.rawValue)"]) }
}
