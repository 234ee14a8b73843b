import Foundation
import Testing
@testable import DualTape

/// The LAPACK operators against closed forms worked out by hand: values, and derivatives in
/// both modes (Jacobians by forward mode and by reverse mode must both equal the formula).
@Suite("Linear algebra through LAPACK: values and derivatives in closed form")
struct LAPACKClosedFormTests {
    /// Records an issue unless the Jacobian of `f` at `x` in both modes is `expected` (row-major, `f(x).shape + x.shape`).
    func expectJacobian(at x: NDArray, _ expected: [Double], rel: Double = 1e-12, abs: Double = 1e-14,
                        sourceLocation: SourceLocation = #_sourceLocation, _ f: (NDArray) throws -> NDArray) throws {
        for mode in [JacobianMode.forward, .reverse] {
            let j = try jacobian(at: x, mode: mode, f)
            expectValues(j.matrix, expected, rel: rel, abs: abs, sourceLocation: sourceLocation)
        }
    }

    @Test func solveClosedForm() throws {
        let a = NDArray([[2.0, 1], [1, 3]]), b = NDArray([1.0, 2])
        expectValues(try solve(a, b), [0.2, 0.6], shape: [2])
        // ∂(Σx)/∂b = A⁻ᵀ 1 = [0.4, 0.2];  ∂(Σx)/∂A = −(A⁻ᵀ 1) xᵀ
        expectValues(try gradient(at: b) { try solve(a, $0).sum() }, [0.4, 0.2], rel: 1e-14)
        expectValues(try gradient(at: a) { try solve($0, b).sum() }, [-0.08, -0.24, -0.04, -0.12], rel: 1e-14)
        // x = A⁻¹ b is linear in b: its Jacobian is A⁻¹ in both modes.
        try expectJacobian(at: b, [0.6, -0.2, -0.2, 0.4]) { try solve(a, $0) }
    }

    @Test func solveBatchesOverLeadingAxes() throws {
        var g = RandomGenerator(seed: 1)
        let a = Domain.matrix(.invertible).structured(NDArray.uniform(low: -1, high: 1, shape: [2, 2, 3, 3], generator: &g))
        let b = NDArray.normal(shape: [2, 2, 3, 2], generator: &g)
        let x = try solve(a, b)
        #expect(x.shape == [2, 2, 3, 2])
        for i in 0 ..< 2 {
            for j in 0 ..< 2 {
                expectValues(matmul(a[i, j], x[i, j]), b[i, j].scalars, rel: 1e-13, abs: 1e-14)
            }
        }
        // One matrix against a batch of vectors, and a batch of matrices against one vector.
        let v = NDArray([1.0, -1, 2])
        expectValues(try solve(a, v)[1, 0], try solve(a[1, 0], v).scalars, shape: [3], rel: 1e-15)
        let many = try solve(a[0, 0], b.reshape([4, 3, 2]))
        #expect(many.shape == [4, 3, 2])
        expectValues(many[2], try solve(a[0, 0], b[1, 0]).scalars, rel: 1e-15)
        #expect(try solve(a, v).shape == [2, 2, 3])
    }

    @Test func invClosedForm() throws {
        let a = NDArray([[4.0, 7], [2, 6]])
        let y = try inv(a)
        expectValues(y, [0.6, -0.7, -0.2, 0.4], rel: 1e-14)
        // ∂Yᵢⱼ/∂Aₖₗ = −Yᵢₖ Yₗⱼ
        let yv = y.scalars
        var expected: [Double] = []
        for i in 0 ..< 2 { for j in 0 ..< 2 { for k in 0 ..< 2 { for l in 0 ..< 2 { expected.append(-yv[i * 2 + k] * yv[l * 2 + j]) } } } }
        try expectJacobian(at: a, expected, rel: 1e-13) { try inv($0) }
    }

