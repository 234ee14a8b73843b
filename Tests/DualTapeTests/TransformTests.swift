import Foundation
import Testing
@testable import DualTape

@Suite("Functional transforms and higher order")
struct TransformTests {
    @Test func gradientsOfPolynomialsExpAndTrig() throws {
        let x = NDArray([0.5, -1.5, 2])
        expectValues(try gradient(at: x) { ($0 * $0 * $0).sum() }, [0.75, 6.75, 12])
        expectValues(try gradient(at: x) { exp($0).sum() }, [0.5, -1.5, 2].map(Foundation.exp), rel: 1e-15)
        expectValues(try gradient(at: x) { (sin($0) * cos($0)).sum() }, [0.5, -1.5, 2].map { Foundation.cos(2 * $0) }, rel: 1e-14, abs: 1e-15)
        let (value, g) = try valueWithGradient(at: x) { $0.norm() }
        expectValues(value, [Foundation.sqrt(6.5)], rel: 1e-15)
        expectValues(g, [0.5, -1.5, 2].map { $0 / Foundation.sqrt(6.5) }, rel: 1e-15)
        let gs = try gradient(at: [x, NDArray([2.0, 3, 4])]) { ($0[0] * $0[1]).sum() }
        expectValues(gs[0], [2, 3, 4])
        expectValues(gs[1], [0.5, -1.5, 2])
    }

    @Test func pullbacksCanBeCalledManyTimes() throws {
        let (y, pullback) = try vjp(at: NDArray([1.0, 2])) { $0 * $0 }
        expectValues(y, [1, 4])
        expectValues(try pullback(NDArray([1.0, 0])), [2, 0])
        expectValues(try pullback(NDArray([0.0, 1])), [0, 4])
        expectValues(try pullback(NDArray([3.0, 3])), [6, 12])
        // An input the output does not use gets a zero gradient.
        let (_, pb) = try vjp(at: [NDArray([1.0]), NDArray([5.0])]) { $0[0] * 2 }
        let grads = try pb(NDArray([1.0]))
        expectValues(grads[0], [2])
        expectValues(grads[1], [0])
    }

    @Test func errorsForNonScalarFunctionsAndWrongTangents() throws {
        #expect(throws: AutogradError.notScalar(shape: [2])) { _ = try gradient(at: NDArray([1.0, 2])) { $0 * 2 } }
        #expect(throws: AutogradError.self) { _ = try jvp(at: [NDArray([1.0])], tangents: []) { $0[0] } }
        #expect(throws: AutogradError.self) { _ = try jvp(at: NDArray([1.0]), tangent: NDArray([1.0, 2])) { $0 } }
        let (_, pullback) = try vjp(at: NDArray([1.0, 2])) { $0 * 2 }
        #expect(throws: AutogradError.headGradientShape(head: 0, expected: [2], got: [3])) { _ = try pullback(NDArray.ones([3])) }
    }

    /// A quadratic form `½ xᵀ A x + bᵀx` has gradient `A_s x + b` and Hessian `A_s = (A + Aᵀ)/2`.
    @Test func hessianOfAQuadraticForm() throws {
        let A = NDArray([[2.0, 1, 0], [3, 4, 1], [0, -1, 5]])
        let b = NDArray([1.0, -2, 0.5])
        let x = NDArray([0.3, -0.7, 1.1])
        func f(_ x: NDArray) -> NDArray { 0.5 * dot(x, matmul(A, x)) + dot(b, x) }
        let symmetric = (A + A.T) / 2
        expectValues(try gradient(at: x, f), matmul(symmetric, x).scalars.enumerated().map { $1 + b.scalars[$0] }, rel: 1e-15)
        expectValues(try hessian(at: x, f), symmetric.scalars, shape: [3, 3], rel: 1e-15)
        expectValues(try hessianVectorProduct(at: x, vector: NDArray([1.0, 0, -1]), f), matmul(symmetric, NDArray([1.0, 0, -1])).scalars, rel: 1e-15)
    }

    @Test func hessianOfAnElementwiseFunction() throws {
        // f(x) = Σ sin(x) x₀ has H = diag(-sin x) x₀ + terms from x₀.
        let x = NDArray([0.4, 1.3])
        let h = try hessian(at: x) { (sin($0) * $0[0]).sum() }
        let a = 0.4, b = 1.3
        let h00: Double = -Foundation.sin(a) * a + 2 * Foundation.cos(a)
        let h01: Double = Foundation.cos(b)
        let h11: Double = -Foundation.sin(b) * a
        let expected = [h00, h01, h01, h11]
        expectValues(h, expected, shape: [2, 2], rel: 1e-14)
    }

