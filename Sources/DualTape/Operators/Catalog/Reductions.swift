/// Reductions over axes. The result follows MXNet: reduced axes are removed (or kept with
/// extent 1 when `keepDims`), and a reduction to no axes at all gives shape `[1]`.

/// How a reduction maps an input shape to its output shape.
public struct ReductionAxes: Sendable, Hashable, CustomStringConvertible {
    /// The axes to reduce (`nil`: all), as given.
    public let axes: [Int]?
    /// Whether the reduced axes stay in the output with extent 1 (NumPy's `keepdims`).
    public let keepDims: Bool

    /// A reduction over `axes` (every axis when `nil`), keeping them with extent 1 if `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, normalized against an input's rank when applied (negative
    ///     count from the end; out of range stops); `nil` for all.
    ///   - keepDims: Whether the reduced axes stay with extent 1; otherwise they are removed,
    ///     and removing every axis gives `[1]` (MXNet's shape).
    public init(axes: [Int]?, keepDims: Bool) {
        self.axes = axes
        self.keepDims = keepDims
    }

    /// The normalized axes for an input of `rank`.
    func normalized(_ rank: Int, _ operation: String) -> [Int] { Shape.axes(axes, rank: rank, operation: operation) }

    /// The input shape with the reduced axes set to 1.
    func keptShape(_ shape: [Int], _ operation: String) -> [Int] {
        var kept = shape
        for a in normalized(shape.count, operation) { kept[a] = 1 }
        return kept
    }

    /// The output shape.
    func outputShape(_ shape: [Int], _ operation: String) -> [Int] {
        if keepDims { return keptShape(shape, operation) }
        if axes == nil { return Shape.unit }
        let reduced = normalized(shape.count, operation)
        var out: [Int] = []
        for i in shape.indices where !reduced.contains(i) { out.append(shape[i]) }
        return out.isEmpty ? Shape.unit : out
    }

    /// `"axis=1, keepdims=true"` (empty when every axis is reduced and dropped).
    public var description: String {
        var parts: [String] = []
        if let axes { parts.append("axis=\(axes.count == 1 ? String(axes[0]) : "\(axes)")") }
        if keepDims { parts.append("keepdims=true") }
        return parts.joined(separator: ", ")
    }
}

/// A reduction whose derivative is given by weights `∂y/∂x` on each input element (max,
/// min, the L2 norm). One rule serves both modes:
///
///     ẏ = Σ_axes w · ẋ          x̄ = w · broadcast(ȳ)
public protocol WeightedReductionOperator: DifferentiableOperator {
    /// The axes reduced and whether they stay: the rules reshape `y` and the cotangent to the
    /// kept shape with it.
    var reduction: ReductionAxes { get }
    /// `∂y/∂x` for every element of `x`, where `y` has the kept (keepDims) shape.
    ///
    /// Build it from NDArray operations, so that the rules are differentiable again (a fused
    /// kernel may serve inputs without AD state); the rules multiply it by the tangent or by
    /// the broadcast cotangent.
    ///
    /// - Parameters:
    ///   - x: The reduction's input.
    ///   - y: Its output, reshaped to `x`'s rank with extent 1 on the reduced axes.
    /// - Returns: The weights, of `x`'s shape.
    func weights(x: NDArray, y: NDArray) -> NDArray
}

extension WeightedReductionOperator {
    /// One input: the array reduced.
    public var arity: Int { 1 }

    /// `ẏ = Σ_axes w·ẋ`, `w` = ``weights(x:y:)``.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0], t = tangents[0] ?? NDArray.zeros(like: x)
        let kept = output.reshape(reduction.keptShape(x.shape, name))
        let axes = reduction.normalized(x.rank, name)
        return (weights(x: x, y: kept) * t).sum(axes: axes, keepDims: true).reshape(output.shape)
    }

    /// `x̄ = w · broadcast(ȳ)`, `w` = ``weights(x:y:)``.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0]
        let shape = reduction.keptShape(x.shape, name)
        return [weights(x: x, y: output.reshape(shape)) * cotangent.reshape(shape)]
    }
}

