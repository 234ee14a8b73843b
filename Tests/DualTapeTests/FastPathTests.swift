import Foundation
import Testing
@testable import DualTape

/// The performance shortcuts of issue 8 must give exactly what the general paths give.
@Suite("Fast paths agree with the general paths")
struct FastPathTests {
    @Test func storageInsideAndOutsideTheObject() {
        // 16,384 doubles = 128 KB: the first size kept outside the storage object.
        for (count, dtype) in [(1, DType.float64), (3, .float32), (16_383, .float64), (16_384, .float64), (40_000, .float32)] {
            let a = NDArray.arange(0, Double(count), dtype: dtype)
            var b = a
            b[0] = NDArray(-1.0, dtype: dtype)
            #expect(a.scalars[0] == 0 && b.scalars[0] == -1, "copy on write, \(count) \(dtype)")
            #expect(a.scalars[count - 1] == Double(count - 1) && b.scalars[count - 1] == (count == 1 ? -1 : Double(count - 1)))
            #expect((a * 2).scalars[count - 1] == 2 * Double(count - 1))
        }
    }

    @Test func integerIndexOnAVectorIsAOneElementView() {
        let x = NDArray([10, 20, 30, 40])
        #expect(x[2].shape == [1] && x[2].scalars == [30])
        #expect(x[-1].scalars == [40])
        let strided = x[.slice(nil, nil, 2)]      // [10, 30]
        #expect(strided[1].scalars == [30])
        var y = x
        y[1] = NDArray(-2.0)
        #expect(y.scalars == [10, -2, 30, 40] && x.scalars == [10, 20, 30, 40])
        // On a matrix an integer still selects a row.
        #expect(NDArray([[1, 2], [3, 4]])[1].scalars == [3, 4])
    }

    @Test func scalarLoopGradientIsExact() throws {
        // Backward of x[i] adds one element in place; the result is the closed form.
        let values: [Double] = [0.3, -1.2, 2.5, 0.7]
        let g = try gradient(at: NDArray(values)) { x in
            var total = NDArray(0.0)
            for i in 0 ..< x.count - 1 { total = total + x[i] * x[i + 1] + x[i] * x[i] }
            return total
        }
        var expected = [Double](repeating: 0, count: values.count)
        for i in 0 ..< values.count - 1 {
            expected[i] += values[i + 1] + 2 * values[i]
            expected[i + 1] += values[i]
        }
        #expect(g.scalars == expected)
    }

    @Test func sameArrayOnBothSidesOfABinaryOperator() throws {
        let x = NDArray([1.5, -2, 3])
        // x * x: one fused cotangent 2x; x / x: zero; both also at second order.
        #expect(try gradient(at: x) { ($0 * $0).sum() }.scalars == [3, -4, 6])
        #expect(try gradient(at: x) { ($0 / $0).sum() }.scalars == [0, 0, 0])
        let h = try hessianVectorProduct(at: x, vector: NDArray([1, 1, 1])) { ($0 * $0 * $0).sum() }
        #expect(h.scalars == [9, -12, 18])    // 6x
        #expect(try hessianVectorProduct(at: x, vector: NDArray([1, 2, 3])) { ($0 * $0).sum() }.scalars == [2, 4, 6])
        // Recorded with createGraph (the rule runs as NDArray operations): d/dx of 2x·1 is 2.
        var v = x
        v.attachGrad()
        let y = Autograd.record { (v * v).sum() }
        let grads = try Autograd.grad(heads: [y], variables: [v], createGraph: true)
        #expect(grads[0].scalars == [3, -4, 6])
    }

