import Synchronization

/// Tracing: a compiled function's program is recorded by running its closure once under a
/// trace level, an automatic-differentiation level like a forward or reverse one.
///
/// Each input gets a ``TraceLayer`` carrying its value id in the program. ``dispatch(_:_:)``
/// (the one place operators are applied) meets that layer like any other level's: it
/// computes the operator's value eagerly, so the closure's Swift control flow sees real
/// values, and appends an instruction to the program. Arrays used without a trace layer do
/// not depend on the inputs and are captured as constants; operations on constants alone
/// are computed once while tracing and never recorded (constant folding by construction).
///
/// Derivatives need no rule of their own: tracing `valueWithGradient` (a reverse level
/// opened inside the trace level) records the primal and the backward pass, whose rules are
/// NDArray operations through the same dispatch, as one straight-line program.
final class TraceLayer: ADLayer, @unchecked Sendable {
    /// The value's id in the traced program.
    let id: Int
    /// The trace the value belongs to.
    let recorder: TraceRecorder

    init(level: Int, id: Int, recorder: TraceRecorder, next: ADLayer?) {
        self.id = id
        self.recorder = recorder
        super.init(level: level, next: next, isTangent: false, isTrace: true)
    }
}

/// Records one trace: values, instructions and guards, until ``finish(outputs:)``.
final class TraceRecorder: Sendable {
    /// The trace level's id.
    let level: Int

    private struct State {
        var values: [Program.Value] = []
        var instructions: [Program.Instruction] = []
        var guards: [Guard] = []
        var inputs: [Int] = []
        /// Constants already captured, by buffer, offset, shape and strides.
        var constants: [ConstantKey: Int] = [:]
        var open = true
    }

    private struct ConstantKey: Hashable {
        let buffer: ObjectIdentifier
        let offset: Int
        let shape: [Int]
        let strides: [Int]
    }

    private let state = Mutex(State())

    init(level: Int) { self.level = level }

    /// Whether the trace is still being recorded (a scalar that escaped a finished trace
    /// records nothing).
    var isOpen: Bool { state.withLock { $0.open } }

    /// `x` made input `k` of the program.
    func input(_ x: NDArray) -> NDArray {
        let id = state.withLock { s in
            let id = s.values.count
            s.values.append(Program.Value(shape: x.shape, dtype: x.dtype, source: .input(s.inputs.count)))
            s.inputs.append(id)
            return id
        }
        var traced = x
        traced.ad = TraceLayer(level: level, id: id, recorder: self, next: x.ad)
        return traced
    }

    /// Appends `op` applied to the values `ids` (`-1`: the constant `inputs[i]`, captured
    /// here) with result `output`, and returns `output` carrying its new id. `ids` becomes
    /// the instruction's operand list (no other array is made).
    func record(_ op: some DifferentiableOperator, ids: consuming [Int], inputs: [NDArray], output: NDArray) -> NDArray {
        var resolved = ids
        let id = state.withLock { s in
            for i in resolved.indices where resolved[i] < 0 { resolved[i] = Self.constantID(inputs[i].withoutAD, &s) }
            let id = s.values.count
            s.values.append(Program.Value(shape: output.shape, dtype: output.dtype, source: .instruction))
            s.instructions.append(Program.Instruction(op: op, inputs: resolved, output: id))
            return id
        }
        var result = output
        result.ad = TraceLayer(level: level, id: id, recorder: self, next: output.ad)
        return result
    }

    private static func constantID(_ x: NDArray, _ s: inout State) -> Int {
        let key = ConstantKey(buffer: ObjectIdentifier(x.storage.buffer), offset: x.offset, shape: x.shape, strides: x.strides)
        if let id = s.constants[key] { return id }
        let id = s.values.count
        s.values.append(Program.Value(shape: x.shape, dtype: x.dtype, source: .constant(x)))
        s.constants[key] = id
        return id
    }

    /// Appends a guard (while the trace is open).
    func addGuard(_ g: Guard) {
        state.withLock { s in if s.open { s.guards.append(g) } }
    }

    /// The id of `x` in this trace, if `x` carries this trace's layer.
    func id(of x: NDArray) -> Int? {
        var layer = x.ad
        while let l = layer {
            if l.level == level && l.isTrace { return l.asTrace.id }
            layer = l.next
        }
        return nil
    }

    /// Closes the trace: the program whose results are `outputs` (arrays that do not depend
    /// on the inputs become constants).
    func finish(outputs: [NDArray]) -> Program {
        let ids = outputs.map { id(of: $0) }
        return state.withLock { s in
            s.open = false
            let resolved = ids.enumerated().map { i, id in id ?? Self.constantID(outputs[i].withoutAD, &s) }
            let program = Program(values: s.values, instructions: s.instructions, inputs: s.inputs, outputs: resolved, guards: s.guards)
            // The program holds the only references: the passes edit it in place.
            s = State(open: false)
            return program
        }
    }

