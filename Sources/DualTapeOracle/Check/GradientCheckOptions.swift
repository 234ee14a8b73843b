// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// An automatic-differentiation mode to check.
public enum CheckMode: String, Sendable, Codable, CaseIterable, Comparable {
    /// Forward mode (dual numbers, `jvp`). At order 2: forward over reverse.
    case forward
    /// Reverse mode (the tape, `vjp`). At order 2: reverse over reverse.
    case reverse
    /// A compiled function (`Autograd.compile(examples:mode:_:)`, `.strict`): its `vjp`,
    /// replayed row by row. It must agree with the oracle like the eager modes, and with
    /// eager reverse mode (or forward mode when reverse is not checked) to rounding,
    /// `|cmp-rev| ≤ 256·u·T` (fusion may reassociate sums). At order 2: the compiled `vjp` of
    /// the eager gradient (compiled reverse over reverse).
    case compiled

    /// The modes checked when none are named: all three.
    public static let all: Set<CheckMode> = [.forward, .reverse, .compiled]

    /// Forward, reverse, compiled.
    public static func < (lhs: CheckMode, rhs: CheckMode) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .forward: return 0
        case .reverse: return 1
        case .compiled: return 2
        }
    }
}

/// How the Jacobian is examined.
public enum JacobianStrategy: Sendable, Equatable, Codable {
    /// Full when `inputs × outputs ≤ fullJacobianLimit`, random directions beyond.
    case automatic
    /// Every element, column by column: a verdict per element.
    case full
    /// `count` random directions per input: `⟨u, J v⟩` against `⟨Jᵀu, v⟩` and the oracle.
    case directional(count: Int)
}

/// How the oracle evaluates a function whose inputs are Float32.
public enum Float32Oracle: String, Sendable, Codable {
    /// Promote the inputs to Float64 for the oracle (the function must follow its inputs'
    /// dtype). The oracle is then as accurate as for Float64 inputs.
    case promote
    /// Evaluate in Float32. The oracle's rounding noise (about 1e-4 relative) is added to the
    /// tolerance, and its step is `float32RelativeStep`. For functions that hard-code Float32.
    case native
}

/// Everything a gradient check can be told; the defaults are the tolerance policy of ``TolerancePolicy`` (measured over 220,000 points).
public struct GradientCheckOptions: Sendable {
    /// The tolerances (printed in the report).
    public var tolerance: TolerancePolicy
    /// Full Jacobian or random directions.
    public var strategy: JacobianStrategy
    /// The largest `inputs × outputs` that ``JacobianStrategy/automatic`` checks in full.
    public var fullJacobianLimit: Int
    /// Directions per input when ``JacobianStrategy/automatic`` chooses directions.
    public var directions: Int
    /// The seed of random directions and of order 2's random cotangent (reported, to replay).
    public var seed: UInt64
    /// The oracle's step relative to `max(1, |x|)`.
    public var relativeStep: Double
    /// The oracle's relative step when the function is evaluated in Float32.
    public var float32RelativeStep: Double
    /// How the oracle treats Float32 inputs.
    public var float32Oracle: Float32Oracle
    /// The inputs to differentiate (`nil`: all); the others are held constant.
    public var wrt: [Int]?
    /// The reference is an exact zero, not the oracle (operators that declare `.zero`).
    var declaredZero = false

    /// Options with the measured defaults; pass only what differs.
    ///
    /// - Parameters:
    ///   - tolerance: The tolerance policy; the default is the measured one.
    ///   - strategy: Full Jacobian or random directions; `.automatic` chooses by size.
    ///   - fullJacobianLimit: The largest `inputs × outputs` (element counts) that
    ///     `.automatic` checks in full; 16,384 by default.
    ///   - directions: Random directions per input when `.automatic` chooses directions, at least 1; 3 by default.
    ///   - seed: The seed of the random directions and of order 2's cotangent.
    ///   - relativeStep: The oracle's step relative to `max(1, |x|)`, finite and positive;
    ///     ``GSLDerivative/defaultRelativeStep`` (1e-3) by default.
    ///   - float32RelativeStep: The same when the function is evaluated in Float32; 1e-2 by default.
    ///   - float32Oracle: Whether the oracle promotes Float32 inputs to Float64 (the default) or
    ///     evaluates in Float32.
    ///   - wrt: The indices of the inputs to differentiate, each once; `nil` for all.
    public init(tolerance: TolerancePolicy = TolerancePolicy(), strategy: JacobianStrategy = .automatic,
                fullJacobianLimit: Int = 16_384, directions: Int = 3, seed: UInt64 = 0x5EED,
                relativeStep: Double = GSLDerivative.defaultRelativeStep, float32RelativeStep: Double = 1e-2,
                float32Oracle: Float32Oracle = .promote, wrt: [Int]? = nil) {
        self.tolerance = tolerance
        self.strategy = strategy
        self.fullJacobianLimit = fullJacobianLimit
        self.directions = directions
        self.seed = seed
        self.relativeStep = relativeStep
        self.float32RelativeStep = float32RelativeStep
        self.float32Oracle = float32Oracle
        self.wrt = wrt
    }
}

/// Why a gradient check could not run (a failed check is a report, not an error).
public enum GradientCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No input to differentiate: the inputs, or ``GradientCheckOptions/wrt``, are empty.
    case noInputs
    /// The set of modes to check is empty.
    case noModes
    /// An order other than 1 or 2 (the order asked).
    case invalidOrder(Int)
    /// ``GradientCheckOptions/wrt`` names an input index out of range (the index, and the
    /// number of inputs).
    case invalidInputIndex(Int, inputs: Int)
    /// The input at `index` holds a NaN or an infinity.
    case nonFiniteInput(index: Int)
    /// The function's value at the point (of `shape`) is not finite.
    case nonFiniteValue(shape: [Int])
    /// The function returned shape `got` at a perturbed point but `expected` at the point.
    case outputShapeChanged(expected: [Int], got: [Int])
    /// An option or argument the check cannot use; the message names it and the remedy.
    case invalidOption(String)

    /// Why the check could not run, and how to call it instead.
    public var description: String {
        switch self {
        case .noInputs:
            return "checkGradients: no inputs to differentiate; pass at least one array (and check wrt)."
        case .noModes:
            return "checkGradients: no mode to check; pass modes: [.forward], [.reverse], [.compiled] or several."
        case .invalidOrder(let order):
            return "checkGradients: order \(order) is not supported; use 1 (first derivatives) or 2 (second)."
        case .invalidInputIndex(let index, let inputs):
            return "checkGradients: wrt names input \(index) but there are \(inputs) inputs."
        case .nonFiniteInput(let index):
            return "checkGradients: input \(index) holds a non-finite value; check at a point inside the function's domain."
        case .nonFiniteValue(let shape):
            return "checkGradients: the function's value (shape \(shape)) is not finite at the point; check at a point inside its domain."
        case .outputShapeChanged(let expected, let got):
            return "checkGradients: the function returned shape \(got) at a perturbed point but \(expected) at the point; its output shape must not depend on the input values."
        case .invalidOption(let message):
            return message
        }
    }
}
