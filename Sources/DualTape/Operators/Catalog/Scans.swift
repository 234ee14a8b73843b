/// Scans along an axis: cumulative sums and products, and the first-order linear recurrence
/// that is the derivative of the cumulative product.
///
/// The axis follows NumPy: `axis = nil` scans the flattened array (result shape `[count]`);
/// PyTorch and MXNet's `nd` require an axis, which is the same as passing one here.
///
/// Every rule here is built from these operators, slices and elementwise arithmetic, with no
/// division: cumprod's derivatives are exact when inputs contain zeros, in every order.

/// Running sums along an axis (from the last element backwards when `reverse`, as
/// `jax.lax.cumsum`), linear; its transpose is the running sum the other way.
///
///     y_i = Σ_{j ≤ i} x_j          x̄_j = Σ_{i ≥ j} ȳ_i  (the reversed cumsum of ȳ)
public struct CumSum: LinearOperator {
    /// The axis (`nil`: the flattened array).
    public let axis: Int?
    /// Whether the sums run from the last element backwards.
    public let reverse: Bool
    /// Running sums along `axis` (the flattened array when `nil`), backwards when `reverse`.
    ///
    /// - Parameters:
    ///   - axis: The axis scanned, checked against the array's rank when applied (negative counts from
    ///     the end); `nil` (the default) scans the array flattened, NumPy's `axis=None`.
    ///   - reverse: Whether the sums run from the last element backwards (default `false`).
    public init(axis: Int? = nil, reverse: Bool = false) {
        self.axis = axis
        self.reverse = reverse
    }
    /// "cumsum", its catalog and expression-language name.
    public var name: String { "cumsum" }
    /// One input: the array scanned.
    public var arity: Int { 1 }
    /// `"cumsum(axis=None)"` (flattened) or `"cumsum(axis=1, reverse)"`.
    public var description: String { "cumsum(axis=\(axis.map(String.init) ?? "None")\(reverse ? ", reverse" : ""))" }
    /// The running sums along the axis (of the flattened array when `axis` is nil).
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let (w, a) = scanned(inputs[0], axis, name)
        return Kernels.scan(.sum, w, axis: a, reverse: reverse)
    }
    /// The cumsum of `ȳ` in the other direction, reshaped to the input's shape.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [dispatch(CumSum(axis: axis, reverse: !reverse), cotangent).reshape(inputs[0].shape)]
    }
}

/// Running products along an axis, exact with zeros. With `p_i = y_{i-1}` (the exclusive
/// product, `p_0 = 1`), the product rule `y_i = y_{i-1}·x_i` gives both rules as linear
/// recurrences (``LinearRecurrence``), with no division:
///
///     ẏ_i = x_i·ẏ_{i-1} + p_i·ẋ_i                     ẏ = linrec(x, p·ẋ)
///     x̄_k = p_k·s_k,  s_k = ȳ_k + x_{k+1}·s_{k+1}      x̄ = p·linrec(x_{k+1}, ȳ, reverse)
///
/// (`x̄_k = Σ_{i≥k} ȳ_i·Π_{j≤i, j≠k} x_j`, the closed form.)
public struct CumProd: DifferentiableOperator {
    /// The axis (`nil`: the flattened array).
    public let axis: Int?
    /// Running products along `axis` (the flattened array when `nil`).
    ///
    /// - Parameter axis: The axis scanned, checked against the array's rank when applied (negative counts from
    ///   the end); `nil` (the default) scans the array flattened, NumPy's `axis=None`.
    public init(axis: Int? = nil) { self.axis = axis }
    /// "cumprod", its catalog and expression-language name.
    public var name: String { "cumprod" }
    /// One input: the array scanned.
    public var arity: Int { 1 }
    /// `"cumprod(axis=None)"` (flattened) or `"cumprod(axis=1)"`.
    public var description: String { "cumprod(axis=\(axis.map(String.init) ?? "None"))" }
    /// Sampled on [-2, 2]; exact with zeros (the rules are recurrences, no division).
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-2, 2)], note: "exact with zeros: the rules are linear recurrences, no division") }
    /// The running products along the axis (of the flattened array when `axis` is nil).
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let (w, a) = scanned(inputs[0], axis, name)
        return Kernels.scan(.product, w, axis: a, reverse: false)
    }
    /// `ẏ = linrec(x, p·ẋ)`, `p` the exclusive running product.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let (x, a) = scanned(inputs[0], axis, name)
        let t = (tangents[0] ?? NDArray.zeros(like: inputs[0])).reshape(x.shape)
        return dispatch(LinearRecurrence(axis: a), x, shifted(output, axis: a, reverse: false, fill: 1) * t)
    }
    /// `x̄ = p·linrec(x shifted, ȳ, reverse)`.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (x, a) = scanned(inputs[0], axis, name)
        let s = dispatch(LinearRecurrence(axis: a, reverse: true), shifted(x, axis: a, reverse: true, fill: 0), cotangent)
        return [(shifted(output, axis: a, reverse: false, fill: 1) * s).reshape(inputs[0].shape)]
    }
}

