/// Statistics over axes: mean, variance, standard deviation and logsumexp. Shapes follow
/// MXNet like every reduction here: reduced axes removed (kept with extent 1 under
/// `keepDims`), and a reduction to no axes at all gives `[1]`.
///
/// Every operator of this file is differentiable again (its rules are NDArray operations,
/// on the output where that is simplest): second and higher order in both modes.

/// The mean over axes, a linear map; its transpose spreads the cotangent evenly.
///
///     y = Σ x / n          ẏ = Σ ẋ / n          x̄ = broadcast(ȳ) / n
///
/// An empty group gives NaN (`0/0`), as NumPy.
public struct Mean: LinearOperator {
    /// The axes reduced (all when `nil`) and whether they are kept with extent 1.
    public let reduction: ReductionAxes
    /// The mean over `axes` (all when `nil`).
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "mean", its catalog and expression-language name.
    public var name: String { "mean" }
    /// One input: the array averaged.
    public var arity: Int { 1 }
    /// `"mean(axis=1)"`: the name with the reduction.
    public var description: String { "mean(\(reduction))" }

    /// The number of elements each output element averages.
    func groupSize(_ shape: [Int]) -> Int { reduction.normalized(shape.count, name).reduce(1) { $0 * shape[$1] } }

    /// The sum over the axes rounded to the dtype, then divided by the group size: exactly `x.sum() / n`.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        let sums = Kernels.reduce(x, axes: reduction.normalized(x.rank, name), .sum)
        // The sum rounded to the dtype, then divided in the dtype: x.sum() / n exactly.
        return Kernels.map(sums, DivideBy(divisor: Double(groupSize(x.shape)))).reshape(reduction.outputShape(x.shape, name))
    }
    /// `ȳ / n` broadcast back to the input's shape.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let x = inputs[0]
        return [(cotangent / Double(groupSize(x.shape))).reshape(reduction.keptShape(x.shape, name)).broadcast(to: x.shape)]
    }

    struct DivideBy: ScalarFunction1 {
        let divisor: Double
        func callAsFunction<T: NDScalar>(_ x: T) -> T { x / T(divisor) }
    }
}

/// The variance over axes with `ddof` delta degrees of freedom, in two passes (the mean,
/// then the squared deviations): `ddof = 0` is the population variance, `ddof = 1` the
/// unbiased sample variance. A group of at most `ddof` elements divides by 0 (inf or NaN),
/// as NumPy.
///
///     y = Σ (x - x̄)² / (n - ddof)          ∂y/∂x = 2(x - x̄) / (n - ddof)
public struct Variance: WeightedReductionOperator {
    /// The axes reduced (all when `nil`) and whether they are kept with extent 1.
    public let reduction: ReductionAxes
    /// Delta degrees of freedom: the divisor is `n - ddof`.
    public let ddof: Int
    /// Over `axes` (all when `nil`), dividing by `n - ddof`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) {
        reduction = ReductionAxes(axes: axes, keepDims: keepDims)
        self.ddof = ddof
    }
    /// "var", its catalog and expression-language name.
    public var name: String { "var" }
    /// `"var(axis=0, ddof=1)"`: the name with the reduction and a nonzero `ddof`.
    public var description: String { "var(\(reduction)\(ddof == 0 ? "" : ", ddof=\(ddof)"))" }
    /// `Σ (x - x̄)² / (n - ddof)` over the axes, in two passes.
    public func primal(_ inputs: [NDArray]) -> NDArray { Self.variance(inputs[0], reduction, ddof: ddof).reshape(reduction.outputShape(inputs[0].shape, name)) }
    /// `2(x - x̄) / (n - ddof)`.
    public func weights(x: NDArray, y: NDArray) -> NDArray {
        let axes = reduction.normalized(x.rank, name)
        return 2 * Self.deviations(x, axes, ddof: ddof)
    }

    /// `(x - x̄) / (n - ddof)` over `axes`, from NDArray operations (differentiable again).
    static func deviations(_ x: NDArray, _ axes: [Int], ddof: Int) -> NDArray {
        (x - x.mean(axes: axes, keepDims: true)) / degreesOfFreedom(x.shape, axes, ddof)
    }

    /// `max(n - ddof, 0)` for groups over `axes` of an array of `shape` (NumPy's divisor).
    static func degreesOfFreedom(_ shape: [Int], _ axes: [Int], _ ddof: Int) -> Double {
        Double(Swift.max(axes.reduce(1) { $0 * shape[$1] } - ddof, 0))
    }

    /// The variance in the kept shape: the mean, then the squared deviations (two passes).
    static func variance(_ x: NDArray, _ reduction: ReductionAxes, ddof: Int) -> NDArray {
        let axes = reduction.normalized(x.rank, "var")
        let d = x.withoutAD - x.withoutAD.mean(axes: axes, keepDims: true)
        return (d * d).sum(axes: axes, keepDims: true) / degreesOfFreedom(x.shape, axes, ddof)
    }
}

