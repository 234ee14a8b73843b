import DualTape

/// Users' operators that mimic catalog operators with one mistake each: what the bug-
/// injection tests plant to prove the checks catch real mistakes.

/// cos with the wrong sign on its derivative, in both modes (so the modes agree).
///
///     wrong: d/dx cos x = sin x
struct WrongSignCos: UnaryElementwiseOperator {
    var name: String { "buggy_cos" }
    func value<T: NDScalar>(_ x: T) -> T { T.cos(x) }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.sin(x) }
}

/// multiply whose VJP forgets to sum the cotangent back over broadcast axes.
///
///     wrong: ā = b · ȳ   (not unbroadcast(b · ȳ, to: a.shape))
struct UnreducedMultiply: DifferentiableOperator {
    var name: String { "buggy_multiply" }
    var arity: Int { 2 }
    func primal(_ inputs: [NDArray]) -> NDArray { Multiply().primal(inputs) }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        try Multiply().jvp(inputs, output: output, tangents: tangents)
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [needed[0] ? inputs[1] * cotangent : nil, needed[1] ? inputs[0] * cotangent : nil]
    }
}

/// max over axis 1 whose weights mark the maxima along axis 0: the wrong axis (both modes).
///
///     wrong: w = [x = max(x, axis 0)] / #ties along axis 0
struct WrongAxisMax: WeightedReductionOperator {
    var name: String { "buggy_max" }
    var reduction: ReductionAxes { ReductionAxes(axes: [1], keepDims: false) }
    func primal(_ inputs: [NDArray]) -> NDArray { Max(axes: [1]).primal(inputs) }
    func weights(x: NDArray, y: NDArray) -> NDArray {
        let plain = x.detach()
        let hits = NDArray.compare(plain, .equal, plain.max(axis: 0, keepDims: true))
        return hits / hits.sum(axes: [0], keepDims: true)
    }
}

/// sin whose JVP uses the wrong local derivative while its VJP is right: a forward-only error.
///
///     wrong (forward only): ẏ = sin(x) · ẋ
struct ForwardOnlyWrongSin: DifferentiableOperator {
    var name: String { "buggy_sin" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { Sin().primal(inputs) }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        (tangents[0] ?? NDArray.zeros(like: inputs[0])) * sin(inputs[0])
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        try Sin().vjp(inputs, output: output, cotangent: cotangent, needed: needed)
    }
}
