import Testing
@testable import ADExpression
import DualTape

@Suite("Evaluation: values, and the evaluator inside both AD modes")
struct EvaluationTests {
    static let x = Arrays.x, y = Arrays.y, m = Arrays.m, b = Arrays.b

    @Test("values equal the same DualTape operations written in Swift")
    func values() throws {
        let x = Self.x, y = Self.y, m = Self.m, b = Self.b
        let table: [(String, NDArray)] = [
            ("sum(sin(x) * y)", (sin(x) * y).sum()),
            ("-x^2 + 2*x - 1", -(x ** 2) + 2 * x - 1),
            ("2^-1 * x ** 3", 0.5 * (x ** 3)),
            ("where(x > 0, x, 0.1 * x)", NDArray.where(x .> 0, x, 0.1 * x)),
            ("maximum(x, y) - minimum(x, 0)", maximum(x, y) - NDArray.minimum(x, 0)),
            ("x[:, 1:3] / y[1:]", x[.all, 1 ..< 3] / y[1...]),
            ("x[-1, ::-1]", x[-1, .slice(nil, nil, -1)]),
            ("norm(x, ord=1, axis=1, keepdims=true)", x.norm(ord: 1, axis: 1, keepDims: true)),
            ("norm(x)", x.norm()),
            ("x @ m", matmul(x, m)),
            ("mean(b, axis=[0, 2])", b.mean(axes: [0, 2])),
            ("prod(y) + max(x) - min(x, axis=0)", y.prod() + x.max() - x.min(axis: 0)),
            ("concat(x, exp(x), axis=1)", concat([x, exp(x)], axis: 1)),
            ("stack(y, tanh(y), axis=1)", stack([y, tanh(y)], axis: 1)),
            ("transpose(b, [2, 0, 1])", b.transposed([2, 0, 1])),
            ("sigmoid(relu(x)) + abs(sign(x)) + square(y) + stop_gradient(y)", sigmoid(relu(x)) + abs(sign(x)) + square(y) + y.stopGradient()),
            ("clip(tan(y), -0.5, 0.5) + cos(y)", clip(tan(y), -0.5, 0.5) + cos(y)),
            ("astype(sqrt(abs(x)), float32)", sqrt(abs(x)).astype(.float32)),
            ("argmax(x, axis=1)", x.argmax(axis: 1)),
            ("[[1, 2], [3, 4]] @ [1, -1]", matmul(NDArray([[1.0, 2], [3, 4]]), NDArray([1.0, -1]))),
        ]
        for (source, reference) in table {
            let value = try evaluate(source, Arrays.all)
            #expect(value.shape == reference.shape, "\(source)")
            #expect(value.dtype == reference.dtype, "\(source)")
            #expect(value.scalars == reference.scalars, "\(source)")
        }
    }

    @Test("log of a negative number is NaN, not an error")
    func domainIsNotAnError() throws {
        let value = try evaluate("log(x)", Arrays.all)
        #expect(value.scalars[1].isNaN)
        #expect(isClose(value.scalars[0], 0))
    }

    @Test("forward mode through evaluate matches the derivative by hand")
    func forward() throws {
        let f = try ParsedExpression("sum(sin(x) * y)").compile(bindings: Arrays.all)
        let tx = NDArray([[1.0, 0, -1], [0.5, 2, 1]]), ty = NDArray([1.0, 1, -2])
        let (value, tangent) = try jvp(at: [Self.x, Self.y], tangents: [tx, ty]) { f.evaluate($0) }
        #expect(value.scalars == (sin(Self.x) * Self.y).sum().scalars)
        let expected = (cos(Self.x) * Self.y * tx + sin(Self.x) * ty).sum()
        expectValues(tangent, expected.scalars, shape: [1], rel: 1e-14)
    }