/// The first-order linear recurrence along an axis, forwards or (`reverse`) backwards:
///
///     z_i = a_i·z_{i-1} + b_i,  z_{-1} = 0          (reverse: z_i = a_i·z_{i+1} + b_i)
///
/// Linear in `b`; its rules are recurrences again, with `p(z)` the previous element in the
/// scan's direction (0 before the first) and `q(a)` the next one's multiplier:
///
///     ż = linrec(a, ȧ·p(z) + ḃ)
///     b̄ = linrec(q(a), z̄, the other direction),  ā = b̄·p(z)
///
/// It is the derivative of ``CumProd`` (and of itself), exact when `a` has zeros.
public struct LinearRecurrence: DifferentiableOperator {
    /// The axis of the recurrence (negative counts from the end).
    public let axis: Int
    /// Whether it runs from the last element backwards.
    public let reverse: Bool
    /// The recurrence along `axis`, backwards when `reverse`.
    ///
    /// - Parameters:
    ///   - axis: The axis of the recurrence, checked against the operands' rank when applied
    ///     (negative counts from the end); default -1, the last.
    ///   - reverse: Whether it runs from the last element backwards (default `false`).
    public init(axis: Int = -1, reverse: Bool = false) {
        self.axis = axis
        self.reverse = reverse
    }
    /// "linear_recurrence", its catalog and expression-language name.
    public var name: String { "linear_recurrence" }
    /// Two inputs: the coefficients `a` and the drive `b`, of one shape.
    public var arity: Int { 2 }
    /// `"linear_recurrence(axis=-1)"`, with `", reverse"` when it runs backwards.
    public var description: String { "linear_recurrence(axis=\(axis)\(reverse ? ", reverse" : ""))" }
    /// `a` in [-2, 2], `b` from the reals; `zᵢ = aᵢ zᵢ₋₁ + bᵢ`, cumprod's derivative.
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-2, 2), .real], note: "z_i = a_i z_{i-1} + b_i; the derivative of cumprod") }
    func resolvedAxis(_ x: NDArray) -> Int { Shape.axis(axis, rank: x.rank, operation: name) }
    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// `zᵢ = aᵢ·zᵢ₋₁ + bᵢ` along the axis in one scan; stops unless `a` and `b` have one shape and dtype.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        precondition(a.shape == b.shape && a.dtype == b.dtype,
                     "linear_recurrence: a of shape \(Shape.describe(a.shape)) (\(a.dtype)) and b of shape \(Shape.describe(b.shape)) (\(b.dtype)) must match")
        return Kernels.scan(.recurrence, a: a, b, axis: resolvedAxis(b), reverse: reverse)
    }
    /// `ż = linrec(a, ȧ·z shifted + ḃ)`.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let a = inputs[0], k = resolvedAxis(a)
        var drive = tangents[1] ?? NDArray.zeros(like: inputs[1])
        if let ta = tangents[0] { drive = ta * shifted(output, axis: k, reverse: reverse, fill: 0) + drive }
        return dispatch(LinearRecurrence(axis: k, reverse: reverse), a, drive)
    }
    /// `w = linrec(a shifted, z̄)` in the other direction: `b̄ = w`, `ā = w·z shifted`.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let a = inputs[0], k = resolvedAxis(a)
        let w = dispatch(LinearRecurrence(axis: k, reverse: !reverse), shifted(a, axis: k, reverse: !reverse, fill: 0), cotangent)
        return [needed[0] ? w * shifted(output, axis: k, reverse: reverse, fill: 0) : nil, needed[1] ? w : nil]
    }
}

/// The array the scan works on (flattened when `axis` is nil) and its normalized axis.
private func scanned(_ x: NDArray, _ axis: Int?, _ operation: String) -> (NDArray, Int) {
    guard let axis else { return (x.rank == 1 ? x : x.reshape([x.count]), 0) }
    return (x, Shape.axis(axis, rank: x.rank, operation: operation))
}

