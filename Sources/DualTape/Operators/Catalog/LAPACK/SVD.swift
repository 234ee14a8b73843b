/// The singular value decomposition through LAPACK's `gesdd`.

/// One part of the reduced SVD `A = U diag(s) Vᵀ` of each `[m, n]` matrix (`[B, m, n]`
/// batches), `k = min(m, n)`: the singular values `s` `[k]` (descending), `U` `[m, k]`, or
/// `Vᵀ` `[k, n]` (NumPy's `vh`). Each column of `U` has its element of largest magnitude
/// positive, the matching row of `Vᵀ` following (NumPy, PyTorch and JAX return LAPACK's signs).
///
/// One operator per output (`SVD(part: .s)`, `.u`, `.vh`), each computing the decomposition;
/// ``svd(_:)`` returns all three. Each rule obtains the other parts by applying the other
/// operators, so it is differentiable in turn. With `P = Uᵀ Ȧ V`, `S = diag(s)` and
/// `Fᵢⱼ = 1 / (sⱼ² − sᵢ²)` (i ≠ j), `Fᵢᵢ = 0` (as JAX's svd_jvp_rule, real case):
///
///     ṡ = diag(P)
///     U̇ = U (F ∘ (P S + S Pᵀ)) + (I − U Uᵀ) Ȧ V S⁻¹        (the last term when m > n)
///     V̇ = V (F ∘ (S P + Pᵀ S)) + (I − V Vᵀ) Ȧᵀ U S⁻¹       (the last term when n > m)
///     Ā = U (diag(s̄) + (J + Jᵀ) S + S (K + Kᵀ)) Vᵀ + (I − U Uᵀ) Ū S⁻¹ Vᵀ + U S⁻¹ V̄ᵀ (I − V Vᵀ)
///         with J = F ∘ (Uᵀ Ū), K = F ∘ (Vᵀ V̄)
///
/// The singular values' rule needs neither F nor S⁻¹. The vectors are not differentiable
/// where two singular values are equal (or one is zero when m ≠ n): differentiating them
/// there throws an ``OperatorError``.
public struct SVD: DifferentiableOperator {
    /// The part of the decomposition an operator computes.
    public enum Part: String, Sendable, CaseIterable {
        /// The singular values, descending.
        case s
        /// The left singular vectors, as columns.
        case u
        /// The right singular vectors, as rows (`Vᵀ`).
        case vh
    }

    /// The output this operator computes.
    public let part: Part
    /// The operator computing `part`.
    ///
    /// - Parameter part: ``Part/s``, ``Part/u`` or ``Part/vh``.
    public init(part: Part) { self.part = part }
    /// "svd", its catalog and expression-language name.
    public var name: String { "svd" }
    /// One input.
    public var arity: Int { 1 }
    /// `"svd[s]"`, `"svd[u]"` or `"svd[vh]"`.
    public var description: String { "svd[\(part.rawValue)]" }
    /// Full rank matrices; U's columns have their largest element positive.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.fullRank)],
                     note: "U's columns have their largest element positive; the vectors' derivative at equal or (m ≠ n) zero singular values is an OperatorError")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The singular values (descending), `U` or `Vᵀ` of the reduced SVD (LAPACK `gesdd`); NaNs and
    /// a report when it fails.
    public func primal(_ a: NDArray) -> NDArray {
        MatrixBatching.requireMatrices(name, a, square: false)
        let (s, u, vt, problem) = Kernels.svd(a, wantVectors: part != .s)
        problem?.report(name, shape: a.shape, meaning: MatrixProblem.notConverged("gesdd"))
        switch part {
        case .s: return s
        case .u: return u!
        case .vh: return vt!
        }
    }

    /// `s`, `U` and `Vᵀ` of `a`, one of them the operator's output.
    private func parts(_ a: NDArray, _ output: NDArray) -> (s: NDArray, u: NDArray, vt: NDArray) {
        func get(_ p: Part) -> NDArray { p == part ? output : dispatch(SVD(part: p), a) }
        return (get(.s), get(.u), get(.vh))
    }

    /// `F`, plus a check (through dispatch, so a compiled function repeats it at every
    /// replay) that reports equal singular values, or a zero one when `m ≠ n`, as an ``OperatorError``.
    private func inverseGaps(_ s: NDArray, _ shape: [Int]) -> NDArray {
        MatrixMask.inverseDifferences(s * s) + dispatch(SpectralGapCheck(operation: name, matrixShape: shape), s)
    }

    /// `ṡ = diag(Uᵀ Ȧ V)`, or the vectors' tangents; an ``OperatorError`` at repeated (or, m ≠ n,
    /// zero) singular values.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: output) }
        let a = inputs[0]
        let (s, u, vt) = parts(a, output)
        let v = vt.matrixTransposed
        let p = matmul(matmul(u.matrixTransposed, t), v)
        if part == .s { return p.matrixDiagonal }
        let f = inverseGaps(s, a.shape)
        let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        if part == .u {
            var du = matmul(u, f * (p * s.asRow + s.asColumn * p.matrixTransposed))
            if m > n {
                let tv = matmul(t, v)
                du = du + (tv - matmul(u, matmul(u.matrixTransposed, tv))) / s.asRow
            }
            return du
        }
        var dv = matmul(v, f * (s.asColumn * p + p.matrixTransposed * s.asRow))
        if n > m {
            let tu = matmul(t.matrixTransposed, u)
            dv = dv + (tu - matmul(v, matmul(vt, tu))) / s.asRow
        }
        return dv.matrixTransposed
    }

    /// The transpose of the JVP for the part computed.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let a = inputs[0]
        let (s, u, vt) = parts(a, output)
        if part == .s { return [matmul(u * cotangent.asRow, vt)] }
        let f = inverseGaps(s, a.shape)
        let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        if part == .u {
            let j = f * matmul(u.matrixTransposed, cotangent)
            var grad = matmul(matmul(u, (j + j.matrixTransposed) * s.asRow), vt)
            if m > n {
                let complement = cotangent - matmul(u, matmul(u.matrixTransposed, cotangent))
                grad = grad + matmul(complement / s.asRow, vt)
            }
            return [grad]
        }
        let vBar = cotangent.matrixTransposed
        let k = f * matmul(vt, vBar)
        var grad = matmul(matmul(u, s.asColumn * (k + k.matrixTransposed)), vt)
        if n > m {
            let complement = cotangent - matmul(matmul(cotangent, vt.matrixTransposed), vt)
            grad = grad + matmul(u, complement / s.asColumn)
        }
        return [grad]
    }
}

