import DualTape
import Foundation

/// `adbench --compiled`: each workload's derivative eager and through a compiled function
/// (``Autograd/compile(example:mode:_:)``) in the same run, with the trace + optimise time
/// and the compiled program's size before and after the passes.
enum CompiledBenchmarks {
    struct Row {
        var id: String
        var what: String
        var eager: Double
        var compiled: Double
        var traceSeconds: Double
        var statistics: CompiledFunction.Statistics?
        var error: Double
    }

    /// One workload: the eager derivative, and the compiled one (which compiles on first call).
    struct Case {
        var id: String
        var what: String
        var runs: Int
        var eager: () throws -> [NDArray]
        var compile: () throws -> CompiledFunction
        var compiled: (CompiledFunction) throws -> [NDArray]
    }

    static func cases(quick: Bool) -> [Case] {
        let seedInput = NDArray([0.9273255, -0.45468742], dtype: .float32)
        let X = NDArray([[1, 2], [3, 4]]), ones = NDArray.ones([2, 2])
        let x3 = Workloads.w3Input(quick)
        var g = RandomGenerator(seed: 8)
        let v3 = NDArray.normal(shape: x3.shape, generator: &g)
        let x5 = Workloads.rosenbrockInput(quick ? 50 : 1000)
        let x6 = Workloads.rosenbrockInput(quick ? 10_000 : 1_000_000)
        let x7 = Workloads.rosenbrockInput(quick ? 1000 : 100_000)
        var g7 = RandomGenerator(seed: 7)
        let v7 = NDArray.normal(shape: x7.shape, generator: &g7)
        let mlp = MLP(quick: quick)
        return [
            Case(id: "W1", what: "value+grad", runs: quick ? 20 : 2000,
                 eager: { let r = try valueWithGradient(at: seedInput, Workloads.seed); return [r.value, r.gradient] },
                 compile: { try Autograd.compile(example: seedInput, Workloads.seed) },
                 compiled: { let r = try $0.valueWithGradient(seedInput); return [r.value, r.gradient] }),
            Case(id: "W2", what: "value+vjp", runs: quick ? 20 : 20000,
                 eager: { let r = try vjp(at: X) { 2 * $0 * $0 }; return [r.value, try r.pullback(ones)] },
                 compile: { try Autograd.compile(example: X) { 2 * $0 * $0 } },
                 compiled: { let r = try $0.vjp(X, cotangent: ones); return [r.value, r.cotangent] }),
            Case(id: "W3", what: "value+grad", runs: quick ? 3 : 15,
                 eager: { let r = try valueWithGradient(at: x3, Workloads.w3Function); return [r.value, r.gradient] },
                 compile: { try Autograd.compile(example: x3, Workloads.w3Function) },
                 compiled: { let r = try $0.valueWithGradient(x3); return [r.value, r.gradient] }),
            Case(id: "W4", what: "value+grad", runs: quick ? 3 : 20,
                 eager: { let r = try valueWithGradient(at: mlp.params, mlp.loss); return [r.value] + r.gradients },
                 compile: { try Autograd.compile(examples: mlp.params, mlp.loss) },
                 compiled: { let r = try $0.valueWithGradient(mlp.params); return [r.value] + r.gradients }),
            Case(id: "W5", what: "value+grad", runs: quick ? 3 : 20,
                 eager: { let r = try valueWithGradient(at: x5, Workloads.rosenbrockLoop); return [r.value, r.gradient] },
                 compile: { try Autograd.compile(example: x5, Workloads.rosenbrockLoop) },
                 compiled: { let r = try $0.valueWithGradient(x5); return [r.value, r.gradient] }),
            Case(id: "W6", what: "value+grad", runs: quick ? 3 : 15,
                 eager: { let r = try valueWithGradient(at: x6, Workloads.rosenbrock); return [r.value, r.gradient] },
                 compile: { try Autograd.compile(example: x6, Workloads.rosenbrock) },
                 compiled: { let r = try $0.valueWithGradient(x6); return [r.value, r.gradient] }),
            Case(id: "W7", what: "hvp", runs: quick ? 3 : 20,
                 eager: { [try hessianVectorProduct(at: x7, vector: v7, Workloads.rosenbrock)] },
                 compile: { try Autograd.compile(example: x7, Workloads.rosenbrock) },
                 compiled: { [try $0.hessianVectorProduct(x7, vector: v7)] }),
            Case(id: "W8", what: "value+jvp", runs: quick ? 3 : 15,
                 eager: { let r = try jvp(at: x3, tangent: v3, Workloads.w3Function); return [r.value, r.tangent] },
                 compile: { try Autograd.compile(example: x3, Workloads.w3Function) },
                 compiled: { let r = try $0.jvp(x3, tangent: v3); return [r.value, r.tangent] }),
        ]
    }

