import DualTape

/// The checks every derivative must pass, each judging one ``DirectionalCase``. Catalog
/// properties, expression-tree properties and `checkOperatorProperties`
/// all run these.
///
/// Tolerances, in order of strictness:
///
///     modes agree (rounding):  |fwd - rev| <= c·ε·(Σ|u Jv| + Σ|Jᵀu v|) + floor
///     reference (numerical):   |ad - fd| <= 4·err + ρ·(Σ|u Jv| + Σ|Jᵀu v|)/2 + 10⁻⁷·max(|ad|, |fd|) + floor
///     floor:                   c·ε·‖u‖₁·‖v‖∞·max(1, ‖x‖∞, ‖f(x)‖∞),       c = 64·(ops + 1) + n
///
/// where ε is the unit roundoff of the lowest precision involved, `ops` the operator count,
/// `n` the number of input elements, `err` the reference's error estimate and ρ = 10⁻⁸ in
/// float64, 10⁻⁴ in float32. The floor covers cancellation: in `x / (-x)` the derivative's
/// terms are of the size of `1/x` and cancel to rounding noise, so a bound relative to the
/// result alone (zero) would fail a correct derivative.
public enum DerivativeChecks {
    /// The rounding factor `c·ε` for a case.
    ///
    ///     c·ε = (64·(ops + 1) + n)·ε
    ///
    /// - Parameter c: The case: its operator count, input sizes and dtype (ε is its unit roundoff).
    /// - Returns: `c·ε`, a pure number to multiply by a scale.
    public static func roundingTolerance(_ c: DirectionalCase) -> Double {
        let n = c.inputs.reduce(0) { $0 + $1.count }
        return Double(64 * (c.operationCount + 1) + n) * c.dtype.unitRoundoff
    }

    /// The absolute rounding floor for a derivative along directions of size `direction`:
    /// `c·ε·direction·max(1, ‖x‖∞, ‖f(x)‖∞)`.
    ///
    /// - Parameters:
    ///   - c: The case (its inputs give `‖x‖∞`).
    ///   - output: The function's value at the case's inputs.
    ///   - direction: The size of the directions, such as `‖u‖₁·max‖vᵢ‖∞`.
    /// - Returns: The floor, in the units of the derivative.
    public static func roundingFloor(_ c: DirectionalCase, output: NDArray, direction: Double) -> Double {
        let magnitude = Swift.max(1, maxAbs(output), c.inputs.reduce(0) { Swift.max($0, maxAbs($1)) })
        return roundingTolerance(c) * direction * magnitude
    }

    /// `‖u‖₁·max‖vᵢ‖∞`: the size of a directional derivative's directions.
    static func directionSize(_ c: DirectionalCase) -> Double {
        sumAbs(c.cotangent) * c.tangents.indices.reduce(0) { c.differentiable[$1] ? Swift.max($0, maxAbs(c.tangents[$1])) : $0 }
    }

    /// The largest magnitude of an array's elements (0 when empty).
    ///
    /// - Parameter a: Any array; its values are read as Double.
    /// - Returns: `‖a‖∞`.
    public static func maxAbs(_ a: NDArray) -> Double { a.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }
    /// The sum of the magnitudes of an array's elements (0 when empty).
    ///
    /// - Parameter a: Any array; its values are read as Double.
    /// - Returns: `‖a‖₁`.
    public static func sumAbs(_ a: NDArray) -> Double { a.scalars.reduce(0) { $0 + Swift.abs($1) } }

    /// Forward and reverse mode agree: the dot-product identity `⟨u, J v⟩ = ⟨Jᵀu, v⟩`, to
    /// rounding, with tangents and cotangents of the right shapes and dtypes.
    ///
    /// - Parameter c: The case; both modes are run on it (a mode that throws fails the case).
    /// - Returns: `.pass`, or `.fail` with both values, the difference and the tolerance (or what
    ///   went wrong in a mode).
    public static func modesAgree(_ c: DirectionalCase) -> CaseOutcome {
        switch DirectionalResult.compute(c) {
        case .failure(let failure): return .fail(failure.message)
        case .success(let r): return modesAgree(c, r)
        }
    }

    /// ``modesAgree(_:)`` on results already computed.
    ///
    /// - Parameters:
    ///   - c: The case.
    ///   - r: Both modes' results for `c`, from ``DirectionalResult/compute(_:)``.
    /// - Returns: `.pass`, or `.fail` with both values, the difference and the tolerance.
    public static func modesAgree(_ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        let tolerance = roundingTolerance(c) * (r.forwardScale + r.reverseScale)
            + roundingFloor(c, output: r.output, direction: directionSize(c))
        let difference = Swift.abs(r.forward - r.reverse)
        guard r.forward.isFinite && r.reverse.isFinite else {
            return .fail("a mode is not finite: ⟨u, Jv⟩ = \(r.forward) and ⟨Jᵀu, v⟩ = \(r.reverse) (the function or a rule overflows or divides by zero at this point)")
        }
        return .check(difference <= tolerance,
                      "forward and reverse disagree: ⟨u, Jv⟩ = \(r.forward) but ⟨Jᵀu, v⟩ = \(r.reverse) (difference \(difference), tolerance \(tolerance))")
    }

