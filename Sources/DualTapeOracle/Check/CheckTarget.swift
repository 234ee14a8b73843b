// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The function under check at its point, as the AD modes and the oracle see it; what the
/// two strategies (full Jacobian, random directions) share.
struct CheckTarget {
    /// The function of the differentiated inputs, at their own dtype (held-constant inputs and,
    /// at order 2, the AD gradient are folded in).
    let function: ([NDArray]) throws -> NDArray
    /// The same function with Float32 promoted to Float64: what the oracle evaluates, and the
    /// Float64 re-run of the AD when a Float32 run misses.
    let promotedFunction: ([NDArray]) throws -> NDArray
    /// The differentiated inputs.
    let inputs: [NDArray]
    /// The same, promoted (nil when nothing is promoted).
    let promotedInputs: [NDArray]?
    /// `function(inputs)`.
    let output: NDArray
    let modes: Set<CheckMode>
    let options: GradientCheckOptions
    /// The oracle's view of the function.
    let evaluator: OracleEvaluator
    /// The oracle's step relative to `max(1, |x|)`.
    let relativeStep: Double
    /// The caller's index of each differentiated input.
    let inputIndices: [Int]
    /// What went wrong in the compiled mode, for the report's notes.
    let compiledFailures = CompiledFailures()

    /// The unit roundoff of the AD arithmetic.
    var unit: Double { (inputs.map(\.dtype) + [output.dtype]).map(\.unitRoundoff).max() ?? DType.float64.unitRoundoff }

    /// Whether a failing Float32 AD value can be re-run in Float64.
    var canRerunInFloat64: Bool { promotedInputs != nil && unit > DType.float64.unitRoundoff }

    /// The judge of one probe; `combinesElements` for a directional derivative (several
    /// Jacobian elements at once), where a kink is reported rather than tested as a subgradient.
    func judge(_ probe: OracleProbe, combinesElements: Bool = false) -> Judge {
        Judge(policy: options.tolerance, readings: OracleReadings(probe), testsSubgradient: !combinesElements)
    }
}
