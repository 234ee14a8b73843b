/// Normalizations along an axis: softmax, log_softmax and Lp normalization. Each keeps its
/// input's shape; the primals are max-shifted (or clamped) so that no input overflows them,
/// and the rules read the output, which makes them short and differentiable again.

/// `exp(x) / Σ exp(x)` along an axis (default the last), max-shifted: inputs of ±1000 are
/// exact, `-∞` entries give 0. Its Jacobian `diag(y) - y yᵀ` is symmetric, so one product
/// serves both modes:
///
///     ẏ = y·(ẋ - Σ y·ẋ)          x̄ = y·(ȳ - Σ y·ȳ)
///
/// The product is taken with `v` centred at the group's largest output, `d = v - v_max`
/// (equal, since `Σ y = 1`): where one element dominates (`y_k ≈ 1`), `v_k - Σ y·v` would
/// cancel to rounding noise of the size of `v` while the true value is tiny; the centred form
/// computes it from the small terms alone, in every order of differentiation.
///
///     ẏ = y·(d - Σ y·d),  d = v - v_max
///
/// A group whose entries are all `-∞` gives NaN (`∞ - ∞`), as PyTorch.
public struct Softmax: DifferentiableOperator {
    /// The axis of the groups (negative counts from the end).
    public let axis: Int
    /// The axes of a group when several (logsumexp's derivative); `nil`: `axis` alone.
    let groupAxes: [Int]?
    /// softmax along `axis` (default the last).
    ///
    /// - Parameter axis: The axis of the groups, checked against the array's rank when applied (negative counts from the end); default -1, the last.
    public init(axis: Int = -1) {
        self.axis = axis
        groupAxes = nil
    }
    /// The softmax over the groups of several (normalized) axes: logsumexp's derivative.
    init(axes: [Int]) {
        axis = axes.last ?? -1
        groupAxes = axes
    }
    /// "softmax", its catalog and expression-language name.
    public var name: String { "softmax" }
    /// One input.
    public var arity: Int { 1 }
    /// `"softmax(axis=-1)"`, or `"softmax(axes=[0, 1])"` for logsumexp's derivative.
    public var description: String { groupAxes.map { "softmax(axes=\($0))" } ?? "softmax(axis=\(axis))" }
    /// Max-shifted; -∞ entries give 0, an all -∞ group NaN (as PyTorch).
    public var info: OperatorInfo { OperatorInfo(note: "max-shifted; -inf entries give 0; an all -inf group gives NaN (as PyTorch)") }
    func resolvedAxes(_ x: NDArray) -> [Int] { groupAxes ?? [Shape.axis(axis, rank: x.rank, operation: name)] }
    /// `exp(x - max) / Σ exp(x - max)` over each group, in one kernel.
    public func primal(_ inputs: [NDArray]) -> NDArray { Kernels.softmax(inputs[0], axes: resolvedAxes(inputs[0]), log: false) }
    /// `ẏ = y·(ẋ - Σ y·ẋ)`, with the tangent max-shifted per group.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        jacobianProduct(output, tangents[0] ?? NDArray.zeros(like: inputs[0]), axes: resolvedAxes(inputs[0]))
    }
    /// `x̄ = y·(ȳ - Σ y·ȳ)`.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [jacobianProduct(output, cotangent, axes: resolvedAxes(inputs[0]))]
    }

    /// `y·(d - Σ y·d)` with `d = v - v_max`: the product of the (symmetric) Jacobian with `v`,
    /// in one fused pass per group when nothing records (the same arithmetic, bit for bit).
    func jacobianProduct(_ y: NDArray, _ v: NDArray, axes: [Int]) -> NDArray {
        if let fused = Kernels.softmaxProduct(y, v, axes: axes) { return fused }
        let d = v - (GroupMaxima(y, axes: axes).averaging * v).sum(axes: axes, keepDims: true)
        return y * (d - (y * d).sum(axes: axes, keepDims: true))
    }
}