    /// Both modes match the numerical reference within its tolerance. A mismatch is
    /// classified `"kink"` where an operator sees an input near a declared kink
    /// (``DirectionalCase/nearKink``) or the one-sided slopes reveal one — except that a
    /// scalar function of one scalar must still return a value between the one-sided
    /// slopes there (a valid subgradient); it is classified `"unresolved"` where the
    /// reference is not finite or not confident.
    ///
    /// - Parameters:
    ///   - c: The case; the reference evaluates its function in float64.
    ///   - r: Both modes' results for `c`, from ``DirectionalResult/compute(_:)``.
    /// - Returns: `.pass`; `.classified("kink")` or `.classified("unresolved")`; or `.fail` naming
    ///   the mode that missed.
    public static func matchesReference(_ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        let rho = c.dtype == .float32 ? 1e-4 : 1e-8
        let scale = (r.forwardScale + r.reverseScale) / 2
        let reference = numericDerivative(c, r, kinkThreshold: 10 * rho * scale)
        let fd = reference.value
        let floor = roundingFloor(c, output: r.output, direction: directionSize(c))
        func tolerance(_ ad: Double) -> Double {
            4 * reference.errorEstimate + rho * scale + 1e-7 * Swift.max(Swift.abs(ad), Swift.abs(fd)) + floor
        }
        let forwardOK = Swift.abs(r.forward - fd) <= tolerance(r.forward)
        let reverseOK = Swift.abs(r.reverse - fd) <= tolerance(r.reverse)
        if forwardOK && reverseOK && r.forward.isFinite && r.reverse.isFinite { return .pass }
        if !reference.isFinite { return .classified("unresolved") }
        if c.nearKink || reference.hasKink {
            let scalar = r.output.count == 1 && c.inputs.indices.filter { c.differentiable[$0] }.map { c.inputs[$0].count } == [1]
            guard scalar else { return .classified("kink") }
            let low = Swift.min(reference.leftSlope, reference.rightSlope), high = Swift.max(reference.leftSlope, reference.rightSlope)
            let slack = tolerance(r.forward) + 1e-2 * (high - low)
            if r.forward >= low - slack && r.forward <= high + slack { return .classified("kink") }
            return .fail("at a kink the derivative \(r.forward) is not between the one-sided derivatives \(low) and \(high): not a subgradient. Reference: \(reference)")
        }
        if reference.errorEstimate > 1e-3 * Swift.max(scale, Swift.abs(fd), 1e-300) { return .classified("unresolved") }
        let wrong = [forwardOK ? nil : "forward ⟨u, Jv⟩ = \(r.forward)", reverseOK ? nil : "reverse ⟨Jᵀu, v⟩ = \(r.reverse)"].compactMap { $0 }
        return .fail("\(wrong.joined(separator: " and ")) but the numerical derivative is \(reference); tolerance \(tolerance(r.forward))")
    }

    /// The numerical directional derivative of `t ↦ ⟨u, f(x + t·v)⟩` in float64, with the
    /// direction scaled to unit max-norm for the steps (10⁻³, or 10⁻² when the function
    /// rounds its output to float32 whatever its inputs).
    ///
    /// - Parameters:
    ///   - c: The case: function, inputs, tangents (for differentiable inputs) and cotangent.
    ///   - r: Both modes' results for `c`; its output sets the rounding scale.
    ///   - kinkThreshold: The gap between the one-sided slopes, along the case's own
    ///     directions, that counts as a kink.
    /// - Returns: The derivative along the case's own directions (rescaled from the unit max-norm
    ///   steps), with its error estimate and one-sided slopes.
    public static func numericDerivative(_ c: DirectionalCase, _ r: DirectionalResult, kinkThreshold: Double) -> NumericDerivative {
        let x = c.inputs.map { $0.astype(.float64) }
        let u = c.cotangent.astype(.float64)
        let norm = c.tangents.enumerated().reduce(0.0) { m, item in
            c.differentiable[item.offset] ? Swift.max(m, item.element.scalars.map(Swift.abs).max() ?? 0) : m
        }
        let m = norm > 0 ? norm : 1
        let v = c.tangents.map { ($0.astype(.float64) / m).detach() }
        let roundsToFloat32 = c.function(x).dtype == .float32
        let scale = DirectionalResult.dot(u.abs, r.output.astype(.float64).abs).value
        let phi: (Double) -> Double = { t in
            let shifted = x.indices.map { i in c.differentiable[i] ? (x[i] + t * v[i]).detach() : x[i] }
            return DirectionalResult.dot(u, c.function(shifted).astype(.float64)).value
        }
        let d = NumericDerivative(phi, step: roundsToFloat32 ? 1e-2 : 1e-3, scale: scale,
                                  unitRoundoff: roundsToFloat32 ? DType.float32.unitRoundoff : DType.float64.unitRoundoff,
                                  kinkThreshold: kinkThreshold / m)
        return d.scaled(by: m)
    }

