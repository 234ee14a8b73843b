import Foundation
import Testing
@testable import DualTape

/// The compiled counterparts of the eager test families that do not iterate the catalog:
/// each calls every entry point it tests at one input (which traces it there), then at the
/// input the eager test uses, and checks that this replayed the trace rather than tracing
/// again, so a value frozen into a trace (a raw read inside a rule) shows up as a wrong answer.
///
/// | eager family | compiled counterpart |
/// |---|---|
/// | `KinkConventionTests` | `kinkConventionsSurviveReplay(_:_:_:)` |
/// | `DomainEndTests` | `domainEndsThroughTheScalarAndArrayPaths(_:)` |
/// | `LAPACKErrorTests` | `singularDataThrowsOnReplay()`, `determinantAtASingularMatrix()`, `spectralGapsAreCheckedAtReplay()` |
/// | `TransformTests` | `jacobiansInEveryMode()`, `hessianOfAQuadraticForm()` |
/// | `AutogradSemanticsTests` (head gradients) | `vjpIsBackwardWithAHeadGradient()` |
/// | `BadInputTests` (non-finite data) | `nonFiniteInputsPropagateAsInEagerMode()` |
///
/// The catalog-wide families (`ModeAgreementTests`, `SecondOrderTests`, the oracle sweep,
/// the property suite) have theirs in `CompiledCatalogTests`, `CompiledModeTests` and
/// `CompiledPropertyTests`; the seed's control flow in `CompiledControlFlowTests`.
@Suite("Compiled counterparts of the eager test families")
struct CompiledCounterpartTests {
    // MARK: Kinks

    /// Traced away from the kink, replayed at it: the same subgradient as eager mode.
    @Test(arguments: KinkConventionTests.kinks)
    func kinkConventionsSurviveReplay(_ name: String, _ at: [Double], _ expected: [Double]) throws {
        let f = KinkConventionTests.function(name)
        let away = NDArray(at.enumerated().map { i, v in v + 0.25 + Double(i) * 0.5 })
        let compiled = try Autograd.compile(example: away) { KinkConventionTests.function(name)($0) }
        let x = NDArray(at)
        let eagerAway = try gradient(at: away) { f($0) }
        expectValues(try compiled.gradient(away), eagerAway.scalars, rel: 1e-15)
        _ = try compiled.jacobian(away, mode: .forward)
        let traces = compiled.traceCount
        expectValues(try compiled.gradient(x), expected, rel: 1e-15)
        expectValues(try compiled.jacobian(x, mode: .forward).reshape([at.count]), expected, rel: 1e-15)
        #expect(compiled.traceCount == traces, "\(name): the kink was traced again, not replayed")
        // And back away from it: the kink's weights were not kept.
        expectValues(try compiled.gradient(away), eagerAway.scalars, rel: 1e-15)
    }

    // MARK: Domain ends

    /// A point inside the domain next to each end, where the trace is taken.
    static func inside(_ c: (name: String, f: @Sendable (NDArray) -> NDArray, at: Double, first: Double, second: Double)) -> Double {
        if c.name == "arccosh at 1" { return 1.5 }
        return c.at == 0 ? 0.5 : c.at / 2
    }

    /// First and second derivatives at the ends of domains, compiled: one element (the scalar
    /// register path) and three (the array path), each traced inside the domain.
    @Test(arguments: DomainEndTests.cases.indices)
    func domainEndsThroughTheScalarAndArrayPaths(_ k: Int) throws {
        let c = DomainEndTests.cases[k]
        let f = c.f
        for count in [1, 3] {
            let trace = NDArray(Array(repeating: Self.inside(c), count: count))
            let x = NDArray(Array(repeating: c.at, count: count))
            let g = try Autograd.compile(example: trace) { f($0).sum() }
            let elementwise = try Autograd.compile(example: trace) { f($0) }
            _ = try g.gradient(trace)
            _ = try g.hessianVectorProduct(trace, vector: NDArray.ones([count]))
            _ = try elementwise.jvp(trace, tangent: NDArray.ones([count]))
            let traces = g.traceCount + elementwise.traceCount
            let first = try g.gradient(x)
            #expect(first.scalars == Array(repeating: c.first, count: count), "\(c.name) (\(count)): first derivative \(first.scalars)")
            let second = try g.hessianVectorProduct(x, vector: NDArray.ones([count]))
            #expect(second.scalars == Array(repeating: c.second, count: count), "\(c.name) (\(count)): second derivative \(second.scalars)")
            let tangent = try elementwise.jvp(x, tangent: NDArray.ones([count])).tangent
            #expect(tangent.scalars == Array(repeating: c.first, count: count), "\(c.name) (\(count)): JVP \(tangent.scalars)")
            #expect(g.traceCount + elementwise.traceCount == traces, "\(c.name) (\(count)): traced again, not replayed")
        }
    }

    // MARK: Linear algebra errors

