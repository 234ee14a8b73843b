/// Elementwise operators of two broadcasting inputs.

/// `a + b`, linear.
///
///     ẏ = ȧ + ḃ          ā = unbroadcast(ȳ),  b̄ = unbroadcast(ȳ)
public struct Add: LinearOperator {
    /// The operator (it has no attributes); `a + b` applies it.
    public init() {}
    /// "add", its catalog and expression-language name.
    public var name: String { "add" }
    /// Two inputs, `a` and `b`, broadcast together.
    public var arity: Int { 2 }
    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// `a + b` with broadcasting, in one pass.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        Kernels.zip(a, b, Sum2(), shape: broadcastShape(name, a, b))
    }
    /// `ȧ + ḃ`, broadcast to the output's shape (a missing tangent counts as zero).
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        linearCombination(tangents[0], tangents[1], negateSecond: false, shape: output.shape)
    }
    /// `ȳ` summed back to each input's shape (unbroadcast), for the inputs needed.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [needed[0] ? unbroadcast(cotangent, to: inputs[0].shape) : nil,
         needed[1] ? unbroadcast(cotangent, to: inputs[1].shape) : nil]
    }
    struct Sum2: ScalarFunction2 { func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T { a + b } }
}

/// `a - b`, linear.
///
///     ẏ = ȧ - ḃ          ā = unbroadcast(ȳ),  b̄ = -unbroadcast(ȳ)
public struct Subtract: LinearOperator {
    /// The operator (it has no attributes); `a - b` applies it.
    public init() {}
    /// "subtract", its catalog and expression-language name.
    public var name: String { "subtract" }
    /// Two inputs, `a` and `b`, broadcast together.
    public var arity: Int { 2 }
    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// `a - b` with broadcasting, in one pass.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        Kernels.zip(a, b, Difference(), shape: broadcastShape(name, a, b))
    }
    /// `ȧ - ḃ`, broadcast to the output's shape (a missing tangent counts as zero).
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        linearCombination(tangents[0], tangents[1], negateSecond: true, shape: output.shape)
    }
    /// `ȳ` and `-ȳ`, summed back to `a`'s and `b`'s shapes (unbroadcast).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [needed[0] ? unbroadcast(cotangent, to: inputs[0].shape) : nil,
         needed[1] ? unbroadcast(-cotangent, to: inputs[1].shape) : nil]
    }
    struct Difference: ScalarFunction2 { func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T { a - b } }
}

/// `ȧ ± ḃ` broadcast to `shape`, skipping absent (zero) tangents.
private func linearCombination(_ ta: NDArray?, _ tb: NDArray?, negateSecond: Bool, shape: [Int]) -> NDArray {
    let result: NDArray
    switch (ta, tb) {
    case (let a?, let b?): result = negateSecond ? a - b : a + b
    case (let a?, nil): result = a
    case (nil, let b?): result = negateSecond ? -b : b
    case (nil, nil): preconditionFailure("linear JVP without tangents")
    }
    return result.shape == shape ? result : result.broadcast(to: shape)
}

/// `a · b`.
///
///     ∂y/∂a = b,  ∂y/∂b = a
public struct Multiply: BinaryElementwiseOperator {
    /// The operator (it has no attributes); `a * b` applies it.
    public init() {}
    /// "multiply", its catalog and expression-language name.
    public var name: String { "multiply" }
    /// `a · b`, in the element type.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { a * b }
    /// ∂y/∂a = b.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { b }
    /// ∂y/∂b = a.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { a }

    /// `a · b`; when one side is a broadcast one of the other's shape (the cotangent of a full
    /// sum meeting a rule), the other side is the result as it is: `x · 1 = x` exactly.
    ///
    /// - Parameters:
    ///   - a: The first factor.
    ///   - b: The second factor, of `a`'s dtype; the shapes broadcast (NumPy's rules).
    /// - Returns: The product, of the broadcast shape (for an array of 4096 or more elements
    ///   times a uniform 1 of its shape, that array itself, not a copy).
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        if a.shape == b.shape && a.dtype == b.dtype && a.count >= 4096 {
            if Kernels.isUniformOne(b) { return a }
            if Kernels.isUniformOne(a) { return b }
        }
        return Kernels.zip(a, b, BinaryValue(op: self), shape: broadcastShape(name, a, b))
    }
}