/// The standard deviation over axes, `√var` with `ddof` delta degrees of freedom. Where the
/// variance is zero (all elements of a group equal) the derivative is 0, as PyTorch returns
/// (a valid subgradient: the standard deviation is a norm of the deviations); JAX's `jnp.std`
/// gives NaN there.
///
///     ∂y/∂x = (x - x̄) / ((n - ddof)·y)      (0 where y = 0)
public struct StandardDeviation: WeightedReductionOperator {
    /// The axes reduced (all when `nil`) and whether they are kept with extent 1.
    public let reduction: ReductionAxes
    /// Delta degrees of freedom: the divisor is `n - ddof`.
    public let ddof: Int
    /// Over `axes` (all when `nil`), dividing by `n - ddof`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) {
        reduction = ReductionAxes(axes: axes, keepDims: keepDims)
        self.ddof = ddof
    }
    /// "std", its catalog and expression-language name.
    public var name: String { "std" }
    /// `"std(axis=0, ddof=1)"`: the name with the reduction and a nonzero `ddof`.
    public var description: String { "std(\(reduction)\(ddof == 0 ? "" : ", ddof=\(ddof)"))" }
    /// A kink at zero variance (a group of equal elements), where the derivative is 0 (JAX gives NaN).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "zero variance (a group of equal elements)", returns: "0, as PyTorch (JAX: NaN)", points: [0])])
    }
    /// `√var` over the axes.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        NDArray.sqrt(Variance.variance(inputs[0], reduction, ddof: ddof)).reshape(reduction.outputShape(inputs[0].shape, name))
    }
    /// `(x - x̄) / ((n - ddof)·y)`, 0 where `y = 0`.
    public func weights(x: NDArray, y: NDArray) -> NDArray {
        Norm.weight(x: Variance.deviations(x, reduction.normalized(x.rank, name), ddof: ddof), y: y)
    }
}

