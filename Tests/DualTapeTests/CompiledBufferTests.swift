import Foundation
import Testing
@testable import DualTape

/// Replay buffers assigned by liveness: fewer bytes than one buffer per value, results
/// bitwise those of the plan without reuse on every catalog case, and the two-stage loops
/// that keep the slice transposes of a gradient in cache.
@Suite("Compiled functions: buffers reused by liveness")
struct CompiledBufferTests {
    /// The optimised program `body` traces at `inputs`.
    static func program(_ inputs: [NDArray], _ body: ([NDArray]) throws -> [NDArray]) throws -> Program {
        var (program, _) = try TraceRecorder.trace(inputs, body)
        for pass in Compiler.passes { program = pass.run(program) }
        return program
    }

    /// The two array plans (buffers reused, one buffer per value) give bitwise equal results.
    static func expectBitwiseEqual(_ program: Program, _ inputs: [NDArray], _ what: String) throws {
        let reused = Fusion.run(program, reuse: true), separate = Fusion.run(program, reuse: false)
        #expect(reused.memory.bufferBytes <= separate.memory.bufferBytes, "\(what)")
        guard case .success(let a) = try reused.run(inputs), case .success(let b) = try separate.run(inputs) else {
            Issue.record("a guard failed on the traced input: \(what)")
            return
        }
        for (k, (x, y)) in zip(a, b).enumerated() {
            #expect(x.shape == y.shape, "\(what) result \(k)")
            #expect(x.scalars.map(\.bitPattern) == y.scalars.map(\.bitPattern), "\(what) result \(k): reused \(x.scalars.prefix(4)), separate \(y.scalars.prefix(4))")
        }
    }

    /// A chain broken by cumulative sums (not elementwise), so each piece is its own loop and
    /// its intermediates go through memory.
    @Sendable static func chain(_ x: NDArray) -> NDArray {
        let a = cumsum(sin(x) * 0.01), b = cumsum(exp(a) - 1) * 1e-4, c = cumsum(tanh(b) * b)
        return (c * c + a).sum()
    }

    @Test func buffersOfAGradientAreReused() throws {
        var g = RandomGenerator(seed: 21)
        let x = NDArray.uniform(low: -1, high: 1, shape: [8192], generator: &g)
        let f = try Autograd.compile(example: x, Self.chain)
        let (value, gradient) = try f.valueWithGradient(x)
        let s = try #require(f.lastTraceStatistics)
        let bytes = 8192 * 8
        // The fused loops write 10 arrays of 8192 elements (the cumulative sums allocate their
        // own); at most 4 are live at once (sin(x)·0.01's loop, read again by the backward
        // pass, and the three arrays of tanh(b)·b's loop), so they fit in 4 buffers.
        #expect(s.memory.writtenValues == 10, "\(s.plan)")
        #expect(s.memory.bytesWithoutReuse == 10 * bytes)
        #expect(s.memory.bufferBytes == 4 * bytes, "\(s.plan)")
        #expect(s.memory.inPlaceWrites >= 1, "\(s.plan)")
        let eager = try DualTape.valueWithGradient(at: x, Self.chain)
        expectValues(value, eager.value.scalars, rel: 1e-12)
        expectValues(gradient, eager.gradient.scalars, rel: 1e-12, abs: 1e-15)
        try Self.expectBitwiseEqual(try Self.program([x]) { ins in
            let r = try DualTape.valueWithGradient(at: ins[0], Self.chain)
            return [r.value, r.gradient]
        }, [x], "chain")
    }

    @Test func anElementwiseLoopWritesInPlaceOverADeadInput() throws {
        // exp(x)·2 goes through memory (the matrix product reads it); the loop after it reads
        // it last and writes its result there.
        var g = RandomGenerator(seed: 22)
        let x = NDArray.uniform(low: -1, high: 1, shape: [64, 64], generator: &g)
        let w = NDArray.normal(shape: [64, 64], generator: &g)
        let f = try Autograd.compile(example: x) { x in
            let a = matmul(exp(x) * 2, w)
            return sin(a) * a + 1
        }
        let y = try f(x)
        let s = try #require(f.lastTraceStatistics)
        #expect(s.memory.writtenValues == 3, "\(s.plan)")
        #expect(s.memory.buffers == 2, "\(s.plan)")
        #expect(s.memory.inPlaceWrites == 1, "\(s.plan)")
        let a = matmul(exp(x) * 2, w)
        #expect(y.scalars == (sin(a) * a + 1).scalars)
    }