/// `x - log Σ exp(x)` along an axis (default the last), max-shifted: stable for any finite
/// input, and exactly `-∞` at `-∞` entries. Its rules read `p = exp(y)`, the softmax:
///
///     ẏ = ẋ - Σ p·ẋ          x̄ = ȳ - p·Σ ȳ
///
/// Both are written without cancellation where one element dominates (`p_k ≈ 1`, whose
/// `1 - p_k` would round to noise): the tangent centred at the largest output, and at a
/// unique largest output `k` the cotangent from leave-`k`-out sums,
///
///     ẏ = d - Σ p·d,  d = ẋ - ẋ_max          x̄_k = ȳ_k·Σ_{j≠k} p_j - p_k·Σ_{j≠k} ȳ_j
public struct LogSoftmax: DifferentiableOperator {
    /// The axis of the groups (negative counts from the end).
    public let axis: Int
    /// log_softmax along `axis` (default the last).
    ///
    /// - Parameter axis: The axis of the groups, checked against the array's rank when applied (negative counts from the end); default -1, the last.
    public init(axis: Int = -1) { self.axis = axis }
    /// "log_softmax", its catalog and expression-language name.
    public var name: String { "log_softmax" }
    /// One input.
    public var arity: Int { 1 }
    /// `"log_softmax(axis=-1)"`.
    public var description: String { "log_softmax(axis=\(axis))" }
    /// Max-shifted; -∞ entries stay -∞ with derivative 1, an all -∞ group gives NaN (as PyTorch).
    public var info: OperatorInfo { OperatorInfo(note: "max-shifted; -inf entries stay -inf with derivative 1; an all -inf group gives NaN (as PyTorch)") }
    func resolvedAxes(_ x: NDArray) -> [Int] { [Shape.axis(axis, rank: x.rank, operation: name)] }
    /// `x - max - log Σ exp(x - max)` over each group, in one kernel.
    public func primal(_ inputs: [NDArray]) -> NDArray { Kernels.softmax(inputs[0], axes: resolvedAxes(inputs[0]), log: true) }
    /// `ẏ = ẋ - Σ p·ẋ`, `p = softmax(x)`, with the tangent max-shifted per group.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let axes = resolvedAxes(inputs[0]), t = tangents[0] ?? NDArray.zeros(like: inputs[0])
        let d = t - (GroupMaxima(output, axes: axes).averaging * t).sum(axes: axes, keepDims: true)
        return d - (NDArray.exp(output) * d).sum(axes: axes, keepDims: true)
    }
    /// `x̄ = ȳ - p·Σ ȳ`, written so that -∞ entries keep their cotangent.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let axes = resolvedAxes(inputs[0])
        let p = NDArray.exp(output)
        let unique = GroupMaxima(output, axes: axes).unique, others = 1 - unique
        let general = cotangent - p * cotangent.sum(axes: axes, keepDims: true)
        let atMaximum = cotangent * (others * p).sum(axes: axes, keepDims: true) - p * (others * cotangent).sum(axes: axes, keepDims: true)
        return [NDArray.where(unique, atMaximum, general)]
    }
}

/// Where each group over `axes` of `y` has its largest element: the averaging weights
/// `[y = max] / #[y = max]` (one element, or a tie shared), and the mask of a group's largest
/// element when it is unique. Read from `y`'s values only: constants for the rules.
struct GroupMaxima {
    let averaging: NDArray
    let unique: NDArray

    init(_ y: NDArray, axes: [Int]) {
        let values = y.withoutAD
        // The maximum through dispatch (not the raw kernel): inside a compiled function's trace
        // it is recomputed at every replay.
        let hits = NDArray.compare(values, .equal, values.max(axes: axes, keepDims: true))
        let count = hits.sum(axes: axes, keepDims: true)
        averaging = hits / count
        unique = hits * NDArray.compare(count, .equal, count.scalar(1))
    }
}

