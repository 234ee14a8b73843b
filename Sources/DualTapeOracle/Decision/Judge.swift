// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// An AD value and the magnitude of the terms it summed (its rounding scale `T`).
struct ADValue {
    let value: Double
    let termScale: Double
}

/// The AD side of one element: the forward, reverse and compiled values of the same derivative.
struct ADElement {
    var forward: ADValue?
    var reverse: ADValue?
    var compiled: ADValue?
    /// The unit roundoff of the AD arithmetic.
    var unit: Double
    /// `T` for forward against reverse (and compiled against eager).
    var modesScale: Double
}

/// The conclusion about one element, with the evidence.
struct ElementJudgement {
    var verdict: Verdict
    var forward: Double?
    var reverse: Double?
    var compiled: Double?
    /// The central rule at the deciding step.
    var oracle: NumericDerivative?
    /// The one-sided rules at the deciding step, if they ran.
    var right: NumericDerivative?
    var left: NumericDerivative?
    var error: Double
    var tolerance: Double
    var detail: String
}

/// Decides one element: forward against reverse, compiled against eager, then each against GSL.
///
/// The oracle is trusted to fail a derivative only when it is sure: its central, forward
/// and backward rules give finite results with narrow error bars that agree with one
/// another, and the AD value is outside the tolerance of all three. Where the one-sided
/// rules differ from each other the point is a kink, and the AD value passes when it lies
/// between them. Anything else is tried again at smaller steps, and if the oracle never
/// becomes sure the verdict is UNRESOLVED, never a failure.
struct Judge {
    let policy: TolerancePolicy
    let readings: OracleReadings
    /// Whether a kink must bound the AD value (one Jacobian element) or is only reported
    /// (a directional derivative mixing elements, some of which sit on kinks).
    var testsSubgradient = true

    private var probe: OracleProbe { readings.probe }

    /// How one AD value fared against the oracle.
    enum Outcome {
        case agree(step: Int, error: Double, tolerance: Double)
        case kink(step: Int, error: Double, tolerance: Double)
        case fail(step: Int, error: Double, tolerance: Double, reason: String)
        case unresolved(error: Double, tolerance: Double, reason: String)

        var verdict: Verdict {
            switch self {
            case .agree: return .agree
            case .kink: return .kink
            case .fail: return .adNotOracle
            case .unresolved: return .unresolved
            }
        }
        var step: Int {
            switch self {
            case .agree(let step, _, _), .kink(let step, _, _), .fail(let step, _, _, _): return step
            case .unresolved: return 0
            }
        }
        var error: Double {
            switch self {
            case .agree(_, let e, _), .kink(_, let e, _), .fail(_, let e, _, _), .unresolved(let e, _, _): return e
            }
        }
        var tolerance: Double {
            switch self {
            case .agree(_, _, let t), .kink(_, _, let t), .fail(_, _, let t, _), .unresolved(_, let t, _): return t
            }
        }
    }

    // MARK: - Tolerances

    /// The oracle's own rounding noise when φ is evaluated in Float32.
    private func noise(_ r: NumericDerivative) -> Double {
        policy.oracleNoise(unit: probe.unit, scale: probe.scale, fd: r.value, at: probe.origin, step: r.step)
    }

    /// The tolerance of AD value `a` against reading `r`.
    private func tolerance(_ a: ADValue, _ r: NumericDerivative, relative: Double, unit: Double) -> Double {
        policy.errorEstimateFactor * r.error + policy.scaleFloor * probe.scale + relative * max(abs(a.value), abs(r.value))
            + policy.roundingAllowance(termScale: a.termScale, unit: unit) + noise(r)
    }

    /// Whether a reading's error bar is narrow enough to decide anything: small against the
    /// reading itself, or no larger than GSL's own round-off estimate for the values on its
    /// stencil (which is what a zero derivative at a small step carries).
    ///
    ///     abserr ≤ 0.1·|fd| + 1e-10·S + 1024·u·max(S, |f| on the stencil)/h
    private func narrow(_ r: NumericDerivative) -> Bool {
        r.error <= policy.unresolvedRatio * abs(r.value) + policy.scaleFloor * probe.scale
            + 1024 * probe.unit * readings.stencilScale(of: r) / r.step + noise(r)
    }

