import Foundation
import Testing
@testable import DualTape

/// For every catalog operator: forward and reverse mode agree by the dot-product identity
/// `⟨u, J v⟩ = ⟨Jᵀu, v⟩` to rounding, and both match an independent reference — a
/// closed-form derivative written here for the elementwise operators, and a Richardson-
/// extrapolated central difference for every operator.
@Suite("Forward and reverse agree on every catalog operator")
struct ModeAgreementTests {
    static let cases: [CatalogCase] = OperatorCatalog.entries.flatMap(\.cases).filter { $0.op.info.derivative != .none }

    /// Inputs, tangents and a cotangent for a case, seeded by its description.
    struct Setup {
        var inputs: [NDArray]
        var tangents: [NDArray]
        var differentiable: [Bool]
    }

    static func setup(_ c: CatalogCase) -> Setup {
        var g = RandomGenerator(seed: stableSeed(c.description))
        // An operator of one input with a kink at no particular value (ties among its elements:
        // max, max pooling) gets elements at least 4/n apart, in random order, so that the
        // numerical reference's steps (about 10⁻³) never cross a tie.
        let ties = c.op.arity == 1 && c.op.info.kinks.contains { $0.points.isEmpty }
        let inputs = c.shapes.enumerated().map { i, shape in
            let x = sample(c.domain(i), shape: shape, generator: &g)
            return ties && c.domain(i) == .real ? spread(x) : x
        }
        let differentiable = c.shapes.indices.map { c.domain($0).isDifferentiated }
        let tangents = c.shapes.enumerated().map { i, shape in
            differentiable[i] ? NDArray.normal(shape: shape, generator: &g) : NDArray.zeros(shape)
        }
        return Setup(inputs: inputs, tangents: tangents, differentiable: differentiable)
    }

    /// `x` with its elements replaced by evenly spaced values in (-2, 2) in the same order.
    static func spread(_ x: NDArray) -> NDArray {
        let order = x.scalars.indices.sorted { x.scalars[$0] < x.scalars[$1] }
        var values = [Double](repeating: 0, count: x.count)
        for (rank, i) in order.enumerated() { values[i] = -2 + 4 * (Double(rank) + 0.5) / Double(x.count) }
        return NDArray(values: values, shape: x.shape, dtype: x.dtype)
    }

    /// The directional derivative `d/dt ⟨u, f(x + t v)⟩` at 0 by Richardson-extrapolated central differences.
    static func numericDirectional(_ c: CatalogCase, _ s: Setup, _ u: NDArray) -> Double {
        func phi(_ t: Double) -> Double {
            let shifted = zip(s.inputs, s.tangents).map { x, v in x + t * v }
            return dotProduct(u, dispatch(c.op, shifted).astype(.float64))
        }
        func central(_ h: Double) -> Double { (phi(h) - phi(-h)) / (2 * h) }
        let h = 1e-3
        return (4 * central(h / 2) - central(h)) / 3
    }

    @Test(arguments: cases)
    func dotProductIdentityAndReference(_ c: CatalogCase) throws {
        let s = Self.setup(c)
        // Forward: one JVP along the tangents.
        let (y, ydot) = try jvp(at: s.inputs, tangents: s.tangents) { dispatch(c.op, $0) }
        #expect(ydot.shape == y.shape)
        #expect(ydot.dtype == y.dtype)
        guard s.differentiable.contains(true) else {
            // Every input held constant (one_hot's indices): the output is a constant.
            #expect(ydot.scalars.allSatisfy { $0 == 0 })
            return
        }

        // Reverse: one VJP along a random cotangent.
        var g = RandomGenerator(seed: stableSeed("u" + c.description))
        let u = NDArray.normal(shape: y.shape, dtype: y.dtype, generator: &g)
        var variables = s.inputs
        for i in variables.indices where s.differentiable[i] { variables[i].attachGrad() }
        let out = Autograd.record { dispatch(c.op, variables) }
        try out.backward(headGradient: u)

        let forward = dotProduct(u.astype(.float64), ydot.astype(.float64))
        var reverse = 0.0
        for i in variables.indices where s.differentiable[i] {
            let grad = try #require(variables[i].grad)
            #expect(grad.shape == s.inputs[i].shape, "gradient shape of input \(i)")
            #expect(grad.dtype == s.inputs[i].dtype, "gradient dtype of input \(i)")
            reverse += dotProduct(grad.astype(.float64), s.tangents[i])
        }
        let roundoff = y.dtype == .float32 ? 1e-6 : 1e-12
        let scale = Swift.max(1, Swift.abs(forward))
        #expect(Swift.abs(forward - reverse) <= roundoff * scale, "⟨u, Jv⟩ = \(forward) but ⟨Jᵀu, v⟩ = \(reverse)")

        // An independent reference: the numerical directional derivative. (stopGradient is the
        // identity in value with a derivative of zero by definition: no numerical reference.)
        guard c.op.name != "stop_gradient" else {
            #expect(forward == 0 && reverse == 0)
            return
        }
        let numeric = Self.numericDirectional(c, s, u)
        // Float32 outputs: finite differences of Float32 values carry about 1e-4 of noise at h = 1e-3.
        let tolerance = (y.dtype == .float32 ? 1e-3 : 1e-6) * Swift.max(1, Swift.abs(numeric))
        #expect(Swift.abs(forward - numeric) <= tolerance, "forward \(forward) vs numeric \(numeric)")
    }

    /// Closed-form derivatives written independently of the library (the later families' in
    /// UnaryFamilyReferences.swift).
    static let unaryReference = coreUnaryReference.merging(familyReference) { core, _ in core }