/// `z` moved one place along `axis` in the scan's direction: element `i` takes `z_{i-1}`
/// (`z_{i+1}` when `reverse`), and the first element of the scan takes `fill`. Built from
/// slices (linear operators), so it is differentiable in turn.
func shifted(_ z: NDArray, axis: Int, reverse: Bool, fill: Double) -> NDArray {
    let n = z.shape[axis]
    if n == 0 { return z }
    var edgeShape = [Int](repeating: 1, count: z.rank)
    edgeShape[axis] = n
    let edge = Kernels.generate(shape: edgeShape, dtype: z.dtype) { i in i == (reverse ? n - 1 : 0) ? fill : 0 }
    if n == 1 { return NDArray.zeros(like: z) + edge }
    let kept = dispatch(Slice(SliceSpec.along(axis: axis, rank: z.rank, start: reverse ? 1 : 0, count: n - 1)), z)
    let moved = dispatch(SliceScatter(SliceSpec.along(axis: axis, rank: z.rank, start: reverse ? 0 : 1, count: n - 1), shape: z.shape), kept)
    return fill == 0 ? moved : moved + edge
}

// MARK: - Swift API

extension NDArray {
    /// Running sums along `axis` (the flattened array when `nil`, as NumPy), from the end
    /// when `reverse`.
    ///
    ///     [1, 2, 3].cumsum() == [1, 3, 6]
    ///     ẏ = cumsum(ẋ)          x̄ = cumsum(ȳ, reverse: !reverse)
    ///
    /// - Parameters:
    ///   - axis: The axis scanned (negative counts from the end); `nil` (the default) scans
    ///     the array flattened.
    ///   - reverse: Whether the sums run from the last element backwards (default `false`).
    /// - Returns: An array of this array's shape, or `[count]` when `axis` is `nil`.
    public func cumsum(axis: Int? = nil, reverse: Bool = false) -> NDArray { dispatch(CumSum(axis: axis, reverse: reverse), self) }

    /// Running products along `axis` (the flattened array when `nil`, as NumPy); its
    /// derivatives are exact when elements are zero.
    ///
    ///     [1, 2, 3].cumprod() == [1, 2, 6]
    ///     ẏ_i = x_i·ẏ_{i-1} + y_{i-1}·ẋ_i          (y_{-1} = 1; no division)
    ///
    /// - Parameter axis: The axis scanned (negative counts from the end); `nil` (the default)
    ///   scans the array flattened.
    /// - Returns: An array of this array's shape, or `[count]` when `axis` is `nil`.
    public func cumprod(axis: Int? = nil) -> NDArray { dispatch(CumProd(axis: axis), self) }
}

/// Running sums of `x` along `axis` (the flattened array when `nil`), from the end when `reverse`.
///
///     y_i = Σ_{j ≤ i} x_j          x̄ = cumsum(ȳ, reverse: !reverse)
///
/// - Parameters:
///   - x: An array of any shape.
///   - axis: The axis scanned (negative counts from the end); `nil` (the default) scans `x`
///     flattened.
///   - reverse: Whether the sums run from the last element backwards (default `false`).
/// - Returns: An array of `x`'s shape, or `[x.count]` when `axis` is `nil`.
public func cumsum(_ x: NDArray, axis: Int? = nil, reverse: Bool = false) -> NDArray { x.cumsum(axis: axis, reverse: reverse) }

/// Running products of `x` along `axis` (the flattened array when `nil`), with derivatives
/// exact where elements are zero.
///
///     y_i = Π_{j ≤ i} x_j          ẏ_i = x_i·ẏ_{i-1} + y_{i-1}·ẋ_i
///
/// - Parameters:
///   - x: An array of any shape.
///   - axis: The axis scanned (negative counts from the end); `nil` (the default) scans `x`
///     flattened.
/// - Returns: An array of `x`'s shape, or `[x.count]` when `axis` is `nil`.
public func cumprod(_ x: NDArray, axis: Int? = nil) -> NDArray { x.cumprod(axis: axis) }

/// `z_i = a_i·z_{i-1} + b_i` along `axis` (`a` and `b` of one shape), backwards when `reverse`:
/// the first-order linear recurrence (a discounted sum with a constant `a`).
///
///     ż = linrec(a, ȧ·p(z) + ḃ)          b̄ = linrec(q(a), z̄, the other direction),  ā = b̄·p(z)
///
/// with `p(z)` the previous element in the scan's direction (0 before the first) and `q(a)`
/// the next element's multiplier.
///
/// - Parameters:
///   - a: The multipliers.
///   - b: The inputs added at each step, of `a`'s shape and dtype.
///   - axis: The axis of the recurrence (negative counts from the end); default -1, the last.
///   - reverse: Whether it runs from the last element backwards (default `false`).
/// - Returns: `z`, of `a`'s shape.
public func linearRecurrence(_ a: NDArray, _ b: NDArray, axis: Int = -1, reverse: Bool = false) -> NDArray {
    dispatch(LinearRecurrence(axis: axis, reverse: reverse), a, b)
}