/// `x / max(‖x‖_p, eps)` along an axis (default the last), p = 1 or 2, as
/// `torch.nn.functional.normalize`: unit vectors, and vectors shorter than `eps` divided by
/// `eps` instead (so 0 stays 0, with derivative `1/eps` there: the function is `x/eps` on the
/// ball `‖x‖_p < eps`, and has its kink on the sphere `‖x‖_p = eps`, where the norm's branch
/// is taken, as PyTorch's `clamp_min`). With `d = max(n, eps)`, `m = [n ≥ eps]`, `s = ∂n/∂x`
/// (`y` for p = 2, `sign(x)` for p = 1):
///
///     ẏ = (ẋ - m·y·Σ s·ẋ) / d          x̄ = (ȳ - m·s·Σ y·ȳ) / d
public struct Normalize: DifferentiableOperator {
    /// The norm: 1 or 2.
    public let ord: Int
    /// The axis normalized (negative counts from the end).
    public let axis: Int
    /// The smallest denominator.
    public let eps: Double
    /// `x / max(‖x‖_ord, eps)` along `axis`; `ord` must be 1 or 2 (it stops otherwise).
    ///
    /// - Parameters:
    ///   - ord: The norm: 2 (Euclidean, the default) or 1 (sum of absolute values).
    ///   - axis: The axis of the vectors (negative counts from the end); default -1, the last.
    ///   - eps: The smallest denominator: vectors whose norm is below it are divided by `eps`
    ///     (default 1e-12, PyTorch's).
    public init(ord: Int = 2, axis: Int = -1, eps: Double = 1e-12) {
        precondition(ord == 1 || ord == 2, "normalize: ord \(ord) is not supported (use 1 or 2)")
        self.ord = ord
        self.axis = axis
        self.eps = eps
    }
    /// "normalize", its catalog and expression-language name.
    public var name: String { "normalize" }
    /// One input.
    public var arity: Int { 1 }
    /// `"normalize(ord=2, axis=-1, eps=1e-12)"`.
    public var description: String { "normalize(ord=\(ord), axis=\(axis), eps=\(eps))" }
    /// Sampled on `x ≠ 0`; kinks where `‖x‖ = eps` and (ord 1) where an element is 0.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.nonzero], derivative: .piecewise,
                     kinks: [Kink(at: "‖x‖ = eps", returns: "the norm's branch (as PyTorch's clamp_min)"),
                             Kink(at: "x = 0 (ord 1: sign(0) = 0)", returns: "1/eps on the ball ‖x‖ < eps", points: [0])],
                     note: "x / max(‖x‖, eps); sampled with nonzero elements (the ball of radius eps is too small to difference)")
    }
    func resolvedAxis(_ x: NDArray) -> Int { Shape.axis(axis, rank: x.rank, operation: name) }

    /// `(d, m)`: the clamped norm `max(‖x‖, eps)` and the mask `[‖x‖ ≥ eps]`, in the kept shape,
    /// from NDArray operations (differentiable again).
    func denominator(_ x: NDArray, axis: Int) -> (d: NDArray, m: NDArray) {
        let n = ord == 2 ? dispatch(Norm(axes: [axis], keepDims: true), x) : NDArray.abs(x).sum(axes: [axis], keepDims: true)
        let epsilon = n.withoutAD.scalar(eps)
        let m = NDArray.compare(n, .greaterOrEqual, epsilon)
        return (NDArray.where(m, n, epsilon), m)
    }

    /// `x / max(‖x‖_ord, eps)` along the axis.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return x / denominator(x, axis: resolvedAxis(x)).d
    }
    /// `ẏ = (ẋ - m·y·Σ s·ẋ) / d`, `d` the denominator (the struct's comment gives `m` and `s`).
    public func jvp(_ inputs: [NDArray], output y: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0], t = tangents[0] ?? NDArray.zeros(like: inputs[0]), a = resolvedAxis(x)
        let (d, m) = denominator(x, axis: a)
        let s = ord == 2 ? y : NDArray.sign(x)
        return (t - m * y * (s * t).sum(axes: [a], keepDims: true)) / d
    }
    /// `x̄ = (ȳ - m·s·Σ y·ȳ) / d`.
    public func vjp(_ inputs: [NDArray], output y: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0], a = resolvedAxis(x)
        let (d, m) = denominator(x, axis: a)
        let s = ord == 2 ? y : NDArray.sign(x)
        return [(cotangent - m * s * (y * cotangent).sum(axes: [a], keepDims: true)) / d]
    }
}

// MARK: - Swift API

extension NDArray {
    /// `exp(x) / Σ exp(x)` along `axis` (default the last), stable for large and `-∞` inputs.
    ///
    ///     ẏ = y·(ẋ - Σ y·ẋ)          x̄ = y·(ȳ - Σ y·ȳ)
    ///
    /// - Parameter axis: The axis summed over (negative counts from the end); default -1.
    /// - Returns: An array of this array's shape, each group nonnegative and summing to 1.
    public func softmax(axis: Int = -1) -> NDArray { dispatch(Softmax(axis: axis), self) }

