import Foundation
import Testing
@testable import DualTape

@Suite("NDArray: creation, values, value semantics")
struct NDArrayCreationTests {
    @Test func nestedArraysOfAnyRank() {
        let a = NDArray([[1, 2], [3, 4]], dtype: .float32)
        #expect(a.shape == [2, 2] && a.dtype == .float32 && a.scalars == [1, 2, 3, 4])
        let b = NDArray([[[1.5], [2.5]], [[3.5], [4.5]]])
        #expect(b.shape == [2, 2, 1] && b.dtype == .float64 && b.scalars == [1.5, 2.5, 3.5, 4.5])
        let s = NDArray(3.0)
        #expect(s.shape == [] && s.count == 1 && s.scalars == [3])
        let e = NDArray([Double]())
        #expect(e.shape == [0] && e.count == 0)
        let f = NDArray([Float(0.1), 0.2])
        #expect(f.scalars == [Double(Float(0.1)), Double(Float(0.2))])
        let literal: NDArray = [[1, 2.5], [3, 4]]
        #expect(literal.shape == [2, 2] && literal.scalars == [1, 2.5, 3, 4])
    }

    @Test func constructors() {
        #expect(NDArray.zeros([2, 3]).scalars == [Double](repeating: 0, count: 6))
        #expect(NDArray.ones([2], dtype: .float32).dtype == .float32)
        #expect(NDArray.full([2, 2], 7).scalars == [7, 7, 7, 7])
        #expect(NDArray.arange(5).scalars == [0, 1, 2, 3, 4])
        #expect(NDArray.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(NDArray.arange(3, 0, step: -1).scalars == [3, 2, 1])
        #expect(NDArray.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(NDArray.linspace(0, 1, count: 4, endpoint: false).scalars == [0, 0.25, 0.5, 0.75])
        #expect(NDArray.eye(3).scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(NDArray.eye(2, 3, k: 1).scalars == [0, 1, 0, 0, 0, 1])
        #expect(NDArray.zeros(like: NDArray([[1.0]], dtype: .float32)).dtype == .float32)
    }

    @Test func astypeRoundsAndConverts() {
        let x = NDArray([1.0 / 3, 2.0 / 3])
        let f = x.astype(.float32)
        #expect(f.dtype == .float32 && f.scalars == [Double(Float(1.0 / 3)), Double(Float(2.0 / 3))])
        #expect(f.astype(.float64).dtype == .float64)
    }

    @Test func randomIsSeededAndReproducible() {
        var g1 = RandomGenerator(seed: 42), g2 = RandomGenerator(seed: 42), g3 = RandomGenerator(seed: 43)
        let a = NDArray.uniform(low: -1, high: 1, shape: [100], generator: &g1)
        let b = NDArray.uniform(low: -1, high: 1, shape: [100], generator: &g2)
        let c = NDArray.uniform(low: -1, high: 1, shape: [100], generator: &g3)
        #expect(a.scalars == b.scalars && a.scalars != c.scalars)
        #expect(a.scalars.allSatisfy { $0 >= -1 && $0 < 1 })
        NDArray.seed(7)
        let d = NDArray.normal(mean: 2, std: 0.5, shape: [2000])
        NDArray.seed(7)
        #expect(NDArray.normal(mean: 2, std: 0.5, shape: [2000]).scalars == d.scalars)
        let mean = d.mean().scalars[0], sd = (d - mean).norm().scalars[0] / Foundation.sqrt(2000)
        #expect(Swift.abs(mean - 2) < 0.05 && Swift.abs(sd - 0.5) < 0.05)
        var g4 = RandomGenerator(seed: 1)
        #expect(NDArray.uniform(shape: [3], dtype: .float32, generator: &g4).dtype == .float32)
    }

    @Test func valueSemantics() {
        let a = NDArray([1.0, 2, 3])
        var b = a
        b[0] = NDArray(10.0)
        #expect(a.scalars == [1, 2, 3] && b.scalars == [10, 2, 3])
        // A view shares storage until written, then copies.
        let m = NDArray([[1.0, 2], [3, 4]])
        var row = m[1]
        row[0] = NDArray(9.0)
        #expect(m.scalars == [1, 2, 3, 4] && row.scalars == [9, 4])
        var t = m.T
        #expect(t.storage === m.storage)     // a view, no copy
        t[0, 1] = NDArray(-1.0)
        #expect(m.scalars == [1, 2, 3, 4] && t.scalars == [1, -1, 2, 4])
    }