/// Sum over axes, linear; its transpose broadcasts the cotangent back.
///
///     ẏ = Σ ẋ          x̄ = broadcast(ȳ)
public struct Sum: LinearOperator {
    /// The axes reduced and whether they stay with extent 1.
    public let reduction: ReductionAxes
    /// The sum over `axes` (all by default), removing them unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "sum", its catalog and expression-language name.
    public var name: String { "sum" }
    /// One input: the array reduced.
    public var arity: Int { 1 }
    /// `"sum(axis=1, keepdims=true)"`: the name with the reduction.
    public var description: String { "sum(\(reduction))" }
    /// The sum over the axes in one reduction kernel, reshaped per ``ReductionAxes``.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return Kernels.reduce(x, axes: reduction.normalized(x.rank, name), .sum).reshape(reduction.outputShape(x.shape, name))
    }
    /// `ȳ` reshaped to the kept shape and broadcast back to the input's.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let x = inputs[0]
        return [cotangent.reshape(reduction.keptShape(x.shape, name)).broadcast(to: x.shape)]
    }
}

/// Product over axes. Its rule multiplies the cotangent by the product of the *other*
/// elements (``ProductOfOthers``), which is exact when some elements are zero.
///
///     x̄ᵢ = ȳ · Π_{j≠i} xⱼ
public struct Prod: DifferentiableOperator {
    /// The axes reduced and whether they stay with extent 1.
    public let reduction: ReductionAxes
    /// The product over `axes` (all by default), removing them unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "prod", its catalog and expression-language name.
    public var name: String { "prod" }
    /// One input: the array reduced.
    public var arity: Int { 1 }
    /// `"prod(axis=0)"`: the name with the reduction.
    public var description: String { "prod(\(reduction))" }
    /// Sampled on [-2, 2].
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-2, 2)]) }
    /// The product over the axes in one reduction kernel, reshaped per ``ReductionAxes``.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return Kernels.reduce(x, axes: reduction.normalized(x.rank, name), .product).reshape(reduction.outputShape(x.shape, name))
    }
    func others(_ x: NDArray) -> NDArray { dispatch(ProductOfOthers(axes: reduction.normalized(x.rank, name)), x) }
    /// `ẏ = Σ_axes E·ẋ`, `E` the product of the others (``ProductOfOthers``): exact with zeros.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0], t = tangents[0] ?? NDArray.zeros(like: x)
        return (others(x) * t).sum(axes: reduction.normalized(x.rank, name), keepDims: true).reshape(output.shape)
    }
    /// `x̄ = E · broadcast(ȳ)`, `E` the product of the others: exact with zeros.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0]
        return [others(x) * cotangent.reshape(reduction.keptShape(x.shape, name))]
    }
}

/// For each element, the product of the other elements of its group over `axes` — the
/// derivative of ``Prod``, and differentiable in turn (for second and higher order).
///
///     Eᵢ = Π_{j≠i} xⱼ          ∂Eᵢ/∂xₖ = Π_{j∉{i,k}} xⱼ  (k ≠ i),  0  (k = i)
///
/// Its rule forms, per group of n elements, the n×n matrix whose row i is x with xᵢ set
/// to 1, and takes the products of others along its rows: entry (i, k) is then
/// `Π_{j∉{i,k}} xⱼ`. No division is involved, so zeros are handled exactly.
public struct ProductOfOthers: DifferentiableOperator {
    /// The axes of a group, normalized (non-negative, as ``Prod`` passes them).
    public let axes: [Int]
    /// The products of others over the groups of `axes`; the result has the input's shape.
    ///
    /// - Parameter axes: The axes of each group, in `0 ..< rank` of the input.
    public init(axes: [Int]) { self.axes = axes }
    /// "prod_others", the catalog and expression-language name.
    public var name: String { "prod_others" }
    /// One input.
    public var arity: Int { 1 }
    /// `"prod_others(axis=[0])"`.
    public var description: String { "prod_others(axis=\(axes))" }
    /// Sampled on [-2, 2]; it is prod's derivative.
    public var info: OperatorInfo { OperatorInfo(domains: [.interval(-2, 2)], note: "the derivative of prod") }
    /// `Π_{j≠i} xⱼ` for each element, without division (exact with zeros).
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(axes.allSatisfy { (0 ..< x.rank).contains($0) } && Set(axes).count == axes.count,
                     "prod_others: axes \(axes) must be distinct and in 0 ..< \(x.rank) for an input of shape \(Shape.describe(x.shape)) (normalized, as prod passes them)")
        return Kernels.productOfOthers(x, axes: axes)
    }

    /// The matrix `M[g, i, k] = ∂Eᵢ/∂xₖ` for each group `g`, with `x` moved to `[groups, n]`.
    private func secondProducts(_ x: NDArray) -> (matrix: NDArray, grouped: (NDArray) -> NDArray, ungrouped: (NDArray) -> NDArray) {
        let keep = (0 ..< x.rank).filter { !axes.contains($0) }
        let perm = keep + axes
        let n = axes.reduce(1) { $0 * x.shape[$1] }
        let groups = x.count / max(n, 1)
        let permutedShape = perm.map { x.shape[$0] }
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        let grouped: (NDArray) -> NDArray = { $0.transposed(perm).reshape([groups, n]) }
        let ungrouped: (NDArray) -> NDArray = { $0.reshape(permutedShape).transposed(inverse) }
        let xg = grouped(x)                                             // [g, n]
        let eye = NDArray.eye(n, dtype: x.dtype).reshape([1, n, n])      // [1, n, n]
        let rows = xg.reshape([groups, 1, n]).broadcast(to: [groups, n, n])
        let withOnes = NDArray.where(eye, NDArray.ones(like: rows, shape: []), rows)   // row i: x with xᵢ = 1
        let offDiagonal = 1 - eye
        let matrix = dispatch(ProductOfOthers(axes: [2]), withOnes) * offDiagonal  // (g, i, k)
        return (matrix, grouped, ungrouped)
    }

    /// `Ėᵢ = Σ_{k≠i} Π_{j∉{i,k}} xⱼ · ẋₖ`, from the second products of the group.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0], t = tangents[0] ?? NDArray.zeros(like: x)
        let (m, grouped, ungrouped) = secondProducts(x)
        let tg = grouped(t)                                              // [g, n]
        let n = tg.shape[1]
        return ungrouped((m * tg.reshape([tg.shape[0], 1, n])).sum(axes: [2]))   // Σₖ M[i,k] ṫₖ
    }

    /// `x̄ₖ = Σ_{i≠k} Π_{j∉{i,k}} xⱼ · Ēᵢ`, from the second products of the group.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0]
        let (m, grouped, ungrouped) = secondProducts(x)
        let g = grouped(cotangent)
        let n = g.shape[1]
        return [ungrouped((m * g.reshape([g.shape[0], n, 1])).sum(axes: [1]))]  // Σᵢ M[i,k] ḡᵢ
    }
}