    @Test func determinantsClosedForm() throws {
        let a = NDArray([[1.0, 2], [3, 4]])
        expectValues(try det(a), [-2], shape: [1], rel: 1e-14)
        let (sign, logabsdet) = try slogdet(a)
        expectValues(sign, [-1], shape: [1])
        expectValues(logabsdet, [log(2)], shape: [1], rel: 1e-14)
        // ∇det = cofactors = det · A⁻ᵀ;  ∇ log|det| = A⁻ᵀ;  the sign has zero derivative.
        try expectJacobian(at: a, [4, -3, -2, 1], rel: 1e-13) { try det($0) }
        try expectJacobian(at: a, [-2, 1.5, 1, -0.5], rel: 1e-13) { try slogdet($0).logabsdet }
        try expectJacobian(at: a, [0, 0, 0, 0]) { try slogdet($0).sign }
        // A singular matrix: det 0, sign 0, log|det| = -∞ (values, not errors).
        let singular = NDArray([[1.0, 2], [2, 4]])
        expectValues(try det(singular), [0])
        #expect(try slogdet(singular).sign.scalars == [0])
        #expect(try slogdet(singular).logabsdet.scalars == [-Double.infinity])
        // Batches over leading axes: one value per matrix.
        let batch = NDArray.stack([a, 2 * a, singular]).reshape([3, 1, 2, 2])
        expectValues(try det(batch), [-2, -8, 0], shape: [3, 1], rel: 1e-14)
    }

    @Test func logabsdetSecondOrder() throws {
        // φ(A) = log|det A|: ∇φ = A⁻ᵀ and H[V] = −(A⁻¹ V A⁻¹)ᵀ.
        let a = NDArray([[3.0, 1, 0], [1, -2, 1], [0.5, 0, 1]]), v = NDArray([[1.0, 0, 2], [0, 1, -1], [1, 1, 0]])
        let hv = try hessianVectorProduct(at: a, vector: v) { try slogdet($0).logabsdet.sum() }
        let ainv = try inv(a)
        expectValues(hv, (-matmul(matmul(ainv, v), ainv)).T.scalars, rel: 1e-12, abs: 1e-14)
    }

    @Test func choleskyClosedForm() throws {
        // A = [[4, 2], [2, 3]]: L = [[2, 0], [1, √2]]. The strictly upper triangle is not read.
        let a = NDArray([[4.0, 100], [2, 3]])
        expectValues(try cholesky(a), [2, 0, 1, sqrt(2)], rel: 1e-15)
        // L₁₁ = √a₁₁, L₂₁ = a₂₁/L₁₁, L₂₂ = √(a₂₂ − L₂₁²): by hand, rows L₁₁, L₁₂, L₂₁, L₂₂ over a₁₁, a₁₂, a₂₁, a₂₂.
        let r2 = sqrt(2.0)
        try expectJacobian(at: a, [0.25, 0, 0, 0,
                                   0, 0, 0, 0,
                                   -0.125, 0, 0.5, 0,
                                   0.125 / r2, 0, -0.5 / r2, 1 / (2 * r2)], rel: 1e-13) { try cholesky($0) }
    }

    @Test func triangularSolveClosedForm() throws {
        // The upper triangle (99) is not read; with a unit diagonal neither is the diagonal.
        let t = NDArray([[2.0, 99], [1, 4]]), b = NDArray([2.0, 9])
        expectValues(try triangularSolve(t, b), [1, 2], rel: 1e-15)
        expectValues(try triangularSolve(t, b, unitDiagonal: true), [2, 7], rel: 1e-15)
        // Upper: [[2, 1], [·, 4]] x = [2, 9].
        expectValues(try triangularSolve(t.T, b, lower: false), [-0.125, 2.25], rel: 1e-15)
        // ∂x/∂T: x₁ = b₁/t₁₁, x₂ = (b₂ − t₂₁ x₁)/t₂₂, and zero for the element not read.
        try expectJacobian(at: t, [-0.5, 0, 0, 0,
                                   0.125, 0, -0.25, -0.5], rel: 1e-14) { try triangularSolve($0, b) }
    }