    /// `x - log Σ exp(x)` along `axis` (default the last), stable; `-∞` entries stay `-∞`.
    ///
    ///     ẏ = ẋ - Σ p·ẋ          x̄ = ȳ - p·Σ ȳ          (p = exp(y), the softmax)
    ///
    /// - Parameter axis: The axis summed over (negative counts from the end); default -1.
    /// - Returns: An array of this array's shape.
    public func logSoftmax(axis: Int = -1) -> NDArray { dispatch(LogSoftmax(axis: axis), self) }

    /// This array divided by its `ord`-norm (1 or 2) along `axis`, clamped below by `eps`
    /// (`torch.nn.functional.normalize`).
    ///
    ///     x / max(‖x‖_ord, eps)
    ///     ẏ = (ẋ - m·y·Σ s·ẋ) / d          d = max(‖x‖, eps),  m = [‖x‖ ≥ eps],  s = ∂‖x‖/∂x
    ///
    /// - Parameters:
    ///   - ord: The norm, 2 (the default) or 1; stops on another.
    ///   - axis: The axis of the vectors (negative counts from the end); default -1.
    ///   - eps: The smallest denominator (default 1e-12).
    /// - Returns: An array of this array's shape.
    public func normalized(ord: Int = 2, axis: Int = -1, eps: Double = 1e-12) -> NDArray {
        dispatch(Normalize(ord: ord, axis: axis, eps: eps), self)
    }
}

/// `exp(x) / Σ exp(x)` along `axis` (default the last), stable: max-shifted, so large inputs
/// do not overflow and `-∞` entries give 0.
///
///     ẏ = y·(ẋ - Σ y·ẋ)          x̄ = y·(ȳ - Σ y·ȳ)
///
/// - Parameters:
///   - x: An array of at least one axis.
///   - axis: The axis summed over (negative counts from the end); default -1.
/// - Returns: An array of `x`'s shape, each group nonnegative and summing to 1.
public func softmax(_ x: NDArray, axis: Int = -1) -> NDArray { x.softmax(axis: axis) }

/// `x - log Σ exp(x)` along `axis` (default the last), stable: max-shifted, and `-∞` entries
/// stay `-∞`.
///
///     ẏ = ẋ - Σ p·ẋ          x̄ = ȳ - p·Σ ȳ          (p = exp(y), the softmax)
///
/// - Parameters:
///   - x: An array of at least one axis.
///   - axis: The axis summed over (negative counts from the end); default -1.
/// - Returns: An array of `x`'s shape.
public func logSoftmax(_ x: NDArray, axis: Int = -1) -> NDArray { x.logSoftmax(axis: axis) }

/// `x / max(‖x‖_ord, eps)` along `axis` (default the last), as `torch.nn.functional.normalize`.
///
///     ẏ = (ẋ - m·y·Σ s·ẋ) / d          d = max(‖x‖, eps),  m = [‖x‖ ≥ eps],  s = ∂‖x‖/∂x
///
/// - Parameters:
///   - x: An array of at least one axis.
///   - ord: The norm, 2 (the default) or 1; stops on another.
///   - axis: The axis of the vectors (negative counts from the end); default -1.
///   - eps: The smallest denominator: shorter vectors are divided by `eps` (default 1e-12).
/// - Returns: An array of `x`'s shape: unit vectors, or `x/eps` for the short ones.
public func normalize(_ x: NDArray, ord: Int = 2, axis: Int = -1, eps: Double = 1e-12) -> NDArray {
    x.normalized(ord: ord, axis: axis, eps: eps)
}

// MARK: - Catalog