    @Test func parsingFromText() throws {
        let a = try NDArray(parsing: " [[1, 2.5e0], [-3, 4E-1]] ")
        #expect(a.shape == [2, 2] && a.scalars == [1, 2.5, -3, 0.4])
        #expect(try NDArray(parsing: "7").shape == [])
        #expect(try NDArray(parsing: "[]").shape == [0])
        #expect(try NDArray(parsing: "[[], []]").shape == [2, 0])
        #expect(try NDArray(parsing: "[1,2]", dtype: .float32).dtype == .float32)
    }

    @Test(arguments: [
        ("[[1,2],[3]]", NDArrayError.ragged(message: "a row of length 1 where the first row of this axis has length 2", position: 7)),
        ("[1, [2]]", NDArrayError.ragged(message: "a number where an array was expected (other elements at this depth are arrays)", position: 5)),
        ("[[1], 2]", NDArrayError.ragged(message: "a number where an array was expected (other elements at this depth are arrays)", position: 6)),
        ("[1, 2", NDArrayError.parse(message: "unexpected end of input; expected ',' or ']'", position: 5)),
        ("[1 2]", NDArrayError.parse(message: "expected ',' or ']' but found '2'", position: 3)),
        ("[1, x]", NDArrayError.parse(message: "'x' is not a number", position: 4)),
        ("", NDArrayError.parse(message: "empty input; expected a number or '['", position: 0)),
        ("[1] 2", NDArrayError.parse(message: "unexpected '2' after the array", position: 4)),
        ("[1e999]", NDArrayError.numberOutOfRange(text: "1e999", position: 1)),
        ("[nan]", NDArrayError.parse(message: "'nan' is not a number", position: 1)),
    ])
    func parsingErrorsAreTyped(_ text: String, _ error: NDArrayError) {
        #expect(throws: error) { try NDArray(parsing: text) }
    }

    @Test func parsingRefusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: NDArrayError.parse(message: "arrays nested deeper than 64 levels", position: 64)) { try NDArray(parsing: deep) }
        #expect(throws: NDArrayError.numberOutOfRange(text: "1e39", position: 1)) { try NDArray(parsing: "[1e39]", dtype: .float32) }
    }
}

@Suite("NDArray: indexing and slicing")
struct IndexingTests {
    let m = NDArray([[0.0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])

    @Test func mxnetIntegerIndexing() {
        let v = NDArray([7.0, 8])
        #expect(v[0].shape == [1] && v[0].scalars == [7])       // MXNet: a 1-D array indexed by an int has shape [1]
        #expect(m[1].shape == [4] && m[1].scalars == [4, 5, 6, 7])
        #expect(m[1, 2].shape == [1] && m[1, 2].scalars == [6])
        #expect(m[-1].scalars == [8, 9, 10, 11])
    }

    @Test func rangesAndSteps() {
        #expect(m[0..<2].shape == [2, 4])
        #expect(m[1...].scalars == [4, 5, 6, 7, 8, 9, 10, 11])
        #expect(m[.all, 1].scalars == [1, 5, 9])
        #expect(m[.all, .slice(nil, nil, 2)].scalars == [0, 2, 4, 6, 8, 10])
        #expect(m[.slice(nil, nil, -1), 0].scalars == [8, 4, 0])
        #expect(m[..<1, 1...2].scalars == [1, 2])
        #expect(m[.all, .slice(1, 100, 1)].shape == [3, 3])    // Python clamps
        #expect(m[.all, .slice(3, 1)].shape == [3, 0])
        // Huge steps and bounds select what Python would, without overflow.
        #expect(m[.slice(nil, nil, Int.max), 0].scalars == [0])
        #expect(m[.slice(nil, nil, Int.min + 1), 0].scalars == [8])
        #expect(m[.slice(Int.min, Int.max, 1), 0].scalars == [0, 4, 8])
    }

    @Test func splitStackConcat() {
        let parts = m.split(2, axis: 1)
        #expect(parts.map(\.shape) == [[3, 2], [3, 2]] && parts[1].scalars == [2, 3, 6, 7, 10, 11])
        #expect(concat(parts, axis: 1).scalars == m.scalars)
        let s = stack([NDArray([1.0, 2]), NDArray([3.0, 4])], axis: 1)
        #expect(s.shape == [2, 2] && s.scalars == [1, 3, 2, 4])
    }

    @Test func sliceGradientsScatter() throws {
        var x = m
        x.attachGrad()
        try Autograd.record { (x[.all, 1] * NDArray([1.0, 2, 3])).sum() + x[2, 3] * 10 }.backward()
        #expect(x.grad!.scalars == [0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 10])
    }
}

@Suite("NDArray: arithmetic, broadcasting, math")
struct ArithmeticTests {
    @Test func broadcastingAsInNumPyAndMXNet() {
        let a = NDArray.ones([2, 3])
        #expect((a + NDArray.ones([1, 3])).shape == [2, 3])
        #expect((a + NDArray([1.0, 2, 3])).scalars == [2, 3, 4, 2, 3, 4])
        #expect((NDArray.ones([2]) + NDArray.ones([1])).shape == [2])
        #expect((a * NDArray([[2.0], [3]])).scalars == [2, 2, 2, 3, 3, 3])
        #expect((NDArray([[1.0], [2]]) - NDArray([10.0, 20])).scalars == [-9, -19, -8, -18])
    }

