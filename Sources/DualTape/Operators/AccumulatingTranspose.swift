/// An operator whose transpose can be added into an input's cotangent buffer in place: the
/// hook the reverse sweep uses so that a node selecting a few elements of a large array
/// costs the size of its selection, not of the array.
///
/// The generic rule of a selection (a slice, `take`) scatters its cotangent into zeros of
/// the input's shape, which backward then adds into the input's cotangent: O(n) per node,
/// O(n²) for `x[i]` in a loop over the elements. With the hook, backward takes the input's
/// cotangent out of its node (so the buffer is uniquely referenced and written in place)
/// and the operator adds its transpose into it:
///
///     total += (∂y/∂xᵢ)ᵀ ȳ
///
/// It is only a faster way to the generic rule's values, so backward takes it only when
/// nothing records the sweep (no `createGraph`) and neither the cotangent nor the buffer
/// carries automatic-differentiation state; otherwise the operator's VJP rule runs. The
/// rule and the hook agree exactly when no position is added twice (a slice, distinct
/// indices), and to rounding otherwise: repeated indices add into the buffer one by one
/// where the rule sums them first (tests run both).
protocol AccumulatingTranspose: DifferentiableOperator {
    /// Adds the transpose with respect to input `i`, applied to `cotangent`, into `total`
    /// (of input `i`'s shape and dtype, and not carrying AD state; copied first when it is
    /// shared or not contiguous) and returns true; or returns false, leaving `total` as it
    /// is, for an input the VJP rule handles (an index array).
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool
}

/// ``AccumulatingTranspose/addTranspose(of:into:input:inputs:)`` bound to one operator: what
/// a tape node keeps (a closure, so nodes of other operators carry only a null pointer).
typealias TransposeAdder = (_ cotangent: NDArray, _ total: inout NDArray, _ input: Int, _ inputs: [NDArray]) -> Bool

extension AccumulatingTranspose {
    /// This operator's ``addTranspose(of:into:input:inputs:)`` as a closure.
    var transposeAdder: TransposeAdder {
        { [self] cotangent, total, i, inputs in addTranspose(of: cotangent, into: &total, input: i, inputs: inputs) }
    }
}
