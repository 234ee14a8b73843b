import Foundation
import Testing
@testable import DualTape

/// softmax, log_softmax and normalize: stability at ±1000 and -∞, the rules against closed
/// forms, the fused product against the rule's NDArray operations bit for bit, and exact
/// second derivatives where one element dominates.
@Suite("Normalizations: softmax, log_softmax, normalize")
struct NormalizationTests {
    @Test func softmaxIsStableAtLargeAndInfiniteInputs() throws {
        let x = NDArray([[1000.0, 1000, -.infinity], [-1000, 0, 1000], [1, 2, 3]])
        let y = x.softmax().scalars
        #expect(Array(y[0 ..< 6]) == [0.5, 0.5, 0, 0, 0, 1])
        let e = [1.0, 2, 3].map { Foundation.exp($0 - 3) }, s = e.reduce(0, +)
        expectValues(NDArray(Array(y[6 ..< 9])), e.map { $0 / s }, rel: 1e-15)
        let allInfinite = NDArray([[-Double.infinity, -.infinity]]).softmax().scalars
        #expect(allInfinite.allSatisfy { $0.isNaN })
        // Along another axis: the same rows, transposed.
        #expect(x.softmax(axis: 0).scalars == x.transposed().softmax(axis: 1).transposed().scalars)
        expectValues(NDArray([[0.0, 1000], [0, -1000]]).softmax(axis: 0), [0.5, 1, 0.5, 0], rel: 0)
    }

    @Test func softmaxRuleMatchesTheClosedForm() throws {
        // ∂y_i/∂x_j = y_i(δ_ij - y_j), in both modes, with a dominated row and a -∞ entry.
        let rows: [[Double]] = [[0.3, -1.2, 2.0], [1000, 0, -1000], [5, -.infinity, 4]]
        for row in rows {
            let x = NDArray(row)
            let y = x.softmax().scalars
            var expected: [Double] = []
            for i in 0 ..< 3 { for j in 0 ..< 3 { expected.append(y[i] * ((i == j ? 1 : 0) - y[j])) } }
            expectValues(try jacobian(at: x, mode: .reverse) { $0.softmax() }.matrix, expected, rel: 1e-14, abs: 1e-300)
            expectValues(try jacobian(at: x, mode: .forward) { $0.softmax() }.matrix, expected, rel: 1e-14, abs: 1e-300)
        }
    }

    @Test func logSoftmaxIsExactAtLargeAndInfiniteInputs() throws {
        let y = NDArray([[1000.0, 0], [0, -.infinity], [-1000, -1000]]).logSoftmax().scalars
        #expect(y == [0, -1000, 0, -.infinity, -Foundation.log(2.0), -Foundation.log(2.0)])
        // ∂y_i/∂x_j = δ_ij - p_j; a -∞ entry has derivative 1 in its own position and 0 elsewhere.
        let x = NDArray([0.5, -.infinity, 2])
        let p = [0.5, 2].map { Foundation.exp($0) }, s = p.reduce(0, +)
        let q = [p[0] / s, 0, p[1] / s]
        var expected: [Double] = []
        for i in 0 ..< 3 { for j in 0 ..< 3 { expected.append((i == j ? 1 : 0) - q[j]) } }
        expectValues(try jacobian(at: x, mode: .reverse) { $0.logSoftmax() }.matrix, expected, rel: 1e-14, abs: 1e-300)
        expectValues(try jacobian(at: x, mode: .forward) { $0.logSoftmax() }.matrix, expected, rel: 1e-14, abs: 1e-300)
    }

    @Test func secondDerivativesAreExactWhenOneElementDominates() throws {
        // ⟨w, softmax(x)⟩ and ⟨w, log_softmax(x)⟩ at x = [40, 0]: every second derivative is a
        // multiple of p₁ ≈ 4.2e-18, which `1 - p₀` (= 0 in floating point) would lose.
        let p1 = Foundation.exp(-40.0) / (1 + Foundation.exp(-40.0)), p0 = 1 - p1
        let x = NDArray([40.0, 0]), w = NDArray([1.0, -2])
        // softmax: ∂²⟨w, y⟩/∂x_a∂x_b = Σ_i w_i ∂²y_i/∂x_a∂x_b; with two elements y₀ = σ(x₀ - x₁),
        // so it is (w₀ - w₁)·σ''(d)·(±1)(±1), σ'' = p₀p₁(p₁ - p₀).
        let c = (1.0 - -2.0) * p0 * p1 * (p1 - p0)
        expectValues(try hessian(at: x) { ($0.softmax() * w).sum() }, [c, -c, -c, c], rel: 1e-12)
        // log_softmax: Σ_i w_i log p_i; ∂²/∂x² = -(Σw)·(diag(p) - p pᵀ), every entry ±(Σw)p₀p₁.
        let l = -(1.0 + -2.0) * p0 * p1
        expectValues(try hessian(at: x) { ($0.logSoftmax() * w).sum() }, [l, -l, -l, l], rel: 1e-12)
        let rr = try gradient(at: x) { (try gradient(at: $0) { ($0.logSoftmax() * w).sum() } * NDArray([1.0, 0])).sum() }
        expectValues(rr, [l, -l], rel: 1e-12)
    }

