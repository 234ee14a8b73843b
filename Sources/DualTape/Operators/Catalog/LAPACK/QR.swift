/// The reduced QR factorization through LAPACK's `geqrf` and `orgqr`.

/// One factor of the reduced QR factorization `A = Q R` of each `[m, n]` matrix with `m ≥ n`
/// (`[B, m, n]` batches): `Q` `[m, n]` with orthonormal columns, or `R` `[n, n]` upper
/// triangular with a nonnegative diagonal (the unique factorization of a full-rank matrix,
/// smooth in `A`; NumPy, PyTorch and JAX return LAPACK's signs, `Q D` and `D R` with
/// `D = diag(±1)`).
///
/// The operator protocol has one output, so each factor is its own operator (`QR(part: .q)`,
/// `QR(part: .r)`), each computing the factorization; ``qr(_:)`` returns both. Each rule
/// obtains the other factor by applying the other operator, so it is differentiable in turn.
///
///     E = Ȧ R⁻¹,  C = Qᵀ E,  Ω = tril(C, -1) − tril(C, -1)ᵀ              (as JAX's qr_jvp_rule)
///     Q̇ = Q (Ω − C) + E          Ṙ = (C − Ω) R
///     M = Qᵀ Q̄ − R̄ Rᵀ,  G = tril(M − Mᵀ, -1) − M,   Ā = (Q̄ + Q G) R⁻ᵀ
///
/// The derivative needs `R` invertible (`A` of full column rank); `m < n` is not supported.
public struct QR: DifferentiableOperator {
    /// The factor an operator computes.
    public enum Part: String, Sendable, CaseIterable {
        /// `Q` `[m, n]`, orthonormal columns.
        case q
        /// `R` `[n, n]`, upper triangular.
        case r
    }

    /// The output this operator computes.
    public let part: Part
    /// The operator computing `part`.
    ///
    /// - Parameter part: ``Part/q`` or ``Part/r``.
    public init(part: Part) { self.part = part }
    /// "qr", its catalog and expression-language name.
    public var name: String { "qr" }
    /// One input.
    public var arity: Int { 1 }
    /// `"qr[q]"` or `"qr[r]"`.
    public var description: String { "qr[\(part.rawValue)]" }
    /// Full column rank matrices; R's diagonal is made nonnegative (peers keep LAPACK's signs).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.fullRank)],
                     note: "R has a nonnegative diagonal (peers return LAPACK's signs); the derivative needs full column rank")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// `Q` `[m, n]` or `R` `[n, n]` of the reduced factorization (LAPACK); stops unless `m ≥ n`.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: false)
        precondition(a.shape[a.rank - 2] >= a.shape[a.rank - 1],
                     "qr: expects at least as many rows as columns (the reduced factorization), got shape \(Shape.describe(a.shape))")
        let (q, r, problem) = Kernels.qr(a, wantQ: part == .q)
        problem?.report(name, shape: a.shape) { _ in ("", "") }
        return part == .q ? q! : r
    }

    /// `Q` and `R` of `a`, one of them the operator's output.
    private func factors(_ a: NDArray, _ output: NDArray) -> (q: NDArray, r: NDArray) {
        part == .q ? (output, dispatch(QR(part: .r), a)) : (dispatch(QR(part: .q), a), output)
    }

    /// `Q̇ = Q (Ω − C) + E` or `Ṙ = (C − Ω) R`, as JAX's `qr_jvp_rule`.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: output) }
        let (q, r) = factors(inputs[0], output)
        // E = Ȧ R⁻¹ = (R⁻ᵀ Ȧᵀ)ᵀ
        let e = dispatch(TriangularSolve(lower: true), r.matrixTransposed, t.matrixTransposed).matrixTransposed
        let c = matmul(q.matrixTransposed, e)
        let below = c.lowerTriangle(-1)
        let omega = below - below.matrixTransposed
        return part == .q ? matmul(q, omega - c) + e : matmul(c - omega, r)
    }

    /// The transpose of the JVP for the factor computed.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (q, r) = factors(inputs[0], output)
        let m = part == .q ? matmul(q.matrixTransposed, cotangent) : -matmul(cotangent, r.matrixTransposed)
        let g = (m - m.matrixTransposed).lowerTriangle(-1) - m
        let eBar = part == .q ? cotangent + matmul(q, g) : matmul(q, g)
        // Ā = Ē R⁻ᵀ = (R⁻¹ Ēᵀ)ᵀ
        return [dispatch(TriangularSolve(lower: false), r, eBar.matrixTransposed).matrixTransposed]
    }
}

/// The reduced QR factorization of each matrix of `a` `[…, m, n]` with `m ≥ n`: `Q` `[…, m, n]`
/// with orthonormal columns and `R` `[…, n, n]` upper triangular with a nonnegative diagonal
/// (NumPy's `numpy.linalg.qr(a, mode="reduced")` up to those signs). Differentiable (see ``QR``).
///
///     A = Q R,  Qᵀ Q = I
///     C = Qᵀ Ȧ R⁻¹,  Ω = tril(C, -1) − tril(C, -1)ᵀ,   Q̇ = Q (Ω − C) + Ȧ R⁻¹,   Ṙ = (C − Ω) R
///
/// - Parameter a: Matrices `[…, m, n]` with `m ≥ n` (stops otherwise).
/// - Returns: `Q` `[…, m, n]` and `R` `[…, n, n]`.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity, and (from the transforms)
///   when differentiating where `R` is singular.
public func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray) {
    precondition(a.rank >= 2, "qr: expects matrices [..., m, n], got shape \(Shape.describe(a.shape))")
    return try withOperatorErrors {
        let flat = MatrixBatching.flatten(a), lead = MatrixBatching.leading(a.shape)
        return (MatrixBatching.restore(dispatch(QR(part: .q), flat), leading: lead, trailing: 2),
                MatrixBatching.restore(dispatch(QR(part: .r), flat), leading: lead, trailing: 2))
    }
}

// MARK: - Expression spelling

extension QR: CallSpelling {
    /// `part=…`.
    public var spelling: Spelling { .call(name, after: ["part=\(part.rawValue)"]) }
}
