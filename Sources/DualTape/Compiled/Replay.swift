import Synchronization

/// Replay of a program on arrays: each instruction is one step (a fused loop counts one)
/// and the guards are checked as soon as the values they read are computed.
///
/// Values live in a register file of arrays for one call; the buffers fused loops write
/// are preallocated in workspaces kept by the plan and checked out per call under a mutex
/// (a buffer a caller still holds as a result is replaced, never overwritten), so a plan is
/// safe to run from several threads at once and its results are ordinary arrays.
final class ArrayPlan: ReplayPlan, Sendable {
    typealias Run = @Sendable (inout [NDArray?], Workspace) -> Void

    /// One step: computes some values from others.
    struct Step: Sendable {
        let run: Run
        /// Guards to check once this step ran.
        var guards: [Int] = []
    }

    let program: Program
    let steps: [Step]
    /// Guards that read only inputs and constants (checked before the first step).
    let initialGuards: [Int]
    /// The buffers a call needs (dtype, element count), by index.
    let buffers: [(DType, Int)]
    /// The memory the plan's replay buffers take and the bytes its steps move.
    let memory: PlanMemory
    /// One line per step (for statistics and debugging).
    let listing: String
    private let pool = Mutex<[Workspace]>([])

    /// The plan running `steps`, where `definedBy[id]` is the step computing value `id`, with
    /// the buffers of `assignment`; `bytesMoved` is the steps' estimate.
    init(_ program: Program, steps: [Step], definedBy: [Int: Int], assignment: BufferAssignment, bytesMoved: Int, listing: String) {
        self.program = program
        var steps = steps
        var initial: [Int] = []
        for (g, guardItem) in program.guards.enumerated() {
            let last = guardItem.valueIDs.compactMap { definedBy[$0] }.max() ?? -1
            if last < 0 { initial.append(g) } else { steps[last].guards.append(g) }
        }
        self.steps = steps
        buffers = assignment.buffers
        memory = PlanMemory(buffers: assignment.buffers.count, bufferBytes: assignment.bytes, writtenValues: assignment.writtenValues,
                            bytesWithoutReuse: assignment.bytesWithoutReuse, inPlaceWrites: assignment.inPlaceWrites, bytesMoved: bytesMoved)
        self.listing = listing
        initialGuards = initial
    }

    /// One unfused step: the operator's primal (one call, the operator's type opened once here).
    static func primalStep<Op: DifferentiableOperator>(_ op: Op, _ inputs: [Int], _ output: Int) -> Run {
        switch inputs.count {
        case 1:
            let a = inputs[0]
            return { v, _ in v[output] = op.primal(v[a]!) }
        case 2:
            let a = inputs[0], b = inputs[1]
            return { v, _ in v[output] = op.primal(v[a]!, v[b]!) }
        default:
            return { v, _ in v[output] = op.primal(inputs.map { v[$0]! }) }
        }
    }

    var stepCount: Int { steps.count }

    func run(_ inputs: [NDArray]) throws -> Result<[NDArray], StaleTrace> {
        let workspace = pool.withLock { $0.popLast() } ?? Workspace(buffers)
        workspace.prepare()
        defer { pool.withLock { if $0.count < 4 { $0.append(workspace) } } }
        var values = [NDArray?](repeating: nil, count: program.values.count)
        for (i, value) in program.values.enumerated() {
            switch value.source {
            case .constant(let c): values[i] = c
            case .input(let k): values[i] = inputs[k].withoutAD
            case .instruction: break
            }
        }
        if let failure = check(initialGuards, values) { return .failure(failure) }
        // An operator failing on its data (a singular matrix) is thrown, as by the eager transforms.
        let (stale, failure) = collectingOperatorErrors { () -> StaleTrace? in
            for step in steps {
                step.run(&values, workspace)
                if !step.guards.isEmpty, let failure = check(step.guards, values) { return failure }
            }
            return nil
        }
        if let failure { throw failure }
        if let stale { return .failure(stale) }
        return .success(program.outputs.map { values[$0]! })
    }

    private func check(_ guards: [Int], _ values: [NDArray?]) -> StaleTrace? {
        for g in guards {
            let item = program.guards[g]
            if let expected = item.expected, case .value(let id) = item.lhs {
                if values[id]!.scalars != expected { return StaleTrace(message: item.arrayFailure) }
                continue
            }
            func read(_ operand: Guard.Operand) -> Double {
                switch operand {
                case .constant(let c): return c
                case .value(let id): let x = values[id]!; return x.storage.double(at: x.offset)
                }
            }
            let a = read(item.lhs), b = read(item.rhs)
            if !item.holds(a, b) { return StaleTrace(message: item.failure(a, b)) }
        }
        return nil
    }
}

/// The preallocated buffers of one call of an ``ArrayPlan``.
final class Workspace: @unchecked Sendable {
    private let specs: [(DType, Int)]
    private(set) var storages: [Storage]

    init(_ specs: [(DType, Int)]) {
        self.specs = specs
        storages = specs.map { Storage(dtype: $0.0, count: $0.1) }
    }

    /// Replaces the buffers a caller still holds (earlier results) with fresh ones.
    func prepare() {
        for i in storages.indices where !isKnownUniquelyReferenced(&storages[i].buffer) {
            storages[i] = Storage(dtype: specs[i].0, count: specs[i].1)
        }
    }
}

/// A failed guard: the replayed input takes another branch than the trace.
struct StaleTrace: Error, Sendable {
    let message: String
}