    @Test func jacobianInBothModesAndAutomatic() throws {
        var g = RandomGenerator(seed: 11)
        let W = NDArray.normal(shape: [4, 3], generator: &g), b = NDArray.normal(shape: [4], generator: &g)
        let x = NDArray.normal(shape: [3], generator: &g)
        func layer(_ x: NDArray) -> NDArray { tanh(matmul(W, x) + b) }
        let forward = try jacobian(at: x, mode: .forward, layer)
        let reverse = try jacobian(at: x, mode: .reverse, layer)
        let y = layer(x).scalars
        // J = diag(1 - y²) W
        let weights = W.scalars
        var expected: [Double] = []
        for i in 0 ..< 4 {
            for j in 0 ..< 3 { expected.append((1.0 - y[i] * y[i]) * weights[i * 3 + j]) }
        }
        #expect(forward.mode == .forward && reverse.mode == .reverse)
        expectValues(forward.matrix, expected, shape: [4, 3], rel: 1e-14)
        expectValues(reverse.matrix, expected, shape: [4, 3], rel: 1e-14)
        // 3 inputs < 4 outputs: forward; a scalar output: reverse.
        #expect(try jacobian(at: x, layer).mode == .forward)
        #expect(try jacobian(at: x) { layer($0).sum() }.mode == .reverse)
        // Matrix-shaped input and output.
        let X = NDArray([[1.0, 2], [3, 4]])
        let jf = try jacobian(at: X, mode: .forward) { $0 * $0 }, jr = try jacobian(at: X, mode: .reverse) { $0 * $0 }
        #expect(jf.matrix.shape == [2, 2, 2, 2])
        expectValues(jf.matrix, jr.matrix.scalars)
        expectValues(jf.matrix, [2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 8])
    }

    @Test func thirdDerivativeToAnyOrder() throws {
        let x = NDArray([2.0])
        func d(_ f: @escaping (NDArray) throws -> NDArray) -> (NDArray) throws -> NDArray { { x in try gradient(at: x) { try f($0).sum() } } }
        let cube: (NDArray) throws -> NDArray = { $0 * $0 * $0 }
        expectValues(try d(cube)(x), [12])
        expectValues(try d(d(cube))(x), [12])
        expectValues(try d(d(d(cube)))(x), [6])
        expectValues(try d(d(d(d(cube))))(x), [0])
        // Forward over forward.
        let (_, second) = try jvp(at: x, tangent: NDArray([1.0])) { x in try jvp(at: x, tangent: NDArray([1.0])) { $0 * $0 * $0 }.tangent }
        expectValues(second, [12])
    }
}

/// Perturbation confusion cannot happen: nested levels are tagged and never mixed.
@Suite("Perturbation confusion")
struct PerturbationConfusionTests {
    /// d/dx [ x · d/dy (x + y) ] = 1 at any x (Siskind and Pearlmutter's example; 2 when confused).
    @Test(arguments: [-2.0, 0, 3.5])
    func classicNestedDerivative(_ at: Double) throws {
        let (_, t) = try jvp(at: NDArray([at]), tangent: NDArray([1.0])) { x in
            x * (try jvp(at: NDArray([5.0]), tangent: NDArray([1.0])) { y in x + y }.tangent)
        }
        expectValues(t, [1])
        // The same in reverse over reverse and reverse over forward.
        let g = try gradient(at: NDArray([at])) { x in (x * (try gradient(at: NDArray([5.0])) { y in (x + y).sum() })).sum() }
        expectValues(g, [1])
        let g2 = try gradient(at: NDArray([at])) { x in (x * (try jvp(at: NDArray([5.0]), tangent: NDArray([1.0])) { y in x + y }.tangent)).sum() }
        expectValues(g2, [1])
    }

    /// ForwardDiff.jl issue 83: d/dx [ x · d/dy (x · y) ] at x = 1 is 2x = 2 (0 or 1 when confused).
    @Test func innerDerivativeDependsOnOuterVariable() throws {
        let (_, t) = try jvp(at: NDArray([1.0]), tangent: NDArray([1.0])) { x in
            x * (try jvp(at: NDArray([3.0]), tangent: NDArray([1.0])) { y in x * y }.tangent)
        }
        expectValues(t, [2])
        let g = try gradient(at: NDArray([1.0])) { x in (x * (try gradient(at: NDArray([3.0])) { y in (x * y).sum() })).sum() }
        expectValues(g, [2])
    }

