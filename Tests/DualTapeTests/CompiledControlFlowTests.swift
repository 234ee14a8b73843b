import Foundation
import Testing
@testable import DualTape

/// The seed's control flow through compiled functions: guards, retracing, strict mode, and
/// the errors a compiled function gives for bad input.
@Suite("Compiled functions: guards, retracing and errors")
struct CompiledControlFlowTests {
    /// The seed's `f(a)`: a `while` on the norm and an `if` on the sum.
    @Sendable static func seed(_ a: NDArray) -> NDArray {
        var b = a * 2
        while b.norm().asScalar() < 1000 { b = b * 2 }
        return b.sum().asScalar() >= 0 ? b[0] : b[1]
    }

    /// The seed's gradient in closed form: `2^k` on the element the branch picks, where `k`
    /// is the number of doublings (Float32 arithmetic, as in the seed).
    static func seedGradient(_ a: [Float]) -> [Double] {
        var b = a.map { $0 * 2 }
        var scale: Float = 2
        while (b.map { $0 * $0 }.reduce(0, +)).squareRoot() < 1000 { b = b.map { $0 * 2 }; scale *= 2 }
        return b.reduce(0, +) >= 0 ? [Double(scale), 0] : [0, Double(scale)]
    }

    /// The seed's input (MXNet's gradient [1024, 0]), another loop count, and the other branch.
    static let inputs: [[Float]] = [[0.9273255, -0.45468742], [100, 50], [-3, 1], [0.05, -0.2]]

    @Test func seedGradientsMatchMXNetThroughGuardsAndRetracing() throws {
        let f = try Autograd.compile(example: NDArray([0.9273255, -0.45468742], dtype: .float32), Self.seed)
        #expect(Self.seedGradient([0.9273255, -0.45468742]) == [1024, 0])
        for values in Self.inputs + Self.inputs {
            let a = NDArray(values: values.map(Double.init), shape: [2], dtype: .float32)
            let (value, gradient) = try f.valueWithGradient(a)
            #expect(gradient.scalars == Self.seedGradient(values), "input \(values)")
            #expect(value.scalars == Self.seed(a).scalars)
            #expect(try f(a).scalars == Self.seed(a).scalars)
        }
        // One trace per distinct (loop count, branch) for each entry point, reused the second time round.
        #expect(f.gradientTraceStatistics.count == 4)
        #expect(f.valueTraceStatistics.count == 4)
        #expect(f.traceCount == 8)
        #expect(f.gradientTraceStatistics.allSatisfy { $0.guards >= 2 })
    }

    @Test func strictModeThrowsStaleTraceNamingTheComparison() throws {
        let f = try Autograd.compile(example: NDArray([0.9273255, -0.45468742], dtype: .float32), mode: .strict, Self.seed)
        #expect(try f(NDArray([0.9, -0.4], dtype: .float32)).scalars == Self.seed(NDArray([0.9, -0.4], dtype: .float32)).scalars)
        do {
            _ = try f(NDArray([100, 50], dtype: .float32))
            Issue.record("a stale trace was replayed")
        } catch let AutogradError.staleTrace(message) {
            #expect(message.contains("CompiledControlFlowTests.swift:12"), "\(message)")
            #expect(message.contains("<"))
            #expect(message.contains("mode: .retrace"))
        }
        // The other branch: the sum's comparison (line 13) fails.
        do {
            _ = try f(NDArray([-0.9273255, 0.45468742], dtype: .float32))
            Issue.record("a stale trace was replayed")
        } catch let AutogradError.staleTrace(message) {
            #expect(message.contains("CompiledControlFlowTests.swift:13"), "\(message)")
        }
        #expect(f.traceCount == 1)
    }

    @Test func guardFailureRetraceEqualsFreshEager() throws {
        let f = try Autograd.compile(example: NDArray([1.0, 2, 3])) { x in
            x.sum().asScalar() > 0 ? (x * x).sum() : exp(x).sum()
        }
        for values in [[1.0, 2, 3], [-1.0, -2, 0.5], [4.0, -1, 0]] {
            let x = NDArray(values)
            let eager = try DualTape.valueWithGradient(at: x) { x in x.sum().asScalar() > 0 ? (x * x).sum() : exp(x).sum() }
            let compiled = try f.valueWithGradient(x)
            expectValues(compiled.gradient, eager.gradient.scalars, rel: 1e-15)
            expectValues(compiled.value, eager.value.scalars, rel: 1e-15)
        }
    }