    /// Runs `body` under a new trace level with `xs` as the program's inputs; returns the
    /// program of its results and the results themselves (computed eagerly while tracing).
    /// An error thrown by `body` (or an operator failure reported in it) is rethrown.
    static func trace(_ xs: [NDArray], _ body: ([NDArray]) throws -> [NDArray]) throws -> (program: Program, results: [NDArray]) {
        let state = LevelState(id: ADContext.newLevelID(), kind: .trace, recording: true, errors: ErrorBox())
        let recorder = TraceRecorder(level: state.id)
        var context = ADContext.current
        context.levels.append(state)
        let inputs = xs.map { recorder.input($0.withoutAD) }
        let outputs = try withOperatorErrors { try ADContext.$current.withValue(context) { try body(inputs) } }
        return (recorder.finish(outputs: outputs), outputs.map(\.withoutAD))
    }
}

/// Applies `op` at a trace level: its value (through the lower levels, if any) and an
/// instruction in the program (see ``dispatch(_:_:)``).
func traceOperation<Op: DifferentiableOperator>(_ op: Op, _ inputs: [NDArray], level: Int, _ context: ADContext) -> NDArray {
    var ids = [Int](repeating: -1, count: inputs.count)
    var recorder: TraceRecorder?
    var lower = false
    for i in inputs.indices {
        guard let layer = inputs[i].ad else { continue }
        if layer.level == level {
            let trace = layer.asTrace
            ids[i] = trace.id
            recorder = trace.recorder
            if layer.next != nil { lower = true }
        } else {
            lower = true
        }
    }
    // Without lower levels the primal runs on the bare values (no second input array).
    let output: NDArray
    if lower {
        var primals = inputs
        for i in primals.indices {
            if let layer = primals[i].ad, layer.level == level { primals[i].ad = layer.next }
        }
        output = dispatchAD(op, primals, context)
    } else if let same = tracedIdentity(op, inputs, ids) {
        return same
    } else {
        // Each input's only layer is this level's (or none): the kernels get the plain values
        // (``NDArray/withoutAD`` would keep the trace layer, a new object per input).
        func plain(_ x: NDArray) -> NDArray {
            var x = x
            x.ad = nil
            return x
        }
        switch inputs.count {
        case 1: output = op.primal(plain(inputs[0]))
        case 2: output = op.primal(plain(inputs[0]), plain(inputs[1]))
        default: output = op.primal(inputs.map(plain))
        }
    }
    guard let recorder else { return output }
    return recorder.record(op, ids: consume ids, inputs: inputs, output: output)
}

/// `x · 1`, `1 · x` and `x / 1` with a one-element constant 1 that broadcasts to `x`'s shape
/// (a backward pass seeds with ones, and `+` passes the seed on): `x` itself, and nothing is
/// recorded — what constant folding would make of the instruction, without tracing it. Exact
/// in IEEE arithmetic for every `x`, so the eager values stay those of the operator.
@inline(__always)
func tracedIdentity<Op: DifferentiableOperator>(_ op: Op, _ inputs: [NDArray], _ ids: [Int]) -> NDArray? {
    let isMultiply = op is Multiply
    guard inputs.count == 2, isMultiply || op is Divide else { return nil }
    func identity(x: Int, one c: Int) -> NDArray? {
        let (value, constant) = (inputs[x], inputs[c])
        guard ids[x] >= 0, ids[c] < 0, constant.count == 1, constant.rank <= value.rank, constant.dtype == value.dtype,
              constant.storage.double(at: constant.offset) == 1 else { return nil }
        return value
    }
    return identity(x: 0, one: 1) ?? (isMultiply ? identity(x: 1, one: 0) : nil)
}

extension NDArray {
    /// This array (without AD state) carrying `x`'s active trace layer, if `x` has one:
    /// a detached value is still computed from the inputs of a traced program.
    @usableFromInline func keepingTrace(of x: NDArray) -> NDArray {
        guard let layer = x.activeTraceLayer else { return self }
        var copy = self
        copy.ad = TraceLayer(level: layer.level, id: layer.id, recorder: layer.recorder, next: nil)
        return copy
    }

    /// The trace layer of a trace being recorded in this task, if this array carries one.
    var activeTraceLayer: TraceLayer? {
        var layer = ad
        var context: ADContext?
        while let l = layer {
            if l.isTrace {
                if context == nil { context = ADContext.current }
                if context!.handles(l) { return l.asTrace }
            }
            layer = l.next
        }
        return nil
    }
}