    @Test func qrClosedForm() throws {
        // A negative pivot: LAPACK would give R₁₁ = −5; the factorization here has R₁₁ = +5.
        let a = NDArray([[-3.0, 1], [4, 2]])
        let (q, r) = try qr(a)
        expectValues(matmul(q, r), a.scalars, rel: 1e-14, abs: 1e-15)
        expectValues(matmul(q.T, q), [1, 0, 0, 1], abs: 1e-15)
        #expect(r.scalars[0] > 0 && r.scalars[3] > 0 && r.scalars[2] == 0)
        expectValues(r[0, 0], [5], rel: 1e-15)
        // One column a: Q = a/|a|, R = |a|;  ∂R/∂a = a/|a|,  ∂Q/∂a = (I − q qᵀ)/|a|.
        let column = NDArray([[3.0], [4]])
        try expectJacobian(at: column, [0.6, 0.8], rel: 1e-14) { try qr($0).r }
        try expectJacobian(at: column, [0.64 / 5, -0.48 / 5, -0.48 / 5, 0.36 / 5], rel: 1e-13, abs: 1e-15) { try qr($0).q }
    }

    @Test func eighClosedForm() throws {
        // S = R diag(1, 3) Rᵀ with the rotation R = [[0.8, -0.6], [0.6, 0.8]]; the upper triangle (99) is not read.
        let a = NDArray([[1.72, 99], [-0.96, 2.28]])
        let (w, v) = try eigh(a)
        expectValues(w, [1, 3], rel: 1e-14)
        // Columns ±[0.8, 0.6] and ±[-0.6, 0.8], each with its largest element positive.
        expectValues(v, [0.8, -0.6, 0.6, 0.8], rel: 1e-14)
        // ∂wᵢ/∂aⱼⱼ = vᵢⱼ², ∂wᵢ/∂a₂₁ = 2 vᵢ₁ vᵢ₂ (the lower triangle is read), ∂wᵢ/∂a₁₂ = 0.
        try expectJacobian(at: a, [0.64, 0, 0.96, 0.36, 0.36, 0, -0.96, 0.64], rel: 1e-13, abs: 1e-15) { try eigvalsh($0) }
        // V̇ = V (F ∘ Vᵀ Ṡ V), F = [[0, 1/2], [-1/2, 0]]. Along ȧ₂₁ = 1 (Ṡ = [[0, 1], [1, 0]]):
        // (Vᵀ Ṡ V)₁₂ = 0.28, so V̇ = V [[0, 0.14], [-0.14, 0]].
        let (_, tangent) = try jvp(at: a, tangent: NDArray([[0.0, 0], [1, 0]])) { try eigh($0).vectors }
        expectValues(tangent, [0.084, 0.112, -0.112, 0.084], rel: 1e-12, abs: 1e-15)
        // Along the upper triangle nothing moves.
        let (_, still) = try jvp(at: a, tangent: NDArray([[0.0, 1], [0, 0]])) { try eigh($0).vectors }
        expectValues(still, [0, 0, 0, 0])
        // Reverse mode: the gradient of ⟨V, G⟩ is lower triangular and agrees with the JVP.
        let g = NDArray([[1.0, 2], [-1, 0.5]])
        let grad = try gradient(at: a) { (try eigh($0).vectors * g).sum() }
        #expect(grad.scalars[1] == 0)
        expectValues(grad[1, 0], [(tangent * g).sum().scalars[0]], rel: 1e-12)
    }

