import DualTape

// Operators with one deliberate mistake each, as a rule author might write them. Every one
// must be caught, with the verdict that names the mistake.

/// sin with the derivative's sign wrong (`-cos`): both modes share the mistake.
struct SignErrorSin: UnaryElementwiseOperator {
    var name: String { "sin_sign_error" }
    func value<T: NDScalar>(_ x: T) -> T { T.sin(x) }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { -T.cos(x) }
}

/// x² with the derivative off by a factor of 2 (`4x`).
struct FactorTwoSquare: UnaryElementwiseOperator {
    var name: String { "square_factor_two" }
    func value<T: NDScalar>(_ x: T) -> T { x * x }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { 4 * x }
}

/// exp with a derivative 1e-4 too large, relatively.
struct SlightlyWrongExp: UnaryElementwiseOperator {
    let relativeError: Double
    var name: String { "exp_slightly_wrong" }
    func value<T: NDScalar>(_ x: T) -> T { T.exp(x) }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { y * (1 + relativeError) }
}

/// tanh whose hand-written JVP is wrong (`1 + y²`) and whose VJP is right: only forward mode is wrong.
struct ForwardOnlyWrongTanh: DifferentiableOperator {
    var name: String { "tanh_forward_wrong" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { tanh(inputs[0]) }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        (tangents[0] ?? NDArray.zeros(like: inputs[0])) * (1 + output * output)
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [cotangent * (1 - output * output)]
    }
}

/// a·b with the partial in b wrong (`b` instead of `a`): only the second argument is wrong.
struct WrongSecondArgumentMultiply: BinaryElementwiseOperator {
    var name: String { "multiply_wrong_b" }
    func value<T: NDScalar>(_ a: T, _ b: T) -> T { a * b }
    func partialA<T: ElementaryMath>(a: T, b: T, y: T) -> T { b }
    func partialB<T: ElementaryMath>(a: T, b: T, y: T) -> T { b }
}

/// a + b with broadcasting, whose VJP reduces the broadcast cotangent with a mean instead of
/// a sum (the right shape, the wrong values). The JVP is right.
struct WrongBroadcastAdd: DifferentiableOperator {
    var name: String { "add_wrong_unbroadcast" }
    var arity: Int { 2 }
    func primal(_ inputs: [NDArray]) -> NDArray { inputs[0] + inputs[1] }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let a = tangents[0] ?? NDArray.zeros(like: inputs[0]), b = tangents[1] ?? NDArray.zeros(like: inputs[1])
        return a + b
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [unbroadcast(cotangent, to: inputs[0].shape), cotangent.mean(axes: [0])]
    }
}

/// x² whose derivative rule is `3x`: wrong at first order (used inside ``CubeWithWrongInnerRule``).
struct WrongSquare: UnaryElementwiseOperator {
    var name: String { "square_wrong" }
    func value<T: NDScalar>(_ x: T) -> T { x * x }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { 3 * x }
}

/// x³ whose rules `3·x²` compute x² with ``WrongSquare``: right at first order, wrong at
/// second (its rules differentiate to `9x` instead of `6x`).
struct CubeWithWrongInnerRule: DifferentiableOperator {
    var name: String { "cube_wrong_second_order" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { inputs[0] * inputs[0] * inputs[0] }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        3 * WrongSquare()(inputs[0]) * (tangents[0] ?? NDArray.zeros(like: inputs[0]))
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [3 * WrongSquare()(inputs[0]) * cotangent]
    }
}

/// The sum of a vector whose rules ignore their seed: the JVP returns `Σ 1` whatever the
/// tangent, the VJP returns ones whatever the cotangent. With unit seeds and one output
/// element both would look right.
struct SeedIgnoringSum: DifferentiableOperator {
    var name: String { "sum_seed_ignored" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { inputs[0].sum() }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        NDArray.ones(like: output)
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [NDArray.ones(like: inputs[0])]
    }
}

/// An operator whose value is infinite everywhere (`1/0 · x`): no point can be checked.
struct EverywhereInfinite: UnaryElementwiseOperator {
    var name: String { "everywhere_infinite" }
    func value<T: NDScalar>(_ x: T) -> T { x / 0 }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { y / x }
}