/// `log Σ exp(x)` over axes, max-shifted so that no exponential overflows: inputs of 1000
/// give exact results and `-∞` entries contribute nothing. Its derivative is the softmax of
/// the group:
///
///     ∂y/∂x = exp(x - y) = softmax(x)          ẏ = Σ softmax(x)·ẋ,  x̄ = softmax(x)·ȳ
///
/// The weights are the ``Softmax`` operator over the same axes (not `exp(x - y)`, whose
/// tangent `exp(x - y)·(ẋ - ẏ)` cancels to rounding noise where one element dominates), so
/// the second derivative inherits softmax's cancellation-free rule.
///
/// An entry of `-∞` gets weight exactly 0. A group whose entries are all `-∞` has value `-∞`
/// and NaN weights (`-∞ - (-∞)`), as in PyTorch and JAX.
public struct LogSumExp: DifferentiableOperator {
    /// The axes reduced (all when `nil`) and whether they are kept with extent 1.
    public let reduction: ReductionAxes
    /// logsumexp over `axes` (all when `nil`).
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "logsumexp", its catalog and expression-language name.
    public var name: String { "logsumexp" }
    /// One input: the array reduced.
    public var arity: Int { 1 }
    /// `"logsumexp(axis=1)"`: the name with the reduction.
    public var description: String { "logsumexp(\(reduction))" }
    /// Max-shifted; -∞ entries get weight 0, an all -∞ group gives -∞ with NaN derivative.
    public var info: OperatorInfo { OperatorInfo(note: "max-shifted; -inf entries get weight 0; an all -inf group: value -inf, NaN derivative (as PyTorch, JAX)") }
    /// `max + log Σ exp(x - max)` over the axes, in one kernel.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return Kernels.logSumExp(x, axes: reduction.normalized(x.rank, name)).reshape(reduction.outputShape(x.shape, name))
    }
    /// `∂y/∂x`: the softmax of each group.
    func weights(_ x: NDArray) -> NDArray { dispatch(Softmax(axes: reduction.normalized(x.rank, name)), x) }
    /// `ẏ = Σ softmax(x)·ẋ` over the axes.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0], t = tangents[0] ?? NDArray.zeros(like: x)
        return (weights(x) * t).sum(axes: reduction.normalized(x.rank, name), keepDims: true).reshape(output.shape)
    }
    /// `softmax(x)·ȳ`, in the softmax's own pass when nothing records (the same values).
    ///
    ///     x̄ = softmax(x)·ȳ
    ///
    /// - Parameters:
    ///   - inputs: The one input `x`.
    ///   - output: The primal output `y` (the rule does not read it).
    ///   - cotangent: `ȳ`, of the output's shape.
    ///   - needed: Whether `x̄` is wanted (there is one input; it is computed either way).
    /// - Returns: `[x̄]`, of `x`'s shape.
    /// - Throws: Nothing: the signature is the protocol's, whose rules may throw.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0], axes = reduction.normalized(x.rank, name)
        if cotangent.dtype == x.dtype && noActiveAD(x, cotangent, output) {
            return [Kernels.softmax(x, axes: axes, log: false, scales: cotangent)]
        }
        return [weights(x) * cotangent.reshape(reduction.keptShape(x.shape, name))]
    }
}

// MARK: - Swift API

extension NDArray {
    /// The variance over `axes` (all when `nil`) with `ddof` delta degrees of freedom
    /// (NumPy's `var`; `ddof: 1` is the unbiased sample variance).
    ///
    ///     Σ (x - mean)² / (n - ddof)
    ///     ∂y/∂x = 2(x - mean) / (n - ddof)
    ///
    /// - Parameters:
    ///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
    ///     every axis, giving `[1]`.
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: The variance (the reduced axes dropped unless `keepDims`).
    public func variance(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
        dispatch(Variance(axes: axes, ddof: ddof, keepDims: keepDims), self)
    }
    /// The variance over one axis with `ddof` delta degrees of freedom.
    ///
    ///     ∂y/∂x = 2(x - mean) / (n - ddof)
    ///
    /// - Parameters:
    ///   - axis: The axis reduced (negative counts from the end).
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: The variance (the axis dropped unless `keepDims`).
    public func variance(axis: Int, ddof: Int = 0, keepDims: Bool = false) -> NDArray { variance(axes: [axis], ddof: ddof, keepDims: keepDims) }

    /// The standard deviation over `axes` (all when `nil`) with `ddof` delta degrees of
    /// freedom (NumPy's `std`); its derivative is 0 where the variance is 0.
    ///
    ///     √(Σ (x - mean)² / (n - ddof))
    ///     ∂y/∂x = (x - mean) / ((n - ddof)·y)      (0 where y = 0)
    ///
    /// - Parameters:
    ///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
    ///     every axis, giving `[1]`.
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: The standard deviation (the reduced axes dropped unless `keepDims`).
    public func std(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
        dispatch(StandardDeviation(axes: axes, ddof: ddof, keepDims: keepDims), self)
    }
    /// The standard deviation over one axis with `ddof` delta degrees of freedom.
    ///
    ///     ∂y/∂x = (x - mean) / ((n - ddof)·y)      (0 where y = 0)
    ///
    /// - Parameters:
    ///   - axis: The axis reduced (negative counts from the end).
    ///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0, the
    ///     population statistic; 1 for the unbiased sample variance).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: The standard deviation (the axis dropped unless `keepDims`).
    public func std(axis: Int, ddof: Int = 0, keepDims: Bool = false) -> NDArray { std(axes: [axis], ddof: ddof, keepDims: keepDims) }