    /// A closure that captured the outer variable and is differentiated at the same point
    /// (the "f(x) = d/dy g(x, y)" shape reported against ForwardDiff.jl, issue 217).
    @Test func derivativeOfAFunctionDefinedThroughADerivative() throws {
        func inner(_ x: NDArray) throws -> NDArray {
            try jvp(at: x, tangent: NDArray.ones(like: x)) { y in y * y * x }.tangent   // d/dy (y² x) at y = x: 2x²
        }
        // d/dx 2x² = 4x.
        let (_, t) = try jvp(at: NDArray([1.5]), tangent: NDArray([1.0]), inner)
        expectValues(t, [6])
        expectValues(try gradient(at: NDArray([1.5])) { try inner($0).sum() }, [6])
    }

    /// A dual that escapes its jvp does not leak its tangent into a later, unrelated level.
    @Test func escapedDualsAreInert() throws {
        nonisolated(unsafe) var escaped = NDArray([0.0])
        _ = try jvp(at: NDArray([2.0]), tangent: NDArray([1.0])) { x in escaped = x; return x * 3 }
        let (_, t) = try jvp(at: NDArray([1.0]), tangent: NDArray([1.0])) { y in y * escaped }
        expectValues(t, [2])
    }
}

/// For every catalog operator, second derivatives three ways: forward over reverse, reverse
/// over reverse, forward over forward. They must agree.
@Suite("Second derivatives three ways")
struct SecondOrderTests {
    static let cases = OperatorCatalog.entries.flatMap(\.cases).filter {
        $0.op.info.derivative != .none && $0.op.info.derivative != .zero && $0.shapes.allSatisfy { Shape.count($0) > 0 }
    }

    @Test(arguments: cases)
    func threeWaysAgree(_ c: CatalogCase) throws {
        var g = RandomGenerator(seed: stableSeed("second" + c.description))
        let inputs = c.shapes.enumerated().map { i, shape in sample(c.domain(i), shape: shape, generator: &g) }
        let differentiable = c.shapes.indices.filter { c.domain($0).isDifferentiated }
        let i = differentiable[0]
        // A scalar function of input i: φ(x) = ⟨w, op(…, x, …)⟩ with a fixed random w.
        let y0 = dispatch(c.op, inputs)
        let w = NDArray.normal(shape: y0.shape, generator: &g).astype(y0.dtype)
        func phi(_ x: NDArray) -> NDArray {
            var args = inputs
            args[i] = x
            return (dispatch(c.op, args) * w).sum().astype(.float64)
        }
        let v = NDArray.normal(shape: inputs[i].shape, generator: &g)
        let u = NDArray.normal(shape: inputs[i].shape, generator: &g)
        let x = inputs[i]
        // uᵀ H v, three ways.
        let forwardOverReverse = dotProduct(u, try hessianVectorProduct(at: x, vector: v, phi))
        let reverseOverReverse = dotProduct(v, try gradient(at: x) { x in (try gradient(at: x, phi) * u).sum() })
        let forwardOverForward = try jvp(at: x, tangent: v) { x in try jvp(at: x, tangent: u, phi).tangent }.tangent.scalars[0]
        let scale = Swift.max(1, Swift.abs(forwardOverReverse))
        let tolerance = (y0.dtype == .float32 ? 1e-5 : 1e-11) * scale
        #expect(Swift.abs(forwardOverReverse - reverseOverReverse) <= tolerance, "FoR \(forwardOverReverse) vs RoR \(reverseOverReverse)")
        #expect(Swift.abs(forwardOverReverse - forwardOverForward) <= tolerance, "FoR \(forwardOverReverse) vs FoF \(forwardOverForward)")
    }
}

@Suite("Conventions at kinks are the same in both modes")
struct KinkConventionTests {
    /// Forward (a JVP per basis direction) and reverse give the same subgradient at every kink.
    static func function(_ name: String) -> (NDArray) -> NDArray {
        switch name {
        case "maximum tie": return { maximum($0[0], $0[1]) }
        case "minimum tie": return { minimum($0[0], $0[1]) }
        case "max reduction tie": return { $0.max() }
        case "min reduction tie": return { $0.min(axis: 0) }
        case "norm at zero": return { $0.norm() }
        case "L1 norm at zero": return { $0.norm(ord: 1) }
        case "relu at 0": return { relu($0).sum() }
        case "abs at 0": return { abs($0).sum() }
        default: return { $0.clip(-1, 1).sum() }
        }
    }