    @Test func fusedSoftmaxProductIsTheRuleBitForBit() throws {
        var g = RandomGenerator(seed: 7)
        for (shape, axis) in [([5, 7], -1), ([4, 3, 6], 1), ([3, 9], 0)] as [([Int], Int)] {
            for dtype in [DType.float64, .float32] {
                let x = (NDArray.normal(shape: shape, generator: &g) * 30).astype(dtype)
                let v = NDArray.normal(shape: shape, generator: &g).astype(dtype)
                let y = x.softmax(axis: axis)
                let a = axis < 0 ? axis + shape.count : axis
                let fused = try #require(Kernels.softmaxProduct(y, v, axes: [a]))
                let d = v - (GroupMaxima(y, axes: [a]).averaging * v).sum(axes: [a], keepDims: true)
                let rule = y * (d - (y * d).sum(axes: [a], keepDims: true))
                #expect(fused.scalars == rule.scalars, "\(shape) axis \(axis) \(dtype)")
            }
        }
        // Ties at the maximum, a non-finite cotangent, a NaN input: the rows the fast path
        // hands to the term-by-term loop, with the rule's results (NaN where it gives NaN).
        let x = NDArray([[2.0, 2, 0.5, -1], [0.3, 1, 2, 0], [1, .nan, 0, 2], [0, 1, 2, 3], [5, 4, 3, 5]])
        let y = x.softmax()
        let v = NDArray([[1.0, -2, 3, 0.5], [1, .infinity, 0, 2], [1, 2, 3, 4], [-0.0, 1, 2, 3], [1, 2, 3, 4]])
        let fused = try #require(Kernels.softmaxProduct(y, v, axes: [1]))
        let d = v - (GroupMaxima(y, axes: [1]).averaging * v).sum(axes: [1], keepDims: true)
        let rule = y * (d - (y * d).sum(axes: [1], keepDims: true))
        for (a, b) in zip(fused.scalars, rule.scalars) { #expect(a == b || (a.isNaN && b.isNaN), "\(fused.scalars) vs \(rule.scalars)") }
        #expect(fused.scalars[4 ..< 12].allSatisfy { $0.isNaN })
        // A group spanning the whole array sums in interleaved lanes: no fused path.
        #expect(Kernels.softmaxProduct(NDArray([0.5, 0.5]), NDArray([1.0, 2]), axes: [0]) == nil)
    }

    @Test func normalizeDividesByTheClampedNorm() throws {
        expectValues(normalize(NDArray([[3.0, 4], [0, 0]])), [0.6, 0.8, 0, 0], rel: 1e-15)
        expectValues(normalize(NDArray([[3.0, -1], [0, 2]]), ord: 1, axis: 0), [1, -1.0 / 3, 0, 2.0 / 3], rel: 1e-15)
        // ‖x‖₂ = 5: J = (I - y yᵀ)/5.
        let y = [0.6, 0.8]
        let expected = [(1 - y[0] * y[0]) / 5, -y[0] * y[1] / 5, -y[1] * y[0] / 5, (1 - y[1] * y[1]) / 5]
        expectValues(try jacobian(at: NDArray([3.0, 4]), mode: .reverse) { normalize($0) }.matrix, expected, rel: 1e-14)
        expectValues(try jacobian(at: NDArray([3.0, 4]), mode: .forward) { normalize($0) }.matrix, expected, rel: 1e-14)
        // On the ball ‖x‖ < eps the function is x / eps: the derivative at 0 is I/eps.
        let eps = 0.5
        let atZero = try jacobian(at: NDArray([0.0, 0]), mode: .reverse) { normalize($0, eps: eps) }.matrix
        expectValues(atZero, [2, 0, 0, 2], rel: 0)
        // ord 1 at ‖x‖₁ = 4: J = (I - y sign(x)ᵀ)/4.
        let x1 = NDArray([1.0, -3]), y1 = [0.25, -0.75], s1 = [1.0, -1]
        let e1 = [(1 - y1[0] * s1[0]) / 4, -y1[0] * s1[1] / 4, -y1[1] * s1[0] / 4, (1 - y1[1] * s1[1]) / 4]
        expectValues(try jacobian(at: x1, mode: .reverse) { normalize($0, ord: 1) }.matrix, e1, rel: 1e-14)
        expectValues(try jacobian(at: x1, mode: .forward) { normalize($0, ord: 1) }.matrix, e1, rel: 1e-14)
    }
}