    @Test func fusedBinaryTangentMatchesTheClosedForm() throws {
        let a = NDArray([0.5, 2, 3]), b = NDArray([1.5, -0.25, 2])
        let ta = NDArray([1, -1, 0.5]), tb = NDArray([0.25, 2, -3])
        let product = try jvp(at: [a, b], tangents: [ta, tb]) { $0[0] * $0[1] }
        var expected: [Double] = []
        for i in 0 ..< 3 { expected.append(b.scalars[i] * ta.scalars[i] + a.scalars[i] * tb.scalars[i]) }
        #expect(product.tangent.scalars == expected)
        let quotient = try jvp(at: [a, b], tangents: [ta, tb]) { $0[0] / $0[1] }
        for i in 0 ..< 3 {
            let (x, y, dx, dy) = (a.scalars[i], b.scalars[i], ta.scalars[i], tb.scalars[i])
            let expected = (1 / y) * dx + (-(x / y) / y) * dy
            #expect(Swift.abs(quotient.tangent.scalars[i] - expected) <= 1e-15 * Swift.abs(expected))
        }
        // Broadcast operands still take the general path and broadcast the tangent.
        let broadcast = try jvp(at: NDArray([2.0]), tangent: NDArray([1.0])) { $0 * NDArray([1, 2, 3]) }
        #expect(broadcast.tangent.shape == [3] && broadcast.tangent.scalars == [1, 2, 3])
    }

    @Test func gradientOfAFullSumIsABroadcastOne() throws {
        let x = NDArray.arange(6).reshape([2, 3])
        let g = try gradient(at: x) { $0.sum() * 3 }
        #expect(g.shape == [2, 3] && g.scalars == [Double](repeating: 3, count: 6))
        var v = x
        v.attachGrad()
        let y = Autograd.record { (v * v).sum() }
        let grads = try Autograd.grad(heads: [y], variables: [v], createGraph: true)
        #expect(grads[0].scalars == [0, 2, 4, 6, 8, 10])
    }

    @Test func multiplyingByABroadcastOneIsExact() {
        let n = 5000
        var values = (0 ..< n).map { Double($0) - 2500.5 }
        values[0] = -0.0; values[1] = .infinity; values[2] = .nan; values[3] = -.leastNonzeroMagnitude
        let x = NDArray(values)
        let one = NDArray(1.0).broadcast(to: [n])
        for product in [x * one, one * x] {
            let p = product.scalars
            #expect(p[0] == 0 && p[0].sign == .minus && p[1] == .infinity && p[2].isNaN && p[3] == -.leastNonzeroMagnitude)
            #expect(Array(p[4...]) == Array(values[4...]))
        }
        // A broadcast two is still multiplied.
        #expect((x * NDArray(2.0).broadcast(to: [n])).scalars[4] == 2 * values[4])
        // Mapping a broadcast value maps it once and stays a broadcast.
        let negated = -one
        #expect(negated.shape == [n] && negated.scalars.allSatisfy { $0 == -1 })
    }

    @Test func rowBroadcastAndLeadingAxisSums() {
        let a = NDArray.arange(24).reshape([2, 3, 4]) * 0.5 - 3
        let row = NDArray([1.5, -2, 0.25, 4]), plane = NDArray.arange(12).reshape([3, 4]) - 5
        let column = NDArray([[1], [2], [3]])
        func expected(_ x: NDArray, _ y: NDArray, _ f: (Double, Double) -> Double) -> [Double] {
            // The general broadcasting path, written out: y repeats over the leading axes of x.
            let xs = x.scalars, ys = y.scalars
            return xs.indices.map { f(xs[$0], ys[$0 % ys.count]) }
        }
        #expect((a + row).scalars == expected(a, row, +))
        #expect((row - a).scalars == expected(a, row) { $1 - $0 })
        #expect((a * plane).scalars == expected(a, plane, *))
        #expect((a / row.reshape([1, 1, 4])).scalars == expected(a, row, /))
        let m = NDArray.arange(12).reshape([3, 4])
        #expect((m + column).scalars == [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14])
        // Sums over leading axes, in the order of the general loop.
        #expect(m.sum(axis: 0).scalars == [12, 15, 18, 21])
        let values = a.scalars
        var columnSums = [Double](repeating: 0, count: 4)
        for i in 0 ..< 6 { for j in 0 ..< 4 { columnSums[j] += values[i * 4 + j] } }
        #expect(a.sum(axes: [0, 1]).scalars == columnSums)
        #expect(NDArray([[1, 2], [3, 4]], dtype: .float32).sum(axis: 0).scalars == [4, 6])
    }

