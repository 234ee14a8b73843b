import Synchronization

/// A function of NDArrays traced once into a static program and replayed fast, with its
/// derivatives: ``Autograd/compile(example:mode:_:)`` makes one.
///
/// Each entry point (the value, `valueWithGradient`, `vjp`, `jvp`, `jacobian`,
/// `hessianVectorProduct`) traces the eager transform on first use, so the program holds
/// the primal and the derivative as plain operator applications (no derivative rule is
/// written for compiled code: the catalog's rules are traced), optimises it, and caches it.
///
/// Control flow is safe: every comparison the closure made on a traced value (through
/// `asScalar()`) is a guard, checked at replay as soon as its value is computed. When a
/// guard fails (another branch, another loop count) or the inputs' shapes or dtypes
/// differ from a trace's:
/// - `.retrace` (the default): the function is traced again for this input and that trace
///   is cached too (at most ``cacheLimit`` per entry point, least recently used dropped);
///   the result is the fresh eager evaluation's;
/// - `.strict`: it throws ``AutogradError/staleTrace(message:)`` naming the comparison that
///   changed and its source line, or ``AutogradError/compiledInputMismatch(message:)``.
///
/// Called with inputs that carry automatic-differentiation state (inside `gradient` or
/// `Autograd.record`), the closure runs eagerly instead, so compiled functions compose
/// with every transform. Calls from several threads at once are safe.
public final class CompiledFunction: Sendable {
    /// What to do when the inputs do not fit any trace.
    public enum Mode: Sendable {
        /// Trace again for this input (a failed guard, another shape or dtype).
        case retrace
        /// Throw ``AutogradError/staleTrace(message:)`` or ``AutogradError/compiledInputMismatch(message:)``.
        case strict
    }

    /// How a trace is replayed.
    public enum Path: String, Sendable {
        /// A flat instruction list over a register file of `Double`s (every value one element).
        case scalar
        /// A flat instruction list over a register file of the program's dtype (every value a
        /// few elements: at most 64).
        case small
        /// Array steps, elementwise chains fused into single loops.
        case arrays
    }

    /// What tracing and compiling one entry point produced.
    public struct Statistics: Sendable, CustomStringConvertible {
        /// The entry point (`"value"`, `"valueWithGradient"`, ...).
        public let entry: String
        /// Instructions recorded by the trace.
        public let tracedInstructions: Int
        /// Instructions left after the passes (before fusion).
        public let optimizedInstructions: Int
        /// Replay steps of the plan (fused loops count one).
        public let steps: Int
        /// Guards the trace recorded.
        public let guards: Int
        /// Each pass, in order.
        public let passes: [PassStatistics]
        /// The replay path chosen.
        public let path: Path
        /// Seconds spent tracing (running the closure and the eager transform once).
        public let traceSeconds: Double
        /// Seconds spent in the passes and building the plan.
        public let optimizeSeconds: Double
        /// The array plan's replay buffers (reused by liveness) and the bytes a replay moves;
        /// zero for the scalar path.
        public let memory: PlanMemory
        /// The array plan's steps, one a line, with their buffers and bytes moved (empty for
        /// the scalar path).
        public let plan: String

        /// One line: the entry point, instruction counts before and after the passes, steps,
        /// guards, path, and each pass.
        public var description: String {
            "\(entry): \(tracedInstructions) traced → \(optimizedInstructions) after passes, \(steps) steps, \(guards) guards, \(path) path; "
                + passes.map(\.description).joined(separator: ", ")
        }
    }

    /// The most traces kept per entry point.
    public static let cacheLimit = 8

    /// The entry points, each with its own traces.
    enum Entry: Hashable, Sendable {
        case value, valueWithGradient, vjp, jvp, hessianVectorProduct
        case jacobian(JacobianMode)

        var name: String {
            switch self {
            case .value: return "value"
            case .valueWithGradient: return "valueWithGradient"
            case .vjp: return "vjp"
            case .jvp: return "jvp"
            case .hessianVectorProduct: return "hessianVectorProduct"
            case .jacobian(let mode): return "jacobian(\(mode.rawValue))"
            }
        }
    }

    /// One compiled trace: the input shapes and dtypes it is valid for, its plan.
    final class Trace: Sendable {
        let shapes: [[Int]]
        let dtypes: [DType]
        let plan: any ReplayPlan
        let statistics: Statistics

        init(shapes: [[Int]], dtypes: [DType], plan: any ReplayPlan, statistics: Statistics) {
            self.shapes = shapes
            self.dtypes = dtypes
            self.plan = plan
            self.statistics = statistics
        }

        func fits(_ inputs: [NDArray]) -> Bool {
            guard inputs.count == shapes.count else { return false }
            for i in inputs.indices where inputs[i].shape != shapes[i] || inputs[i].dtype != dtypes[i] { return false }
            return true
        }
    }

    private struct Cache {
        /// Most recently used first.
        var traces: [Entry: [Trace]] = [:]
        var traceCount = 0
        var last: Statistics?
    }

    let function: @Sendable ([NDArray]) throws -> NDArray
    /// The number of inputs.
    public let arity: Int
    /// What happens when an input does not fit the traces.
    public let mode: Mode
    private let cache = Mutex(Cache())