    @Test func scalarsOnEitherSideKeepTheDtype() {
        let x = NDArray([1.0, 2], dtype: .float32)
        for y in [2 * x, x * 2, x + 1, 1 + x, x - 1, 1 - x, x / 2, 2 / x, x ** 2, -x] { #expect(y.dtype == .float32) }
        #expect((1 - x).scalars == [0, -1])
        #expect((2 / x).scalars == [2, 1])
        #expect((x ** 3).scalars == [1, 8])
    }

    @Test func elementwiseMath() {
        let x = NDArray([-1.0, 0, 0.5, 2])
        expectValues(exp(x), [-1.0, 0, 0.5, 2].map(Foundation.exp), rel: 1e-15)
        expectValues(sin(x), [-1.0, 0, 0.5, 2].map(Foundation.sin), rel: 1e-15)
        expectValues(cos(x), [-1.0, 0, 0.5, 2].map(Foundation.cos), rel: 1e-15)
        expectValues(tanh(x), [-1.0, 0, 0.5, 2].map(Foundation.tanh), rel: 1e-15)
        expectValues(tan(x), [-1.0, 0, 0.5, 2].map(Foundation.tan), rel: 1e-15)
        expectValues(sigmoid(x), [-1.0, 0, 0.5, 2].map { 1 / (1 + Foundation.exp(-$0)) }, rel: 1e-15)
        expectValues(relu(x), [0, 0, 0.5, 2])
        expectValues(abs(x), [1, 0, 0.5, 2])
        expectValues(sign(x), [-1, 0, 1, 1])
        expectValues(square(x), [1, 0, 0.25, 4])
        expectValues(sqrt(NDArray([4.0, 2])), [2, Foundation.sqrt(2)])
        expectValues(log(NDArray([1.0, Foundation.exp(2)])), [0, 2], rel: 1e-15)
        expectValues(x.clip(-0.5, 1), [-0.5, 0, 0.5, 1])
        expectValues(maximum(x, NDArray([0.0])), [0, 0, 0.5, 2])
        expectValues(minimum(x, NDArray([0.0])), [-1, 0, 0, 0])
        expectValues(NDArray.where(x .> 0, x, -x), [1, 0, 0.5, 2])
        // sigmoid never overflows at large |x|.
        expectValues(sigmoid(NDArray([-1000.0, 1000])), [0, 1])
        #expect(log(NDArray([-1.0])).scalars[0].isNaN)
    }

    @Test func comparisonsGiveMasksInTheDtype() {
        let a = NDArray([1.0, 2, 3], dtype: .float32), b = NDArray([2.0, 2, 2], dtype: .float32)
        #expect((a .< b).scalars == [1, 0, 0] && (a .< b).dtype == .float32)
        #expect((a .<= b).scalars == [1, 1, 0])
        #expect((a .== b).scalars == [0, 1, 0])
        #expect((a .!= b).scalars == [1, 0, 1])
        #expect((a .> 2).scalars == [0, 0, 1])
        #expect((a .>= 2).scalars == [0, 1, 1])
    }
}

@Suite("NDArray: reductions and shape operations")
struct ReductionAndShapeTests {
    let x = NDArray([[1.0, -2, 3], [4, 5, -6]])