/// `a / b`.
///
///     ∂y/∂a = 1/b,  ∂y/∂b = -a/b² = -y/b
public struct Divide: BinaryElementwiseOperator {
    /// The operator (it has no attributes); `a / b` applies it.
    public init() {}
    /// "divide", its catalog and expression-language name.
    public var name: String { "divide" }
    /// `a` from the reals, `b` away from 0.
    public var info: OperatorInfo { OperatorInfo(domains: [.real, .nonzero]) }
    /// `a / b`, in the element type (±∞ or NaN at b = 0, as IEEE 754 says).
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { a / b }
    /// ∂y/∂a = 1/b.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { 1 / b }
    /// ∂y/∂b = -a/b² = -y/b.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { -y / b }
}

/// `aᵇ`. With a constant exponent any base works (`x ** 3` at negative x); the derivative in
/// the exponent needs `a > 0`. Where a factor of a partial is exactly zero the partial is 0,
/// not `0·∞` (as in PyTorch): `∂/∂a` at `b = 0`, and `∂/∂b` at `a = 0, b ≥ 0`.
///
///     ∂y/∂a = b·a^(b-1)  (0 where b = 0),  ∂y/∂b = y·log a  (0 where a = 0 and b ≥ 0)
public struct Power: BinaryElementwiseOperator {
    /// The operator (it has no attributes); `a ** b` and `pow(a, b)` apply it.
    public init() {}
    /// "power", its catalog and expression-language name.
    public var name: String { "power" }
    /// `a` in [0.2, 3], `b` in [-2, 2]; the note gives the partials' zeros that avoid 0·∞.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.interval(0.2, 3), .interval(-2, 2)],
                     note: "∂/∂a is 0 where b = 0 and ∂/∂b is 0 where a = 0, b ≥ 0 (no 0·∞), as in PyTorch")
    }
    /// `aᵇ` through `pow`, in the element type.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { T.pow(a, b) }
    /// ∂y/∂a = b·a^(b-1) (0 where b = 0).
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T {
        // Where a = b = 0, raise 1 instead of a: the product is b·1 = 0 and no 0·∞ appears
        // in this partial or in its own derivative (the "double where" trap). Only there:
        // elsewhere the derivative of this partial in b must still see a (it is 1/a at b = 0).
        let zero = T.constant(0, like: b)
        let zeroToZero = T.compare(b, .equal, zero) * T.compare(a, .equal, zero)
        return b * T.pow(T.select(zeroToZero, T.constant(1, like: a), a), b - 1)
    }
    /// ∂y/∂b = y·log a (0 where a = 0 and b ≥ 0).
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T {
        let zero = T.constant(0, like: a)
        let baseZero = T.compare(a, .equal, zero) * T.compare(b, .greaterOrEqual, zero)
        // Where the base is 0, take the log of 1 instead: no -∞ enters either branch.
        return T.select(baseZero, zero, y * T.log(a + baseZero))
    }
}

/// The larger of `a` and `b` (NaN where either is NaN, as NumPy's `maximum`). At a tie each
/// side gets half the derivative (a valid subgradient, symmetric in the arguments, as in
/// PyTorch and JAX; MXNet gives all to `a`).
///
///     ∂y/∂a = [a > b] + ½[a = b],  ∂y/∂b = [b > a] + ½[a = b]
public struct Maximum: BinaryElementwiseOperator {
    /// The operator (it has no attributes); `maximum(a, b)` applies it.
    public init() {}
    /// "maximum", its catalog and expression-language name.
    public var name: String { "maximum" }
    /// A kink at `a = b`, where each argument gets ½.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "a = b", returns: "1/2 to each argument")])
    }
    /// The larger of `a` and `b`; NaN when either is NaN.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { a.isNaN || b.isNaN ? a + b : Swift.max(a, b) }
    /// `∂y/∂a = [a > b] + ½[a = b]`.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { tieSplit(T.compare(a, .greater, b), a, b) }
    /// `∂y/∂b = [b > a] + ½[a = b]`.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { tieSplit(T.compare(b, .greater, a), a, b) }
}