    /// `log Σ exp(x)` over `axes` (all when `nil`), stable for large and `-∞` inputs.
    ///
    ///     m + log Σ exp(x - m),  m = max x
    ///     ∂y/∂x = softmax(x)
    ///
    /// - Parameters:
    ///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
    ///     every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: `log Σ exp(x)` (the reduced axes dropped unless `keepDims`).
    public func logsumexp(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(LogSumExp(axes: axes, keepDims: keepDims), self) }
    /// `log Σ exp(x)` over one axis.
    ///
    ///     ∂y/∂x = softmax(x)
    ///
    /// - Parameters:
    ///   - axis: The axis reduced (negative counts from the end).
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    /// - Returns: `log Σ exp(x)` (the axis dropped unless `keepDims`).
    public func logsumexp(axis: Int, keepDims: Bool = false) -> NDArray { logsumexp(axes: [axis], keepDims: keepDims) }
}

/// The mean of `x` over `axes` (all when `nil`), NumPy style.
///
///     ẏ = Σ ẋ / n          x̄ = broadcast(ȳ) / n
///
/// - Parameters:
///   - x: An array of any shape (an empty group gives NaN).
///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
///     every axis, giving `[1]`.
///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
/// - Returns: The mean (the reduced axes dropped unless `keepDims`).
public func mean(_ x: NDArray, axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { x.mean(axes: axes, keepDims: keepDims) }

/// The variance of `x` over `axes` (all when `nil`) with `ddof` delta degrees of freedom (NumPy's `var`).
///
///     ∂y/∂x = 2(x - mean) / (n - ddof)
///
/// - Parameters:
///   - x: An array of any shape.
///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
///     every axis, giving `[1]`.
///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0).
///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
/// - Returns: The variance (the reduced axes dropped unless `keepDims`).
public func variance(_ x: NDArray, axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
    x.variance(axes: axes, ddof: ddof, keepDims: keepDims)
}

/// The standard deviation of `x` over `axes` (all when `nil`) with `ddof` delta degrees of freedom.
///
///     ∂y/∂x = (x - mean) / ((n - ddof)·y)      (0 where y = 0, as PyTorch)
///
/// - Parameters:
///   - x: An array of any shape.
///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
///     every axis, giving `[1]`.
///   - ddof: Delta degrees of freedom: the divisor is `n - ddof` (default 0).
///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
/// - Returns: The standard deviation (the reduced axes dropped unless `keepDims`).
public func std(_ x: NDArray, axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
    x.std(axes: axes, ddof: ddof, keepDims: keepDims)
}

/// `log Σ exp(x)` over `axes` (all when `nil`), stable (SciPy's and PyTorch's `logsumexp`).
///
///     ∂y/∂x = softmax(x)
///
/// - Parameters:
///   - x: An array of any shape; `-∞` entries contribute nothing.
///   - axes: The axes reduced (negative count from the end); `nil` (the default) reduces
///     every axis, giving `[1]`.
///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
/// - Returns: `log Σ exp(x)` (the reduced axes dropped unless `keepDims`).
public func logsumexp(_ x: NDArray, axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { x.logsumexp(axes: axes, keepDims: keepDims) }

// MARK: - Catalog

extension OperatorCatalog {
    /// Mean, variance, standard deviation and logsumexp.
    static let statistics: [CatalogEntry] = [
        CatalogEntry(name: "mean", summary: "mean over axes", family: .reduction, cases: [
            CatalogCase(Mean(), [[2, 3]]),
            CatalogCase(Mean(axes: [1]), [[2, 3]], call: "mean(a0, axis=1)"),
            CatalogCase(Mean(axes: [0, 2], keepDims: true), [[2, 3, 2]], call: "mean(a0, axis=[0, 2], keepdims=true)"),
        ], signatures: [axesSignature("mean", "mean over axes", info: Mean().info) { Mean(axes: $0, keepDims: $1) }]),
        CatalogEntry(name: "var", summary: "variance over axes, ddof delta degrees of freedom", family: .reduction, cases: [
            CatalogCase(Variance(), [[2, 3]]),
            CatalogCase(Variance(axes: [1], ddof: 1), [[2, 3]], call: "var(a0, axis=1, ddof=1)"),
            CatalogCase(Variance(axes: [0, 2], keepDims: true), [[2, 3, 2]], call: "var(a0, axis=[0, 2], keepdims=true)"),
        ], signatures: [ddofSignature("var", "variance over axes (ddof: delta degrees of freedom)", info: Variance().info) {
            Variance(axes: $0, ddof: $1, keepDims: $2)
        }]),
        CatalogEntry(name: "std", summary: "standard deviation over axes, 0 derivative at zero variance", family: .reduction, cases: [
            CatalogCase(StandardDeviation(), [[2, 3]]),
            CatalogCase(StandardDeviation(axes: [0], ddof: 1), [[3, 2]], call: "std(a0, axis=0, ddof=1)"),
            CatalogCase(StandardDeviation(axes: [1], keepDims: true), [[2, 4]], call: "std(a0, axis=1, keepdims=true)"),
        ], signatures: [ddofSignature("std", "standard deviation over axes (ddof: delta degrees of freedom)", info: StandardDeviation().info) {
            StandardDeviation(axes: $0, ddof: $1, keepDims: $2)
        }]),
        CatalogEntry(name: "logsumexp", summary: "log Σ exp over axes, max-shifted", family: .reduction, cases: [
            CatalogCase(LogSumExp(), [[2, 3]]),
            CatalogCase(LogSumExp(axes: [1]), [[2, 3]], call: "logsumexp(a0, axis=1)"),
            CatalogCase(LogSumExp(axes: [0, 2], keepDims: true), [[2, 3, 2]], call: "logsumexp(a0, axis=[0, 2], keepdims=true)"),
        ], signatures: [axesSignature("logsumexp", "log Σ exp over axes, max-shifted", info: LogSumExp().info) { LogSumExp(axes: $0, keepDims: $1) }]),
    ]

    /// `name(x, axis=None, keepdims=false)` applying the operator `make(axes, keepdims)`.
    static func axesSignature(_ name: String, _ summary: String, info: OperatorInfo,
                              _ make: @escaping @Sendable ([Int]?, Bool) -> any DifferentiableOperator) -> CallSignature {
        CallSignature(name, family: .reduction, [.array("x"), .axes("axis"), .bool("keepdims")], summary: summary, info: info) { call throws(CallError) in
            let x = call.shape(0)
            let axes = try call.axes("axis", of: x)
            let keep = try call.bool("keepdims") ?? false
            return ResolvedCall(shape: ReductionAxes(axes: axes, keepDims: keep).outputShape(x, name)) { make(axes, keep).apply($0) }
        }
    }

    /// `name(x, axis=None, ddof=0, keepdims=false)` applying the operator `make(axes, ddof, keepdims)`.
    static func ddofSignature(_ name: String, _ summary: String, info: OperatorInfo,
                              _ make: @escaping @Sendable ([Int]?, Int, Bool) -> any DifferentiableOperator) -> CallSignature {
        CallSignature(name, family: .reduction, [.array("x"), .axes("axis"), .integer("ddof", default: "0"), .bool("keepdims")],
                      summary: summary, info: info) { call throws(CallError) in
            let x = call.shape(0)
            let axes = try call.axes("axis", of: x)
            let ddof = try call.integer("ddof") ?? 0
            guard ddof >= 0 else { throw CallError(.argument, "ddof must be at least 0", argument: "ddof") }
            let keep = try call.bool("keepdims") ?? false
            return ResolvedCall(shape: ReductionAxes(axes: axes, keepDims: keep).outputShape(x, name)) { make(axes, ddof, keep).apply($0) }
        }
    }
}

// MARK: - Expression spelling

extension Mean: CallSpelling {
    /// `axis=…, keepdims=true` as given (none for the defaults).
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension Variance: CallSpelling {
    /// `axis=…, keepdims=true, ddof=…` as given (none for the defaults).
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions + (ddof == 0 ? [] : ["ddof=\(ddof)"])) }
}

extension StandardDeviation: CallSpelling {
    /// `axis=…, keepdims=true, ddof=…` as given (none for the defaults).
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions + (ddof == 0 ? [] : ["ddof=\(ddof)"])) }
}

extension LogSumExp: CallSpelling {
    /// `axis=…, keepdims=true` as given (none for the defaults).
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}
