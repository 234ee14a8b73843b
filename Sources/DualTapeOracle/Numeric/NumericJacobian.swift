// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// A Jacobian computed by GSL, one block per input, with GSL's error estimates.
public struct NumericJacobian: Sendable {
    /// `∂y/∂xₖ` for each input `k`, of shape `y.shape + xₖ.shape`, in Float64.
    public var blocks: [NDArray]
    /// GSL's error estimate of each element of ``blocks``, same shapes.
    public var errors: [NDArray]
}

/// The Jacobian of `f` at `xs` by GSL, element by element (exact, column by column).
///
///     J[i, j] = d/ds fᵢ(x with xⱼ = s)  at s = xⱼ,   h = relativeStep · max(1, |xⱼ|)
///
/// Each output of a column is one GSL call; the calls of a column share their evaluations
/// of `f`, so the cost is about `4·n + 4·n·m` evaluations of `f` (GSL refines its step for
/// each element). For large inputs use ``numericDirectionalDerivative(of:at:along:cotangent:rule:step:promoteFloat32:)``.
///
/// - Parameters:
///   - f: The function, of any number of arrays to one array; it must return the same
///     output shape at every perturbed input.
///   - xs: The point: one array per input, any shapes and float dtypes (AD tracking is
///     stripped).
///   - rule: GSL's difference rule, central by default.
///   - relativeStep: The step relative to `max(1, |xⱼ|)`; `nil` for 1e-3, or 1e-2 when the
///     function is evaluated in Float32 (an input or the output is Float32 after promotion).
///   - promoteFloat32: Whether Float32 inputs are evaluated in Float64 (the default; the
///     function must then follow its inputs' dtype) rather than as given.
/// - Returns: One block per input, `y.shape + xₖ.shape`, in Float64, with GSL's error
///   estimates.
/// - Throws: ``OracleError`` for an element GSL cannot differentiate,
///   ``GradientCheckError/outputShapeChanged(expected:got:)`` when a perturbed input changes
///   the output's shape, and any error `f` throws, unchanged.
public func numericJacobian(of f: ([NDArray]) throws -> NDArray, at xs: [NDArray], rule: DifferenceRule = .central,
                            relativeStep: Double? = nil, promoteFloat32: Bool = true) throws -> NumericJacobian {
    try withoutActuallyEscaping(f) { f in
        let evaluator = try OracleEvaluator(f, at: xs.map(\.withoutAD), promote: promoteFloat32)
        let relative = relativeStep ?? defaultRelativeStep(unit: evaluator.unit)
        let m = evaluator.output.count
        var blocks: [NDArray] = [], errors: [NDArray] = []
        for k in xs.indices {
            let n = xs[k].count
            var values = [Double](repeating: 0, count: m * n), bounds = values
            for j in 0 ..< n {
                let line = CoordinateLine(evaluator, input: k, element: j)
                let h = relative * max(1, abs(line.origin))
                for i in 0 ..< m {
                    let d = try GSLDerivative.derivative(of: { try line.output(at: $0)[i] }, at: line.origin, rule: rule, step: h)
                    values[i * n + j] = d.value
                    bounds[i * n + j] = d.error
                }
            }
            blocks.append(NDArray(values: values, shape: evaluator.outputShape + xs[k].shape))
            errors.append(NDArray(values: bounds, shape: evaluator.outputShape + xs[k].shape))
        }
        return NumericJacobian(blocks: blocks, errors: errors)
    }
}

/// `⟨u, J v⟩` by GSL: the derivative of `t ↦ ⟨u, f(x + t·v)⟩` at 0, one GSL call whatever
/// the sizes. It is what a forward result `⟨u, ẏ⟩` and a reverse result `⟨x̄, v⟩` both equal.
///
///     d/dt ⟨u, f(x + t·v)⟩ |₀ = ⟨u, J v⟩ = ⟨Jᵀu, v⟩
///
/// - Parameters:
///   - f: The function, of any number of arrays to one array of a fixed shape.
///   - xs: The point: one array per input, any shapes and float dtypes.
///   - directions: The tangent `v`: one array per input, of that input's shape.
///   - cotangent: The cotangent `u`, of the output's shape.
///   - rule: GSL's difference rule, central by default.
///   - step: The absolute step in `t`; `nil` for 1e-3, or 1e-2 when the function is
///     evaluated in Float32.
///   - promoteFloat32: Whether Float32 inputs are evaluated in Float64 (the default).
/// - Returns: `⟨u, J v⟩` with GSL's error estimate.
/// - Throws: ``GradientCheckError/invalidOption(_:)`` when `directions` or `cotangent`
///   does not match the inputs' or the output's shapes, ``OracleError`` when GSL cannot
///   differentiate, ``GradientCheckError/outputShapeChanged(expected:got:)`` when a perturbed
///   input changes the output's shape, and any error `f` throws, unchanged.
public func numericDirectionalDerivative(of f: ([NDArray]) throws -> NDArray, at xs: [NDArray], along directions: [NDArray],
                                         cotangent: NDArray, rule: DifferenceRule = .central, step: Double? = nil,
                                         promoteFloat32: Bool = true) throws -> NumericDerivative {
    guard directions.count == xs.count, zip(directions, xs).allSatisfy({ $0.shape == $1.shape }) else {
        throw GradientCheckError.invalidOption("numericDirectionalDerivative: pass one direction per input, of that input's shape")
    }
    return try withoutActuallyEscaping(f) { f in
        let evaluator = try OracleEvaluator(f, at: xs.map(\.withoutAD), promote: promoteFloat32)
        guard cotangent.shape == evaluator.outputShape else {
            throw GradientCheckError.invalidOption("numericDirectionalDerivative: the cotangent has shape \(cotangent.shape) but the output has shape \(evaluator.outputShape)")
        }
        let line = DirectionalLine(evaluator, directions: directions.map { Optional($0.scalars) }, cotangent: cotangent.scalars)
        return try GSLDerivative.derivative(of: line.value, at: 0, rule: rule, step: step ?? defaultRelativeStep(unit: evaluator.unit))
    }
}

/// 1e-3, or 1e-2 when the function is evaluated in Float32: there rounding noise, not
/// truncation, limits a 4th-order rule, and the optimum moves to larger steps.
func defaultRelativeStep(unit: Double) -> Double {
    unit > DType.float64.unitRoundoff ? 1e-2 : GSLDerivative.defaultRelativeStep
}