    static let coreUnaryReference: [String: @Sendable (Double) -> Double] = [
        "negative": { _ in -1 }, "square": { 2 * $0 }, "sqrt": { 0.5 / Foundation.sqrt($0) },
        "exp": { Foundation.exp($0) }, "log": { 1 / $0 }, "sin": { Foundation.cos($0) }, "cos": { -Foundation.sin($0) },
        "tan": { 1 / (Foundation.cos($0) * Foundation.cos($0)) }, "tanh": { 1 / (Foundation.cosh($0) * Foundation.cosh($0)) },
        "sigmoid": { let e = Foundation.exp(-$0); return e / ((1 + e) * (1 + e)) },
        "relu": { $0 > 0 ? 1 : 0 }, "abs": { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, "clip": { Swift.abs($0) <= 0.5 ? 1 : 0 },
        "sign": { _ in 0 }, "stop_gradient": { _ in 0 },
    ]

    @Test(arguments: OperatorCatalog.entries.filter { $0.family == .unary })
    func unaryMatchesClosedForm(_ entry: CatalogEntry) throws {
        let reference = try #require(Self.unaryReference[entry.name], "no closed form for \(entry.name)")
        var g = RandomGenerator(seed: stableSeed(entry.name))
        var x = sample(entry.cases[0].domain(0), shape: [7], generator: &g)
        let expected = x.scalars.map(reference)
        let op = entry.cases[0].op
        let (_, forward) = try jvp(at: x, tangent: NDArray.ones([7])) { dispatch(op, [$0]) }
        expectValues(forward, expected, rel: 1e-14, abs: 1e-15)
        x.attachGrad()
        try Autograd.record { dispatch(op, [x]) }.backward()
        expectValues(x.grad, expected, rel: 1e-14, abs: 1e-15)
    }

    static let binaryReference: [String: @Sendable (Double, Double) -> (Double, Double)] = [
        "add": { _, _ in (1, 1) }, "subtract": { _, _ in (1, -1) }, "multiply": { a, b in (b, a) },
        "divide": { a, b in (1 / b, -a / (b * b)) }, "power": { a, b in (b * Foundation.pow(a, b - 1), Foundation.pow(a, b) * Foundation.log(a)) },
        "maximum": { a, b in a > b ? (1, 0) : (a < b ? (0, 1) : (0.5, 0.5)) },
        "minimum": { a, b in a < b ? (1, 0) : (a > b ? (0, 1) : (0.5, 0.5)) },
    ]

    @Test(arguments: ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum"])
    func binaryMatchesClosedForm(_ name: String) throws {
        let entry = try #require(OperatorCatalog.entry(named: name))
        let reference = try #require(Self.binaryReference[name])
        var g = RandomGenerator(seed: stableSeed(name))
        var a = sample(entry.cases[0].domain(0), shape: [6], generator: &g)
        var b = sample(entry.cases[0].domain(1), shape: [6], generator: &g)
        // Include ties for max/min: their convention is half to each side.
        if name == "maximum" || name == "minimum" { b[0] = a[0] }
        let expected = zip(a.scalars, b.scalars).map(reference)
        let op = entry.cases[0].op
        a.attachGrad(); b.attachGrad()
        try Autograd.record { dispatch(op, [a, b]) }.backward()
        expectValues(a.grad, expected.map(\.0), rel: 1e-14, abs: 1e-15)
        expectValues(b.grad, expected.map(\.1), rel: 1e-14, abs: 1e-15)
        let (_, ta) = try jvp(at: [a.detach(), b.detach()], tangents: [NDArray.ones([6]), NDArray.zeros([6])]) { dispatch(op, $0) }
        expectValues(ta, expected.map(\.0), rel: 1e-14, abs: 1e-15)
        let (_, tb) = try jvp(at: [a.detach(), b.detach()], tangents: [NDArray.zeros([6]), NDArray.ones([6])]) { dispatch(op, $0) }
        expectValues(tb, expected.map(\.1), rel: 1e-14, abs: 1e-15)
    }

    /// At every declared kink both modes return the same documented value.
    @Test func kinksAgreeAcrossModes() throws {
        for entry in OperatorCatalog.entries where entry.family == .unary {
            for kink in entry.info.kinks {
                for point in kink.points {
                    var x = NDArray([point])
                    let op = entry.cases[0].op
                    let (_, forward) = try jvp(at: x, tangent: NDArray([1.0])) { dispatch(op, [$0]) }
                    x.attachGrad()
                    try Autograd.record { dispatch(op, [x]) }.backward()
                    let reverse = try #require(x.grad).scalars[0]
                    #expect(forward.scalars[0] == reverse, "\(entry.name) at \(point): forward \(forward.scalars[0]) reverse \(reverse)")
                }
            }
        }
    }

    /// Every catalog operator is checked: the list above leaves none out but the one with no derivative.
    @Test func everyOperatorIsChecked() {
        let names = Set(Self.cases.map(\.op.name))
        for entry in OperatorCatalog.entries where entry.info.derivative != .none {
            #expect(names.contains(entry.name), "\(entry.name) escapes the agreement test")
        }
        #expect(OperatorCatalog.entries.count >= 35)
    }

    /// Asking for a derivative through argmax is an error naming it, in both modes.
    @Test func noDerivativeIsAnErrorInBothModes() throws {
        var x = NDArray([1.0, 3, 2])
        #expect(throws: AutogradError.noDerivative(operator: "argmax", argument: 0)) {
            _ = try jvp(at: x, tangent: NDArray.ones([3])) { $0.argmax() * $0.sum() }
        }
        x.attachGrad()
        let y = Autograd.record { x.argmax() * x.sum() }
        #expect(throws: AutogradError.noDerivative(operator: "argmax", argument: 0)) { try y.backward() }
        #expect(x.argmax().scalars == [1])
    }
}

extension CatalogEntry: CustomTestStringConvertible {
    public var testDescription: String { name }
}