/// The largest element over axes. Ties share the derivative equally (a valid subgradient,
/// as in PyTorch's amax and JAX; MXNet gives each tied element the full derivative).
///
///     w = [x = y] / #{x = y}
public struct Max: WeightedReductionOperator {
    /// The axes reduced and whether they stay with extent 1.
    public let reduction: ReductionAxes
    /// The largest element over `axes` (all by default), removing them unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "max", its catalog and expression-language name.
    public var name: String { "max" }
    /// `"max(axis=1)"`: the name with the reduction.
    public var description: String { "max(\(reduction))" }
    /// A kink at ties, where the derivative is split equally among the tied elements.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "ties", returns: "the derivative split equally among the tied elements")])
    }
    /// The largest element over the axes (NaN if any is NaN); stops on an empty array.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(x.count > 0, "max: cannot reduce an empty array of shape \(Shape.describe(x.shape))")
        return Kernels.reduce(x, axes: reduction.normalized(x.rank, name), .maximum).reshape(reduction.outputShape(x.shape, name))
    }
    /// `[x = y] / #{x = y}`: 1 at a unique maximum, shared equally at ties.
    public func weights(x: NDArray, y: NDArray) -> NDArray { tieWeights(x, y, reduction.normalized(x.rank, name)) }
}

/// The smallest element over axes; ties share the derivative equally, like ``Max``.
///
///     w = [x = y] / #{x = y}
public struct Min: WeightedReductionOperator {
    /// The axes reduced and whether they stay with extent 1.
    public let reduction: ReductionAxes
    /// The smallest element over `axes` (all by default), removing them unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "min", its catalog and expression-language name.
    public var name: String { "min" }
    /// `"min(axis=1)"`: the name with the reduction.
    public var description: String { "min(\(reduction))" }
    /// A kink at ties, where the derivative is split equally among the tied elements.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "ties", returns: "the derivative split equally among the tied elements")])
    }
    /// The smallest element over the axes (NaN if any is NaN); stops on an empty array.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(x.count > 0, "min: cannot reduce an empty array of shape \(Shape.describe(x.shape))")
        return Kernels.reduce(x, axes: reduction.normalized(x.rank, name), .minimum).reshape(reduction.outputShape(x.shape, name))
    }
    /// `[x = y] / #{x = y}`: 1 at a unique minimum, shared equally at ties.
    public func weights(x: NDArray, y: NDArray) -> NDArray { tieWeights(x, y, reduction.normalized(x.rank, name)) }
}

