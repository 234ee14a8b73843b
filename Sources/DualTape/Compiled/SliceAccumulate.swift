/// `total` with `g` added into the block `spec` selects (`total[spec] += g`, out of place):
/// the one instruction a traced backward pass records when the transpose of a slice adds
/// into a cotangent that already has a buffer; linear in both inputs.
///
///     y = total + scatter(g, spec)
///     transpose: (ȳ, ȳ[spec])
///
/// Eagerly the same values as the generic rule (a ``SliceScatter`` into zeros, then an
/// add), but one instruction of the size of the slice instead of two over the whole array:
/// `x[i]` in a loop over `n` elements traces in O(n), not O(n²) (see
/// ``Backward/accumulateTracedSlice(_:_:)``).
struct SliceAccumulate: LinearOperator {
    let spec: SliceSpec
    var name: String { "slice_accumulate" }
    var arity: Int { 2 }
    var description: String { "slice_accumulate[\(spec)]" }
    func primal(_ inputs: [NDArray]) -> NDArray {
        // addInPlace copies `total` first: the caller still holds it.
        var total = inputs[0].withoutAD
        total.addInPlace(inputs[1].withoutAD, at: spec)
        return total
    }
    func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [needed[0] ? cotangent : nil, needed[1] ? dispatch(Slice(spec), cotangent) : nil]
    }
}

extension Backward {
    /// Under a trace (no `createGraph`), the transpose of a slice node added into its
    /// parent's cotangent buffer as one ``SliceAccumulate`` instruction, the buffer updated
    /// in place when nothing else holds it; returns false (nothing done) unless the node is a
    /// slice of at most an eighth of its input, and its cotangent `g` and the parent's buffer
    /// both carry only the same trace's layer.
    static func accumulateTracedSlice(_ node: Node, _ g: NDArray) -> Bool {
        // Slices transpose by accumulation: other operators are turned away without a cast.
        guard node.addTranspose != nil, let slice = node.op as? Slice, node.parents.count == 1, let parent = node.parents[0],
              let gLayer = g.ad, gLayer.isTrace, gLayer.next == nil,
              let bLayer = parent.cotangent?.ad, bLayer.isTrace, bLayer.next == nil, bLayer.level == gLayer.level,
              parent.cotangent?.dtype == g.dtype, parent.cotangent?.shape == node.inputs[0].shape,
              // Only a small block of a large buffer (x[i] in a loop): a slice covering most of
              // it (x[1...]) stays a scatter and an add, which fuse into elementwise loops.
              g.count * 8 <= node.inputs[0].count
        else { return false }
        let gTrace = gLayer.asTrace, bTrace = bLayer.asTrace
        guard gTrace.recorder === bTrace.recorder, gTrace.recorder.isOpen else { return false }
        // Taken out of the node, the buffer is unique unless a rule returned a value something
        // else holds (then addInPlace copies it first).
        var total = parent.cotangent.take()!
        total.ad = nil
        // `g` carries only this trace's layer: its plain values, without a new layer object.
        var values = g
        values.ad = nil
        total.addInPlace(values, at: slice.spec)
        parent.cotangent = gTrace.recorder.record(SliceAccumulate(spec: slice.spec), ids: [bTrace.id, gTrace.id],
                                                  inputs: [], output: total)
        return true
    }
}
