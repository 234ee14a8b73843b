import DualTape
import Foundation
import Testing

/// Rows D11–D22 of the README's table: where the peers disagree with DualTape on the unary
/// operators of the exp/log, trigonometric, special-function, activation and rounding
/// families. Same pattern as ``KnownDifferences/all``: each row covers (case, quantity,
/// peer) triples and has one test in ``UnaryKnownDifferenceTests``.
extension KnownDifferences {
    static let unary: [KnownDifference] = [
        KnownDifference(id: "D11", title: "leaky_relu'(0): JAX returns 1", covers: [
            .init(cases: ["leaky_relu_at_zero"], quantities: firstOrder, peers: [.jax]),
        ]),
        KnownDifference(id: "D12", title: "softsign''(0): JAX returns -2 (abs'(0) = 1)", covers: [
            .init(cases: ["softsign"], quantities: [.hessian], peers: [.jax]),
        ]),
        KnownDifference(id: "D13", title: "elu''(0) and selu''(0): PyTorch returns 0", covers: [
            .init(cases: ["elu", "elu_alpha_half", "selu"], quantities: [.hessian], peers: [.torch]),
        ]),
        KnownDifference(id: "D14", title: "softplus above 20: PyTorch returns x (slope 1), MXNet returns x", covers: [
            .init(cases: ["softplus_above_20"], quantities: firstOrder.union([.value, .hessian]), peers: [.torch]),
            .init(cases: ["softplus_above_20"], quantities: [.value], peers: [.mxnet]),
            .init(cases: ["softplus_above_20"], quantities: [.hessian], peers: [.jax]),
        ]),
        KnownDifference(id: "D15", title: "round at halves: MXNet rounds away from zero", covers: [
            .init(cases: ["round_halves"], quantities: [.value], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D16", title: "MXNet computes some Float64 operators with Float32 parameters or kernels", covers: [
            .init(cases: ["erf", "erfinv", "lgamma", "lgamma_negative", "lgamma_large"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
            .init(cases: ["gelu", "leaky_relu", "leaky_relu_alpha_0_2", "leaky_relu_at_zero"],
                  quantities: [.value, .vjp, .jacobian], peers: [.mxnet]),
            .init(cases: ["selu"], quantities: [.value], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D17", title: "selu' for x < 0: MXNet returns λ(y + α) instead of λα·eˣ", covers: [
            .init(cases: ["selu"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D18", title: "arcsinh'' and arccosh'': MXNet has the wrong sign", covers: [
            .init(cases: ["arcsinh", "arccosh", "arccosh_at_one"], quantities: [.hessian], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D19", title: "trigamma: PyTorch's polygamma(1, x) is accurate to about 1e-9", covers: [
            .init(cases: ["digamma", "digamma_negative", "polygamma_0"], quantities: firstOrder, peers: [.torch]),
            .init(cases: ["polygamma_1"], quantities: [.value], peers: [.torch]),
            .init(cases: ["lgamma", "lgamma_negative"], quantities: [.hessian], peers: [.torch]),
        ]),
        KnownDifference(id: "D20", title: "arctanh''(1): JAX returns NaN for the infinite second derivative", covers: [
            .init(cases: ["arctanh_at_one"], quantities: [.hessian], peers: [.jax]),
        ]),
        KnownDifference(id: "D21", title: "cbrt''(0): DualTape returns NaN, MXNet and JAX -inf", covers: [
            .init(cases: ["cbrt_at_zero"], quantities: [.hessian], peers: [.mxnet, .jax]),
        ]),
        KnownDifference(id: "D22", title: "lgamma and digamma at the pole 0: JAX returns NaN, MXNet's lgamma' the largest Double", covers: [
            .init(cases: ["lgamma_at_zero"], quantities: firstOrder, peers: [.jax]),
            .init(cases: ["lgamma_at_zero"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
            .init(cases: ["digamma_at_zero"], quantities: [.value, .hessian], peers: [.jax]),
        ]),
    ]
}

/// One test per row D11–D22: what DualTape returns (its documented convention) and what each
/// peer returned, read from the reference files.
@Suite("Documented differences on the unary families")
struct UnaryKnownDifferenceTests {
    typealias K = KnownDifferenceTests

    /// The diagonal of the Hessian of ⟨u, f⟩ (u the case's cotangent) by DualTape's two routes.
    static func hessianDiagonals(_ name: String) throws -> (reverse: [Double], forward: [Double]) {
        let r = K.run(name)
        return (K.diagonal(try r.hessianReverseOverReverse!.get()), K.diagonal(try r.hessianForwardOverReverse!.get()))
    }

    static func hessianDiagonal(_ p: Peer, _ name: String) -> [Double] { K.diagonal(K.result(p, name).hessian!) }

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool { Swift.abs(a - b) <= relative * Swift.abs(b) }

    /// D11: leaky_relu(x, alpha=0.2) at x = [-1, 0, 2]. DualTape, PyTorch and MXNet return
    /// alpha at 0 (the left derivative); JAX's `where(x >= 0, x, alpha·x)` returns 1.
    @Test func leakyReluAtZero() throws {
        let (reverse, forward) = try K.dualTapeDerivatives("leaky_relu_at_zero")
        #expect(reverse == [0.2, 0.2, 1])
        #expect(forward == [0.2, 0.2, 1])
        #expect(K.derivatives(.torch, "leaky_relu_at_zero") == [0.2, 0.2, 1])
        #expect(K.derivatives(.jax, "leaky_relu_at_zero") == [0.2, 1, 1])
        #expect(K.diagonal(K.result(.jax, "leaky_relu_at_zero").jacobianForward![0]) == [0.2, 1, 1])
        // MXNet's slope is a Float32 parameter (row D16), at 0 too.
        let slope = Double(Float(0.2))
        #expect(K.derivatives(.mxnet, "leaky_relu_at_zero") == [slope, slope, 1])
    }

    /// D12: softsign''(x) = -2·sign(x)/(1 + |x|)³ jumps at 0. DualTape and PyTorch return 0
    /// there (sign(0) = 0, the middle of the jump); JAX differentiates |x| as 1 at 0 and returns -2.
    @Test func softsignSecondDerivativeAtZero() throws {
        // x = [-5, -1, 0, 0.5, 3], cotangent 2 at x = 0: the Hessian's diagonal there is 2·softsign''(0).
        let (reverse, forward) = try Self.hessianDiagonals("softsign")
        #expect(reverse[2] == 0 && forward[2] == 0)
        #expect(Self.hessianDiagonal(.torch, "softsign")[2] == 0)
        #expect(Self.hessianDiagonal(.jax, "softsign")[2] == -4)
    }

    /// D13: elu and selu at 0, where the second derivative jumps from alpha (scale·alpha for
    /// selu) to 0. DualTape and JAX return the left one; PyTorch returns 0.
    @Test func eluSecondDerivativeAtZero() throws {
        // x = [-3, -0.5, 0, 1, 2], cotangent 2 at x = 0.
        let selu = 2 * 1.0507009873554804934 * 1.6732632423543772848
        for (name, expected) in [("elu", 2.0), ("elu_alpha_half", 1.0), ("selu", selu)] {
            let (reverse, forward) = try Self.hessianDiagonals(name)
            #expect(Self.close(reverse[2], expected, relative: 1e-15), "\(name): \(reverse[2])")
            #expect(Self.close(forward[2], expected, relative: 1e-15), "\(name): \(forward[2])")
            #expect(Self.close(Self.hessianDiagonal(.jax, name)[2], expected, relative: 1e-15))
            #expect(Self.hessianDiagonal(.torch, name)[2] == 0, "\(name): PyTorch")
        }
    }

    /// D14: softplus at x = [21, 25, 1000]. DualTape computes x + log1p(exp(-x)) and σ(x) for
    /// every x (documented on `Softplus`), as JAX does; PyTorch (threshold = 20) returns x, slope
    /// 1 and a zero second derivative above 20; MXNet's softrelu returns x above 20 but its
    /// derivative 1 - exp(-y) is exact. The second derivative σ'(x) = σ(x)σ(-x) is exact in
    /// DualTape (`Sigmoid`'s derivative is y·σ(-x)); JAX computes it as y(1 - y), which cancels:
    /// 7.58e-10 at 21 to about 1e-7 only, 0 at 1000 for 5.1e-435 (an underflow either way).
    @Test func softplusAboveTwenty() throws {
        let r = K.run("softplus_above_20")
        let value = r.value.scalars
        #expect(value[0] == 21 + Foundation.log1p(Foundation.exp(-21.0)))
        #expect(value[0] > 21 && value[1] > 25 && value[2] == 1000)
        #expect(K.result(.torch, "softplus_above_20").value!.data == [21, 25, 1000])
        #expect(K.result(.mxnet, "softplus_above_20").value!.data == [21, 25, 1000])
        let sigma21 = 1 / (1 + Foundation.exp(-21.0))
        let grad = try r.vjp!.get()[0].scalars
        #expect(Self.close(grad[0], sigma21, relative: 1e-15))
        #expect(K.result(.torch, "softplus_above_20").vjp![0].data == [1, -1.5, 2])
        #expect(Self.close(K.result(.mxnet, "softplus_above_20").vjp![0].data[0], sigma21, relative: 1e-15))
        // The Hessian's diagonal is u·σ'(x), u = [1, -1.5, 2] the cotangent.
        let u = [1, -1.5, 2.0]
        let exact = [21.0, 25].enumerated().map { i, x in
            let s = Foundation.exp(-x)
            return u[i] * s / ((1 + s) * (1 + s))
        }
        let (reverse, forward) = try Self.hessianDiagonals("softplus_above_20")
        for (route, h) in [("reverse over reverse", reverse), ("forward over reverse", forward)] {
            for i in 0 ..< 2 { #expect(Self.close(h[i], exact[i], relative: 1e-15), "\(route): softplus''(\(i)) = \(h[i]), exact \(exact[i])") }
            #expect(h[2] == 0, "\(route): σ'(1000) underflows to 0")
        }
        let jax = Self.hessianDiagonal(.jax, "softplus_above_20")
        let jaxError = Swift.abs(jax[0] - exact[0]) / exact[0]
        #expect(jaxError > 1e-12 && jaxError < 1e-6, "JAX's y(1 - y) at 21: relative error \(jaxError)")
        #expect(Self.hessianDiagonal(.torch, "softplus_above_20") == [0, 0, 0])
    }

    /// D15: round at the halves -2.5 … 2.5. DualTape, PyTorch and JAX round half to even (as
    /// NumPy); MXNet's round rounds halves away from zero.
    @Test func roundHalves() {
        let value = K.run("round_halves").value.scalars
        #expect(value == [-2, -2, 0, 0, 2, 2])
        #expect(K.result(.torch, "round_halves").value!.data == [-2, -2, 0, 0, 2, 2])
        #expect(K.result(.jax, "round_halves").value!.data == [-2, -2, 0, 0, 2, 2])
        #expect(K.result(.mxnet, "round_halves").value!.data == [-3, -2, -1, 1, 2, 3])
    }

    /// D16: in Float64, MXNet's LeakyReLU takes its slope as a Float32 parameter, its gelu and
    /// selu use Float32 constants or arithmetic, and the derivatives of erf, erfinv and gammaln
    /// have Float32 accuracy. DualTape agrees with PyTorch and JAX to 1e-12 there (the generic
    /// test); MXNet differs by more than that but by less than 1e-6 of the array's scale.
    @Test func mxnetFloat32Internals() throws {
        let row = KnownDifferences.unary.first { $0.id == "D16" }!
        for name in row.cases {
            let run = K.run(name)
            let mxnet = K.result(.mxnet, name)
            var pairs: [(mine: [Double], theirs: RefArray, label: String)] = []
            if row.covers(name, .value, .mxnet) { pairs.append((run.value.scalars, mxnet.value!, "value")) }
            if row.covers(name, .vjp, .mxnet) { pairs.append((try run.vjp!.get()[0].scalars, mxnet.vjp![0], "vjp")) }
            for (mine, theirs, label) in pairs {
                let scale = theirs.data.map(Swift.abs).max()!
                let difference = zip(mine, theirs.data).map { Swift.abs($0 - $1) }.max()!
                #expect(difference > 1e-12 * scale && difference <= 1e-6 * scale, "\(name) \(label): \(difference) on \(scale)")
            }
        }
        // The slope: leaky_relu(-3, alpha=0.01) is -3·Float(0.01) in MXNet.
        #expect(K.result(.mxnet, "leaky_relu").value!.data[0] == -3 * Double(Float(0.01)))
        #expect(K.run("leaky_relu").value.scalars[0] == -0.03)
    }

    /// D17: selu'(x) for x < 0 is λα·eˣ (DualTape, PyTorch, JAX). MXNet 1.9.1 returns
    /// λ(y + α) with y = selu(x) = λα(eˣ - 1), that is λ²α(eˣ - 1) + λα: λ applied twice.
    @Test func mxnetSeluGradient() throws {
        // x = [-3, -0.5, 0, 1, 2].
        let (lambda, alpha) = (1.0507009873554804934, 1.6732632423543772848)
        let x = References.case("selu").inputs[0].data
        let (reverse, _) = try K.dualTapeDerivatives("selu")
        let mxnet = K.derivatives(.mxnet, "selu")
        let mxnetValue = K.result(.mxnet, "selu").value!.data
        for i in [0, 1] {
            #expect(Self.close(reverse[i], lambda * alpha * Foundation.exp(x[i]), relative: 1e-15))
            // MXNet's own formula, with its Float32 constants (row D16): agreement to 1e-6.
            #expect(Swift.abs(mxnet[i] - lambda * (mxnetValue[i] + alpha)) <= 1e-6)
            #expect(Swift.abs(mxnet[i] - reverse[i]) > 0.03)
        }
    }

    /// D18: arcsinh''(x) = -x/(1 + x²)^(3/2) and arccosh''(x) = -x/(x² - 1)^(3/2). DualTape,
    /// PyTorch and JAX agree; MXNet's second derivatives have the opposite sign.
    @Test func mxnetInverseHyperbolicSecondDerivatives() throws {
        for name in ["arcsinh", "arccosh"] {
            let (reverse, forward) = try Self.hessianDiagonals(name)
            let x = References.case(name).inputs[0].data
            let u = K.result(.torch, name).cotangent!
            let mxnet = Self.hessianDiagonal(.mxnet, name)
            for i in x.indices {
                let exact = name == "arcsinh" ? -x[i] / Foundation.pow(1 + x[i] * x[i], 1.5)
                                              : -x[i] / Foundation.pow((x[i] - 1) * (x[i] + 1), 1.5)
                #expect(Self.close(forward[i], u[i] * exact, relative: 1e-13), "\(name) at \(x[i])")
                #expect(Self.close(reverse[i], u[i] * exact, relative: 1e-13), "\(name) at \(x[i])")
                #expect(Self.close(mxnet[i], -u[i] * exact, relative: 1e-13), "\(name) at \(x[i]): MXNet")
            }
        }
        // At x = 1: -inf by DualTape's forward over reverse, PyTorch and JAX; +inf in MXNet.
        #expect(try Self.hessianDiagonals("arccosh_at_one").forward == [-.infinity])
        #expect(Self.hessianDiagonal(.torch, "arccosh_at_one") == [-.infinity])
        #expect(Self.hessianDiagonal(.mxnet, "arccosh_at_one") == [.infinity])
    }

    /// D19: trigamma ψ⁽¹⁾ = polygamma(1, ·), the derivative of digamma and the second
    /// derivative of lgamma. DualTape and JAX give ψ⁽¹⁾(1/2) = π²/2 and ψ⁽¹⁾(1) = π²/6 to the
    /// last bit or two; PyTorch 2.13's polygamma(1, x) is off by 3e-10 to 5e-10 relative there.
    @Test func torchTrigammaAccuracy() throws {
        // polygamma(1, x) at x = [0.1, 0.5, 1, 3, 20].
        let mine = K.run("polygamma_1").value.scalars
        let jax = K.result(.jax, "polygamma_1").value!.data
        let torch = K.result(.torch, "polygamma_1").value!.data
        for (i, exact) in [(1, Double.pi * Double.pi / 2), (2, Double.pi * Double.pi / 6)] {
            #expect(Self.close(mine[i], exact, relative: 4 * Double.ulpOfOne), "DualTape ψ1(\(i == 1 ? 0.5 : 1)) = \(mine[i])")
            #expect(Self.close(jax[i], exact, relative: 4 * Double.ulpOfOne), "JAX ψ1 = \(jax[i])")
            let error = Swift.abs(torch[i] - exact) / exact
            #expect(error > 1e-10 && error < 1e-8, "PyTorch ψ1 relative error \(error)")
        }
        // The digamma cases' derivatives are the same function: PyTorch differs from DualTape by less than 1e-8.
        for name in ["digamma", "digamma_negative", "polygamma_0"] {
            let grad = try K.run(name).vjp!.get()[0].scalars
            let theirs = K.result(.torch, name).vjp![0].data
            #expect(zip(grad, theirs).allSatisfy { Self.close($1, $0, relative: 1e-8) }, "\(name)")
        }
    }

    /// D20: at x = 1 for arcsin, arccosh and arctanh, and x = -1 for arccos, the first
    /// derivative is +inf or -inf and so is the second (the one-sided limit inside the
    /// domain). DualTape returns it by reverse over reverse and forward over reverse alike,
    /// as MXNet and PyTorch do (MXNet's arccosh'' has the wrong sign, row D18); JAX returns NaN
    /// for arctanh''(1) (its rule 1/(1 + x) · 1/(1 - x) adds -inf and +inf).
    @Test func infiniteSecondDerivativesAtEnds() throws {
        let expected: [(String, Double)] = [("arcsin_at_one", .infinity), ("arccos_at_minus_one", .infinity),
                                            ("arctanh_at_one", .infinity), ("arccosh_at_one", -.infinity)]
        for (name, h) in expected {
            let (reverse, forward) = try Self.hessianDiagonals(name)
            #expect(forward == [h], "\(name): forward over reverse")
            #expect(reverse == [h], "\(name): reverse over reverse")
            #expect(Self.hessianDiagonal(.torch, name) == [h], "\(name): PyTorch")
            if name != "arccosh_at_one" { #expect(Self.hessianDiagonal(.mxnet, name) == [h], "\(name): MXNet") }
            if name == "arctanh_at_one" {
                #expect(Self.hessianDiagonal(.jax, name)[0].isNaN)
            } else {
                #expect(Self.hessianDiagonal(.jax, name) == [h], "\(name): JAX")
            }
        }
    }

    /// D21: cbrt at 0. The first derivative is +inf in all (DualTape, MXNet, JAX; PyTorch has
    /// no cbrt). The second derivative -2/(9·x^(5/3)) tends to -inf from the right and +inf
    /// from the left: DualTape returns NaN; MXNet and JAX return -inf.
    @Test func cbrtSecondDerivativeAtZero() throws {
        let r = K.run("cbrt_at_zero")
        #expect(try r.vjp!.get()[0].scalars == [.infinity])
        let (reverse, forward) = try Self.hessianDiagonals("cbrt_at_zero")
        #expect(reverse[0].isNaN && forward[0].isNaN)
        #expect(Self.hessianDiagonal(.mxnet, "cbrt_at_zero") == [-.infinity])
        #expect(Self.hessianDiagonal(.jax, "cbrt_at_zero") == [-.infinity])
        #expect(K.result(.torch, "cbrt_at_zero").errors?["value"]?.contains("has no cbrt") == true)
    }

    /// D22: the pole of Γ at 0. DualTape and PyTorch return lgamma(0) = +inf with derivative
    /// ψ(+0) = -inf, and digamma(0) = -inf with derivative +inf and second derivative -inf (the
    /// limits from the right, documented on `Digamma`). JAX returns lgamma'(0) = NaN and
    /// digamma(0) = NaN; MXNet's gammaln derivative at 0 is +1.8e308, the largest Double.
    @Test func gammaPoleAtZero() throws {
        let lg = K.run("lgamma_at_zero")
        #expect(lg.value.scalars == [.infinity])
        #expect(try lg.vjp!.get()[0].scalars == [-.infinity])
        #expect(K.result(.torch, "lgamma_at_zero").vjp![0].data == [-.infinity])
        #expect(K.result(.jax, "lgamma_at_zero").vjp![0].data[0].isNaN)
        #expect(K.result(.mxnet, "lgamma_at_zero").vjp![0].data == [Double.greatestFiniteMagnitude])
        let dg = K.run("digamma_at_zero")
        #expect(dg.value.scalars == [-.infinity])
        #expect(try dg.vjp!.get()[0].scalars == [.infinity])
        #expect(try Self.hessianDiagonals("digamma_at_zero").reverse == [-.infinity])
        #expect(K.result(.torch, "digamma_at_zero").value!.data == [-.infinity])
        #expect(K.result(.jax, "digamma_at_zero").value!.data[0].isNaN)
        #expect(K.result(.jax, "digamma_at_zero").vjp![0].data == [.infinity])
    }
}