    @Test("reverse mode through evaluate: functional gradient and MXNet-style record/backward")
    func reverse() throws {
        let f = try ParsedExpression("sum(sin(x) * y)").compile(bindings: Arrays.all)
        let gradients = try gradient(at: [Self.x, Self.y]) { f.evaluate($0) }
        expectValues(gradients[0], (cos(Self.x) * Self.y).scalars, shape: [2, 3])
        expectValues(gradients[1], sin(Self.x).sum(axis: 0).scalars, shape: [3])

        var x = Self.x
        x.attachGrad()
        let out = Autograd.record { f.evaluate(bindings: ["x": x, "y": Self.y]) }
        try out.backward()
        expectValues(try #require(x.grad), (cos(Self.x) * Self.y).scalars, shape: [2, 3])
    }

    @Test("forward and reverse agree through evaluate: ⟨u, J v⟩ = ⟨Jᵀu, v⟩", arguments: [
        "sum(sin(x) * y)", "x @ m", "where(x > 0, x, 0.1 * x) ^ 2", "norm(x, axis=1, keepdims=true) * x",
        "concat(x, exp(x[:, ::2]), axis=1)", "stack(y, tanh(y), axis=0) @ transpose(x)", "max(b, axis=1) / (1 + square(min(b)))",
        "mean(reshape(b, -1, 4) @ transpose(m), axis=0)", "prod(y) * broadcast_to(y, [2, 3])", "astype(sigmoid(x) * 2, float32)",
        "prod_others(x, axis=1) - clip(x, -1, 1)", "x[-1, ::-1] @ squeeze(expand_dims(y, 0))", "flatten(b)[1, 3:9] ** 3",
    ])
    func agreement(source: String) throws {
        let f = try ParsedExpression(source).compile(bindings: Arrays.all)
        let inputs = f.variables.map { Arrays.all[$0]! }
        var g = RandomGenerator(seed: 7)
        let tangents = inputs.map { NDArray.normal(shape: $0.shape, generator: &g) }
        let (value, tangent) = try jvp(at: inputs, tangents: tangents) { f.evaluate($0) }
        let u = NDArray.normal(shape: value.shape, dtype: value.dtype, generator: &g)
        let (_, pullback) = try vjp(at: inputs) { f.evaluate($0) }
        let cotangents = try pullback(u)
        let forward = zip(u.scalars, tangent.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        let reverse = zip(cotangents, tangents).reduce(0.0) { sum, pair in sum + zip(pair.0.scalars, pair.1.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(isClose(forward, reverse, rel: f.dtype == .float32 ? 1e-5 : 1e-12), "\(forward) vs \(reverse)")
    }

    @Test("differentiating through argmax is an error thrown by the AD transform, not a trap")
    func argmaxHasNoDerivative() throws {
        let f = try ParsedExpression("argmax(x, axis=1) * y[0:2]").compile(bindings: Arrays.all)
        #expect(throws: AutogradError.self) {
            try jvp(at: [Self.x, Self.y], tangents: [Self.x, Self.y]) { f.evaluate($0) }
        }
    }

    @Test("constants alone, float32 by request")
    func constants() throws {
        let f = try ParsedExpression("2^3^2 - [1, 2]").compile(types: [:], defaultDType: .float32)
        let value = f.evaluate([])
        #expect(value.dtype == .float32)
        expectValues(value, [511, 510], shape: [2])
    }

    @Test("bindings are checked against the types the expression was compiled for")
    func mismatch() throws {
        let f = try ParsedExpression("x + y").compile(bindings: Arrays.all)
        #expect(f.variables == ["x", "y"])
        #expect(f.mismatch(in: Arrays.all) == nil)
        #expect(f.mismatch(in: ["x": Arrays.x]) == "variable 'y' is not bound")
        #expect(f.mismatch(in: ["x": Arrays.x, "y": Arrays.v]) == "variable 'y' is [4] float64, but the expression was checked for [3] float64")
        let values = f.evaluate([Arrays.x, Arrays.y])
        #expect(values.scalars == f.evaluate(bindings: Arrays.all).scalars)
    }
}
