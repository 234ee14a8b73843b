import Testing
@testable import DualTape

/// outer, kron and einsum against values computed by hand or by explicit loops written here,
/// their gradients against closed forms, and second order against finite differences.
@Suite("Products: outer, kron, einsum")
struct ProductTests {
    static let a = NDArray([[1.0, 2, 3], [4, 5, 6]])
    static let b = NDArray([[1.0, 0], [0, 1], [1, 1]])
    static let square = NDArray([[1.0, 2], [3, 4]])

    @Test func einsumCommonForms() {
        expectValues(einsum("ij,jk->ik", Self.a, Self.b), [4, 5, 10, 11], shape: [2, 2])
        expectValues(einsum("ij,jk", Self.a, Self.b), [4, 5, 10, 11], shape: [2, 2])
        expectValues(einsum("ij->ji", Self.a), [1, 4, 2, 5, 3, 6], shape: [3, 2])
        expectValues(einsum("ii->", Self.square), [5], shape: [])
        expectValues(einsum("ii", Self.square), [5], shape: [])
        expectValues(einsum("ii->i", Self.square), [1, 4], shape: [2])
        expectValues(einsum("i,j->ij", NDArray([1.0, 2]), NDArray([3.0, 4, 5])), [3, 4, 5, 6, 8, 10], shape: [2, 3])
        expectValues(einsum("ij->i", Self.a), [6, 15], shape: [2])
        expectValues(einsum("ij->", Self.a), [21], shape: [])
        expectValues(einsum("ij,ij->ij", Self.a, Self.a), [1, 4, 9, 16, 25, 36], shape: [2, 3])
        expectValues(einsum("ij,ij->", Self.a, Self.a), [91], shape: [])
        // NumPy's implicit output: labels that appear once, in ASCII order (upper case first).
        expectValues(einsum("ba", Self.a), [1, 4, 2, 5, 3, 6], shape: [3, 2])
        expectValues(einsum("bA", Self.a), [1, 4, 2, 5, 3, 6], shape: [3, 2])
        // A diagonal contracted with a vector, a label summed in one operand only.
        expectValues(einsum("ii,i->i", Self.square, NDArray([10.0, 100])), [10, 400], shape: [2])
        expectValues(einsum("ij,k->ik", Self.a, NDArray([1.0, 2])), [6, 12, 15, 30], shape: [2, 2])
    }

    @Test func batchedAndEllipsis() {
        var g = RandomGenerator(seed: 3)
        let x = NDArray.normal(shape: [3, 2, 4], generator: &g), y = NDArray.normal(shape: [3, 4, 5], generator: &g)
        let reference = matmul(x, y)
        expectValues(einsum("bij,bjk->bik", x, y), reference.scalars, shape: [3, 2, 5], rel: 1e-13)
        expectValues(einsum("...ij,...jk->...ik", x, y), reference.scalars, shape: [3, 2, 5], rel: 1e-13)
        // The ellipsis broadcasts: one matrix against a batch, an extent 1 against 3.
        let w = NDArray.normal(shape: [1, 4, 5], generator: &g)
        expectValues(einsum("...ij,...jk->...ik", x, w), matmul(x, w.reshape([4, 5])).scalars, shape: [3, 2, 5], rel: 1e-13)
        expectValues(einsum("...ij,jk", x, w.reshape([4, 5])), matmul(x, w.reshape([4, 5])).scalars, shape: [3, 2, 5], rel: 1e-13)
        // Three operands, contracted left to right.
        let c = NDArray.normal(shape: [5, 2], generator: &g)
        expectValues(einsum("ij,jk,kl->il", x[0], y[0], c), matmul(matmul(x[0], y[0]), c).scalars, shape: [2, 2], rel: 1e-13)
    }

