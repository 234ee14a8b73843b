import Testing
@testable import DualTape

/// A loop over the elements of a vector (W5's Rosenbrock) traces and optimises to a program
/// whose size and work grow linearly with the vector's length: the backward pass's slice
/// transposes are recorded as one-element accumulations, not dense scatters and adds.
@Suite("Compiled functions: a loop over elements scales linearly")
struct CompiledScalingTests {
    static func input(_ n: Int) -> NDArray {
        NDArray((0 ..< n).map { Double($0 % 7) * 0.25 - 0.8 })
    }

    /// The optimised program of `valueWithGradient` at length `n`.
    static func optimized(_ n: Int) throws -> Program {
        let traced = try TraceRecorder.trace([input(n)]) { xs in
            let r = try valueWithGradient(at: xs[0], rosenbrockLoop)
            return [r.value, r.gradient]
        }
        return Compiler.passes.reduce(traced.program) { program, pass in pass.run(program) }
    }

    /// Elements the instructions compute (an accumulation into a vector counts its slice).
    static func work(_ p: Program) -> Int {
        p.instructions.reduce(0) { sum, i in
            sum + (i.op is SliceAccumulate ? 1 : p.values[i.output].shape.reduce(1, *))
        }
    }

    @Test func instructionsAndWorkGrowLinearly() throws {
        let small = try Self.optimized(100), large = try Self.optimized(200)
        let ratio = Double(large.instructions.count) / Double(small.instructions.count)
        #expect(ratio > 1.9 && ratio < 2.1, "\(small.instructions.count) → \(large.instructions.count)")
        let workRatio = Double(Self.work(large)) / Double(Self.work(small))
        // Quadratic work (a dense scatter and add per element) would make this about 4.
        #expect(workRatio > 1.9 && workRatio < 2.1, "\(Self.work(small)) → \(Self.work(large))")
        #expect(large.instructions.contains { $0.op is SliceAccumulate })
    }

    @Test func compiledGradientEqualsTheEagerOne() throws {
        let x = Self.input(60)
        let f = try Autograd.compile(example: x, rosenbrockLoop)
        let compiled = try f.valueWithGradient(x)
        let eager = try DualTape.valueWithGradient(at: x, rosenbrockLoop)
        #expect(f.lastTraceStatistics?.path == .scalar)
        #expect(compiled.value.scalars == eager.value.scalars)
        #expect(compiled.gradient.scalars == eager.gradient.scalars)
        // The closed form: ∂/∂xᵢ = −400 aᵢ xᵢ − 2(1 − xᵢ) + 200 aᵢ₋₁, with aᵢ = xᵢ₊₁ − xᵢ².
        let v = x.scalars
        var closed = [Double](repeating: 0, count: v.count)
        for i in 0 ..< v.count - 1 {
            let a = v[i + 1] - v[i] * v[i]
            closed[i] += -400 * a * v[i] - 2 * (1 - v[i])
            closed[i + 1] += 200 * a
        }
        for (g, c) in zip(compiled.gradient.scalars, closed) { #expect(abs(g - c) <= 1e-12 * max(1, abs(c))) }
    }
}
