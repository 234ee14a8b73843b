/// Applies an operator: the one place where both AD modes meet the operator catalog.
///
/// 1. Inputs with no automatic-differentiation state: compute the primal, done.
/// 2. Otherwise take the highest level any input carries (levels that are closed, or
///    reverse levels that are not recording, are dropped from the inputs first):
///    - a forward level: split each input into its primal and its tangent at that level,
///      apply the operator to the primals (recursively, for the lower levels), and attach
///      the tangent given by the operator's JVP rule;
///    - a reverse level: apply the operator to the inputs without their nodes of that level
///      (recursively), then append a tape node that saves what the VJP rule needs;
///    - a trace level (a compiled function being traced): apply the operator likewise and
///      append an instruction to the traced program (`Compiled/Trace.swift`).
///
/// An error thrown by a JVP rule (an operator with no derivative, a user's rule) is kept
/// by the forward level it happened in and rethrown by the `jvp` call that opened it.
///
/// - Parameters:
///   - op: The operator to apply.
///   - inputs: Exactly `op.arity` arrays (else the program stops naming the operator).
/// - Returns: The operator's output, carrying a tangent or a tape node at the highest active level.
public func dispatch<Op: DifferentiableOperator>(_ op: Op, _ inputs: [NDArray]) -> NDArray {
    precondition(inputs.count == op.arity, "\(op.name): expects \(op.arity) inputs, got \(inputs.count)")
    for i in inputs.indices where inputs[i].ad != nil {
        return dispatchAD(op, inputs, ADContext.current)
    }
    return op.primal(inputs)
}

/// ``dispatch(_:_:)-(_,[NDArray])`` for an operator of one input, without an input array when `x` carries
/// no AD state.
///
/// - Parameters:
///   - op: An operator of arity 1.
///   - x: Its input.
/// - Returns: The operator's output, carrying a tangent or a tape node at the highest active level.
public func dispatch<Op: DifferentiableOperator>(_ op: Op, _ x: NDArray) -> NDArray {
    precondition(op.arity == 1, "\(op.name): expects \(op.arity) inputs, got 1")
    if x.ad == nil { return op.primal(x) }
    let context = ADContext.current
    let active = withoutInactiveLayers(x, context)
    if active.ad == nil { return op.primal(active) }
    return dispatchAD(op, [active], context)
}

/// ``dispatch(_:_:)-(_,[NDArray])`` for an operator of two inputs, without an input array when neither
/// carries AD state.
///
/// - Parameters:
///   - op: An operator of arity 2.
///   - a: Its first input.
///   - b: Its second input.
/// - Returns: The operator's output, with AD state when an input has active state.
public func dispatch<Op: DifferentiableOperator>(_ op: Op, _ a: NDArray, _ b: NDArray) -> NDArray {
    precondition(op.arity == 2, "\(op.name): expects \(op.arity) inputs, got 2")
    if a.ad == nil && b.ad == nil { return op.primal(a, b) }
    // Arrays whose layers are all inactive here (a rule running in backward sees its inputs
    // with their tape nodes) still take the array-free path.
    let context = ADContext.current
    let activeA = withoutInactiveLayers(a, context), activeB = withoutInactiveLayers(b, context)
    if activeA.ad == nil && activeB.ad == nil { return op.primal(activeA, activeB) }
    return dispatchAD(op, [activeA, activeB], context)
}

/// `x` without the layers above its first active one (closed levels, reverse levels that do
/// not record): what dispatch sees of it.
@inline(__always)
func withoutInactiveLayers(_ x: NDArray, _ context: ADContext) -> NDArray {
    var x = x
    while let layer = x.ad, !context.handles(layer) { x.ad = layer.next }
    return x
}

extension DifferentiableOperator {
    /// Applies this operator to `inputs` through ``dispatch(_:_:)-(_,[NDArray])`` (both AD modes).
    ///
    /// - Parameter inputs: Exactly ``arity`` arrays: `Sin()(x)`, `Add()(a, b)`.
    /// - Returns: The operator's output.
    public func callAsFunction(_ inputs: NDArray...) -> NDArray { dispatch(self, inputs) }

    /// Applies this operator to `inputs` through ``dispatch(_:_:)-(_,[NDArray])`` (both AD modes).
    ///
    /// - Parameter inputs: Exactly ``arity`` arrays.
    /// - Returns: The operator's output.
    public func apply(_ inputs: [NDArray]) -> NDArray { dispatch(self, inputs) }
}

