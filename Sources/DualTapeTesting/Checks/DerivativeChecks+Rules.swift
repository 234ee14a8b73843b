import DualTape

extension DerivativeChecks {
    /// An operator's rules, called directly on plain arrays, return a tangent of the output's
    /// shape and dtype and cotangents of the inputs' shapes and dtypes. (Called through
    /// dispatch, a wrong shape stops the process; called directly it is a reported failure.)
    ///
    /// - Parameters:
    ///   - op: The operator whose `jvp` and `vjp` rules are called.
    ///   - c: A case of `op` (from ``DirectionalCase/drawApplication(_:_:dtype:)``): its inputs,
    ///     tangents and cotangent are passed to the rules.
    /// - Returns: `.pass`, or `.fail` naming the rule that threw or returned a wrong shape or
    ///   dtype.
    public static func ruleShapes(_ op: some DifferentiableOperator, _ c: DirectionalCase) -> CaseOutcome {
        let inputs = c.inputs.map { $0.detach() }
        let output = op.primal(inputs)
        let tangents = c.tangents.enumerated().map { i, t -> NDArray? in c.differentiable[i] ? t : nil }
        do {
            let t = try op.jvp(inputs, output: output, tangents: tangents)
            if t.shape != output.shape || t.dtype != output.dtype {
                return .fail("\(op.name): the JVP rule returned shape \(Shape.describe(t.shape)) (\(t.dtype)) for an output of shape \(Shape.describe(output.shape)) (\(output.dtype))")
            }
        } catch {
            return .fail("\(op.name): the JVP rule threw \(error)")
        }
        do {
            let grads = try op.vjp(inputs, output: output, cotangent: c.cotangent.detach(), needed: c.differentiable)
            guard grads.count == inputs.count else {
                return .fail("\(op.name): the VJP rule returned \(grads.count) cotangents for \(inputs.count) inputs")
            }
            for (i, g) in grads.enumerated() {
                guard let g else { continue }
                if g.shape != inputs[i].shape || g.dtype != inputs[i].dtype {
                    return .fail("\(op.name): the VJP rule returned shape \(Shape.describe(g.shape)) (\(g.dtype)) for input \(i) of shape \(Shape.describe(inputs[i].shape)) (\(inputs[i].dtype))")
                }
            }
        } catch {
            return .fail("\(op.name): the VJP rule threw \(error)")
        }
        return .pass
    }

    /// MXNet's tape (`attachGrad`, `Autograd.record`, `backward`) gives the same gradients as
    /// the functional pullback, with each input's shape and dtype.
    ///
    /// - Parameters:
    ///   - c: The case; its cotangent is the head gradient of `backward`.
    ///   - r: Both modes' results for `c` (its input cotangents are the pullback's).
    /// - Returns: `.pass`, or `.fail` naming the input whose tape gradient differs or is missing.
    public static func tapeMatchesPullback(_ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        // Every input held constant (one_hot's indices): nothing is recorded, nothing to compare.
        guard c.differentiable.contains(true) else { return .pass }
        var variables = c.inputs.map { $0.detach() }
        for i in variables.indices where c.differentiable[i] { variables[i].attachGrad() }
        let output = Autograd.record { c.function(variables) }
        do {
            try output.backward(headGradient: c.cotangent)
        } catch {
            return .fail("backward threw: \(error)")
        }
        let tolerance = roundingTolerance(c)
        let floor = roundingFloor(c, output: r.output, direction: sumAbs(c.cotangent))
        for i in variables.indices where c.differentiable[i] {
            guard let g = variables[i].grad else { return .fail("input \(i) has no gradient after backward") }
            if g.shape != c.inputs[i].shape || g.dtype != c.inputs[i].dtype {
                return .fail("the gradient of input \(i) has shape \(Shape.describe(g.shape)) and dtype \(g.dtype); the input has \(Shape.describe(c.inputs[i].shape)) and \(c.inputs[i].dtype)")
            }
            let expected = r.inputCotangents[i].scalars
            let size = expected.map(Swift.abs).max() ?? 0
            for (k, (a, b)) in zip(g.scalars, expected).enumerated() where !(Swift.abs(a - b) <= tolerance * size + floor) {
                return .fail("the tape's gradient of input \(i) differs from the pullback at element \(k): \(a) vs \(b)")
            }
        }
        return .pass
    }