    @Test func reductionsFollowMXNetShapes() {
        #expect(x.sum().shape == [1] && x.sum().scalars == [5])
        #expect(x.sum(axis: 0).scalars == [5, 3, -3])
        #expect(x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.sum(axes: [0, 1]).shape == [1])
        #expect(x.sum(axis: -1).scalars == [2, 3])
        #expect(x.mean().scalars == [5.0 / 6])
        #expect(x.mean(axis: 0).scalars == [2.5, 1.5, -1.5])
        #expect(x.prod().scalars == [720])
        #expect(x.prod(axis: 1).scalars == [-6, -120])
        #expect(x.max().scalars == [5] && x.min().scalars == [-6])
        #expect(x.max(axis: 0).scalars == [4, 5, 3] && x.min(axis: 1).scalars == [-2, -6])
        #expect(x.argmax().scalars == [4] && x.argmax(axis: 1).scalars == [2, 1] && x.argmax(axis: 0).scalars == [1, 1, 0])
        expectValues(x.norm(), [Foundation.sqrt(91)], rel: 1e-15)
        expectValues(x.norm(axis: 1), [Foundation.sqrt(14), Foundation.sqrt(77)], rel: 1e-15)
        #expect(x.norm(ord: 1).scalars == [21])
        #expect(x.norm(ord: 1, axis: 0, keepDims: true).shape == [1, 3])
        #expect(NDArray([1e200, 1e200]).norm().scalars == [1e200 * Foundation.sqrt(2)])   // no overflow
        #expect(x.sum().asScalar() == 5)
        #expect(x.sum().asScalar().description == "5.0")
    }

    @Test func shapeOperations() {
        #expect(x.reshape([3, 2]).scalars == x.scalars)
        #expect(x.reshape([-1]).shape == [6] && x.reshape(3, -1).shape == [3, 2])
        #expect(x.T.shape == [3, 2] && x.T.scalars == [1, 4, -2, 5, 3, -6])
        #expect(NDArray.arange(24).reshape([2, 3, 4]).transposed([2, 0, 1]).shape == [4, 2, 3])
        #expect(x.expandDims(axis: 0).shape == [1, 2, 3] && x.expandDims(axis: -1).shape == [2, 3, 1])
        #expect(NDArray.zeros([1, 3, 1]).squeeze().shape == [3])
        #expect(NDArray.zeros([1, 3, 1]).squeeze(axis: 2).shape == [1, 3])
        #expect(NDArray([1.0, 2, 3]).broadcast(to: [2, 3]).scalars == [1, 2, 3, 1, 2, 3])
        #expect(NDArray.zeros([2, 3, 4]).flatten().shape == [2, 12])
        // A reshape of a transposed view copies once, correctly.
        #expect(x.T.reshape([6]).scalars == [1, 4, -2, 5, 3, -6])
    }
}

@Suite("NDArray: matrix products through OpenBLAS")
struct LinearAlgebraTests {
    /// A naive product for reference.
    func naive(_ a: [[Double]], _ b: [[Double]]) -> [Double] {
        var out: [Double] = []
        for i in a.indices { for j in b[0].indices { out.append(b.indices.reduce(0) { $0 + a[i][$1] * b[$1][j] }) } }
        return out
    }

    @Test func matricesVectorsBatches() {
        let a = [[1.0, 2, 3], [4, 5, 6]], b = [[1.0, 0], [2, 1], [0, -1]]
        #expect(matmul(NDArray(a), NDArray(b)).scalars == naive(a, b))
        #expect(matmul(NDArray(a, dtype: .float32), NDArray(b, dtype: .float32)).dtype == .float32)
        #expect(dot(NDArray([1.0, 2, 3]), NDArray([4.0, 5, 6])).shape == [1])
        #expect(dot(NDArray([1.0, 2, 3]), NDArray([4.0, 5, 6])).scalars == [32])
        #expect(matmul(NDArray(a), NDArray([1.0, 1, 1])).scalars == [6, 15])
        #expect(matmul(NDArray([1.0, 1]), NDArray(a)).scalars == [5, 7, 9])
        // Transposed views go to BLAS as flags.
        #expect(matmul(NDArray(b).T, NDArray(a).T).scalars == NDArray(naive(a, b)).reshape([2, 2]).T.scalars)
        let batch = NDArray.arange(12).reshape([2, 2, 3])
        let w = NDArray(b)
        let y = matmul(batch, w)
        #expect(y.shape == [2, 2, 2])
        #expect(y[1].scalars == naive([[6, 7, 8], [9, 10, 11]], b))
        let y2 = matmul(batch, NDArray.arange(12).reshape([2, 3, 2]))
        #expect(y2[0].scalars == naive([[0, 1, 2], [3, 4, 5]], [[0, 1], [2, 3], [4, 5]]))
    }

    @Test func largeProductMatchesNaive() {
        var g = RandomGenerator(seed: 3)
        let a = NDArray.normal(shape: [37, 53], generator: &g), b = NDArray.normal(shape: [53, 29], generator: &g)
        let ref = naive((0 ..< 37).map { i in (0 ..< 53).map { a.scalars[i * 53 + $0] } }, (0 ..< 53).map { i in (0 ..< 29).map { b.scalars[i * 29 + $0] } })
        expectValues(matmul(a, b), ref, rel: 1e-12, abs: 1e-12)
    }
}