    /// Traced at a regular matrix, replayed at a singular one: the replay throws the eager
    /// error from every entry point, and the function still works at a regular matrix afterwards.
    @Test func singularDataThrowsOnReplay() throws {
        let b = NDArray([1.0, 1])
        let regular = NDArray([[2.0, 1], [1, 3]])
        let f = try Autograd.compile(example: regular) { try solve($0, b).sum() }
        let eager = try valueWithGradient(at: regular) { try solve($0, b).sum() }
        _ = try f.valueWithGradient(regular)
        _ = try f.jvp(regular, tangent: NDArray.ones([2, 2]))
        let traces = f.traceCount
        let singular = LAPACKErrorTests.singular
        let fragments = ["shape [2, 2]", "is singular", "U[1, 1]", "exactly zero"]
        expectOperatorError("solve", fragments) { _ = try f(singular) }
        expectOperatorError("solve", fragments) { _ = try f.valueWithGradient(singular) }
        expectOperatorError("solve", fragments) { _ = try f.jvp(singular, tangent: NDArray.ones([2, 2])) }
        expectOperatorError("solve", ["NaN at [0, 1]"]) { _ = try f.gradient(NDArray([[1.0, .nan], [0, 1]])) }
        #expect(f.traceCount == traces, "traced again, not replayed")
        let compiled = try f.valueWithGradient(regular)
        expectValues(compiled.value, eager.value.scalars, rel: 1e-15)
        expectValues(compiled.gradient, eager.gradient.scalars, rel: 1e-15)
    }

    /// det is defined at a singular matrix but its rules invert it: the compiled value is 0,
    /// and the compiled gradient throws `inv`'s error as eager mode does.
    @Test func determinantAtASingularMatrix() throws {
        let regular = NDArray([[2.0, 1], [1, 3]])
        let f = try Autograd.compile(example: regular) { try det($0) }
        _ = try f.gradient(regular)
        _ = try f.jvp(regular, tangent: NDArray.ones([2, 2]))
        let traces = f.traceCount
        expectValues(try f(LAPACKErrorTests.singular), [0])
        expectOperatorError("inv", ["is singular"]) { _ = try f.gradient(LAPACKErrorTests.singular) }
        expectOperatorError("inv", ["is singular"]) { _ = try f.jvp(LAPACKErrorTests.singular, tangent: NDArray.ones([2, 2])) }
        #expect(f.traceCount == traces, "traced again, not replayed")
    }

    /// The eigenvectors' and singular vectors' rules check their gaps at every replay: traced
    /// where the values are distinct, replayed where two are equal, they throw as eager mode
    /// does (a trace that kept the check's outcome would return infinities instead).
    @Test func spectralGapsAreCheckedAtReplay() throws {
        let repeated = NDArray([[2.0, 0, 0], [0, 1, 0], [0, 0, 2]])
        let distinctDiagonal = NDArray([[3.0, 0, 0], [0, 1, 0], [0, 0, 2]])
        let eigenvectors = try Autograd.compile(example: distinctDiagonal) { try eigh($0).vectors.sum() }
        _ = try eigenvectors.gradient(distinctDiagonal)
        _ = try eigenvectors.jvp(distinctDiagonal, tangent: NDArray.ones([3, 3]))
        let traces = eigenvectors.traceCount
        let fragments = ["shape [3, 3]", "repeated eigenvalue", "w[1] = w[2] = 2"]
        expectOperatorError("eigh", fragments) { _ = try eigenvectors.gradient(repeated) }
        expectOperatorError("eigh", fragments) { _ = try eigenvectors.jvp(repeated, tangent: NDArray.ones([3, 3])) }
        let distinct = NDArray([[2.0, 0.5, 0], [0.5, 1, 0], [0, 0, -1]])
        expectValues(try eigenvectors.gradient(distinct), try gradient(at: distinct) { try eigh($0).vectors.sum() }.scalars, rel: 1e-13)
        #expect(eigenvectors.traceCount == traces, "traced again, not replayed")
        let tall = NDArray([[3.0, 0], [0, 1], [0, 0]])
        let singularVectors = try Autograd.compile(example: tall) { try svd($0).u.sum() }
        _ = try singularVectors.gradient(tall)
        expectOperatorError("svd", ["repeated singular value"]) { _ = try singularVectors.gradient(NDArray([[3.0, 0], [0, 3], [0, 0]])) }
        expectOperatorError("svd", ["zero singular value"]) { _ = try singularVectors.gradient(NDArray([[1.0, 0], [0, 0], [0, 0]])) }
        #expect(singularVectors.traceCount == 2, "traced again, not replayed")
    }

    // MARK: Transforms