extension OperatorCatalog {
    /// softmax, log_softmax and normalize.
    static let normalizations: [CatalogEntry] = [
        CatalogEntry(name: "softmax", summary: "exp(x) / Σ exp(x) along an axis, max-shifted", family: .reduction, cases: [
            CatalogCase(Softmax(), [[2, 3]]),
            CatalogCase(Softmax(axis: 0), [[3, 2]], call: "softmax(a0, axis=0)"),
            CatalogCase(Softmax(axis: 1), [[2, 3, 2]], call: "softmax(a0, axis=1)"),
        ], signatures: [axisSignature("softmax", "exp(x) / Σ exp(x) along an axis, max-shifted", info: Softmax().info) { Softmax(axis: $0) }]),
        CatalogEntry(name: "log_softmax", summary: "x - log Σ exp(x) along an axis, max-shifted", family: .reduction, cases: [
            CatalogCase(LogSoftmax(), [[2, 3]]),
            CatalogCase(LogSoftmax(axis: 0), [[3, 2]], call: "log_softmax(a0, axis=0)"),
            CatalogCase(LogSoftmax(axis: -2), [[2, 3, 2]], call: "log_softmax(a0, axis=-2)"),
        ], signatures: [axisSignature("log_softmax", "x - log Σ exp(x) along an axis, max-shifted", info: LogSoftmax().info) { LogSoftmax(axis: $0) }]),
        CatalogEntry(name: "normalize", summary: "x / max(‖x‖_p, eps) along an axis, p = 1 or 2", family: .reduction, cases: [
            CatalogCase(Normalize(), [[2, 3]]),
            CatalogCase(Normalize(ord: 1), [[2, 3]], call: "normalize(a0, ord=1)"),
            CatalogCase(Normalize(axis: 0), [[3, 2]], call: "normalize(a0, axis=0)"),
            CatalogCase(Normalize(ord: 1, axis: 1, eps: 0.5), [[2, 3, 2]], call: "normalize(a0, ord=1, axis=1, eps=0.5)"),
        ], signatures: [normalizeSignature]),
    ]

    /// `name(x, axis=-1)` applying `make(axis)`.
    static func axisSignature(_ name: String, _ summary: String, info: OperatorInfo,
                              _ make: @escaping @Sendable (Int) -> any DifferentiableOperator) -> CallSignature {
        CallSignature(name, family: .reduction, [.array("x"), .integer("axis", default: "-1")], summary: summary, info: info) { call throws(CallError) in
            let x = call.shape(0)
            guard !x.isEmpty else { throw CallError(.shape, "\(name) needs an array with at least one axis, not a 0-d array") }
            let axis = try call.axis("axis", of: x) ?? x.count - 1
            return ResolvedCall(shape: x) { make(axis).apply($0) }
        }
    }

    /// `normalize(x, ord=2, axis=-1, eps=1e-12)`.
    static let normalizeSignature = CallSignature(
        "normalize", family: .reduction,
        [.array("x"), .integer("ord", default: "2"), .integer("axis", default: "-1"), .number("eps", default: "1e-12")],
        summary: "x / max(‖x‖_p, eps) along an axis, p = 1 or 2", info: Normalize().info
    ) { call throws(CallError) in
        let x = call.shape(0)
        guard !x.isEmpty else { throw CallError(.shape, "normalize needs an array with at least one axis, not a 0-d array") }
        let ord = try call.integer("ord") ?? 2
        guard ord == 1 || ord == 2 else { throw CallError(.argument, "ord must be 1 or 2", argument: "ord") }
        let axis = try call.axis("axis", of: x) ?? x.count - 1
        let eps = try call.number("eps") ?? 1e-12
        guard eps > 0 else { throw CallError(.argument, "eps must be positive", argument: "eps") }
        return ResolvedCall(shape: x) { Normalize(ord: ord, axis: axis, eps: eps).apply($0) }
    }
}

// MARK: - Expression spelling

extension Softmax: CallSpelling {
    /// `axis=…`; the softmax over several axes (logsumexp's derivative) has no call.
    public var spelling: Spelling {
        guard groupAxes == nil else { return .unwritable("the softmax over several axes is logsumexp's derivative, not a function of the language") }
        return .call(name, after: ["axis=\(axis)"])
    }
}

extension LogSoftmax: CallSpelling {
    /// `axis=…`.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"]) }
}

extension Normalize: CallSpelling {
    /// `ord=…, axis=…, eps=…`.
    public var spelling: Spelling { .call(name, after: ["ord=\(ord)", "axis=\(axis)", "eps=\(eps)"]) }
}