    @Test func aResultIsNeverOverwrittenByTheNextCall() throws {
        var g = RandomGenerator(seed: 23)
        let x = NDArray.uniform(low: -1, high: 1, shape: [8192], generator: &g)
        let f = try Autograd.compile(example: x, Self.chain)
        let first = try f.gradient(x)
        let copy = first.scalars
        _ = try f.gradient(x * 0.5)
        #expect(first.scalars == copy)
    }

    @Test func rosenbrocksGradientIsOneLoopWithAHalo() throws {
        var g = RandomGenerator(seed: 24)
        // Large enough that the loop is split across cores: blocks next to a chunk boundary
        // recompute the halo their neighbour owns.
        let x = NDArray.uniform(low: -1, high: 1, shape: [300_001], generator: &g)
        let f = try Autograd.compile(example: x, rosenbrock)
        let (value, gradient) = try f.valueWithGradient(x)
        let s = try #require(f.lastTraceStatistics)
        // Two slices (views) and one loop, which writes the gradient only.
        #expect(s.steps == 3, "\(s.plan)")
        #expect(s.memory.writtenValues == 1, "\(s.plan)")
        #expect(s.memory.bytesMoved == 2 * 300_000 * 8 + 300_001 * 8, "\(s.plan)")
        let eager = try DualTape.valueWithGradient(at: x, rosenbrock)
        expectValues(value, eager.value.scalars, rel: 1e-12)
        // Each gradient element is the same two terms added in the same order as eagerly.
        #expect(gradient.scalars == eager.gradient.scalars)
    }

    @Test func slicesThreeApartShareOneLoop() throws {
        var g = RandomGenerator(seed: 25)
        let x = NDArray.uniform(low: -1, high: 1, shape: [20000], generator: &g)
        @Sendable func stencil(_ x: NDArray) -> NDArray {
            let n = x.count
            return (sin(x[..<(n - 2)]) * x[2...] + exp(x[1 ..< (n - 1)]) * x[2...]).sum()
        }
        let f = try Autograd.compile(example: x, stencil)
        let (value, gradient) = try f.valueWithGradient(x)
        let s = try #require(f.lastTraceStatistics)
        #expect(s.plan.contains("halo 2"), "\(s.plan)")
        let eager = try DualTape.valueWithGradient(at: x, stencil)
        expectValues(value, eager.value.scalars, rel: 1e-12)
        expectValues(gradient, eager.gradient.scalars, rel: 1e-14, abs: 1e-15)
    }

    @Test func aSumOfAFusedSumIsNotBroadcast() throws {
        var g = RandomGenerator(seed: 26)
        let x = NDArray.uniform(low: -1, high: 1, shape: [5000], generator: &g)
        let f = try Autograd.compile(example: x) { x in exp(x).sum().sum() * x.sum() }
        expectValues(try f(x), [exp(x).sum().scalars[0] * x.sum().scalars[0]], rel: 1e-13)
    }

    static let cases = CompiledCatalogTests.cases

    /// Every catalog case's value, VJP and JVP programs (and the fused 6,000-element ones of
    /// the elementwise operators): the reused buffers give the bitwise results of separate ones.
    @Test(arguments: cases)
    func reuseIsBitwiseEqualOnEveryCatalogCase(_ c: CatalogCase) throws {
        var shapes = [c.shapes]
        if CompiledCatalogTests.elementwise.contains(where: { $0.description == c.description }) {
            shapes.append(Array(repeating: [6000], count: c.op.arity))
        }
        let op = c.op
        for shape in shapes {
            let s = CompiledCatalogTests.setup(c, shapes: shape, salt: "buffers")
            let n = s.inputs.count
            try Self.expectBitwiseEqual(try Self.program(s.inputs) { [dispatch(op, $0)] }, s.inputs, "value \(c)")
            try Self.expectBitwiseEqual(try Self.program(s.inputs + [s.cotangent]) { ins in
                let (value, pullback) = try DualTape.vjp(at: Array(ins[..<n])) { dispatch(op, $0) }
                return [value] + (try pullback(ins[n]))
            }, s.inputs + [s.cotangent], "vjp \(c)")
            try Self.expectBitwiseEqual(try Self.program(s.inputs + s.tangents) { ins in
                let (value, tangent) = try DualTape.jvp(at: Array(ins[..<n]), tangents: Array(ins[n...])) { dispatch(op, $0) }
                return [value, tangent]
            }, s.inputs + s.tangents, "jvp \(c)")
        }
    }
}
