// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The result of ``checkGradients(of:at:modes:order:options:)-(([NDArray])->NDArray,_,_,_,_)``: a verdict per element (or
/// direction) with its evidence, per input, and overall. `Codable` for machines,
/// `CustomStringConvertible` (an aligned table, at most 80 columns) for people.
public struct GradientReport: Sendable, Codable {
    /// Whether every element passed (AGREE, KINK or UNRESOLVED).
    public var passed: Bool
    /// 1 (first derivatives) or 2 (second).
    public var order: Int
    /// The modes checked, forward first.
    public var modes: [CheckMode]
    /// The number of random directions per input, or nil for a full Jacobian.
    public var directions: Int?
    /// The seed of the random directions or cotangent, to replay the check (nil: none used).
    public var seed: UInt64?
    /// How the oracle ran: its evaluation dtype, promotion and step.
    public var oracle: OracleSettings
    /// The tolerance policy the elements were held to.
    public var tolerance: TolerancePolicy
    /// The shape of the checked function's output.
    public var outputShape: [Int]
    /// A report per differentiated input, in the order of ``GradientCheckOptions/wrt`` (all
    /// inputs by default); inputs held constant have none.
    public var inputs: [InputReport]
    /// The element that came closest to failing, or failed worst.
    public var worst: ElementReport?
    /// How many elements got each verdict (keys are the verdicts' names).
    public var counts: [String: Int]
    /// Remarks printed under the table: the order-2 construction, Float32 promotion, inputs
    /// held constant, a declared zero derivative.
    public var notes: [String]

    init(order: Int, modes: [CheckMode], directions: Int?, seed: UInt64?, oracle: OracleSettings,
         tolerance: TolerancePolicy, outputShape: [Int], inputs: [InputReport], notes: [String]) {
        self.order = order
        self.modes = modes
        self.directions = directions
        self.seed = seed
        self.oracle = oracle
        self.tolerance = tolerance
        self.outputShape = outputShape
        self.inputs = inputs
        self.notes = notes
        let all = inputs.flatMap(\.elements)
        passed = all.allSatisfy(\.verdict.passes)
        worst = all.max(by: ElementReport.lessSevere)
        counts = Dictionary(grouping: all, by: \.verdict.rawValue).mapValues(\.count)
    }

    /// The number of elements (or directions) with verdict `verdict`.
    ///
    /// - Parameter verdict: The verdict to count, such as ``Verdict/unresolved``.
    /// - Returns: The count over all inputs; 0 when none.
    public func count(_ verdict: Verdict) -> Int { counts[verdict.rawValue] ?? 0 }

    /// Every element, input by input.
    public var elements: [ElementReport] { inputs.flatMap(\.elements) }
}

/// How the oracle ran.
public struct OracleSettings: Sendable, Codable, Equatable {
    /// The dtype GSL's function evaluations were computed in.
    public var precision: DType
    /// Whether Float32 inputs were promoted to Float64 for the oracle.
    public var promoted: Bool
    /// The step relative to `max(1, |x|)`.
    public var relativeStep: Double
}

/// The verdicts on one input's part of the derivative.
public struct InputReport: Sendable, Codable {
    /// The input's position in the caller's list.
    public var index: Int
    /// The input's shape.
    public var shape: [Int]
    /// The input's dtype as given (before any promotion for the oracle).
    public var dtype: DType
    /// The worst verdict among the elements.
    public var verdict: Verdict
    /// Elements (full Jacobian: output element × input element) or directions.
    public var elements: [ElementReport]

    init(index: Int, shape: [Int], dtype: DType, elements: [ElementReport]) {
        self.index = index
        self.shape = shape
        self.dtype = dtype
        self.elements = elements
        verdict = elements.max(by: ElementReport.lessSevere)?.verdict ?? .agree
    }

    /// The element that came closest to failing, or failed worst.
    public var worst: ElementReport? { elements.max(by: ElementReport.lessSevere) }
}