    /// A layer's Jacobian in every mode equals eager mode's, traced at one input and replayed at another.
    @Test func jacobiansInEveryMode() throws {
        let W = NDArray([[0.5, -1, 2], [1.5, 0.25, -0.75]]), b = NDArray([0.1, -0.2])
        @Sendable func layer(_ x: NDArray) -> NDArray { tanh(matmul(W, x) + b) }
        let f = try Autograd.compile(example: NDArray([0.3, -0.1, 0.8]), layer)
        let x = NDArray([-0.4, 0.9, 0.2])
        let eager = try jacobian(at: x, mode: .reverse, layer).matrix
        for mode in [JacobianMode.forward, .reverse, .automatic] { _ = try f.jacobian(NDArray([0.3, -0.1, 0.8]), mode: mode) }
        let traces = f.traceCount
        defer { #expect(f.traceCount == traces, "traced again, not replayed") }
        for mode in [JacobianMode.forward, .reverse, .automatic] {
            let compiled = try f.jacobian(x, mode: mode)
            #expect(compiled.shape == [2, 3], "\(mode)")
            expectValues(compiled, eager.scalars, rel: 1e-14)
        }
    }

    /// ½xᵀAx + bᵀx has Hessian ½(A + Aᵀ): its columns by compiled Hessian-vector products.
    @Test func hessianOfAQuadraticForm() throws {
        let A = NDArray([[2.0, 1, 0], [3, 4, -1], [0, 5, 6]]), b = NDArray([1.0, -2, 0.5])
        let f = try Autograd.compile(example: NDArray([1.0, 1, 1])) { x in 0.5 * dot(x, matmul(A, x)) + dot(b, x) }
        let x = NDArray([0.3, -2, 7])
        _ = try f.gradient(NDArray([1.0, 1, 1]))
        _ = try f.hessianVectorProduct(NDArray([1.0, 1, 1]), vector: NDArray([1.0, 0, 0]))
        let traces = f.traceCount
        defer { #expect(f.traceCount == traces, "traced again, not replayed") }
        let symmetric = 0.5 * (A + A.T)
        for j in 0 ..< 3 {
            var e = [0.0, 0, 0]
            e[j] = 1
            let column = try f.hessianVectorProduct(x, vector: NDArray(e))
            expectValues(column, (0 ..< 3).map { symmetric.scalars[$0 * 3 + j] }, rel: 1e-15)
        }
        // The gradient Ax̄ + b with Ā = ½(A + Aᵀ).
        let s = symmetric.scalars, xs = x.scalars, bs = b.scalars
        var expected: [Double] = []
        for i in 0 ..< 3 {
            var sum = bs[i]
            for j in 0 ..< 3 { sum += s[i * 3 + j] * xs[j] }
            expected.append(sum)
        }
        expectValues(try f.gradient(x), expected, rel: 1e-14)
    }

    // MARK: Head gradients

    /// A compiled VJP with cotangent g is eager `backward(g)` on a recorded graph (MXNet's head gradient).
    @Test func vjpIsBackwardWithAHeadGradient() throws {
        @Sendable func f(_ x: NDArray) -> NDArray { sin(x) * x + x.sum() }
        let compiled = try Autograd.compile(example: NDArray([1.0, 2, 3])) { f($0) }
        _ = try compiled.vjp(NDArray([1.0, 2, 3]), cotangent: NDArray([1.0, 1, 1]))
        let traces = compiled.traceCount
        var x = NDArray([0.5, -1, 4])
        let head = NDArray([2.0, -1, 0.5])
        x.attachGrad()
        let y = Autograd.record { f(x) }
        try y.backward(headGradient: head)
        let (value, cotangent) = try compiled.vjp(x.detach(), cotangent: head)
        expectValues(value, y.scalars, rel: 1e-15)
        expectValues(cotangent, x.grad!.scalars, rel: 1e-14)
        #expect(compiled.traceCount == traces, "traced again, not replayed")
    }

    // MARK: Non-finite data

    /// NaN and infinity in the data go through a compiled function exactly as through eager
    /// mode (the fused loops must not turn a NaN into a number, nor `0 · ∞` into 0).
    @Test func nonFiniteInputsPropagateAsInEagerMode() throws {
        @Sendable func f(_ x: NDArray) -> NDArray { (exp(-x * x) * tanh(x) + sqrt(abs(x))).sum() }
        let compiled = try Autograd.compile(example: NDArray([0.5, 1, 2, 3])) { f($0) }
        _ = try compiled.valueWithGradient(NDArray([0.5, 1, 2, 3]))
        let traces = compiled.traceCount
        let x = NDArray([Double.nan, Double.infinity, -Double.infinity, 1])
        let eager = try valueWithGradient(at: x) { f($0) }
        let (value, gradient) = try compiled.valueWithGradient(x)
        #expect(value.scalars[0].isNaN && eager.value.scalars[0].isNaN)
        for (c, e) in zip(gradient.scalars, eager.gradient.scalars) {
            if e.isNaN {
                #expect(c.isNaN, "compiled \(c) where eager is NaN")
            } else {
                #expect(c == e, "compiled \(c), eager \(e)")
            }
        }
        #expect(eager.gradient.scalars[0].isNaN, "eager's gradient at NaN is \(eager.gradient.scalars[0])")
        #expect(compiled.traceCount == traces, "traced again, not replayed")
    }
}
