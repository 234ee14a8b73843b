// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// Random directions, per input: for a seeded cotangent `u` and direction `v`, the forward
/// result `⟨u, J v⟩`, the reverse result `⟨Jᵀu, v⟩` (eager, and by the compiled `vjp`) and
/// GSL's derivative of `t ↦ ⟨u, f(x + t·v)⟩` must agree. One GSL call checks every mode
/// whatever the sizes.
///
/// `u` and `v` are uniform in [-1, 1) (any generic direction will do, and uniform draws
/// are cheap for large inputs); `v` is then scaled elementwise by `max(1, |x|)`, so a step in
/// `t` is the relative step the scalar policy takes. Both are rounded to the arrays' dtypes
/// first, so AD and the oracle see exactly the same directions.
struct DirectionalCheck {
    let target: CheckTarget
    let count: Int

    func run() throws -> [InputReport] {
        let y = target.output
        let pullback = target.modes.contains(.reverse) ? try vjp(at: target.inputs, target.function).pullback : nil
        let float64Inputs = target.promotedInputs ?? target.inputs
        let float64Pullback = Lazy { [target] in try vjp(at: float64Inputs, target.promotedFunction).pullback }
        let compiledSide = target.modes.contains(.compiled) ? CompiledSide(target.function, at: target.inputs) : nil
        let float64Compiled = Lazy { [target] in CompiledSide(target.promotedFunction, at: float64Inputs) }
        defer { target.compiledFailures.collect(compiledSide) }
        var elements = [[ElementReport]](repeating: [], count: target.inputs.count)

        for d in 0 ..< count {
            var generator = RandomGenerator(seed: directionSeed(target.options.seed, d))
            let u = rounded((0 ..< y.count).map { _ in 2 * generator.nextUnit() - 1 }, to: y.dtype)
            let cotangent = NDArray(values: u, shape: y.shape, dtype: y.dtype)
            let xbar = try pullback?(cotangent)
            let compiledXbar = compiledSide.map { $0.vjp(at: target.inputs, cotangent: cotangent) }
            for (k, x) in target.inputs.enumerated() {
                let v = rounded(x.scalars.map { (2 * generator.nextUnit() - 1) * max(1, abs($0)) }, to: x.dtype)
                var element = try adElement(target.function, target.inputs, k, u, v, xbar.map { $0[k].scalars },
                                            compiled(compiledXbar, k), unit: target.unit)
                // Rounding inside f (cancelled intermediates) does not show in the output terms:
                // floor the modes' scale at ‖u‖₁·‖v‖∞·max(1, ‖x‖∞, ‖f(x)‖∞).
                element.modesScale = max(element.modesScale, modesFloor(u, v, x, y))
                let judgement: ElementJudgement
                if target.options.declaredZero {
                    judgement = Judge.declaredZero(element)
                } else {
                    let line = DirectionalLine(target.evaluator, directions: target.inputs.indices.map { $0 == k ? v : nil }, cotangent: u)
                    let steps = OracleProbe.steps(at: 0, relative: target.relativeStep)
                    let scale = line.scale
                    let probe = OracleProbe(phi: line.value, origin: 0, steps: steps, scale: scale, unit: target.evaluator.unit,
                                            labelKinks: { try kinkSuspected(line.value, origin: 0, step: steps[0], unit: target.evaluator.unit, scale: scale) })
                    let rerun: (() throws -> ADElement)? = target.canRerunInFloat64 ? { [target] in
                        let u64 = NDArray(values: u, shape: y.shape, dtype: .float64)
                        let xbar64 = target.modes.contains(.reverse) ? try float64Pullback.get()(u64) : nil
                        var compiled64: [NDArray]?
                        if target.modes.contains(.compiled) {
                            let side = try float64Compiled.get()
                            compiled64 = side.vjp(at: float64Inputs, cotangent: u64)
                            target.compiledFailures.collect(side)
                        }
                        return try adElement(target.promotedFunction, float64Inputs, k, u, v, xbar64.map { $0[k].scalars },
                                             compiled(target.modes.contains(.compiled) ? .some(compiled64) : nil, k),
                                             unit: DType.float64.unitRoundoff)
                    } : nil
                    // A direction crosses every kink of x at once, so the one-sided derivatives of
                    // the line need not bound the AD convention: a kink here is reported, not failed.
                    judgement = try target.judge(probe, combinesElements: true).judge(element, float64: rerun)
                }
                elements[k].append(ElementReport(judgement, input: target.inputIndices[k], direction: d))
            }
        }
        return target.inputs.indices.map {
            InputReport(index: target.inputIndices[$0], shape: target.inputs[$0].shape, dtype: target.inputs[$0].dtype, elements: elements[$0])
        }
    }

    /// Input `k`'s compiled cotangent: nil when the compiled mode is not checked, NaNs when
    /// the compiled function failed (`.some(nil)`).
    private func compiled(_ xbars: [NDArray]??, _ k: Int) -> [Double]? {
        guard let xbars else { return nil }
        return xbars?[k].scalars ?? [Double](repeating: .nan, count: target.inputs[k].count)
    }

    /// The forward result `⟨u, J v⟩` (a `jvp` along `v` on input `k`), the reverse result
    /// `⟨x̄ₖ, v⟩` and the compiled one, each with the magnitude of its terms.
    private func adElement(_ f: ([NDArray]) throws -> NDArray, _ xs: [NDArray], _ k: Int, _ u: [Double], _ v: [Double],
                           _ xbar: [Double]?, _ compiledXbar: [Double]?, unit: Double) throws -> ADElement {
        var forward: ADValue?
        if target.modes.contains(.forward) {
            let tangent = NDArray(values: v, shape: xs[k].shape, dtype: xs[k].dtype)
            let (_, ydot) = try jvp(at: [xs[k]], tangents: [tangent]) { try f(replacing(xs, k, with: $0[0])) }
            forward = dotWithTerms(u, ydot.scalars)
        }
        let reverse = xbar.map { dotWithTerms($0, v) }
        let compiledValue = compiledXbar.map { dotWithTerms($0, v) }
        let terms = [forward, reverse, compiledValue].map { $0.map { $0.termScale.isFinite ? $0.termScale : 0 } ?? 0 }
        return ADElement(forward: forward, reverse: reverse, compiled: compiledValue, unit: unit, modesScale: terms.max() ?? 0)
    }
}

/// `‖u‖₁·‖v‖∞·max(1, ‖x‖∞, ‖y‖∞)`: the scale of rounding a directional derivative can carry.
func modesFloor(_ u: [Double], _ v: [Double], _ x: NDArray, _ y: NDArray) -> Double {
    let infinity: ([Double]) -> Double = { $0.reduce(0) { max($0, $1.isFinite ? abs($1) : 0) } }
    let u1 = u.reduce(0) { $0 + ($1.isFinite ? abs($1) : 0) }
    return u1 * infinity(v) * max(1, infinity(x.scalars), infinity(y.scalars))
}

/// The seed of direction `d`'s generator (SplitMix-style spreading of the caller's seed).
func directionSeed(_ seed: UInt64, _ d: Int) -> UInt64 {
    seed &+ UInt64(d) &* 0x9E37_79B9_7F4A_7C15
}