    /// Whether two readings agree with each other (to one-sided accuracy).
    private func consistent(_ x: NumericDerivative, _ y: NumericDerivative) -> Bool {
        abs(x.value - y.value) <= policy.errorEstimateFactor * (x.error + y.error) + policy.scaleFloor * probe.scale
            + policy.oneSidedRelative * max(abs(x.value), abs(y.value)) + max(noise(x), noise(y))
    }

    /// Both one-sided rules, when they are finite, narrow, and differ: a kink.
    private func kink(_ sides: (right: Reading, left: Reading)) -> (right: NumericDerivative, left: NumericDerivative)? {
        guard case .success(let r) = sides.right, case .success(let l) = sides.left,
              narrow(r), narrow(l), !consistent(r, l) else { return nil }
        return (r, l)
    }

    /// A kink seen at `step` and still there at every smaller step, with the readings at the
    /// smallest. A real kink persists as the step shrinks; a step too large for the function
    /// shows one that vanishes: cos at x = 3000 gets h = 3, log at 0.001 gets h = 0.001, and
    /// |x| at x = 1e-8 is differentiable although the default steps all cross 0.
    private func confirmedKink(at step: Int, _ sides: (right: Reading, left: Reading))
        throws -> (step: Int, right: NumericDerivative, left: NumericDerivative)? {
        guard var (r, l) = kink(sides) else { return nil }
        for smaller in probe.steps.indices.dropFirst(step + 1) {
            guard let next = kink(try readings.oneSided(smaller)) else { return nil }
            (r, l) = next
        }
        return (probe.steps.count - 1, r, l)
    }

    // MARK: - One AD value

    /// How AD value `a` (computed with unit roundoff `unit`) fares against the oracle.
    func outcome(_ a: ADValue, unit: Double) throws -> Outcome {
        var first: (error: Double, tolerance: Double)?
        var reason = ""
        for step in probe.steps.indices {
            let central = try readings.central(step)
            if case .success(let c) = central {
                let tol = tolerance(a, c, relative: policy.relativeFloor, unit: unit)
                let err = abs(a.value - c.value)
                if first == nil { first = (err, tol) }
                if err <= tol && !narrow(c) {
                    // Agreement within a wide error bar (a jump in the function, a pole) means nothing.
                    reason = "the AD value agrees only within the oracle's wide error bar (\(sci(c.value)) ± \(sci(c.error)))"
                } else if err <= tol {
                    let label = step == 0 ? try probe.labelKinks() : false
                    let sides = label ? try readings.oneSided(step) : readings.oneSidedIfRead(step)
                    if let sides, try confirmedKink(at: step, sides) != nil { return .kink(step: step, error: err, tolerance: tol) }
                    return .agree(step: step, error: err, tolerance: tol)
                }
            }
            let sides = try readings.oneSided(step)
            if kink(sides) != nil {
                guard let (kinkStep, r, l) = try confirmedKink(at: step, sides) else {
                    reason = "the one-sided rules differ at one step only"
                    continue
                }
                let (lo, hi) = r.value < l.value ? (r, l) : (l, r)
                let tolLo = tolerance(a, lo, relative: policy.oneSidedRelative, unit: unit)
                let tolHi = tolerance(a, hi, relative: policy.oneSidedRelative, unit: unit)
                let outside = max(lo.value - a.value, a.value - hi.value, 0)
                if (a.value >= lo.value - tolLo && a.value <= hi.value + tolHi) || (!testsSubgradient && a.value.isFinite) {
                    return .kink(step: kinkStep, error: outside, tolerance: max(tolLo, tolHi))
                }
                return .fail(step: kinkStep, error: a.value.isFinite ? outside : .infinity, tolerance: max(tolLo, tolHi),
                             reason: "a kink: the AD value lies outside the one-sided derivatives [\(sci(lo.value)), \(sci(hi.value))], so it is not a subgradient")
            }
            guard case .success(let c) = central else {
                reason = "the central rule failed (\(failure(central) ?? ""))"
                continue
            }
            guard case .success(let r) = sides.right, case .success(let l) = sides.left else {
                reason = "a one-sided rule failed (\(failure(sides.right) ?? failure(sides.left) ?? ""))"
                continue
            }
            guard narrow(c), narrow(r), narrow(l) else {
                reason = "the oracle's error bar is too wide (\(sci(c.value)) ± \(sci(c.error)))"
                continue
            }
            guard consistent(r, c), consistent(l, c) else {
                reason = "GSL's central and one-sided rules contradict each other"
                continue
            }
            let nearRight = abs(a.value - r.value) <= tolerance(a, r, relative: policy.oneSidedRelative, unit: unit)
            let nearLeft = abs(a.value - l.value) <= tolerance(a, l, relative: policy.oneSidedRelative, unit: unit)
            if nearRight || nearLeft {
                reason = "the AD value is within a one-sided rule's accuracy but not the central rule's"
                continue
            }
            let tol = tolerance(a, c, relative: policy.relativeFloor, unit: unit)
            return .fail(step: step, error: a.value.isFinite ? abs(a.value - c.value) : .infinity, tolerance: tol,
                         reason: a.value.isFinite
                            ? "GSL's central, forward and backward rules agree with one another and not with the AD value"
                            : "the AD value is not finite; GSL's three rules agree on \(sci(c.value))")
        }
        return .unresolved(error: first?.error ?? .nan, tolerance: first?.tolerance ?? .nan,
                           reason: "the oracle cannot decide at any step: \(reason)")
    }