/// The smaller of `a` and `b` (NaN where either is NaN); ties split the derivative in half,
/// like ``Maximum``.
///
///     ∂y/∂a = [a < b] + ½[a = b],  ∂y/∂b = [b < a] + ½[a = b]
public struct Minimum: BinaryElementwiseOperator {
    /// The operator (it has no attributes); `minimum(a, b)` applies it.
    public init() {}
    /// "minimum", its catalog and expression-language name.
    public var name: String { "minimum" }
    /// A kink at `a = b`, where each argument gets ½.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise, kinks: [Kink(at: "a = b", returns: "1/2 to each argument")])
    }
    /// The smaller of `a` and `b`; NaN when either is NaN.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { a.isNaN || b.isNaN ? a + b : Swift.min(a, b) }
    /// `∂y/∂a = [a < b] + ½[a = b]`.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { tieSplit(T.compare(a, .less, b), a, b) }
    /// `∂y/∂b = [b < a] + ½[a = b]`.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { tieSplit(T.compare(b, .less, a), a, b) }
}

/// `strict + ½·[a = b]`: the derivative of max/min with ties split evenly.
private func tieSplit<T: ElementaryMath>(_ strict: T, _ a: T, _ b: T) -> T {
    strict + 0.5 * T.compare(a, .equal, b)
}

/// `a op b` as a 0/1 mask in the operands' dtype: zero derivative.
public struct Compare: BinaryElementwiseOperator, ZeroDerivativeOperator {
    /// The relation tested, `a < b`, `a == b`, ... (its raw value is the infix spelling).
    public let comparison: Comparison
    /// The comparison `a op b` for the relation `comparison`.
    ///
    /// - Parameter comparison: The relation; the operator's name is MXNet's (`lesser_equal` for `<=`).
    public init(_ comparison: Comparison) { self.comparison = comparison }
    /// MXNet's name for the relation: `"equal"`, `"lesser"`, `"lesser_equal"`, `"greater"`, …
    public var name: String {
        switch comparison {
        case .equal: return "equal"
        case .notEqual: return "not_equal"
        case .less: return "lesser"
        case .lessOrEqual: return "lesser_equal"
        case .greater: return "greater"
        case .greaterOrEqual: return "greater_equal"
        }
    }
    /// Zero derivative: a mask is piecewise constant.
    public var info: OperatorInfo { OperatorInfo(derivative: .zero) }
    /// 1 where `a op b` holds, else 0, in the operands' type.
    public func value<T: NDScalar>(_ a: T, _ b: T) -> T { comparison.holds(a, b) ? 1 : 0 }
    /// 0: the mask does not move with `a`.
    public func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(0, like: y) }
    /// 0: the mask does not move with `b`.
    public func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { T.constant(0, like: y) }
    /// Zeros of the output's shape.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { NDArray.zeros(like: output) }
    /// `nil` for both inputs: nothing flows back through a comparison.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [nil, nil] }
}