/// `[x = y] / #{x = y}` over `axes`: the weights of max and min.
private func tieWeights(_ x: NDArray, _ y: NDArray, _ axes: [Int]) -> NDArray {
    let hits = NDArray.compare(x.withoutAD, .equal, y.withoutAD)
    return hits / hits.sum(axes: axes, keepDims: true)
}

/// The L2 norm over axes, `√Σx²`. At the zero vector the derivative is 0 (a valid
/// subgradient: the unit ball's centre), where MXNet, PyTorch and JAX return NaN.
///
///     w = x / y  (0 where y = 0)
public struct Norm: WeightedReductionOperator {
    /// The axes reduced and whether they stay with extent 1.
    public let reduction: ReductionAxes
    /// The L2 norm over `axes` (all by default), removing them unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axes: The axes reduced, checked against the array's rank when applied (negative
    ///     count from the end); `nil` (the default) reduces every axis, giving `[1]`.
    ///   - keepDims: Whether the reduced axes stay, with extent 1 (default `false`).
    public init(axes: [Int]? = nil, keepDims: Bool = false) { reduction = ReductionAxes(axes: axes, keepDims: keepDims) }
    /// "norm", its catalog and expression-language name.
    public var name: String { "norm" }
    /// `"norm(axis=1)"`: the name with the reduction.
    public var description: String { "norm(\(reduction))" }
    /// A kink at the zero vector, where the derivative is 0 (a subgradient).
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "the zero vector", returns: "0 (subgradient: any vector in the unit ball)", points: [0])])
    }
    /// `√Σx²` over the axes, scaled against overflow and underflow.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return Kernels.norm2(x, axes: reduction.normalized(x.rank, name)).reshape(reduction.outputShape(x.shape, name))
    }
    /// `∂y/∂x = x / y`, 0 where y = 0; written once, for elements and for arrays.
    static func weight<T: ElementaryMath>(x: T, y: T) -> T {
        let zero = T.constant(0, like: y)
        let atZero = T.compare(y, .equal, zero)
        // Where y = 0, divide by 1 instead and select 0: no 0/0 in either mode or order.
        return T.select(atZero, zero, x / (y + atZero))
    }

    /// `x / y`, 0 where `y = 0`; one fused pass when nothing records.
    public func weights(x: NDArray, y: NDArray) -> NDArray {
        if x.ad == nil && y.ad == nil {
            return Kernels.zip(x, y, Weight(), shape: x.shape)    // one fused pass
        }
        return Self.weight(x: x, y: y)
    }

    struct Weight: ScalarFunction2 { func callAsFunction<T: NDScalar>(_ x: T, _ y: T) -> T { Norm.weight(x: x, y: y) } }
}

/// The index of the largest element along an axis (all axes flattened when `axis` is nil),
/// as values of the input's dtype. It has no derivative: differentiating through it is an error.
public struct ArgMax: DifferentiableOperator {
    /// The axis searched (negative counts from the end); `nil`: the array flattened.
    public let axis: Int?
    /// Whether the searched axis stays with extent 1 (every axis, when `axis` is `nil`).
    public let keepDims: Bool
    /// The index of the largest element along `axis`, or of the flattened array.
    ///
    /// - Parameters:
    ///   - axis: The axis searched, checked against the array's rank when applied; `nil` (the
    ///     default) searches the array flattened, giving a row-major index of shape `[1]`.
    ///   - keepDims: Whether the searched axis (every axis, for `nil`) stays with extent 1.
    public init(axis: Int? = nil, keepDims: Bool = false) {
        self.axis = axis
        self.keepDims = keepDims
    }
    /// "argmax", its catalog and expression-language name.
    public var name: String { "argmax" }
    /// One input: the array searched.
    public var arity: Int { 1 }
    /// Integer-valued: no derivative (the rules throw).
    public var info: OperatorInfo { OperatorInfo(derivative: .none, note: "integer-valued: no derivative") }
    /// The index of the largest element along the axis, or in the flattened array when `axis` is nil.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(x.count > 0, "argmax: cannot reduce an empty array of shape \(Shape.describe(x.shape))")
        guard let axis else {
            return Kernels.argmax(x.reshape([x.count]), axis: 0).reshape(keepDims ? [Int](repeating: 1, count: x.rank) : [1])
        }
        let a = Shape.axis(axis, rank: x.rank, operation: name)
        return Kernels.argmax(x, axis: a).reshape(ReductionAxes(axes: [a], keepDims: keepDims).outputShape(x.shape, name))
    }
    /// Throws ``AutogradError/noDerivative(operator:argument:)``: argmax has no derivative.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        throw AutogradError.noDerivative(operator: name, argument: 0)
    }
    /// Throws ``AutogradError/noDerivative(operator:argument:)``: argmax has no derivative.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        throw AutogradError.noDerivative(operator: name, argument: 0)
    }
}

