/// Triangular solves through LAPACK's `trtrs`.

/// The solution `X = T⁻¹ B` of `T X = B`, where `T` is the triangle of `A` that `lower`
/// selects (the other triangle is not read), with ones on the diagonal instead of `A`'s when
/// `unitDiagonal`. Shapes batch as in ``Solve``.
///
///     T = P ∘ A (+ I when unitDiagonal),  P the mask of the triangle read
///     Ẋ = T⁻¹ (Ḃ − (P ∘ Ȧ) X)          B̄ = T⁻ᵀ X̄,   Ā = −P ∘ (B̄ Xᵀ)
///
/// The reverse rule solves with `Aᵀ` and the other triangle (the same elements), so it is
/// differentiable in turn. A zero on the diagonal is reported (``OperatorError``).
public struct TriangularSolve: DifferentiableOperator {
    /// Whether the lower triangle is read (else the upper one).
    public let lower: Bool
    /// Whether the diagonal is taken as ones (and not read).
    public let unitDiagonal: Bool

    /// A solve with the lower (or upper) triangle, its diagonal read or taken as ones.
    ///
    /// - Parameters:
    ///   - lower: `true` (the default) to read the lower triangle, `false` the upper one.
    ///   - unitDiagonal: `true` to take the diagonal as ones without reading it (default `false`).
    public init(lower: Bool = true, unitDiagonal: Bool = false) {
        self.lower = lower
        self.unitDiagonal = unitDiagonal
    }

    /// "triangular_solve", its catalog and expression-language name.
    public var name: String { "triangular_solve" }
    /// Two inputs.
    public var arity: Int { 2 }
    /// `"triangular_solve(lower)"`, with `", unit diagonal"` when the diagonal is taken as ones.
    public var description: String { "triangular_solve(\(lower ? "lower" : "upper")\(unitDiagonal ? ", unit diagonal" : ""))" }
    /// `a` invertible, `b` from the reals; only one triangle of `a` is read (the other's gradient is zero).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.matrix(.invertible), .real],
                     note: "reads one triangle of a (the gradient of the other is zero); a zero diagonal element is an OperatorError")
    }

    /// The mask of the elements of `A` this solve reads.
    func readMask(_ n: Int, _ dtype: DType) -> NDArray {
        let k = unitDiagonal ? -1 : 0
        let mask = MatrixMask.lower(n, n, k: k, dtype)
        return lower ? mask : mask.matrixTransposed
    }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// `X = T⁻¹ B` by substitution (LAPACK `trtrs`); NaNs and a report for a zero diagonal element.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        MatrixBatching.requireSystem(name, a, b)
        let (x, problem) = Kernels.triangularSolve(a, b, lower: lower, unitDiagonal: unitDiagonal)
        problem?.report(name, shape: a.shape) { i in
            ("is singular: its diagonal element [\(i - 1), \(i - 1)] is exactly zero",
             "a triangular solve needs a nonzero diagonal; check the factor that produced the matrix")
        }
        return x
    }

    /// `Ẋ = T⁻¹ (Ḃ − (P ∘ Ȧ) X)`, `P` the triangle read.
    public func jvp(_ inputs: [NDArray], output x: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let a = inputs[0]
        var rhs: NDArray
        let mask = readMask(a.order, a.dtype)
        switch (tangents[0], tangents[1]) {
        case (let ta?, let tb?): rhs = tb - matmul(ta * mask, x)
        case (let ta?, nil): rhs = -matmul(ta * mask, x)
        case (nil, let tb?): rhs = tb
        case (nil, nil): return NDArray.zeros(like: x)
        }
        return dispatch(self, a, rhs)
    }

    /// `B̄ = T⁻ᵀ X̄` and `Ā = −P ∘ (B̄ Xᵀ)`.
    public func vjp(_ inputs: [NDArray], output x: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (a, b) = (inputs[0], inputs[1])
        let bBar = dispatch(TriangularSolve(lower: !lower, unitDiagonal: unitDiagonal), a.matrixTransposed, cotangent)
        return [needed[0] ? unbroadcast(-matmul(bBar, x.matrixTransposed), to: a.shape) * readMask(a.order, a.dtype) : nil,
                needed[1] ? unbroadcast(bBar, to: b.shape) : nil]
    }
}

/// The solution `x` of `T x = b` for the triangle `T` of `a` `[…, n, n]` (lower, or upper;
/// the other triangle is not read; ones on the diagonal when `unitDiagonal`), with `b` a
/// vector `[n]` or matrices `[…, n, k]` as in ``solve(_:_:)`` (SciPy's
/// `scipy.linalg.solve_triangular`). Differentiable in both arguments (see ``TriangularSolve``).
///
///     x = T⁻¹ b
///     ẋ = T⁻¹ (ḃ − (P ∘ Ȧ) x)          b̄ = T⁻ᵀ x̄,   Ā = −P ∘ (b̄ xᵀ)      P: the triangle read
///
/// - Parameters:
///   - a: Square matrices `[…, n, n]`; only the triangle `lower` selects is read.
///   - b: A vector `[n]` or matrices `[…, n, k]` of `a`'s dtype, as in ``solve(_:_:)``.
///   - lower: `true` (the default) for the lower triangle, `false` for the upper one.
///   - unitDiagonal: `true` to take the diagonal as ones, not read (default `false`).
/// - Returns: `x`, shaped as in ``solve(_:_:)``.
/// - Throws: ``OperatorError`` when a diagonal element is zero or the triangle holds NaN or infinity.
public func triangularSolve(_ a: NDArray, _ b: NDArray, lower: Bool = true, unitDiagonal: Bool = false) throws -> NDArray {
    try withOperatorErrors {
        MatrixBatching.solve("triangular_solve", a, b) { dispatch(TriangularSolve(lower: lower, unitDiagonal: unitDiagonal), $0, $1) }
    }
}

// MARK: - Expression spelling

extension TriangularSolve: CallSpelling {
    /// `lower=…, unit_diagonal=…`.
    public var spelling: Spelling { .call(name, after: ["lower=\(lower)", "unit_diagonal=\(unitDiagonal)"]) }
}
