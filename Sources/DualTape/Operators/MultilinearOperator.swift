/// Operators linear in each input separately (outer, kron, einsum, the convolutions): both
/// rules follow from the operator itself and one transpose per input.

/// An operator `f(x₀, …, xₙ₋₁)` linear in each input when the others are held fixed.
///
/// Forward mode applies the operator itself with one input replaced by its tangent; reverse
/// mode applies the transpose of the map `xᵢ ↦ f(…, xᵢ, …)`, which each operator states:
///
///     ẏ = Σᵢ f(x₀, …, ẋᵢ, …, xₙ₋₁)          x̄ᵢ = (xᵢ ↦ f(…, xᵢ, …))ᵀ ȳ
///
/// The transposes are themselves operators (an einsum is transposed by an einsum, a
/// convolution by a transposed convolution), so the rules are differentiable again.
public protocol MultilinearOperator: DifferentiableOperator {
    /// `x̄ᵢ`: the transpose of `xᵢ ↦ f(…, xᵢ, …)` (the other inputs fixed) applied to `cotangent`.
    ///
    /// - Parameters:
    ///   - cotangent: `ȳ`, of the output's shape.
    ///   - inputs: The primal inputs; all but input `i` enter the transpose.
    ///   - i: The input whose cotangent to compute.
    /// - Returns: `x̄ᵢ`, of input `i`'s shape.
    func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray
}

extension MultilinearOperator {
    /// `Σᵢ f(x₀, …, ẋᵢ, …)` over the inputs with a tangent (zeros when none has one).
    ///
    /// - Parameters:
    ///   - inputs: The primal inputs.
    ///   - output: The primal output (for its shape when no tangent is given).
    ///   - tangents: One tangent per input, or `nil` where it is zero.
    /// - Returns: The output tangent, of the output's shape.
    /// - Throws: Nothing of its own (the protocol's requirement is `throws`).
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        var sum: NDArray?
        for i in inputs.indices {
            guard let t = tangents[i] else { continue }
            var arguments = inputs
            arguments[i] = t
            let term = dispatch(self, arguments)
            sum = sum.map { $0 + term } ?? term
        }
        return sum ?? NDArray.zeros(like: output)
    }

    /// Each needed input's cotangent by its ``transpose(_:inputs:at:)``.
    ///
    /// - Parameters:
    ///   - inputs: The primal inputs.
    ///   - output: The primal output (unused: a multilinear rule needs only the inputs).
    ///   - cotangent: `ȳ`, of the output's shape.
    ///   - needed: One flag per input; `nil` is returned where it is false.
    /// - Returns: One cotangent per input, of its shape, or `nil` where not needed.
    /// - Throws: Nothing of its own (the protocol's requirement is `throws`).
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        inputs.indices.map { needed[$0] ? transpose(cotangent, inputs: inputs, at: $0) : nil }
    }
}