    // MARK: - One element

    /// The verdict on one element: forward against reverse, and each against the oracle.
    func judge(_ element: ADElement) throws -> ElementJudgement {
        var outcomes: [(CheckMode, Outcome)] = []
        if let f = element.forward { outcomes.append((.forward, try outcome(f, unit: element.unit))) }
        if let r = element.reverse { outcomes.append((.reverse, try outcome(r, unit: element.unit))) }
        if let c = element.compiled { outcomes.append((.compiled, try outcome(c, unit: element.unit))) }
        let worst = outcomes.max { $0.1.verdict.severity < $1.1.verdict.severity
            || ($0.1.verdict == $1.1.verdict && ratio($0.1.error, $0.1.tolerance) < ratio($1.1.error, $1.1.tolerance)) }
        var result = evidence(step: worst?.1.step ?? 0, element)
        result.verdict = worst?.1.verdict ?? .agree
        result.error = worst?.1.error ?? 0
        result.tolerance = worst?.1.tolerance ?? 0
        result.detail = describe(outcomes)

        if let (difference, tolerance) = modesDifference(element.forward, element.reverse, element) {
            result.verdict = .modesDisagree
            result.error = difference
            result.tolerance = tolerance
            result.detail = "forward and reverse differ by more than rounding: a wrong rule in one mode"
                + sides(.forward, .reverse, outcomes)
        } else if let eager = element.reverse != nil ? CheckMode.reverse : (element.forward != nil ? .forward : nil),
                  let (difference, tolerance) = modesDifference(element.compiled, eager == .reverse ? element.reverse : element.forward, element) {
            result.verdict = .modesDisagree
            result.error = difference
            result.tolerance = tolerance
            result.detail = "the compiled function and eager \(eager.rawValue) mode differ by more than rounding: the compiled replay is wrong"
                + sides(.compiled, eager, outcomes)
        }
        return result
    }

    /// The verdict with the AD values run again in Float64 when the Float32 run fails: a
    /// wrong rule fails in Float64 too; Float32 rounding alone becomes UNRESOLVED.
    func judge(_ element: ADElement, float64: (() throws -> ADElement)?) throws -> ElementJudgement {
        let first = try judge(element)
        guard !first.verdict.passes, let float64 else { return first }
        var second = try judge(try float64())
        if second.verdict.passes {
            var result = first
            result.verdict = .unresolved
            let compiled = second.compiled.map { ", compiled \(sci($0))" } ?? ""
            result.detail = "Float32 rounding: the Float32 AD misses (\(first.verdict.rawValue)) but the same rules in Float64 give \(second.verdict.rawValue) (forward \(sci(second.forward)), reverse \(sci(second.reverse))\(compiled))"
            return result
        }
        second.detail = "confirmed by a Float64 run of the AD: " + second.detail
        return second
    }