    /// `Σ_{j,k} a[i,j,k] · b[k,j,l]` by explicit loops.
    static func reference(_ a: NDArray, _ b: NDArray) -> [Double] {
        let (p, q, r, s) = (a.shape[0], a.shape[1], a.shape[2], b.shape[2])
        let va = a.scalars, vb = b.scalars
        var out = [Double](repeating: 0, count: p * s)
        for i in 0 ..< p { for l in 0 ..< s { for j in 0 ..< q { for k in 0 ..< r {
            out[i * s + l] += va[(i * q + j) * r + k] * vb[(k * q + j) * s + l]
        } } } }
        return out
    }

    /// Contractions large enough for BLAS, including operands whose inner axes come in
    /// different orders (a copy is needed) and transposed views, in both dtypes.
    @Test(arguments: [DType.float64, .float32])
    func largeContractionsMatchLoops(_ dtype: DType) {
        var g = RandomGenerator(seed: 5)
        let a = NDArray.normal(shape: [6, 5, 7], dtype: dtype, generator: &g), b = NDArray.normal(shape: [7, 5, 8], dtype: dtype, generator: &g)
        let rel = dtype == .float32 ? 1e-5 : 1e-13
        expectValues(einsum("ijk,kjl->il", a, b), Self.reference(a, b), shape: [6, 8], rel: rel, abs: rel)
        let at = a.transposed([2, 1, 0]).astype(dtype)
        expectValues(einsum("kji,kjl->il", at, b), Self.reference(a, b), shape: [6, 8], rel: rel, abs: rel)
        // Many small items: the direct loop.
        let x = NDArray.normal(shape: [40, 2, 3], dtype: dtype, generator: &g), y = NDArray.normal(shape: [40, 3, 2], dtype: dtype, generator: &g)
        expectValues(einsum("bij,bjk->bik", x, y), matmul(x, y).scalars, shape: [40, 2, 2], rel: rel, abs: rel)
        // Many large items: one GEMM each.
        let u = NDArray.normal(shape: [3, 20, 30], dtype: dtype, generator: &g), v = NDArray.normal(shape: [3, 30, 10], dtype: dtype, generator: &g)
        expectValues(einsum("bij,bjk->bik", u, v), matmul(u, v).scalars, shape: [3, 20, 10], rel: rel, abs: rel)
        expectValues(einsum("bji,bjk->bki", u.transposed([0, 2, 1]), v), matmul(u, v).transposed([0, 2, 1]).scalars, rel: rel, abs: rel)
    }

    /// DualTape's general form: an output label repeated (a diagonal of zeros) or absent from
    /// the operands (a broadcast): what the derivatives of traces and sums are.
    @Test func generalFormsOfTheOperator() {
        let embed = Einsum(subscripts: EinsumSubscripts(inputs: [[0]], output: [0, 0]), outputShape: [2, 2])
        expectValues(dispatch(embed, [NDArray([3.0, 7])]), [3, 0, 0, 7], shape: [2, 2])
        let spread = Einsum(subscripts: EinsumSubscripts(inputs: [[0]], output: [0, 1]), outputShape: [2, 3])
        expectValues(dispatch(spread, [NDArray([3.0, 7])]), [3, 3, 3, 7, 7, 7], shape: [2, 3])
        let both = Einsum(subscripts: EinsumSubscripts(inputs: [[]], output: [1, 0, 0]), outputShape: [2, 2, 2])
        expectValues(dispatch(both, [NDArray(values: [5], shape: [])]), [5, 0, 0, 5, 5, 0, 0, 5], shape: [2, 2, 2])
    }

    @Test func einsumGradientsHaveClosedForms() throws {
        // d tr(X)/dX = I;  d Σᵢⱼ Xᵢⱼ Yⱼᵢ / dX = Yᵀ;  d Σ row sums / dX = 1.
        expectValues(try gradient(at: Self.square) { einsum("ii->", $0) }, [1, 0, 0, 1])
        expectValues(try gradient(at: [Self.a, Self.b]) { einsum("ij,ji->", $0[0], $0[1]) }[0], [1, 0, 1, 0, 1, 1])
        expectValues(try gradient(at: Self.a) { einsum("ij->i", $0).sum() }, [1, 1, 1, 1, 1, 1])
        // d/dX Σᵢ (XX)ᵢᵢ = 2Xᵀ in both modes.
        let x = Self.square
        expectValues(try gradient(at: x) { einsum("ij,ji->", $0, $0) }, [2, 6, 4, 8])
        let (_, t) = try jvp(at: x, tangent: NDArray([[1.0, 0], [0, 0]])) { einsum("ij,ji->", $0, $0) }
        expectValues(t, [2])
    }