// MARK: - Catalog

extension OperatorCatalog {
    /// cumsum, cumprod and the linear recurrence.
    static let scans: [CatalogEntry] = [
        CatalogEntry(name: "cumsum", summary: "running sums along an axis (None: flattened)", family: .reduction, cases: [
            CatalogCase(CumSum(), [[2, 3]]),
            CatalogCase(CumSum(axis: 1), [[2, 3]], call: "cumsum(a0, axis=1)"),
            CatalogCase(CumSum(axis: 0, reverse: true), [[3, 2]], call: "cumsum(a0, axis=0, reverse=true)"),
        ], signatures: [scanSignature("cumsum", "running sums along an axis (None: flattened)", reverse: true, info: CumSum().info) {
            CumSum(axis: $0, reverse: $1)
        }]),
        CatalogEntry(name: "cumprod", summary: "running products along an axis (None: flattened), exact with zeros", family: .reduction, cases: [
            CatalogCase(CumProd(), [[4]]),
            CatalogCase(CumProd(axis: 1), [[2, 3]], call: "cumprod(a0, axis=1)"),
            CatalogCase(CumProd(axis: -2), [[3, 2]], call: "cumprod(a0, axis=-2)"),
            CatalogCase(CumProd(), [[2, 2]]),
        ], signatures: [scanSignature("cumprod", "running products along an axis (None: flattened)", reverse: false, info: CumProd().info) {
            axis, _ in CumProd(axis: axis)
        }]),
        CatalogEntry(name: "linear_recurrence", summary: "z_i = a_i·z_{i-1} + b_i along an axis (the derivative of cumprod)", family: .reduction, cases: [
            CatalogCase(LinearRecurrence(), [[4], [4]]),
            CatalogCase(LinearRecurrence(axis: 0, reverse: true), [[3, 2], [3, 2]], call: "linear_recurrence(a0, a1, axis=0, reverse=true)"),
        ], signatures: [linearRecurrenceSignature]),
    ]

    /// `name(x, axis=None)`, with `reverse=false` when the operator takes it.
    static func scanSignature(_ name: String, _ summary: String, reverse: Bool, info: OperatorInfo,
                              _ make: @escaping @Sendable (Int?, Bool) -> any DifferentiableOperator) -> CallSignature {
        let parameters: [CallParameter] = [.array("x"), .integer("axis", default: "None")] + (reverse ? [.bool("reverse")] : [])
        return CallSignature(name, family: .reduction, parameters, summary: summary, info: info) { call throws(CallError) in
            let x = call.shape(0)
            let axis = try call.axis("axis", of: x)
            let backwards = try call.bool("reverse") ?? false
            return ResolvedCall(shape: axis == nil ? [Shape.count(x)] : x) { make(axis, backwards).apply($0) }
        }
    }

    /// `linear_recurrence(a, b, axis=-1, reverse=false)`.
    static let linearRecurrenceSignature = CallSignature(
        "linear_recurrence", family: .reduction, [.array("a"), .array("b"), .integer("axis", default: "-1"), .bool("reverse")],
        summary: "z_i = a_i·z_{i-1} + b_i along an axis (the derivative of cumprod)", info: LinearRecurrence().info
    ) { call throws(CallError) in
        let a = call.shape(0), b = call.shape(1)
        guard a == b else { throw CallError(.shape, "a of shape \(Shape.describe(a)) and b of shape \(Shape.describe(b)) must have one shape") }
        guard !a.isEmpty else { throw CallError(.shape, "linear_recurrence needs arrays with at least one axis, not 0-d arrays") }
        let axis = try call.axis("axis", of: a) ?? a.count - 1
        let reverse = try call.bool("reverse") ?? false
        return ResolvedCall(shape: a) { LinearRecurrence(axis: axis, reverse: reverse).apply($0) }
    }
}

// MARK: - Expression spelling

extension CumSum: CallSpelling {
    /// `axis=…` (none for the flattened array), `reverse=true` when it runs backwards.
    public var spelling: Spelling { .call(name, after: (axis.map { ["axis=\($0)"] } ?? []) + (reverse ? ["reverse=true"] : [])) }
}

extension CumProd: CallSpelling {
    /// `axis=…` (none for the flattened array).
    public var spelling: Spelling { .call(name, after: axis.map { ["axis=\($0)"] } ?? []) }
}

extension LinearRecurrence: CallSpelling {
    /// `axis=…`, `reverse=true` when it runs backwards.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"] + (reverse ? ["reverse=true"] : [])) }
}
