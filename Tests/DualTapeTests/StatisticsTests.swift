import Foundation
import Testing
@testable import DualTape

/// mean, var, std and logsumexp: closed forms, MXNet's shapes, the conventions at zero
/// variance and at infinite inputs, and exact second derivatives where one element dominates.
@Suite("Statistics: mean, var, std, logsumexp")
struct StatisticsTests {
    static let matrix = NDArray([[1.0, 2, 4], [-3, 0.5, 7]])

    @Test func meanIsAnOperatorWithMXNetsShapes() throws {
        let x = Self.matrix
        #expect(x.mean().shape == [1] && x.mean().scalars == [11.5 / 6])
        #expect(x.mean(axis: 0).scalars == [-1, 1.25, 5.5])
        #expect(x.mean(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.mean(axes: [0, 1], keepDims: true).shape == [1, 1])
        // The same values as sum / n, and a recorded node of its own.
        #expect(x.mean(axis: 1).scalars == (x.sum(axis: 1) / 3).scalars)
        var v = x
        v.attachGrad()
        let y = Autograd.record { v.mean(axis: 1) }
        try y.backward(headGradient: NDArray([3.0, 6]))
        expectValues(v.grad, [1, 1, 1, 2, 2, 2], rel: 0)
    }

    @Test func varianceWithDdofMatchesTheClosedForm() throws {
        let values: [Double] = [1, 2, 4, -3, 0.5, 7]
        let n = Double(values.count), m = values.reduce(0, +) / n
        let squares = values.map { ($0 - m) * ($0 - m) }.reduce(0, +)
        let x = NDArray(values)
        expectValues(x.variance(), [squares / n], shape: [1], rel: 1e-15)
        expectValues(x.variance(ddof: 1), [squares / (n - 1)], rel: 1e-15)
        expectValues(x.std(ddof: 1), [(squares / (n - 1)).squareRoot()], rel: 1e-15)
        // Per row of the matrix, ddof = 1: rows [1, 2, 4] and [-3, 0.5, 7].
        expectValues(Self.matrix.variance(axis: 1, ddof: 1), [7.0 / 3, 25.75], rel: 1e-15)
        // d var / dx = 2(x - mean) / (n - ddof), in both modes.
        let expected = values.map { 2 * ($0 - m) / (n - 1) }
        expectValues(try gradient(at: x) { $0.variance(ddof: 1) }, expected, rel: 1e-14)
        expectValues(try jacobian(at: x, mode: .forward) { $0.variance(ddof: 1) }.matrix, expected, rel: 1e-14)
        // Two passes: a large offset does not cancel the variance away.
        expectValues(NDArray([1e9 + 1, 1e9 + 2, 1e9 + 3]).variance(), [2.0 / 3], rel: 1e-15)
        // A group of ddof elements divides by zero, as NumPy.
        #expect(NDArray([5.0]).variance(ddof: 1).scalars[0].isNaN)
    }

    @Test func standardDeviationHasZeroDerivativeAtZeroVariance() throws {
        let x = NDArray([2.0, 2, 2])
        #expect(x.std().scalars == [0])
        // PyTorch's convention (JAX gives NaN): 0 in both modes, at first and second order.
        expectValues(try gradient(at: x) { $0.std() }, [0, 0, 0], rel: 0)
        expectValues(try jacobian(at: x, mode: .forward) { $0.std(ddof: 1) }.matrix, [0, 0, 0], rel: 0)
        let h = try hessian(at: x) { $0.std() }
        #expect(h.scalars.allSatisfy { $0 == 0 })
        // Away from it: (x - mean) / ((n - ddof)·std).
        let v = NDArray([1.0, 2, 4])
        let s = (7.0 / 3).squareRoot()
        expectValues(try gradient(at: v) { $0.std(ddof: 1) }, [-4.0 / 3, -1.0 / 3, 5.0 / 3].map { $0 / (2 * s) }, rel: 1e-14)
    }

    @Test func logsumexpIsExactAtLargeAndInfiniteInputs() throws {
        let x = NDArray([[1000.0, 1000], [1000, -1000], [-.infinity, 0], [-.infinity, -.infinity], [-1000, -1000]])
        let y = x.logsumexp(axis: 1).scalars
        #expect(y[0] == 1000 + Foundation.log(2.0))
        #expect(y[1] == 1000)
        #expect(y[2] == 0)
        #expect(y[3] == -.infinity)
        #expect(y[4] == -1000 + Foundation.log(2.0))
        let g = try gradient(at: x) { $0.logsumexp(axis: 1).sum() }.scalars
        #expect(Array(g[0 ..< 6]) == [0.5, 0.5, 1, 0, 0, 1])
        #expect(g[6].isNaN && g[7].isNaN)   // all -∞: NaN, as PyTorch and JAX
        #expect(Array(g[8 ..< 10]) == [0.5, 0.5])
        // Over several axes with keepdims.
        let z = NDArray(values: (0 ..< 12).map(Double.init), shape: [2, 3, 2])
        let r = z.logsumexp(axes: [0, 2], keepDims: true)
        #expect(r.shape == [1, 3, 1])
        let offsets: [Double] = [0, 1, 6, 7]
        let expected = (0 ..< 3).map { (j: Int) -> Double in
            Foundation.log(offsets.map { Foundation.exp(2 * Double(j) + $0) }.reduce(0, +))
        }
        expectValues(r, expected, rel: 1e-15)
        #expect(NDArray([1.0, 2]).logsumexp().shape == [1])
    }

    @Test func logsumexpFusedCotangentIsTheRuleBitForBit() throws {
        var g = RandomGenerator(seed: 3)
        for (shape, axes) in [([6, 5], [1]), ([3, 4, 2], [0, 2]), ([7], [0])] as [([Int], [Int])] {
            for dtype in [DType.float64, .float32] {
                let x = (NDArray.normal(shape: shape, generator: &g) * 20).astype(dtype)
                let op = LogSumExp(axes: axes)
                let y = dispatch(op, x)
                let cotangent = NDArray.normal(shape: y.shape, generator: &g).astype(dtype)
                let fused = try #require(try op.vjp([x], output: y, cotangent: cotangent, needed: [true])[0])
                let rule = dispatch(Softmax(axes: axes), x) * cotangent.reshape(ReductionAxes(axes: axes, keepDims: false).keptShape(shape, "logsumexp"))
                #expect(fused.scalars == rule.scalars, "\(shape) \(axes) \(dtype)")
            }
        }
    }

    @Test func logsumexpSecondDerivativeIsExactWhenOneElementDominates() throws {
        // H = diag(p) - p pᵀ with p = softmax([40, 0]): every entry is ±p₀p₁ ≈ 4.2e-18. The
        // direct rule exp(x - y)·(ẋ - ẏ) would give 1 - p₀ = 0 (or an ulp of noise) instead.
        let p1 = Foundation.exp(-40.0) / (1 + Foundation.exp(-40.0)), p0 = 1 / (1 + Foundation.exp(-40.0))
        let h = p0 * p1
        let x = NDArray([40.0, 0])
        expectValues(try hessian(at: x) { $0.logsumexp() }, [h, -h, -h, h], rel: 1e-12)
        let reverseOverReverse = try gradient(at: x) { (try gradient(at: $0) { $0.logsumexp() } * NDArray([1.0, 0])).sum() }
        expectValues(reverseOverReverse, [h, -h], rel: 1e-12)
    }
}
