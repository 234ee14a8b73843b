import DualTape
import DualTapeTesting

/// Second-order checks on one input: the Hessian of `φ(x₀) = ⟨u, f(x₀, x₁, ...)⟩` (the
/// other inputs held constant).
enum SecondOrder {
    /// `H = ∂²φ/∂x₀²` (by DualTape's `hessian`, forward over reverse) is symmetric to rounding.
    static func hessianIsSymmetric(_ c: DirectionalCase) -> CaseOutcome {
        let others = c.inputs.map { $0.detach() }, u = c.cotangent.detach()
        let n = c.inputs[0].count
        do {
            let h = try hessian(at: c.inputs[0]) { x in
                var xs = others
                xs[0] = x
                return (u * c.function(xs)).sum()
            }
            guard h.shape == c.inputs[0].shape + c.inputs[0].shape else {
                return .fail("the Hessian has shape \(Shape.describe(h.shape)) for an input of shape \(Shape.describe(c.inputs[0].shape))")
            }
            let values = h.scalars
            let size = values.map(Swift.abs).max() ?? 0
            let floor = DerivativeChecks.roundingFloor(c, output: c.function(others), direction: DerivativeChecks.sumAbs(u))
            let tolerance = 16 * (DerivativeChecks.roundingTolerance(c) * size + floor)
            for i in 0 ..< n {
                for j in i + 1 ..< n where !(Swift.abs(values[i * n + j] - values[j * n + i]) <= tolerance) {
                    return .fail("the Hessian is not symmetric: H[\(i), \(j)] = \(values[i * n + j]) but H[\(j), \(i)] = \(values[j * n + i]) (tolerance \(tolerance))")
                }
            }
            return .pass
        } catch {
            return .fail("hessian threw: \(error)")
        }
    }
}
