/// A differentiable primitive: its primal, its forward (JVP) and reverse (VJP) rules, and
/// what checks need to know about it. Every operation on ``NDArray`` is an application of
/// one of these through ``dispatch(_:_:)-(_,[NDArray])``; nothing else in DualTape knows an operator's
/// mathematics.
///
/// Rules are written with NDArray operations, so they are differentiable in turn: that is
/// what gives any order of derivative in any nesting of the two modes.
///
/// Most operators conform through a refinement that states the mathematics once and
/// derives both rules:
/// - ``UnaryElementwiseOperator``: the local derivative `dy/dx`;
/// - ``BinaryElementwiseOperator``: the two partial derivatives;
/// - ``LinearOperator``: the map (its primal) and its transpose;
/// - ``WeightedReductionOperator``: the weights `∂y/∂x` of a reduction.
public protocol DifferentiableOperator: Sendable, CustomStringConvertible {
    /// The catalog name (`"sin"`, `"matmul"`).
    var name: String { get }
    /// The number of array inputs.
    var arity: Int { get }
    /// Domains, kinks and linearity, for checks and input generators.
    var info: OperatorInfo { get }
    /// Whether the derivative is zero everywhere (``ZeroDerivativeOperator``).
    var hasZeroDerivative: Bool { get }

    /// The output from plain input values (no automatic differentiation is involved).
    ///
    /// Misuse (wrong shapes, ranks or axes) stops the program naming the operator and the
    /// shapes; bad data is reported with ``OperatorError/report(_:)`` and answered with NaNs.
    ///
    /// - Parameter inputs: ``arity`` arrays, without AD state.
    /// - Returns: The output, without AD state.
    func primal(_ inputs: [NDArray]) -> NDArray

    /// `primal([x])` for an operator of one input; operators may implement it to skip the array
    /// (the hot path of small arrays).
    ///
    /// - Parameter x: The input, without AD state.
    /// - Returns: The output, without AD state.
    func primal(_ x: NDArray) -> NDArray

    /// `primal([a, b])` for an operator of two inputs; operators may implement it to skip the array.
    ///
    /// - Parameters:
    ///   - a: The first input, without AD state.
    ///   - b: The second input, without AD state.
    /// - Returns: The output, without AD state.
    func primal(_ a: NDArray, _ b: NDArray) -> NDArray

    /// The output tangent from the input tangents (`nil`: that input's tangent is zero).
    ///
    ///     ẏ = Σᵢ ∂f/∂xᵢ · ẋᵢ
    ///
    /// Written with NDArray operations, so it is recorded (and differentiable) when an outer
    /// level is active.
    ///
    /// - Parameters:
    ///   - inputs: The primal inputs (carrying outer levels' AD state).
    ///   - output: The primal output `primal(inputs)`, for rules that reuse it.
    ///   - tangents: One tangent per input, of that input's shape, or `nil` where it is zero
    ///     (at least one is non-nil).
    /// - Returns: The output tangent, of the output's shape.
    /// - Throws: ``AutogradError/noDerivative(operator:argument:)`` from an operator with no
    ///   derivative (argmax), or an ``OperatorError`` where the derivative does not exist at
    ///   these inputs (eigh with a repeated eigenvalue).
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray

    /// The input cotangents from the output cotangent, for the inputs where `needed` is true.
    ///
    ///     x̄ᵢ = (∂f/∂xᵢ)ᵀ · ȳ
    ///
    /// Written with NDArray operations, so it is recorded (and differentiable) when an outer
    /// level is active.
    ///
    /// - Parameters:
    ///   - inputs: The primal inputs (carrying outer levels' AD state).
    ///   - output: The primal output, for rules that reuse it.
    ///   - cotangent: The output cotangent, of the output's shape.
    ///   - needed: One flag per input: a rule may skip (return `nil` for) inputs whose flag is
    ///     false.
    /// - Returns: One cotangent per input, of that input's shape, or `nil` (not needed, or zero).
    /// - Throws: ``AutogradError/noDerivative(operator:argument:)`` from an operator with no
    ///   derivative, or an ``OperatorError`` where the derivative does not exist at these inputs.
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?]
}

extension DifferentiableOperator {
    /// The name: operators with attributes show them (`sum(axis=1)`).
    public var description: String { name }
    /// The default: smooth, not linear, no kinks, the samplers' default domain; operators with a
    /// domain, kinks or a convention override it.
    public var info: OperatorInfo { OperatorInfo() }
    /// Whether the derivative is zero everywhere (dispatch then attaches no tangent at all,
    /// so a zero never meets an infinity downstream as 0·∞ = NaN).
    public var hasZeroDerivative: Bool { false }
    /// `primal([x])`: operators with a faster one-input path implement it themselves.
    public func primal(_ x: NDArray) -> NDArray { primal([x]) }
    /// `primal([a, b])`: operators with a faster two-input path implement it themselves.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray { primal([a, b]) }
}