    /// For an operator declared linear, the JVP at any point is the operator applied to the
    /// tangents: `J v = f(v)`. Passes trivially when `op` is not declared linear.
    ///
    /// - Parameters:
    ///   - op: The operator; its `info.isLinear` says whether it is checked.
    ///   - c: A case of `op`; inputs it does not differentiate keep their values in `f(v)`.
    ///   - r: Both modes' results for `c` (its output tangent is `J v`).
    /// - Returns: `.pass` (also for an operator not declared linear), or `.fail` with the first
    ///   element that differs.
    public static func declaredLinearity(_ op: some DifferentiableOperator, _ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        guard op.info.isLinear else { return .pass }
        let applied = op.primal(c.tangents.enumerated().map { i, t in c.differentiable[i] ? t.detach() : c.inputs[i].detach() })
        let tolerance = roundingTolerance(c) * Swift.max(applied.scalars.map(Swift.abs).max() ?? 0, 1e-300)
        for (k, (a, b)) in zip(r.outputTangent.scalars, applied.scalars).enumerated() where !(Swift.abs(a - b) <= tolerance) {
            return .fail("\(op.name) is declared linear but its JVP is not the operator applied to the tangent: element \(k) is \(a), f(v) gives \(b)")
        }
        return .pass
    }

    /// Second order: forward over reverse (a JVP of the gradient) equals reverse over reverse
    /// (the gradient of `⟨∇φ, v⟩`) for `φ(x) = ⟨u, f(x)⟩`, to rounding.
    ///
    ///     d/dt ∇φ(x + t v) = ∇ ⟨∇φ(x), v⟩ = H v
    ///
    /// - Parameter c: The case: `u` is its cotangent, `v` its tangents (differentiable inputs only).
    /// - Returns: `.pass` (also when no input is differentiable), or `.fail` with the first
    ///   element of `H v` that differs or the error a mode threw.
    public static func secondOrderModesAgree(_ c: DirectionalCase) -> CaseOutcome {
        let u = c.cotangent.detach()
        let indices = c.inputs.indices.filter { c.differentiable[$0] }
        guard !indices.isEmpty else { return .pass }
        func phi(_ xs: [NDArray]) -> NDArray { (u * c.function(xs)).sum() }
        func flatGradient(_ xs: [NDArray]) throws -> NDArray {
            let grads = try gradient(at: xs, phi)
            return NDArray.concat(indices.map { grads[$0].reshape([grads[$0].count]) }, axis: 0)
        }
        do {
            let (_, forwardOverReverse) = try jvp(at: c.inputs, tangents: c.tangents, flatGradient)
            let v = NDArray.concat(indices.map { c.tangents[$0].detach().reshape([c.tangents[$0].count]) }, axis: 0)
            let grads = try gradient(at: c.inputs) { xs in (try flatGradient(xs) * v).sum() }
            let reverseOverReverse = NDArray.concat(indices.map { grads[$0].reshape([grads[$0].count]) }, axis: 0)
            let a = forwardOverReverse.scalars, b = reverseOverReverse.scalars
            let size = zip(a, b).reduce(0.0) { Swift.max($0, Swift.abs($1.0), Swift.abs($1.1)) }
            let output = c.function(c.inputs.map { $0.detach() })
            let tolerance = 16 * (roundingTolerance(c) * size + roundingFloor(c, output: output, direction: directionSize(c)))
            for k in a.indices where !(Swift.abs(a[k] - b[k]) <= tolerance) {
                return .fail("second order: forward over reverse gives Hv[\(k)] = \(a[k]), reverse over reverse \(b[k]) (tolerance \(tolerance))")
            }
            return .pass
        } catch {
            return .fail("second order threw: \(error)")
        }
    }
}
