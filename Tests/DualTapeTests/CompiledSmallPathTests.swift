import Foundation
import Testing
@testable import DualTape

/// The small-array path (every value a few elements) gives the array path's results bit for
/// bit, checks the same guards, and the passes stay linear in the program's size.
@Suite("Compiled functions: the small-array path and linear passes")
struct CompiledSmallPathTests {
    static let cases: [CatalogCase] = CompiledCatalogTests.cases.filter { c in
        c.shapes.allSatisfy { Shape.count($0) <= SmallPath.maximumCount }
    }

    /// The bit patterns of an array's elements, NaNs included (a NaN equals only itself here).
    static func bits(_ x: NDArray) -> [UInt64] { x.scalars.map(\.bitPattern) }

    /// The vjp program of a catalog case after the passes: inputs, then the cotangent.
    static func vjpProgram(_ c: CatalogCase, _ s: CompiledCatalogTests.Setup) throws -> Program {
        let op = c.op, n = s.inputs.count
        let (program, _) = try TraceRecorder.trace(s.inputs + [s.cotangent]) { ins in
            let (value, pullback) = try DualTape.vjp(at: Array(ins.prefix(n))) { dispatch(op, $0) }
            return [value] + (try pullback(ins[n]))
        }
        return Compiler.passes.reduce(program) { $1.run($0) }
    }

    @Test(arguments: cases)
    func smallPathIsTheArrayPathBitForBit(_ c: CatalogCase) throws {
        let first = CompiledCatalogTests.setup(c, shapes: c.shapes, salt: "trace")
        let second = CompiledCatalogTests.setup(c, shapes: c.shapes, salt: "replay")
        let program = try Self.vjpProgram(c, first)
        // A program of two dtypes (a cast) runs on the array path.
        if Set(program.values.map(\.dtype)).count > 1 {
            #expect(SmallPath.plan(program) == nil)
            return
        }
        let small = try #require(SmallPath.plan(program), "not on the small path: \(c)")
        let arrays = Fusion.run(program)
        for s in [first, second] {
            let inputs = s.inputs + [s.cotangent]
            switch (try small.run(inputs), try arrays.run(inputs)) {
            case (.success(let a), .success(let b)):
                #expect(a.count == b.count)
                for (k, (x, y)) in zip(a, b).enumerated() {
                    #expect(x.shape == y.shape, "result \(k): \(c)")
                    #expect(x.dtype == y.dtype, "result \(k): \(c)")
                    #expect(Self.bits(x) == Self.bits(y), "result \(k): small \(x.scalars), arrays \(y.scalars): \(c)")
                }
            case (.failure(let a), .failure(let b)):
                #expect(a.message == b.message, "\(c)")
            default:
                Issue.record("one path's guards failed, the other's held: \(c)")
            }
        }
    }

    @Test func theSeedRunsOnTheSmallPathWithItsGuards() throws {
        let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        let f = try Autograd.compile(example: a, CompiledControlFlowTests.seed)
        let (value, gradient) = try f.valueWithGradient(a)
        let s = try #require(f.lastTraceStatistics)
        #expect(s.path == .small, "\(s)")
        #expect(gradient.scalars == [1024, 0])
        #expect(value.scalars == CompiledControlFlowTests.seed(a).scalars)
        let traces = f.traceCount
        // Another loop count: a guard fails on the small path and the function retraces.
        #expect(try f.gradient(NDArray([100, 50], dtype: .float32)).scalars == CompiledControlFlowTests.seedGradient([100, 50]))
        #expect(f.traceCount == traces + 1)
        // The first trace still replays for the first input (no new trace).
        #expect(try f.gradient(a).scalars == [1024, 0])
        #expect(f.traceCount == traces + 1)
    }

    @Test func strictModeThrowsFromTheSmallPath() throws {
        let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        let f = try Autograd.compile(example: a, mode: .strict, CompiledControlFlowTests.seed)
        #expect(try f.gradient(a).scalars == [1024, 0])
        #expect(f.lastTraceStatistics?.path == .small)
        #expect(throws: AutogradError.self) { try f.gradient(NDArray([-0.9273255, 0.45468742], dtype: .float32)) }
    }

    @Test func float64SmallArraysTakeTheSmallPath() throws {
        let x = NDArray([[0.5, -1.25, 2], [3, 0.75, -0.5]])
        @Sendable func g(_ x: NDArray) -> NDArray { (tanh(x) * x + x.sum(axis: 0)).sum() }
        let compiled = try Autograd.compile(example: x, g)
        let (value, gradient) = try compiled.valueWithGradient(x)
        #expect(compiled.lastTraceStatistics?.path == .small)
        let eager = try DualTape.valueWithGradient(at: x, g)
        #expect(value.scalars == eager.value.scalars)
        #expect(gradient.scalars == eager.gradient.scalars)
    }

    @Test func operatorsDifferingInAnEnumAttributeAreNotMerged() {
        var numbering = OperatorNumbering()
        let q = numbering.number(QR(part: .q)), r = numbering.number(QR(part: .r))
        #expect(q != nil && r != nil)
        #expect(q != r)
        #expect(numbering.number(QR(part: .q)) == q)
        #expect(numbering.number(Sum(axes: [0])) != numbering.number(Sum(axes: [1])))
        #expect(numbering.number(Sum(axes: [1])) == numbering.number(Sum(axes: [1])))
        #expect(numbering.number(Multiply()) == numbering.number(Multiply()))
    }

    /// `n` copies of one subexpression summed: each copy traces the same instructions.
    static func repeated(_ n: Int) -> @Sendable (NDArray) -> NDArray {
        { x in
            var total = sin(x) * x
            for _ in 1 ..< n { total = total + sin(x) * x }
            return total.sum()
        }
    }

    @Test(arguments: [10, 100, 1000])
    func commonSubexpressionsAreLinearInTheRepeats(_ n: Int) throws {
        let x = NDArray([0.5, -1.5, 2])
        let f = try Autograd.compile(example: x, Self.repeated(n))
        let value = try f(x)
        let s = try #require(f.lastTraceStatistics)
        let cse = try CompiledPassTests.pass(s, "common subexpressions")
        // Traced: n sines, n products, n - 1 additions and the sum; CSE keeps one sine and one
        // product (the additions differ: each adds to another running total).
        #expect(s.tracedInstructions == 3 * n)
        #expect(cse.instructionsAfter == n + 2)
        #expect(value.scalars == Self.repeated(n)(x).scalars)
        let y = (sin(x) * x).sum().scalars[0]
        #expect(Swift.abs(value.scalars[0] - Double(n) * y) <= 1e-12 * Double(n) * Swift.abs(y))
    }
}