    /// The JVP is linear in the tangent: `J(αv + βw) = αJv + βJw`, to rounding.
    ///
    /// - Parameters:
    ///   - c: The case; its tangents are `v`.
    ///   - w: A second tangent per input, of the inputs' shapes (zero for inputs held constant).
    ///   - alpha: The coefficient of `v`.
    ///   - beta: The coefficient of `w`.
    /// - Returns: `.pass`, or `.fail` with the first element that is not the linear combination,
    ///   or the error forward mode threw.
    public static func tangentLinearity(_ c: DirectionalCase, other w: [NDArray], alpha: Double, beta: Double) -> CaseOutcome {
        do {
            let combined = zip(c.tangents, w).map { v, w in (alpha * v + beta * w).detach() }
            let (_, jv) = try jvp(at: c.inputs, tangents: c.tangents, c.function)
            let (_, jw) = try jvp(at: c.inputs, tangents: w, c.function)
            let (y, jc) = try jvp(at: c.inputs, tangents: combined, c.function)
            let direction = c.tangents.indices.reduce(0.0) { m, i in
                c.differentiable[i] ? Swift.max(m, Swift.abs(alpha) * maxAbs(c.tangents[i]) + Swift.abs(beta) * maxAbs(w[i])) : m
            }
            return linearCombinationCheck("JVP in its tangent", jc, jv, jw, alpha, beta, c,
                                          floor: roundingFloor(c, output: y, direction: direction))
        } catch {
            return .fail("forward mode threw: \(error)")
        }
    }

    /// The VJP is linear in the cotangent: `Jᵀ(αu + βw) = αJᵀu + βJᵀw`, to rounding.
    ///
    /// - Parameters:
    ///   - c: The case; its cotangent is `u`.
    ///   - w: A second cotangent, of the output's shape and dtype.
    ///   - alpha: The coefficient of `u`.
    ///   - beta: The coefficient of `w`.
    /// - Returns: `.pass`, or `.fail` with the first element that is not the linear combination,
    ///   or the error reverse mode threw.
    public static func cotangentLinearity(_ c: DirectionalCase, other w: NDArray, alpha: Double, beta: Double) -> CaseOutcome {
        do {
            let (y, pullback) = try vjp(at: c.inputs, c.function)
            let gu = try pullback(c.cotangent), gw = try pullback(w)
            let gc = try pullback((alpha * c.cotangent + beta * w).detach())
            let floor = roundingFloor(c, output: y, direction: Swift.abs(alpha) * sumAbs(c.cotangent) + Swift.abs(beta) * sumAbs(w))
            for i in c.inputs.indices where c.differentiable[i] {
                let outcome = linearCombinationCheck("VJP in its cotangent (input \(i))", gc[i], gu[i], gw[i], alpha, beta, c, floor: floor)
                if outcome != .pass { return outcome }
            }
            return .pass
        } catch {
            return .fail("reverse mode threw: \(error)")
        }
    }

    /// `combined = α·a + β·b` elementwise, to rounding relative to the terms' sizes.
    static func linearCombinationCheck(_ what: String, _ combined: NDArray, _ a: NDArray, _ b: NDArray,
                                       _ alpha: Double, _ beta: Double, _ c: DirectionalCase, floor: Double) -> CaseOutcome {
        let (cs, xs, ys) = (combined.scalars, a.scalars, b.scalars)
        let size = zip(xs, ys).reduce(0.0) { Swift.max($0, Swift.abs(alpha * $1.0) + Swift.abs(beta * $1.1)) }
        let tolerance = 4 * roundingTolerance(c) * Swift.max(size, cs.map(Swift.abs).max() ?? 0) + floor
        for k in cs.indices {
            let expected = alpha * xs[k] + beta * ys[k]
            if !(Swift.abs(cs[k] - expected) <= tolerance) {
                return .fail("\(what) is not linear: element \(k) is \(cs[k]) for α·a + β·b = \(expected) (α = \(alpha), β = \(beta), a = \(xs[k]), b = \(ys[k]), tolerance \(tolerance))")
            }
        }
        return .pass
    }
}

extension NumericDerivative {
    /// This derivative for a direction `m` times longer.
    func scaled(by m: Double) -> NumericDerivative {
        NumericDerivative(value: value * m, errorEstimate: errorEstimate * m, rightSlope: rightSlope * m, leftSlope: leftSlope * m,
                          isFinite: isFinite, hasKink: hasKink)
    }
}

extension NDArray {
    /// Elementwise absolute value, outside automatic differentiation.
    var abs: NDArray { NDArray(values: scalars.map(Swift.abs), shape: shape, dtype: .float64) }
}