/// The reduced singular value decomposition of each matrix of `a` `[…, m, n]`: `U` `[…, m, k]`,
/// the singular values `s` `[…, k]` (descending) and `Vᵀ` `[…, k, n]`, `k = min(m, n)`
/// (NumPy's `numpy.linalg.svd(a, full_matrices=False)`); each column of `U` has its largest
/// element positive. Differentiable (see ``SVD``).
///
///     A = U diag(s) Vᵀ,  Uᵀ U = Vᵀ V = I
///     ṡ = diag(Uᵀ Ȧ V);  U̇, V̇ as in ``SVD`` (with Fᵢⱼ = 1 / (sⱼ² − sᵢ²))
///
/// - Parameter a: Matrices `[…, m, n]` (stops on a rank below 2).
/// - Returns: `U` `[…, m, k]`, the singular values `[…, k]` (descending) and `Vᴴ` `[…, k, n]`.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity, LAPACK does not converge,
///   or (from the transforms) when differentiating the vectors at equal singular values.
public func svd(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vh: NDArray) {
    precondition(a.rank >= 2, "svd: expects matrices [..., m, n], got shape \(Shape.describe(a.shape))")
    return try withOperatorErrors {
        let flat = MatrixBatching.flatten(a), lead = MatrixBatching.leading(a.shape)
        return (MatrixBatching.restore(dispatch(SVD(part: .u), flat), leading: lead, trailing: 2),
                MatrixBatching.restore(dispatch(SVD(part: .s), flat), leading: lead, trailing: 1),
                MatrixBatching.restore(dispatch(SVD(part: .vh), flat), leading: lead, trailing: 2))
    }
}

/// The singular values (descending, `[…, k]`) of each matrix of `a` `[…, m, n]` (NumPy's
/// `numpy.linalg.svd(a, compute_uv=False)`). Differentiable (see ``SVD``).
///
///     ṡᵢ = uᵢᵀ Ȧ vᵢ
///
/// - Parameter a: Matrices `[…, m, n]` (stops on a rank below 2).
/// - Returns: The singular values, `[…, k]`, descending.
/// - Throws: ``OperatorError`` when a matrix holds NaN or infinity or LAPACK does not converge.
public func svdvals(_ a: NDArray) throws -> NDArray {
    precondition(a.rank >= 2, "svdvals: expects matrices [..., m, n], got shape \(Shape.describe(a.shape))")
    return try withOperatorErrors {
        MatrixBatching.restore(dispatch(SVD(part: .s), MatrixBatching.flatten(a)), leading: MatrixBatching.leading(a.shape), trailing: 1)
    }
}

// MARK: - Expression spelling

extension SVD: CallSpelling {
    /// `part=…`.
    public var spelling: Spelling { .call(name, after: ["part=\(part.rawValue)"]) }
}