extension OperatorCatalog {
    /// The reductions above, each callable as `name(x, axis=None, keepdims=false)` (MXNet's
    /// shapes: reduced axes removed, a reduction to nothing gives `[1]`).
    static let reductions: [CatalogEntry] = [
        CatalogEntry(name: "sum", summary: "sum over axes", family: .reduction, cases: [
            CatalogCase(Sum(), [[2, 3]]), CatalogCase(Sum(axes: [1]), [[2, 3]]), CatalogCase(Sum(axes: [0, 2], keepDims: true), [[2, 3, 2]]),
        ], signatures: [.reduction("sum", "sum over axes", info: Sum().info) { $0.sum(axes: $1, keepDims: $2) }]),
        CatalogEntry(name: "prod", summary: "product over axes", family: .reduction, cases: [
            CatalogCase(Prod(), [[4]]), CatalogCase(Prod(axes: [1]), [[2, 3]]),
        ], signatures: [.reduction("prod", "product over axes", info: Prod().info) { $0.prod(axes: $1, keepDims: $2) }]),
        CatalogEntry(name: "prod_others", summary: "product of the other elements (the derivative of prod)", family: .reduction, cases: [
            CatalogCase(ProductOfOthers(axes: [0]), [[4]], call: "prod_others(a0, axis=0)"),
            CatalogCase(ProductOfOthers(axes: [1]), [[2, 3]], call: "prod_others(a0, axis=1)"),
        ], signatures: [ProductOfOthers.signature]),
        CatalogEntry(name: "max", summary: "largest element over axes", family: .reduction, cases: [
            CatalogCase(Max(), [[2, 3]]), CatalogCase(Max(axes: [0]), [[2, 3]]),
        ], signatures: [.reduction("max", "largest element over axes", info: Max().info) { $0.max(axes: $1, keepDims: $2) }]),
        CatalogEntry(name: "min", summary: "smallest element over axes", family: .reduction, cases: [
            CatalogCase(Min(), [[2, 3]]), CatalogCase(Min(axes: [1], keepDims: true), [[2, 3]]),
        ], signatures: [.reduction("min", "smallest element over axes", info: Min().info) { $0.min(axes: $1, keepDims: $2) }]),
        CatalogEntry(name: "norm", summary: "L2 norm over axes", family: .reduction, cases: [
            CatalogCase(Norm(), [[2, 3]]), CatalogCase(Norm(axes: [1], keepDims: true), [[2, 3]]),
        ], signatures: [Norm.signature]),
        CatalogEntry(name: "argmax", summary: "index of the largest element, no derivative", family: .reduction, cases: [
            CatalogCase(ArgMax(axis: 1), [[2, 3]]),
        ], signatures: [ArgMax.signature]),
    ]
}

extension CallSignature {
    /// `name(x, axis=None, keepdims=false)` applying `reduce(x, axes, keepDims)`.
    ///
    /// - Parameters:
    ///   - name: The function's name in the expression language (`"sum"`).
    ///   - summary: One line for help.
    ///   - info: The operator's declarations (domains, kinks), shown by help and `adcheck ops`.
    ///   - reduce: Applies the reduction to an array, its normalized axes (`nil` for all) and
    ///     `keepdims`.
    /// - Returns: A signature of family ``CatalogEntry/Family/reduction`` whose result shape
    ///   is MXNet's (reduced axes removed, `[1]` for all).
    public static func reduction(_ name: String, _ summary: String, info: OperatorInfo,
                                 _ reduce: @escaping @Sendable (NDArray, [Int]?, Bool) -> NDArray) -> CallSignature {
        CallSignature(name, family: .reduction, [.array("x"), .axes("axis"), .bool("keepdims")], summary: summary, info: info) { call throws(CallError) in
            let axes = try call.axes("axis", of: call.shape(0))
            let keep = try call.bool("keepdims") ?? false
            return ResolvedCall(shape: ReductionAxes(axes: axes, keepDims: keep).outputShape(call.shape(0), name)) { reduce($0[0], axes, keep) }
        }
    }
}