    @Test func accumulationNeverWritesIntoSharedBuffers() throws {
        // Large enough for x · 1 = x: rules return saved values themselves, and backward must
        // not add into them (nor into the input).
        let n = 5000
        let values = (0 ..< n).map { Double($0) / 1000 - 2 }
        let x = NDArray(values)
        func f(_ x: NDArray) -> NDArray { ((3 * x) * x + x + x * x).sum() }
        let first = try gradient(at: x, f)
        let second = try gradient(at: x, f)
        let expected = values.map { 8 * $0 + 1 }
        func close(_ a: [Double]) -> Bool { zip(a, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-14 * Swift.max(1, Swift.abs($1)) } }
        #expect(close(first.scalars) && first.scalars == second.scalars)
        #expect(x.scalars == values)
        var v = x
        v.attachGrad()
        let y = Autograd.record { f(v) }
        try y.backward(retainGraph: true)
        try y.backward()
        #expect(close(v.grad!.scalars) && v.scalars == values)
    }

    /// Sigmoid's fused derivative (one vectorized pass, `VectorizedDerivative`) is its rule
    /// `y · σ(-x)` evaluated as NDArray operations, bit for bit: against the same rule run
    /// inside a JVP (where x carries a tangent, so the rule takes the NDArray path), over more
    /// elements than one core's share (parallel blocks and a tail), for a full cotangent and a
    /// uniform one (the VJP of a sum), in both dtypes.
    @Test(arguments: DType.allCases)
    func vectorizedDerivativeIsTheRule(_ dtype: DType) throws {
        var g = RandomGenerator(seed: 11)
        let n = 300_007
        var values = NDArray.uniform(low: -40, high: 40, shape: [n], dtype: dtype, generator: &g).scalars
        values[0 ..< 6] = [0, -1000, 1000, 37, -745, 21]
        let x = NDArray(values: values, shape: [n], dtype: dtype)
        let u = NDArray.normal(shape: [n], dtype: dtype, generator: &g)
        let zero = NDArray.zeros(like: x)
        let fused = try vjp(at: x) { sigmoid($0) }.pullback(u)
        let general = try jvp(at: x, tangent: zero) { x in try vjp(at: x) { sigmoid($0) }.pullback(u) }.value
        #expect(fused.scalars == general.scalars)
        let fusedSum = try gradient(at: x) { sigmoid($0).sum() }
        let generalSum = try jvp(at: x, tangent: zero) { x in try gradient(at: x) { sigmoid($0).sum() } }.value
        #expect(fusedSum.scalars == generalSum.scalars)
        // And it is σ'(x): exact in the tails (σ'(37) = 8.5e-17, σ'(-745) underflows to 0 or 5e-324).
        let s = fusedSum.scalars
        #expect(s[0] == 0.25 && s[1] == 0 && s[2] == 0)
        if dtype == .float64 { #expect(Swift.abs(s[3] - 8.533047625744066e-17) <= 4e-16 * 8.533047625744066e-17) }
    }

    /// Float32 sums accumulate in Double in sixteen lanes: exact on values whose every partial
    /// sum is exact (multiples of 2⁻¹⁰ below 2²⁰), tail and block boundaries included.
    @Test func float32SumsInSixteenLanes() {
        for n in [63, 64, 65, 1000, 65_536 + 7, 200_003] {
            let values = (0 ..< n).map { Double(($0 * 7919) % 2048 - 1024) / 1024 }
            let x = NDArray(values: values, shape: [n], dtype: .float32)
            #expect(x.sum().scalars == [values.reduce(0, +)], "n = \(n)")
            #expect(x.reshape([1, n]).sum(axis: 1).scalars == [values.reduce(0, +)], "n = \(n), along an axis")
        }
    }
}