    /// Forward over reverse on `f(X) = Σ (X·X ⊙ X)` (einsums of einsums) against central
    /// differences of the reverse-mode gradient.
    @Test func einsumSecondOrderMatchesFiniteDifferences() throws {
        var g = RandomGenerator(seed: 9)
        let x = NDArray.normal(shape: [3, 3], generator: &g), v = NDArray.normal(shape: [3, 3], generator: &g)
        let f: (NDArray) -> NDArray = { einsum("ij,jk,ik->", $0, $0, $0) + einsum("ii,jj->", $0, $0) }
        let hv = try hessianVectorProduct(at: x, vector: v, f)
        let h = 1e-4
        let plus = try gradient(at: x + h * v, f), minus = try gradient(at: x - h * v, f)
        expectValues(hv, ((plus - minus) / (2 * h)).scalars, rel: 1e-7, abs: 1e-8)
    }

    @Test func outerValuesAndGradients() throws {
        let u = NDArray([1.0, 2]), v = NDArray([3.0, 4, 5])
        expectValues(outer(u, v), [3, 4, 5, 6, 8, 10], shape: [2, 3])
        // NumPy flattens: a [2, 1] and a 0-d array.
        expectValues(outer(u.reshape([2, 1]), NDArray(values: [2], shape: [])), [2, 4], shape: [2, 1])
        let w = NDArray([[1.0, -1, 2], [0, 3, 1]])
        let grads = try gradient(at: [u, v]) { (outer($0[0], $0[1]) * w).sum() }
        expectValues(grads[0], [3 - 4 + 10, 12 + 5])       // ā = W v
        expectValues(grads[1], [1, -1 + 6, 2 + 2])          // v̄ = Wᵀ u
        // The operator on any ranks: the tensor product.
        expectValues(dispatch(Outer(), NDArray([[1.0, 2]]), NDArray([3.0, 4])), [3, 4, 6, 8], shape: [1, 2, 2])
    }

    @Test func kronValuesAndGradients() throws {
        let eye = NDArray.eye(2)
        expectValues(kron(Self.square, eye), [1, 0, 2, 0, 0, 1, 0, 2, 3, 0, 4, 0, 0, 3, 0, 4], shape: [4, 4])
        expectValues(kron(NDArray([1.0, 2]), NDArray([1.0, 10])), [1, 10, 2, 20], shape: [4])
        // A vector against a matrix: the vector is [1, 3].
        expectValues(kron(NDArray([1.0, 2, 3]), Self.square), [1, 2, 2, 4, 3, 6, 3, 4, 6, 8, 9, 12], shape: [2, 6])
        // ā[i, j] = Σ_{k,l} W[2i+k, 2j+l] b[k, l] with W a matrix of weights.
        let weights = NDArray(values: (0 ..< 16).map(Double.init), shape: [4, 4])
        let grads = try gradient(at: [Self.square, eye]) { (kron($0[0], $0[1]) * weights).sum() }
        expectValues(grads[0], [0 + 5, 2 + 7, 8 + 13, 10 + 15])
        // b̄[k, l] = Σ_{i,j} W[2i+k, 2j+l] a[i, j].
        let w = weights.scalars
        let expected = (0 ..< 4).map { kl -> Double in
            let (k, l) = (kl / 2, kl % 2)
            return [1.0, 2, 3, 4].enumerated().reduce(0) { s, e in s + e.element * w[(2 * (e.offset / 2) + k) * 4 + 2 * (e.offset % 2) + l] }
        }
        expectValues(grads[1], expected)
    }
}