extension Norm {
    /// `norm(x, ord=2, axis=None, keepdims=false)`: L2, or L1 with `ord=1`.
    static let signature = CallSignature("norm", family: .reduction, [.array("x"), .integer("ord", default: "2"), .axes("axis"), .bool("keepdims")],
                                         summary: "L2 norm over axes (L1 with ord=1)", info: Norm().info) { call throws(CallError) in
        let ord = try call.integer("ord") ?? 2
        guard ord == 1 || ord == 2 else { throw CallError(.argument, "ord \(ord) is not supported (use 1 or 2)", argument: "ord") }
        let axes = try call.axes("axis", of: call.shape(0))
        let keep = try call.bool("keepdims") ?? false
        return ResolvedCall(shape: ReductionAxes(axes: axes, keepDims: keep).outputShape(call.shape(0), "norm")) { $0[0].norm(ord: ord, axes: axes, keepDims: keep) }
    }
}

extension ArgMax {
    /// `argmax(x, axis=None, keepdims=false)`: one axis, or the flattened array.
    static let signature = CallSignature("argmax", family: .reduction, [.array("x"), .integer("axis", default: "None"), .bool("keepdims")],
                                         summary: "index of the largest element, no derivative", info: ArgMax().info) { call throws(CallError) in
        let x = call.shape(0)
        let keep = try call.bool("keepdims") ?? false
        guard let axis = try call.axis("axis", of: x) else {
            return ResolvedCall(shape: keep ? [Int](repeating: 1, count: x.count) : [1]) { $0[0].argmax(keepDims: keep) }
        }
        return ResolvedCall(shape: ReductionAxes(axes: [axis], keepDims: keep).outputShape(x, "argmax")) { $0[0].argmax(axis: axis, keepDims: keep) }
    }
}

extension ProductOfOthers {
    /// `prod_others(x, axis=None)`: the derivative of `prod`, an operator in its own right.
    ///
    /// Its own derivative forms an n×n matrix for each group of n elements, so the
    /// groups · n² elements of that matrix must stay within the caller's element limit.
    static let signature = CallSignature("prod_others", family: .reduction, [.array("x"), .axes("axis")],
                                         summary: "product of the other elements (the derivative of prod)",
                                         info: ProductOfOthers(axes: []).info) { call throws(CallError) in
        let x = call.shape(0)
        let axes = try call.axes("axis", of: x) ?? Array(x.indices)
        let n = axes.reduce(1) { $0 * x[$1] }
        let groups = (elementCount(x) ?? 0) / Swift.max(n, 1)
        let (square, overflow) = n.multipliedReportingOverflow(by: n)
        let (matrix, overflow2) = square.multipliedReportingOverflow(by: groups)
        guard !overflow, !overflow2, matrix <= call.maximumElements else {
            throw CallError(.limit, "groups of \(n) elements in an array of shape \(Shape.describe(x)) need a \(groups)×\(n)×\(n) derivative matrix; the limit is \(call.maximumElements) elements")
        }
        return ResolvedCall(shape: x, work: matrix) { dispatch(ProductOfOthers(axes: axes), $0) }
    }
}

// MARK: - Expression spelling

extension ReductionAxes {
    /// `axis=…, keepdims=true` as given (nothing for the defaults).
    var spelledOptions: [String] { description.isEmpty ? [] : [description] }
}

extension Sum: CallSpelling {
    /// `sum(x, axis=…, keepdims=true)`.
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension Prod: CallSpelling {
    /// `prod(x, axis=…, keepdims=true)`.
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension Max: CallSpelling {
    /// `max(x, axis=…, keepdims=true)`.
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension Min: CallSpelling {
    /// `min(x, axis=…, keepdims=true)`.
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension Norm: CallSpelling {
    /// `norm(x, axis=…, keepdims=true)` (L2).
    public var spelling: Spelling { .call(name, after: reduction.spelledOptions) }
}

extension ProductOfOthers: CallSpelling {
    /// `prod_others(x, axis=[…])`.
    public var spelling: Spelling { .call(name, after: ["axis=\(Shape.describe(axes))"]) }
}

extension ArgMax: CallSpelling {
    /// `argmax(x, axis=…, keepdims=true)`.
    public var spelling: Spelling { .call(name, after: (axis.map { ["axis=\($0)"] } ?? []) + (keepDims ? ["keepdims=true"] : [])) }
}