    @Test func exactValueUseIsAGuard() throws {
        let f = try Autograd.compile(example: NDArray([2.0])) { x in x * Double(x.asScalar()) }
        #expect(try f(NDArray([3.0])).scalars == [9])
        #expect(try f(NDArray([2.0])).scalars == [4])
    }

    @Test func wrongShapeIsAnErrorInStrictModeAndARetraceOtherwise() throws {
        let strict = try Autograd.compile(example: NDArray([1.0, 2]), mode: .strict) { ($0 * $0).sum() }
        #expect(throws: AutogradError.self) { try strict(NDArray([1.0, 2, 3])) }
        do {
            _ = try strict.gradient(NDArray([1.0, 2]))
            _ = try strict.gradient(NDArray([[1.0, 2]]))
            Issue.record("no error")
        } catch let AutogradError.compiledInputMismatch(message) {
            #expect(message.contains("[2] float64"), "\(message)")
            #expect(message.contains("[1, 2] float64"), "\(message)")
        }
        #expect(throws: AutogradError.self) { try strict(NDArray([1.0, 2], dtype: .float32)) }
        #expect(throws: AutogradError.self) { try strict([NDArray([1.0]), NDArray([2.0])]) }

        let retrace = try Autograd.compile(example: NDArray([1.0, 2])) { ($0 * $0).sum() }
        #expect(try retrace.gradient(NDArray([1.0, 2, 3])).scalars == [2, 4, 6])
        #expect(try retrace.gradient(NDArray([1.0, 2], dtype: .float32)).scalars == [2, 4])
        #expect(try retrace.gradient(NDArray([1.0, 2])).scalars == [2, 4])
    }

    struct Failure: Error, Equatable {}

    @Test func aThrowingClosureRethrows() {
        #expect(throws: Failure.self) {
            _ = try Autograd.compile(example: NDArray([1.0])) { _ in throw Failure() }
        }
        #expect(throws: AutogradError.notScalar(shape: [2])) {
            _ = try Autograd.compile(example: NDArray([1.0, 2])) { $0 * 2 }.gradient(NDArray([1.0, 2]))
        }
    }

    @Test func twoTasksCallOneCompiledFunction() async throws {
        let f = try Autograd.compile(example: NDArray([0.9273255, -0.45468742], dtype: .float32), Self.seed)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0 ..< 4 {
                group.addTask {
                    var ok = true
                    for k in 0 ..< 50 {
                        let values = Self.inputs[(t + k) % Self.inputs.count]
                        let g = try f.gradient(NDArray(values: values.map(Double.init), shape: [2], dtype: .float32))
                        ok = ok && g.scalars == Self.seedGradient(values)
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results == [true, true, true, true])
    }

    @Test func compiledInsideATransformEvaluatesEagerly() throws {
        let f = try Autograd.compile(example: NDArray([1.0, 2])) { sin($0).sum() }
        let g = try DualTape.gradient(at: NDArray([1.0, 2])) { try f($0) * 3 }
        expectValues(g, [3 * Foundation.cos(1), 3 * Foundation.cos(2)], rel: 1e-15)
    }

    /// W5's shape: a loop over `x[i]` takes the scalar path, with the gradient accumulated by index.
    @Test func scalarLoopTakesTheScalarPath() throws {
        var g = RandomGenerator(seed: 5)
        let x = NDArray.uniform(low: -1, high: 1, shape: [40], generator: &g)
        let f = try Autograd.compile(example: x, rosenbrockLoop)
        let eager = try DualTape.valueWithGradient(at: x, rosenbrockLoop)
        let y = NDArray.uniform(low: -1, high: 1, shape: [40], generator: &g)
        _ = try f.valueWithGradient(y)
        let compiled = try f.valueWithGradient(x)
        expectValues(compiled.gradient, eager.gradient.scalars, rel: 1e-14)
        expectValues(compiled.value, eager.value.scalars, rel: 1e-14)
        let stats = try #require(f.gradientTraceStatistics.first)
        #expect(stats.path == .scalar)
        #expect(f.traceCount == 2)
        let hv = try f.hessianVectorProduct(x, vector: y)
        expectValues(hv, try DualTape.hessianVectorProduct(at: x, vector: y, rosenbrockLoop).scalars, rel: 1e-13)
    }
}