    /// W4's MLP loss with its data captured (Sendable, for a compiled closure).
    struct MLP: Sendable {
        let X: NDArray, Y: NDArray, params: [NDArray]
        init(quick: Bool) {
            var g = RandomGenerator(seed: 4)
            let (n, d, h, o) = quick ? (16, 32, 32, 10) : (256, 512, 512, 10)
            X = NDArray.normal(shape: [n, d], generator: &g)
            Y = NDArray.normal(shape: [n, o], generator: &g)
            let W1 = NDArray.normal(std: 0.05, shape: [d, h], generator: &g), b1 = NDArray.normal(shape: [h], generator: &g)
            let W2 = NDArray.normal(std: 0.05, shape: [h, o], generator: &g), b2 = NDArray.normal(shape: [o], generator: &g)
            params = [W1, b1, W2, b2]
        }
        var loss: @Sendable ([NDArray]) -> NDArray {
            let X = X, Y = Y
            return { p in
                let r = matmul(tanh(matmul(X, p[0]) + p[1]), p[2]) + p[3] - Y
                return (r * r).sum()
            }
        }
    }

    static func run(quick: Bool, filter: String?) throws -> [Row] {
        try cases(quick: quick).filter { filter == nil || filter == $0.id }.map { c in
            let eager = try medianTime(runs: c.runs) { _ = try c.eager() }
            let start = DispatchTime.now().uptimeNanoseconds
            let f = try c.compile()
            let results = try c.compiled(f)
            let trace = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            let compiled = try medianTime(runs: c.runs) { _ = try c.compiled(f) }
            let reference = try c.eager()
            let error = zip(results, reference).map { Workloads.relativeError($0.scalars, $1.scalars) }.max() ?? .infinity
            return Row(id: c.id, what: c.what, eager: eager, compiled: compiled, traceSeconds: trace,
                       statistics: f.lastTraceStatistics, error: error)
        }
    }

    static func print(_ rows: [Row], verbose: Bool) {
        Swift.print("\ncompiled  what        eager        compiled     eager/comp  trace+opt    instructions        path    error")
        for r in rows {
            let s = r.statistics
            let cells = [
                r.id.padding(toLength: 9, withPad: " ", startingAt: 0),
                r.what.padding(toLength: 11, withPad: " ", startingAt: 0),
                formatTime(r.eager).padding(toLength: 12, withPad: " ", startingAt: 0),
                formatTime(r.compiled).padding(toLength: 12, withPad: " ", startingAt: 0),
                String(format: "%.2f", r.eager / r.compiled).padding(toLength: 11, withPad: " ", startingAt: 0),
                formatTime(r.traceSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                (s.map { "\($0.tracedInstructions)→\($0.optimizedInstructions)→\($0.steps)" } ?? "-").padding(toLength: 19, withPad: " ", startingAt: 0),
                (s?.path.rawValue ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0),
                String(format: "%.1e", r.error),
            ]
            Swift.print(cells.joined(separator: " "))
        }
        Swift.print("instructions: traced → after constant folding, CSE and dead code → replay steps (fused loops count one); trace+opt includes the first replay")
        for r in rows {
            if let s = r.statistics { Swift.print("\(r.id) trace \(formatTime(s.traceSeconds)), passes and plan \(formatTime(s.optimizeSeconds))") }
        }
        for r in rows { if let s = r.statistics { Swift.print("\(r.id) passes: \(s.passes.map(\.description).joined(separator: "; "))") } }
        // Replay buffers (reused by liveness) and the bytes one replay moves, against its time.
        for r in rows where r.statistics?.path == .arrays {
            let m = r.statistics!.memory
            Swift.print("\(r.id) memory: \(m); \(String(format: "%.1f", Double(m.bytesMoved) / r.compiled / 1e9)) GB/s at the median replay")
        }
        if verbose { for r in rows { if let s = r.statistics, !s.plan.isEmpty { Swift.print("\(r.id) plan:\n\(s.plan)") } } }
    }
}