/// What an operator declares about itself for checks and generators.
public struct OperatorInfo: Sendable {
    /// Where each input may be sampled (log wants x > 0). Missing entries mean `.real`.
    public var domains: [Domain]
    /// How the operator is differentiable.
    public var derivative: DerivativeKind
    /// Points where it is not differentiable, and the (sub)gradient returned there.
    public var kinks: [Kink]
    /// Whether the operator is linear in all its differentiable inputs.
    public var isLinear: Bool
    /// A note for documentation and reports (conventions, reasons for exceptions).
    public var note: String

    /// An operator's declaration; every part defaults to "smooth on the reals, nothing to say".
    ///
    /// - Parameters:
    ///   - domains: One sampling domain per input (default none: all `.real`).
    ///   - derivative: How it is differentiable (default `.smooth`).
    ///   - kinks: Points where it is not differentiable, with the convention there (default none).
    ///   - isLinear: Whether it is linear in all its differentiable inputs (default `false`).
    ///   - note: Conventions and reasons for exceptions, for documentation (default empty).
    public init(domains: [Domain] = [], derivative: DerivativeKind = .smooth, kinks: [Kink] = [],
                isLinear: Bool = false, note: String = "") {
        self.domains = domains
        self.derivative = derivative
        self.kinks = kinks
        self.isLinear = isLinear
        self.note = note
    }

    /// The domain of input `i`.
    ///
    /// - Parameter i: The input's position; beyond ``domains`` the domain is `.real`.
    /// - Returns: `domains[i]`, or `.real` beyond them.
    public func domain(_ i: Int) -> Domain { i < domains.count ? domains[i] : .real }
}

/// How an operator is differentiable.
public enum DerivativeKind: String, Sendable, Codable {
    /// Differentiable everywhere in its domain.
    case smooth
    /// Differentiable except at the listed kinks, where a documented subgradient is returned.
    case piecewise
    /// Piecewise constant: the derivative is zero (sign, comparisons, stopGradient).
    case zero
    /// No derivative: asking for one through this operator is an error that names it.
    case none
}

/// Where an input may be sampled.
public enum Domain: Sendable, Equatable, CustomStringConvertible {
    /// Every finite number.
    case real
    /// Finite numbers above 0 (`log`, `sqrt`).
    case positive
    /// Finite numbers other than 0 (`1/x`).
    case nonzero
    /// A closed interval.
    case interval(Double, Double)
    /// A 0/1 mask (the condition of `where`), held constant.
    case mask
    /// Whole numbers in a closed range (an index array into an axis of extent n takes
    /// `[0, n-1]`), held constant: a step off an integer leaves the domain.
    case integers(Int, Int)
    /// Matrices (the last two axes) with the structure linear algebra needs: elements are
    /// sampled in `[-1, 1]` and then shaped by ``structured(_:)`` (see ``MatrixStructure``).
    case matrix(MatrixStructure)

    /// Whether `x` lies in the domain.
    ///
    /// - Parameter x: One element's value; for `.matrix`, any finite element is in (the
    ///   structure is a property of the whole matrix).
    /// - Returns: Whether a sampler may produce `x` for this domain.
    public func contains(_ x: Double) -> Bool {
        switch self {
        case .real: return x.isFinite
        case .positive: return x > 0 && x.isFinite
        case .nonzero: return x != 0 && x.isFinite
        case .interval(let lo, let hi): return x >= lo && x <= hi
        case .mask: return x == 0 || x == 1
        case .matrix: return x.isFinite
        case .integers(let lo, let hi): return x == x.rounded() && x >= Double(lo) && x <= Double(hi)
        }
    }

    /// Whether checks differentiate an input of this domain: false for a 0/1 mask and for
    /// integers, which are held constant (nothing near a mask is a mask, nothing near an
    /// index is an index) and never perturbed.
    public var isDifferentiated: Bool {
        switch self {
        case .mask, .integers: return false
        case .real, .positive, .nonzero, .interval, .matrix: return true
        }
    }

    /// The domain as the catalog and `adcheck ops` show it (`x > 0`, `[-1, 1]`).
    public var description: String {
        switch self {
        case .real: return "real"
        case .positive: return "x > 0"
        case .nonzero: return "x ≠ 0"
        case .interval(let lo, let hi): return "[\(lo), \(hi)]"
        case .mask: return "0/1 mask"
        case .integers(let lo, let hi): return "integers in [\(lo), \(hi)]"
        case .matrix(let structure): return structure.description
        }
    }
}

/// A point where an operator is not differentiable, and the convention used there.
public struct Kink: Sendable, CustomStringConvertible {
    /// The input value (for elementwise operators) or a description of the set (`"ties"`).
    public var at: String
    /// The derivative DualTape returns there, in words or as a value.
    public var returns: String
    /// Input values that sit on the kink, for special-value tests.
    public var points: [Double]

    /// A kink and its convention.
    ///
    /// - Parameters:
    ///   - at: Where it is: an input value (`"0"`) or a set in words (`"ties"`).
    ///   - returns: The derivative returned there (`"0 (subgradient in [-1, 1])"`).
    ///   - points: Input values on the kink, for special-value tests (default none).
    public init(at: String, returns: String, points: [Double] = []) {
        self.at = at
        self.returns = returns
        self.points = points
    }

    /// `"at 0: 0 (subgradient in [0, 1])"`: the point and the value returned there.
    public var description: String { "at \(at): \(returns)" }
}