    /// Which of two disagreeing modes agrees with the oracle, in words.
    private func sides(_ a: CheckMode, _ b: CheckMode, _ outcomes: [(CheckMode, Outcome)]) -> String {
        let agreeing = outcomes.filter { ($0.0 == a || $0.0 == b) && $0.1.verdict.passes && $0.1.verdict != .unresolved }.map(\.0)
        if agreeing.count == 1 { return "; \(agreeing[0].rawValue) agrees with the oracle, \((agreeing[0] == a ? b : a).rawValue) does not" }
        return agreeing.isEmpty ? "; neither agrees with the oracle" : ""
    }

    /// `(|a − b|, tolerance)` when two modes' values disagree by more than rounding
    /// (`256·u·T`), else nil.
    private func modesDifference(_ a: ADValue?, _ b: ADValue?, _ element: ADElement) -> (Double, Double)? {
        guard let f = a?.value, let r = b?.value else { return nil }
        let tolerance = policy.modes(termScale: element.modesScale, unit: element.unit)
        if f.isNaN && r.isNaN { return nil }   // nothing to compare: the oracle decides
        if f == r { return nil }
        let difference = abs(f - r)
        if f.isFinite && r.isFinite && difference <= tolerance { return nil }
        return (difference.isNaN ? .infinity : difference, tolerance)
    }

    /// The readings at `step` with the AD values, for the report.
    private func evidence(step: Int, _ element: ADElement) -> ElementJudgement {
        let central = probe.steps.indices.contains(step) ? (try? readings.central(step)) : nil
        let sides = readings.oneSidedIfRead(step)
        return ElementJudgement(verdict: .agree, forward: element.forward?.value, reverse: element.reverse?.value,
                                compiled: element.compiled?.value, oracle: try? central?.get(), right: try? sides?.right.get(), left: try? sides?.left.get(),
                                error: 0, tolerance: 0, detail: "")
    }

    /// A sentence about the outcomes.
    private func describe(_ outcomes: [(CheckMode, Outcome)]) -> String {
        let names = outcomes.map(\.0.rawValue).joined(separator: " and ")
        guard let (_, worst) = outcomes.max(by: { $0.1.verdict.severity < $1.1.verdict.severity }) else { return "" }
        switch worst {
        case .agree(let step, _, _):
            return step == 0 ? "" : "agrees at the smaller step \(sci(probe.steps[step]))"
        case .kink:
            return "not differentiable here; \(names) give\(outcomes.count == 1 ? "s" : "") a valid subgradient (between the one-sided derivatives)"
        case .fail(let step, _, _, let reason):
            let who = outcomes.filter { $0.1.verdict == .adNotOracle }.map(\.0.rawValue).joined(separator: " and ")
            return "\(who): \(reason)" + (step == 0 ? "" : " (at step \(sci(probe.steps[step])))")
        case .unresolved(_, _, let reason):
            return reason
        }
    }

    // MARK: - Declared zero

    /// The verdict for an operator that declares a zero derivative: every mode must give
    /// exactly zero (the oracle is not consulted: `stopGradient` is the identity in value).
    static func declaredZero(_ element: ADElement) -> ElementJudgement {
        let values = [element.forward?.value, element.reverse?.value, element.compiled?.value].compactMap { $0 }
        let largest = values.map(abs).max() ?? 0
        let zero = values.allSatisfy { $0 == 0 }
        return ElementJudgement(verdict: zero ? .agree : .adNotOracle, forward: element.forward?.value, reverse: element.reverse?.value,
                                compiled: element.compiled?.value, oracle: nil, right: nil, left: nil, error: largest.isNaN ? .infinity : largest, tolerance: 0,
                                detail: zero ? "declared zero derivative" : "the operator declares a zero derivative but AD gives \(sci(largest))")
    }
}

/// `error / tolerance`, infinite for a positive error against a zero tolerance.
func ratio(_ error: Double, _ tolerance: Double) -> Double {
    if error.isNaN { return .infinity }
    if tolerance > 0 { return error / tolerance }
    return error > 0 ? .infinity : 0
}

/// Why a reading failed, or nil.
private func failure(_ reading: Reading) -> String? {
    if case .failure(let error) = reading { return "\(error)" }
    return nil
}
