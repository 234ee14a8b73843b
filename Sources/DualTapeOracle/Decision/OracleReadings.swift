// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The scalar function one element's oracle differentiates, and what its tolerances need.
struct OracleProbe {
    /// φ: one output along one coordinate, or `⟨u, f(x + t·v)⟩`.
    let phi: (Double) throws -> Double
    /// Where φ is differentiated.
    let origin: Double
    /// The steps, in the order tried: the default first, smaller ones only when the oracle
    /// cannot decide at the default.
    let steps: [Double]
    /// S: the scale of φ's values (the function's own rounding is relative to it).
    let scale: Double
    /// The unit roundoff of φ's evaluation.
    let unit: Double
    /// Whether the one-sided rules should run although AD agrees with the central rule (to
    /// label a kink). Called after the central rule ran at the first step.
    let labelKinks: () throws -> Bool

    /// `h₀, h₀/16, h₀/256`, and `relative·|x|` when `0 < |x| < 1` (structure at the scale of a
    /// tiny `x`, such as `log` near 0, needs a step relative to `x` itself).
    static func steps(at x: Double, relative: Double) -> [Double] {
        let h = relative * max(1, abs(x))
        var steps = [h, h / 16, h / 256]
        if x != 0 && abs(x) < 1 { steps.append(relative * abs(x)) }
        return steps.sorted(by: >)
    }
}

/// A GSL result, or why GSL could not give one.
typealias Reading = Result<NumericDerivative, OracleError>

/// GSL's readings of one probe, computed on demand and shared by every AD value judged
/// against it (forward, reverse, and their Float64 re-run).
final class OracleReadings {
    let probe: OracleProbe
    private var central: [Int: Reading] = [:]
    private var right: [Int: Reading] = [:]
    private var left: [Int: Reading] = [:]

    init(_ probe: OracleProbe) { self.probe = probe }

    /// The central rule at step number `step`.
    func central(_ step: Int) throws -> Reading {
        if let reading = central[step] { return reading }
        let reading = try read(.central, step)
        central[step] = reading
        return reading
    }

    /// The forward (right) and backward (left) rules at step number `step`.
    func oneSided(_ step: Int) throws -> (right: Reading, left: Reading) {
        if let r = right[step], let l = left[step] { return (r, l) }
        let r = try read(.forward, step), l = try read(.backward, step)
        right[step] = r
        left[step] = l
        return (r, l)
    }

    /// The one-sided rules at `step` if they already ran.
    func oneSidedIfRead(_ step: Int) -> (right: Reading, left: Reading)? {
        guard let r = right[step], let l = left[step] else { return nil }
        return (r, l)
    }

    /// The largest `|φ|` GSL saw at the ends of its stencil for `reading`, and `S`: the scale its
    /// round-off estimate is relative to (`S` alone is 0 when `f(x) = 0`, e.g. x² at 0).
    func stencilScale(of reading: NumericDerivative) -> Double {
        stencil[StencilKey(rule: reading.rule, step: reading.step)] ?? probe.scale
    }

    private struct StencilKey: Hashable {
        let rule: DifferenceRule
        let step: Double
    }
    private var stencil: [StencilKey: Double] = [:]

    /// Runs GSL; an oracle failure becomes a reading, an error thrown by the function propagates.
    private func read(_ rule: DifferenceRule, _ step: Int) throws -> Reading {
        let h = probe.steps[step], x = probe.origin
        do {
            let reading = try GSLDerivative.derivative(of: probe.phi, at: x, rule: rule, step: h)
            // The stencil's far ends, which GSL evaluated (so the lines' caches answer).
            let ends = rule == .central ? [x - h, x + h] : [rule == .forward ? x + h : x - h]
            stencil[StencilKey(rule: rule, step: h)] = try ends.map { abs(try probe.phi($0)) }.reduce(probe.scale, max)
            return .success(reading)
        } catch let error as OracleError {
            return .failure(error)
        }
    }
}