    static let third: Double = 1.0 / 3.0
    static let kinks: [(String, [Double], [Double])] = [
        ("maximum tie", [1, 1], [0.5, 0.5]),
        ("minimum tie", [2, 2], [0.5, 0.5]),
        ("max reduction tie", [3, 1, 3], [0.5, 0, 0.5]),
        ("min reduction tie", [0, 0, 0], [third, third, third]),
        ("norm at zero", [0, 0, 0], [0, 0, 0]),
        ("L1 norm at zero", [0, -1, 0], [0, -1, 0]),
        ("relu at 0", [0, 1], [0, 1]),
        ("abs at 0", [0, -2], [0, -1]),
        ("clip at the bounds", [-1, 1, 2], [1, 1, 0]),
    ]

    /// Forward (a JVP per basis direction) and reverse give the same subgradient at every kink.
    @Test(arguments: kinks)
    func sameSubgradientInBothModes(_ name: String, _ at: [Double], _ expected: [Double]) throws {
        let f = Self.function(name)
        let x = NDArray(at)
        let reverse = try gradient(at: x) { f($0) }
        expectValues(reverse, expected, rel: 1e-15)
        let forward = try jacobian(at: x, mode: .forward) { f($0) }.matrix
        expectValues(forward, expected, rel: 1e-15)
    }

    @Test func jacobianWithSeveralInputs() throws {
        let a = NDArray([1.0, 2]), b = NDArray([3.0, 4, 5])
        let js = try jacobian(at: [a, b]) { xs in matmul(xs[0].reshape([2, 1]), xs[1].reshape([1, 3])).flatten().reshape([6]) }
        #expect(js.count == 2 && js[0].matrix.shape == [6, 2] && js[1].matrix.shape == [6, 3])
        expectValues(js[0].matrix, [3, 0, 4, 0, 5, 0, 0, 3, 0, 4, 0, 5])
        expectValues(js[1].matrix, [1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 0, 2])
    }
}

@Suite("Regressions")
struct RegressionTests {
    /// Batched forward mode through zero-derivative operators (sign, stopGradient, abs's derivative).
    @Test func batchedForwardThroughZeroDerivativeOperators() throws {
        let x = NDArray([0.5, -1.0, 2.0])
        expectValues(try hessian(at: x) { abs($0).sum() * $0.sum() }, [2, 0, 2, 0, -2, 0, 2, 0, 2].enumerated().map { i, _ in
            let r = i / 3, c = i % 3
            let s = [1.0, -1, 1]
            return s[r] + s[c]
        })
        expectValues(try jacobian(at: x, mode: .forward) { sign($0) + stopGradient($0) }.matrix, [Double](repeating: 0, count: 9))
    }

    /// `a ** b` has zero partials where a factor is exactly zero (not NaN from 0·∞).
    @Test func powerAtZero() throws {
        let g = try gradient(at: [NDArray([0.0, 0.0, 2.0]), NDArray([0.0, 2.0, 3.0])]) { ($0[0] ** $0[1]).sum() }
        expectValues(g[0], [0, 0, 12])
        expectValues(g[1], [0, 0, 8 * Foundation.log(2.0)], rel: 1e-15)
        let (_, t) = try jvp(at: [NDArray([0.0]), NDArray([0.0])], tangents: [NDArray([1.0]), NDArray([1.0])]) { $0[0] ** $0[1] }
        expectValues(t, [0])
        // The guard is only at a = b = 0: at b = 0 elsewhere, ∂²/∂b∂a (a^b) = 1/a.
        let mixed = try gradient(at: NDArray([0.0])) { b in
            try gradient(at: [NDArray([0.5]), b]) { ($0[0] ** $0[1]).sum() }[0].sum()
        }
        expectValues(mixed, [2], rel: 1e-15)
    }
}

extension RegressionTests {
    /// A zero-derivative operator attaches no tangent, so forward mode gives 0, not 0·∞ = NaN,
    /// where its result meets an infinite derivative (found by adcheck).
    @Test func zeroDerivativeOperatorsGiveNoTangent() throws {
        let x = NDArray([1.0, -1.0])
        let f: (NDArray) -> NDArray = { (($0 .> 0) ** 0.5).sum() }
        let (_, forward) = try jvp(at: x, tangent: NDArray([1.0, 1.0]), f)
        expectValues(forward, [0])
        expectValues(try gradient(at: x, f), [0, 0])
        expectValues(try jacobian(at: x, mode: .forward, f).matrix, [0, 0])
    }
}
