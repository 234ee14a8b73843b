import Foundation
import Testing
@testable import DualTape

/// Each optimisation pass changes the program (instruction counts) and keeps its values.
@Suite("Compiled functions: the optimisation passes")
struct CompiledPassTests {
    static func pass(_ s: CompiledFunction.Statistics?, _ name: String) throws -> PassStatistics {
        try #require(s?.passes.first { $0.name == name })
    }

    static let x = NDArray([0.5, -1.25, 2.0, 0.75])

    @Test func deadCodeDropsUnusedValues() throws {
        let f = try Autograd.compile(example: Self.x) { x in
            _ = exp(x) * 3
            return (x * x).sum()
        }
        let p = try Self.pass(f.lastTraceStatistics, "dead code")
        #expect(p.instructionsAfter == p.instructionsBefore - 2)
        #expect(try f(Self.x).scalars == [(Self.x * Self.x).sum().scalars[0]])
    }

    @Test func commonSubexpressionsAreComputedOnce() throws {
        let f = try Autograd.compile(example: Self.x) { x in (sin(x) * 2 + sin(x) * 2).sum() }
        let p = try Self.pass(f.lastTraceStatistics, "common subexpressions")
        #expect(p.instructionsAfter == p.instructionsBefore - 2)
        // A slice with other bounds is another operation and stays.
        let g = try Autograd.compile(example: Self.x) { x in (x[0] + x[1] + x[0]) }
        let q = try Self.pass(g.lastTraceStatistics, "common subexpressions")
        #expect(q.instructionsAfter == q.instructionsBefore - 1)
        #expect(try g(Self.x).scalars == [0.5 - 1.25 + 0.5])
        expectValues(try f(Self.x), [4 * Self.x.scalars.map { Foundation.sin($0) }.reduce(0, +)], rel: 1e-15)
    }

    @Test func constantFoldingRemovesMultiplicationsByTheSeed() throws {
        let f = try Autograd.compile(example: Self.x) { x in (x * x).sum() }
        _ = try f.gradient(Self.x)
        let p = try Self.pass(f.lastTraceStatistics, "constant folding")
        #expect(p.instructionsAfter < p.instructionsBefore)
        #expect(try f.gradient(Self.x).scalars == Self.x.scalars.map { 2 * $0 })
    }

    @Test func fusionMakesOneLoopOfAnElementwiseChain() throws {
        var g = RandomGenerator(seed: 11)
        let x = NDArray.uniform(low: -1, high: 1, shape: [20000], generator: &g)
        @Sendable func chain(_ x: NDArray) -> NDArray { (tanh(x) * exp(-x * x) + sin(x)).sum() }
        let f = try Autograd.compile(example: x, chain)
        let (value, gradient) = try f.valueWithGradient(x)
        let s = try #require(f.lastTraceStatistics)
        #expect(s.path == .arrays)
        #expect(s.steps == 1, "\(s)")
        let eager = try DualTape.valueWithGradient(at: x, chain)
        expectValues(value, eager.value.scalars, rel: 1e-13)
        expectValues(gradient, eager.gradient.scalars, rel: 1e-14, abs: 1e-15)
        // Calling again reuses the buffers without touching a result the caller holds.
        let again = try f.valueWithGradient(x * 2)
        expectValues(gradient, eager.gradient.scalars, rel: 1e-14, abs: 1e-15)
        expectValues(again.gradient, try DualTape.gradient(at: x * 2, chain).scalars, rel: 1e-14, abs: 1e-15)
    }

    @Test func slicesTransposesFuseIntoTheGradientLoop() throws {
        var g = RandomGenerator(seed: 6)
        let x = NDArray.uniform(low: -1, high: 1, shape: [10000], generator: &g)
        let f = try Autograd.compile(example: x, rosenbrock)
        let (value, gradient) = try f.valueWithGradient(x)
        let eager = try DualTape.valueWithGradient(at: x, rosenbrock)
        expectValues(value, eager.value.scalars, rel: 1e-12)
        expectValues(gradient, eager.gradient.scalars, rel: 1e-13, abs: 1e-13)
        let s = try #require(f.lastTraceStatistics)
        #expect(s.steps <= 4, "\(s)")
    }
}