    @Test func svdClosedForm() throws {
        let a = NDArray([[0.0, 2], [-3, 0]])
        let (u, s, vh) = try svd(a)
        expectValues(s, [3, 2], rel: 1e-15)
        expectValues(matmul(u * s.reshape([1, 2]), vh), a.scalars, rel: 1e-14, abs: 1e-15)
        // ∂sᵢ/∂A = uᵢ vᵢᵀ.
        let uv = u.scalars, vv = vh.scalars
        var expected: [Double] = []
        for i in 0 ..< 2 { for r in 0 ..< 2 { for c in 0 ..< 2 { expected.append(uv[r * 2 + i] * vv[i * 2 + c]) } } }
        try expectJacobian(at: a, expected, rel: 1e-14, abs: 1e-15) { try svdvals($0) }
        // A column a (m > n): U = ±a/|a| with its largest element positive, here U = −a/|a| = [0.8, −0.6];
        // ∂U/∂a = −(I − u uᵀ)/|a|.
        let column = NDArray([[-4.0], [3]])
        expectValues(try svd(column).u, [0.8, -0.6], rel: 1e-15)
        try expectJacobian(at: column, [-0.36 / 5, -0.48 / 5, -0.48 / 5, -0.64 / 5], rel: 1e-13, abs: 1e-15) { try svd($0).u }
        // A row (n > m): Vᵀ = a/|a| with U = [[1]]; ∂Vᵀ/∂a = (I − v vᵀ)/|a|.
        let row = NDArray([[3.0, 4]])
        try expectJacobian(at: row, [0.64 / 5, -0.48 / 5, -0.48 / 5, 0.36 / 5], rel: 1e-13, abs: 1e-15) { try svd($0).vh }
    }

    @Test func float32Solve() throws {
        let a = NDArray([[2.0, 1], [1, 3]], dtype: .float32), b = NDArray([1.0, 2], dtype: .float32)
        let x = try solve(a, b)
        #expect(x.dtype == .float32)
        expectValues(x, [0.2, 0.6], rel: 1e-6)
        expectValues(try gradient(at: b) { try solve(a, $0).sum() }, [0.4, 0.2], rel: 1e-6)
    }

    /// The sampling structures keep their promises for any elements (special values included).
    @Test(arguments: MatrixStructure.allCases)
    func structuresHoldTheirGuarantees(_ structure: MatrixStructure) throws {
        var g = RandomGenerator(seed: stableSeed(structure.rawValue))
        let draws = [NDArray.uniform(low: -1, high: 1, shape: [8, 4, 4], generator: &g), NDArray.zeros([1, 4, 4]), NDArray.ones([1, 4, 4]),
                     NDArray.full([1, 4, 4], -7)]
        for x in draws {
            let a = Domain.matrix(structure).structured(x)
            switch structure {
            case .invertible:
                // Strictly diagonally dominant, with a margin of 1.
                for k in 0 ..< a.shape[0] {
                    let m = a[k].scalars
                    for i in 0 ..< 4 {
                        let off = (0 ..< 4).filter { $0 != i }.reduce(0) { $0 + Swift.abs(m[i * 4 + $1]) }
                        #expect(Swift.abs(m[i * 5]) >= off + 1)
                    }
                }
            case .positiveDefinite:
                expectValues(a, a.transposed([0, 2, 1]).scalars)
                #expect(try eigvalsh(a).scalars.allSatisfy { $0 >= 1 - 1e-12 })
            case .symmetric:
                expectValues(a, a.transposed([0, 2, 1]).scalars)
                let w = try eigvalsh(a).scalars
                for k in 0 ..< a.shape[0] {
                    for i in 0 ..< 3 {
                        let gap: Double = w[k * 4 + i + 1] - w[k * 4 + i]
                        #expect(gap >= 1)
                    }
                }
            case .fullRank:
                let s = try svdvals(a).scalars
                for k in 0 ..< a.shape[0] {
                    let smallest: Double = s[k * 4 + 3]
                    #expect(smallest >= 1)
                    for i in 0 ..< 3 {
                        let gap: Double = s[k * 4 + i] - s[k * 4 + i + 1]
                        #expect(gap >= 1)
                    }
                }
            }
        }
    }
}