@usableFromInline
func dispatchAD<Op: DifferentiableOperator>(_ op: Op, _ given: [NDArray], _ context: ADContext) -> NDArray {
    var inputs = given
    var top = -1, topIsTangent = false, topIsTrace = false
    for i in inputs.indices {
        while let layer = inputs[i].ad, !context.handles(layer) { inputs[i].ad = layer.next }
        if let layer = inputs[i].ad, layer.level > top { top = layer.level; topIsTangent = layer.isTangent; topIsTrace = layer.isTrace }
    }
    if top < 0 { return op.primal(inputs) }
    if topIsTrace { return traceOperation(op, inputs, level: top, context) }

    var primals = inputs
    if topIsTangent {
        var tangents = [NDArray?](repeating: nil, count: inputs.count)
        var onlyThisLevel = true
        for i in inputs.indices {
            if let layer = inputs[i].ad, layer.level == top {
                tangents[i] = layer.asTangent.tangent
                primals[i].ad = layer.next
            }
            if primals[i].ad != nil { onlyThisLevel = false }
        }
        // With no lower levels the primal runs directly (no second scan of the inputs).
        let output = onlyThisLevel ? bareOutput(op, primals) : dispatchAD(op, primals, context)
        // A zero derivative is no tangent: the output is a constant at this level.
        if op.hasZeroDerivative { return output }
        let state = context.state(of: top)
        let batch = state?.batch
        let expected = batch.map { [$0] + output.shape } ?? output.shape
        let tangent: NDArray
        do {
            if let batch {
                tangent = try batchedJVP(op, primals, output, tangents, batch: batch)
            } else {
                tangent = try op.jvp(primals, output: output, tangents: tangents)
            }
        } catch {
            guard let state else { preconditionFailure("\(op.name): \(error)") }
            state.errors.record(error)
            tangent = NDArray.zeros(expected, dtype: output.dtype)
        }
        precondition(tangent.shape == expected,
                     "\(op.name): the JVP rule returned a tangent of shape \(Shape.describe(tangent.shape)) for an output of shape \(Shape.describe(expected))")
        var result = output
        result.ad = TangentLayer(level: top, tangent: tangent, next: output.ad)
        return result
    }

    let output: NDArray
    if inputs.allSatisfy({ $0.ad == nil || $0.ad!.level == top && $0.ad!.next == nil }) {
        // Only this level's nodes: the primal runs on the bare values, without a second array.
        output = bareOutput(op, inputs)
    } else {
        for i in inputs.indices {
            if let layer = inputs[i].ad, layer.level == top { primals[i].ad = layer.next }
        }
        output = dispatchAD(op, primals, context)
    }
    var result = output
    result.ad = Node(level: top, op: op, inputs: inputs, output: output)
    return result
}

/// The primal of `op` on the values of `inputs` (their AD layers dropped), through the
/// array-free entry points for one and two inputs.
@inline(__always)
func bareOutput<Op: DifferentiableOperator>(_ op: Op, _ inputs: [NDArray]) -> NDArray {
    switch inputs.count {
    case 1: return op.primal(inputs[0].withoutAD)
    case 2: return op.primal(inputs[0].withoutAD, inputs[1].withoutAD)
    default: return op.primal(inputs.map(\.withoutAD))
    }
}

/// The JVP of `op` for a batch of tangent directions (each tangent has a leading batch axis).
///
/// Elementwise operators of one input take the whole batch in one rule application (the
/// local derivative broadcasts over the batch axis); other operators apply their rule to
/// each direction and stack the results. Either way the primal is computed once.
func batchedJVP<Op: DifferentiableOperator>(_ op: Op, _ primals: [NDArray], _ output: NDArray, _ tangents: [NDArray?], batch: Int) throws -> NDArray {
    if op is any UnaryElementwiseOperator, let t = tangents[0] {
        let tangent = try op.jvp(primals, output: output, tangents: [t])
        if tangent.shape == [batch] + output.shape { return tangent }
    }
    var slices: [NDArray] = []
    slices.reserveCapacity(batch)
    for b in 0 ..< batch {
        let directions = tangents.map { t in
            t.map { dispatch(Slice(SliceSpec.along(axis: 0, rank: $0.rank, start: b, count: 1)), [$0]).reshape(Array($0.shape.dropFirst())) }
        }
        slices.append(try op.jvp(primals, output: output, tangents: directions))
    }
    return NDArray.stack(slices, axis: 0)
}