/// `condition ? a : b` elementwise, all three broadcasting. Linear in `a` and `b`; the
/// condition (a mask) has no derivative.
///
///     ẏ = where(c, ȧ, ḃ)          ā = unbroadcast(where(c, ȳ, 0)),  b̄ = unbroadcast(where(c, 0, ȳ))
public struct Where: DifferentiableOperator {
    /// The operator (it has no attributes); `NDArray.where(condition, a, b)` applies it.
    public init() {}
    /// "where", its catalog and expression-language name.
    public var name: String { "where" }
    /// Three inputs: the condition, `a` and `b`, broadcast together.
    public var arity: Int { 3 }
    /// The condition sampled as a 0/1 mask, `a` and `b` from the reals; the condition is not differentiated.
    public var info: OperatorInfo {
        OperatorInfo(domains: [.mask, .real, .real], isLinear: false, note: "linear in a and b; the condition is not differentiated")
    }
    /// `c ? a : b` per element after broadcasting the three (nonzero `c` selects `a`).
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let (c, a, b) = (inputs[0], inputs[1], inputs[2])
        precondition(c.dtype == a.dtype && a.dtype == b.dtype,
                     "where: dtypes \(c.dtype), \(a.dtype) and \(b.dtype) do not match")
        guard let ab = Shape.broadcast(a.shape, b.shape), let shape = Shape.broadcast(c.shape, ab) else {
            preconditionFailure("where: shapes \(Shape.describe(c.shape)), \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) cannot be broadcast together")
        }
        return Kernels.zip3(c, a, b, Select(), shape: shape)
    }
    /// `where(c, ȧ, ḃ)`, the condition held constant.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let c = inputs[0].withoutAD
        let ta = tangents[1] ?? NDArray.zeros(like: inputs[1]), tb = tangents[2] ?? NDArray.zeros(like: inputs[2])
        let t = NDArray.where(c, ta, tb)
        return t.shape == output.shape ? t : t.broadcast(to: output.shape)
    }
    /// `where(c, ȳ, 0)` to `a` and `where(c, 0, ȳ)` to `b`, each unbroadcast; `nil` for the condition.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let c = inputs[0].withoutAD
        let zero = NDArray.zeros(like: cotangent.withoutAD, shape: [])
        return [nil,
                needed[1] ? unbroadcast(NDArray.where(c, cotangent, zero), to: inputs[1].shape) : nil,
                needed[2] ? unbroadcast(NDArray.where(c, zero, cotangent), to: inputs[2].shape) : nil]
    }
    struct Select: ScalarFunction3 { func callAsFunction<T: NDScalar>(_ c: T, _ a: T, _ b: T) -> T { c != 0 ? a : b } }
}

extension OperatorCatalog {
    /// The broadcasting elementwise operators above, each callable as `name(a, b)` (and through
    /// the infix operators), and `where(condition, a, b)`.
    static let binary: [CatalogEntry] = [
        .binary(Add(), "a + b", shapes: [[[2, 3], [3]], [[2, 1], [1, 3]]]),
        .binary(Subtract(), "a - b", shapes: [[[2, 3], [3]], [[3], [2, 1]]]),
        .binary(Multiply(), "a · b", shapes: [[[2, 3], [2, 3]], [[2, 3], []]]),
        .binary(Divide(), "a / b", shapes: [[[2, 3], [3]], [[], [4]]]),
        .binary(Power(), "a ** b", shapes: [[[2, 3], [2, 3]], [[4], []]]),
        .binary(Maximum(), "larger of a and b", shapes: [[[2, 3], [3]]]),
        .binary(Minimum(), "smaller of a and b", shapes: [[[2, 3], [2, 1]]]),
        CatalogEntry(name: "where", summary: "condition ? a : b", family: .binary,
                     cases: [CatalogCase(Where(), [[2, 3], [2, 3], [3]])], signatures: [Where.signature]),
    ] + Comparison.allCases.map {
        .binary(Compare($0), "a \($0.rawValue) b as a 0/1 mask, zero derivative", shapes: [[[2, 3], [3]]])
    }
}

extension Where {
    /// `where(condition, a, b)`, all three broadcasting.
    static let signature = CallSignature("where", family: .binary, [.array("condition"), .array("a"), .array("b")],
                                         summary: "condition ? a : b", info: Where().info) { call throws(CallError) in
        guard let ab = Shape.broadcast(call.shape(1), call.shape(2)), let shape = Shape.broadcast(call.shape(0), ab) else {
            let shapes = (0 ..< 3).map { Shape.describe(call.shape($0)) }.joined(separator: ", ")
            throw CallError(.shape, "shapes \(shapes) cannot be broadcast together")
        }
        return ResolvedCall(shape: shape) { NDArray.where($0[0], $0[1], $0[2]) }
    }
}

// MARK: - Expression spelling

extension Add: CallSpelling {
    /// `a + b`.
    public var spelling: Spelling { .infix("+") }
}

extension Subtract: CallSpelling {
    /// `a - b`.
    public var spelling: Spelling { .infix("-") }
}

extension Multiply: CallSpelling {
    /// `a * b`.
    public var spelling: Spelling { .infix("*") }
}

extension Divide: CallSpelling {
    /// `a / b`.
    public var spelling: Spelling { .infix("/") }
}

extension Power: CallSpelling {
    /// `a ** b`.
    public var spelling: Spelling { .infix("**") }
}

extension Compare: CallSpelling {
    /// `a < b`, `a == b`, ...
    public var spelling: Spelling { .infix(comparison.rawValue) }
}
