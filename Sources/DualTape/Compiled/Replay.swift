/// Replay of a program: each instruction becomes one step that calls its operator's primal
/// (one call per instruction, the operator's type opened once when the plan is built), and
/// the guards are checked as soon as the values they read are computed.
///
/// Values live in a register file of arrays for the duration of one call, so a plan is
/// immutable and safe to run from several threads at once; the results are ordinary
/// arrays the caller owns.
final class ArrayPlan: Sendable {
    /// One step: `values[output] = f(values[inputs])`.
    struct Step: Sendable {
        let run: @Sendable (inout [NDArray?]) -> Void
        /// Guards to check once this step ran.
        var guards: [Int]
    }

    let program: Program
    let steps: [Step]
    /// Guards that read only inputs and constants (checked before the first step).
    let initialGuards: [Int]

    init(_ program: Program) {
        self.program = program
        var definedAt = [Int](repeating: -1, count: program.values.count)
        var steps: [Step] = []
        for (k, instruction) in program.instructions.enumerated() {
            definedAt[instruction.output] = k
            steps.append(Step(run: Self.makeStep(instruction.op, instruction.inputs, instruction.output), guards: []))
        }
        var initial: [Int] = []
        for (g, guardItem) in program.guards.enumerated() {
            let last = guardItem.valueIDs.map { definedAt[$0] }.max() ?? -1
            if last < 0 { initial.append(g) } else { steps[last].guards.append(g) }
        }
        self.steps = steps
        initialGuards = initial
    }

    private static func makeStep<Op: DifferentiableOperator>(_ op: Op, _ inputs: [Int], _ output: Int) -> @Sendable (inout [NDArray?]) -> Void {
        switch inputs.count {
        case 1:
            let a = inputs[0]
            return { v in v[output] = op.primal(v[a]!) }
        case 2:
            let a = inputs[0], b = inputs[1]
            return { v in v[output] = op.primal(v[a]!, v[b]!) }
        default:
            return { v in v[output] = op.primal(inputs.map { v[$0]! }) }
        }
    }

    /// Runs the program on `inputs`; the results, or the message of the first failed guard.
    func run(_ inputs: [NDArray]) -> Result<[NDArray], StaleTrace> {
        var values = [NDArray?](repeating: nil, count: program.values.count)
        for (i, value) in program.values.enumerated() {
            switch value.source {
            case .constant(let c): values[i] = c
            case .input(let k): values[i] = inputs[k].withoutAD
            case .instruction: break
            }
        }
        if let failure = check(initialGuards, values) { return .failure(failure) }
        for step in steps {
            step.run(&values)
            if !step.guards.isEmpty, let failure = check(step.guards, values) { return .failure(failure) }
        }
        return .success(program.outputs.map { values[$0]! })
    }

    private func check(_ guards: [Int], _ values: [NDArray?]) -> StaleTrace? {
        for g in guards {
            let item = program.guards[g]
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

/// A failed guard: the replayed input takes another branch than the trace.
struct StaleTrace: Error, Sendable {
    let message: String
}