    init(arity: Int, mode: Mode, _ function: @escaping @Sendable ([NDArray]) throws -> NDArray) {
        self.arity = arity
        self.mode = mode
        self.function = function
    }

    /// How many traces were recorded so far (all entry points; a retrace counts one).
    public var traceCount: Int { cache.withLock { $0.traceCount } }

    /// The statistics of the most recent trace.
    public var lastTraceStatistics: Statistics? { cache.withLock { $0.last } }

    /// The statistics of the traces cached for the plain value, most recently used first.
    public var valueTraceStatistics: [Statistics] { statistics(.value) }
    /// The statistics of the traces cached for `valueWithGradient` and `gradient`.
    public var gradientTraceStatistics: [Statistics] { statistics(.valueWithGradient) }

    func statistics(_ entry: Entry) -> [Statistics] { cache.withLock { $0.traces[entry]?.map(\.statistics) ?? [] } }

    /// The results of `entry` at `inputs` (the program's inputs: the function's, then any
    /// tangents or cotangents), replayed from a fitting trace or traced now.
    func run(_ entry: Entry, _ inputs: [NDArray], traced body: @escaping ([NDArray]) throws -> [NDArray]) throws -> [NDArray] {
        let candidates = cache.withLock { $0.traces[entry] ?? [] }
        var stale: String?
        for trace in candidates where trace.fits(inputs) {
            switch try trace.plan.run(inputs) {
            case .success(let results):
                if trace !== candidates.first { promote(trace, entry) }
                return results
            case .failure(let failure):
                stale = failure.message
            }
        }
        if mode == .strict, let first = candidates.first {
            if let stale { throw AutogradError.staleTrace(message: stale) }
            throw AutogradError.compiledInputMismatch(message: "compiled function (\(entry.name)): traced for inputs "
                + Self.describe(first.shapes, first.dtypes) + " but called with " + Self.describe(inputs.map(\.shape), inputs.map(\.dtype))
                + ". In .strict mode a compiled function takes only the shapes and dtypes it was traced with; compile with mode: .retrace to trace again for new shapes.")
        }
        let (trace, results) = try record(entry, inputs, body)
        cache.withLock { c in
            var list = c.traces[entry] ?? []
            list.insert(trace, at: 0)
            if list.count > Self.cacheLimit { list.removeLast() }
            c.traces[entry] = list
            c.traceCount += 1
            c.last = trace.statistics
        }
        return results
    }

    private func promote(_ trace: Trace, _ entry: Entry) {
        cache.withLock { c in
            guard var list = c.traces[entry], let i = list.firstIndex(where: { $0 === trace }) else { return }
            list.remove(at: i)
            list.insert(trace, at: 0)
            c.traces[entry] = list
        }
    }

    private func record(_ entry: Entry, _ inputs: [NDArray], _ body: ([NDArray]) throws -> [NDArray]) throws -> (Trace, [NDArray]) {
        let start = ContinuousClock.now
        let (program, results) = try TraceRecorder.trace(inputs, body)
        let traced = ContinuousClock.now
        let (tracedInstructions, guards) = (program.instructions.count, program.guards.count)
        let (plan, passes, path) = Compiler.compile(consume program)
        let done = ContinuousClock.now
        let statistics = Statistics(
            entry: entry.name, tracedInstructions: tracedInstructions,
            optimizedInstructions: passes.last(where: { !["elementwise fusion", "scalar path", "small path"].contains($0.name) })?.instructionsAfter ?? tracedInstructions,
            steps: passes.last?.instructionsAfter ?? tracedInstructions, guards: guards, passes: passes, path: path,
            traceSeconds: Compiler.seconds(traced - start), optimizeSeconds: Compiler.seconds(done - traced),
            memory: plan.memory, plan: (plan as? ArrayPlan)?.listing ?? "")
        return (Trace(shapes: inputs.map(\.shape), dtypes: inputs.map(\.dtype), plan: plan, statistics: statistics), results)
    }

    static func describe(_ shapes: [[Int]], _ dtypes: [DType]) -> String {
        zip(shapes, dtypes).map { "\(Shape.describe($0)) \($1)" }.joined(separator: ", ")
    }

    /// Checks the number of inputs; whether any carries active AD state (then the caller
    /// evaluates eagerly).
    func checkInputs(_ xs: [NDArray], _ what: String) throws -> Bool {
        guard xs.count == arity else {
            throw AutogradError.compiledInputMismatch(message: "compiled function (\(what)): compiled for \(arity) input\(arity == 1 ? "" : "s") but called with \(xs.count). Pass one array per input of the compiled closure.")
        }
        if xs.allSatisfy({ $0.ad == nil }) { return false }
        let context = ADContext.current
        return xs.contains { context.isActive($0) }
    }

    /// Checks that extra arrays (tangents, cotangents, directions) have the shapes they pair with.
    static func checkShapes(_ given: [NDArray], _ expected: [[Int]], _ what: String) throws {
        guard given.count == expected.count else {
            throw AutogradError.tangentMismatch(message: "compiled function (\(what)): \(given.count) arrays given, \(expected.count) expected")
        }
        for (i, (g, e)) in zip(given, expected).enumerated() where g.shape != e {
            throw AutogradError.tangentMismatch(message: "compiled function (\(what)): array \(i) has shape \(Shape.describe(g.shape)) but must have shape \(Shape.describe(e))")
        }
    }
}
