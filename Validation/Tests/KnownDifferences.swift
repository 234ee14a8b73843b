import DualTape
import Testing

/// Every place where the peers disagree with each other or with DualTape about a derivative:
/// rows D1–D9 and D11 and up of the table in Validation/README.md, with the same ids (D10,
/// a shape convention, is ``ShapeConventionTests``).
///
/// A row covers (case, quantity, peer) triples. The generic comparison in
/// ``PeerAgreementTests`` skips a covered triple; the row's own test in
/// ``KnownDifferenceTests`` asserts the documented DualTape result and what each peer gives;
/// and ``KnownDifferenceTests/everyCoveredComparisonReallyDiffers(_:)`` fails when a covered
/// triple no longer differs, so the table cannot go stale.
struct KnownDifference: Sendable, CustomStringConvertible {
    struct Cover: Sendable {
        let cases: [String]
        let quantities: Set<Quantity>
        let peers: Set<Peer>
    }

    let id: String
    let title: String
    let covers: [Cover]

    var description: String { "\(id) \(title)" }
    var cases: [String] { Array(Set(covers.flatMap(\.cases))).sorted() }

    func covers(_ name: String, _ q: Quantity, _ p: Peer) -> Bool {
        covers.contains { $0.cases.contains(name) && $0.quantities.contains(q) && $0.peers.contains(p) }
    }
}

enum KnownDifferences {
    static let firstOrder: Set<Quantity> = [.vjp, .jvp, .jacobian, .jacobianForward]

    /// Every row: D1–D9 here, D11–D22 (the unary families) in KnownDifferencesUnary.swift,
    /// D23 and up (the later families) in KnownDifferencesFamilies.swift.
    static let all: [KnownDifference] = core + unary + families

    /// Rows D1–D9.
    static let core: [KnownDifference] = [
        KnownDifference(id: "D1", title: "abs'(0): JAX returns 1", covers: [
            .init(cases: ["abs"], quantities: firstOrder, peers: [.jax]),
        ]),
        KnownDifference(id: "D2", title: "clip at its bounds: JAX returns 1/2", covers: [
            .init(cases: ["clip_at_bounds"], quantities: firstOrder, peers: [.jax]),
        ]),
        KnownDifference(id: "D3", title: "maximum/minimum at a tie: MXNet gives everything to the first argument", covers: [
            .init(cases: ["maximum_ties", "maximum_scalar_0_tie", "minimum_ties"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D4", title: "max/min reductions at ties: MXNet gives every tied element the full derivative", covers: [
            .init(cases: ["max_all_ties", "max_axis1_ties", "min_axis0_ties"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D5", title: "prod with zero elements: MXNet returns NaN", covers: [
            .init(cases: ["prod_one_zero", "prod_two_zeros"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
        ]),
        KnownDifference(id: "D6", title: "norm at the zero vector: NaN in MXNet and JAX, NaN second derivative in PyTorch", covers: [
            .init(cases: ["norm_at_zero", "norm_zero_row"], quantities: [.vjp, .jacobian], peers: [.mxnet, .jax]),
            .init(cases: ["norm_at_zero", "norm_zero_row"], quantities: [.jvp, .jacobianForward], peers: [.jax]),
            .init(cases: ["norm_at_zero", "norm_zero_row"], quantities: [.hessian], peers: [.torch, .jax]),
        ]),
        KnownDifference(id: "D7", title: "d/dx x**0 at x = 0: NaN in MXNet and JAX, NaN second derivative in PyTorch", covers: [
            .init(cases: ["power_const_exponent_0_at_0"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
            .init(cases: ["power_const_exponent_0_at_0"], quantities: firstOrder.union([.hessian]), peers: [.jax]),
            .init(cases: ["power_const_exponent_0_at_0"], quantities: [.hessian], peers: [.torch]),
        ]),
        KnownDifference(id: "D8", title: "d/db a**b at a = 0: NaN in MXNet, NaN second derivative in PyTorch", covers: [
            .init(cases: ["power_base_0"], quantities: [.vjp, .jacobian], peers: [.mxnet]),
            .init(cases: ["power_base_0"], quantities: [.hessian], peers: [.torch]),
        ]),
        KnownDifference(id: "D9", title: "a derivative through argmax: zeros in the peers, an error in DualTape", covers: [
            .init(cases: ["argmax_gradient"], quantities: [.vjp], peers: [.mxnet, .jax]),
            .init(cases: ["argmax_gradient"], quantities: [.jvp], peers: [.torch, .jax]),
        ]),
    ]

    static func covers(_ name: String, _ q: Quantity, _ p: Peer) -> Bool {
        all.contains { $0.covers(name, q, p) }
    }
}

/// One test per row of the README's table of differences: each asserts what DualTape
/// returns (its documented convention) and what each peer returned, read from the
/// reference files.
@Suite("Documented differences between DualTape and the peers")
struct KnownDifferenceTests {
    // MARK: - helpers

    static func run(_ name: String) -> DualTapeRun {
        let c = References.case(name)
        let cotangent = References.peer(.mxnet).results[name]?.cotangent ?? References.peer(.torch).results[name]!.cotangent!
        return DualTapeRun(c, cotangent: cotangent)
    }

    static func result(_ p: Peer, _ name: String) -> PeerResult { References.peer(p).results[name]! }

    /// The diagonal of a square Jacobian.
    static func diagonal(_ a: RefArray) -> [Double] {
        let n = a.shape[1]
        return (0 ..< Swift.min(a.shape[0], n)).map { a.data[$0 * n + $0] }
    }

    /// The derivative of an elementwise case at each element: the Jacobian's diagonal.
    static func derivatives(_ p: Peer, _ name: String) -> [Double] { diagonal(result(p, name).jacobian![0]) }

    static func dualTapeDerivatives(_ name: String) throws -> (reverse: [Double], forward: [Double]) {
        let r = run(name)
        return (diagonal(try r.jacobianReverse!.get()[0]), diagonal(try r.jacobianForward!.get()[0]))
    }

    // MARK: - the rows

    /// D1: abs at 0. DualTape, MXNet and PyTorch return 0 (sign(0), the middle of the
    /// subdifferential [-1, 1]); JAX 0.10 returns 1.
    @Test func absAtZero() throws {
        // The input is [-1.5, 0, 2]: element 1 is the kink.
        let (reverse, forward) = try Self.dualTapeDerivatives("abs")
        #expect(reverse == [-1, 0, 1])
        #expect(forward == [-1, 0, 1])
        #expect(Self.derivatives(.mxnet, "abs") == [-1, 0, 1])
        #expect(Self.derivatives(.torch, "abs") == [-1, 0, 1])
        #expect(Self.derivatives(.jax, "abs") == [-1, 1, 1])
        #expect(Self.diagonal(Self.result(.jax, "abs").jacobianForward![0]) == [-1, 1, 1])
    }

    /// D2: clip(x, -0.5, 0.5) at x = -0.5 and 0.5. DualTape, MXNet and PyTorch return 1 (the
    /// derivative is 1 on the closed interval); JAX's clip is maximum then minimum, whose ties
    /// split, so it returns 1/2.
    @Test func clipAtBounds() throws {
        let (reverse, forward) = try Self.dualTapeDerivatives("clip_at_bounds")
        #expect(reverse == [1, 1])
        #expect(forward == [1, 1])
        #expect(Self.derivatives(.mxnet, "clip_at_bounds") == [1, 1])
        #expect(Self.derivatives(.torch, "clip_at_bounds") == [1, 1])
        #expect(Self.derivatives(.jax, "clip_at_bounds") == [0.5, 0.5])
    }

    /// D3: maximum(a, b) and minimum(a, b) where a = b. DualTape, PyTorch and JAX give 1/2 to
    /// each argument; MXNet gives 1 to a and 0 to b.
    @Test func maximumAndMinimumTies() throws {
        // maximum(x, 0) at x = [-1, 0, 2].
        let (reverse, forward) = try Self.dualTapeDerivatives("maximum_scalar_0_tie")
        #expect(reverse == [0, 0.5, 1])
        #expect(forward == [0, 0.5, 1])
        #expect(Self.derivatives(.torch, "maximum_scalar_0_tie") == [0, 0.5, 1])
        #expect(Self.derivatives(.jax, "maximum_scalar_0_tie") == [0, 0.5, 1])
        #expect(Self.derivatives(.mxnet, "maximum_scalar_0_tie") == [0, 1, 1])
        // maximum(a, b) and minimum(a, b) with b broadcast: at each tie DualTape gives ½ to a
        // and ½ to b; MXNet gives 1 to a and 0 to b.
        for name in ["maximum_ties", "minimum_ties"] {
            let c = References.case(name)
            let a = c.inputs[0].data
            let b = NDArray(values: c.inputs[1].data, shape: c.inputs[1].shape).broadcast(to: c.inputs[0].shape).scalars
            let ties = a.indices.filter { a[$0] == b[$0] }
            #expect(ties.count >= 2, "\(name): the case should have ties")
            let jacobians = try Self.run(name).jacobianReverse!.get()
            let mxnet = Self.result(.mxnet, name).jacobian!
            let (ja, jb, ma, mb) = (jacobians[0], jacobians[1], mxnet[0], mxnet[1])
            let (na, nb) = (ja.shape[1], jb.shape[1])
            for i in ties {
                #expect(ja.data[i * na + i] == 0.5, "\(name) element \(i): ∂y/∂a")
                #expect(ma.data[i * na + i] == 1, "\(name) element \(i): MXNet's ∂y/∂a")
                #expect(jb.data[(i * nb) ..< ((i + 1) * nb)].filter { $0 != 0 } == [0.5], "\(name) element \(i): ∂y/∂b")
                #expect(mb.data[(i * nb) ..< ((i + 1) * nb)].allSatisfy { $0 == 0 }, "\(name) element \(i): MXNet's ∂y/∂b")
            }
        }
    }

    /// D4: max and min reductions with tied extremes. DualTape, PyTorch (amax/amin) and JAX
    /// split the derivative equally among the k tied elements (1/k each); MXNet gives each
    /// tied element the full derivative (the weights sum to k).
    @Test func reductionTies() throws {
        // max over [[1, 3, 3], [0.5, 3, -1]]: three tied maxima, cotangent 1.
        let grad = try Self.run("max_all_ties").vjp!.get()[0].scalars
        let third = 1.0 / 3
        let expected: [Double] = [0, third, third, 0, third, 0]
        #expect(grad == expected)
        #expect(Self.result(.torch, "max_all_ties").vjp![0].data == grad)
        #expect(Self.result(.jax, "max_all_ties").vjp![0].data == grad)
        #expect(Self.result(.mxnet, "max_all_ties").vjp![0].data == [0, 1, 1, 0, 1, 0])
        // min over axis 0 of [[1, -2, 0.5], [1, 3, 0.5]]: ties in columns 0 and 2, cotangent [1, -1.5, 2].
        let minGrad = try Self.run("min_axis0_ties").vjp!.get()[0].scalars
        #expect(minGrad == [0.5, -1.5, 1, 0.5, 0, 1])
        #expect(Self.result(.mxnet, "min_axis0_ties").vjp![0].data == [1, -1.5, 2, 1, 0, 2])
    }

    /// D5: prod with zero elements. DualTape multiplies by the product of the *other*
    /// elements (no division), like PyTorch and JAX; MXNet divides the product by each
    /// element and returns 0/0 = NaN at the zeros.
    @Test func productWithZeros() throws {
        // prod over axis 1 of [[0.5, 0, 2], [1.5, -1, 3]], cotangent [1, -1.5].
        let grad = try Self.run("prod_one_zero").vjp!.get()[0].scalars
        #expect(grad == [0, 1, 0, 4.5, -6.75, 2.25])
        let mxnet = Self.result(.mxnet, "prod_one_zero").vjp![0].data
        #expect(mxnet[1].isNaN)
        #expect(Array(mxnet[3...]) == [4.5, -6.75, 2.25])
        // Two zeros: every first derivative is 0, in DualTape, PyTorch and JAX; MXNet has NaN at the zeros.
        let two = try Self.run("prod_two_zeros").vjp!.get()[0].scalars
        #expect(two == [0, 0, 0, 0])
        let mxnet2 = Self.result(.mxnet, "prod_two_zeros").vjp![0].data
        #expect(mxnet2[0].isNaN && mxnet2[2].isNaN)
        // The Hessian is not zero: ∂²/∂x₀∂x₂ = x₁x₃ = -3; DualTape's agrees with PyTorch's and JAX's (the generic test).
        let h = try Self.run("prod_two_zeros").hessianReverseOverReverse!.get()
        #expect(h.data[0 * 4 + 2] == -3)
    }

    /// D6: the L2 norm at the zero vector, where it is not differentiable. DualTape returns 0
    /// (a valid subgradient: the centre of the unit ball) in both modes and at second order.
    /// MXNet and JAX return NaN (0/0); PyTorch returns 0 to first order but NaN in its Hessian.
    @Test func normAtZero() throws {
        let r = Self.run("norm_at_zero")
        #expect(try r.vjp!.get()[0].scalars == [0, 0, 0])
        #expect(try r.jvp!.get().scalars == [0])
        #expect(try r.hessianReverseOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(try r.hessianForwardOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(Self.result(.mxnet, "norm_at_zero").vjp![0].data.allSatisfy { $0.isNaN })
        #expect(Self.result(.jax, "norm_at_zero").vjp![0].data.allSatisfy { $0.isNaN })
        #expect(Self.result(.jax, "norm_at_zero").jvp!.data.allSatisfy { $0.isNaN })
        #expect(Self.result(.torch, "norm_at_zero").vjp![0].data == [0, 0, 0])
        #expect(Self.result(.torch, "norm_at_zero").jvp!.data == [0])
        #expect(Self.result(.torch, "norm_at_zero").hessian!.data.allSatisfy { $0.isNaN })
        #expect(Self.result(.jax, "norm_at_zero").hessian!.data.allSatisfy { $0.isNaN })
        // Row 0 of norm over axis 1 is the zero vector; row 1 is not, and there all agree (see the generic test).
        let rowGrad = try Self.run("norm_zero_row").vjp!.get()[0].scalars
        #expect(Array(rowGrad[..<3]) == [0, 0, 0])
        #expect(Self.result(.mxnet, "norm_zero_row").vjp![0].data[..<3].allSatisfy { $0.isNaN })
        #expect(Self.result(.torch, "norm_zero_row").vjp![0].data[..<3].allSatisfy { $0 == 0 })
    }

    /// D7: x**0 at x = 0, the exponent a constant. The function is the constant 1, so every
    /// derivative is 0: DualTape's `Power` returns 0 where b = 0 (as PyTorch does, masking
    /// `exponent == 0`); MXNet and JAX compute b·a^(b-1) = 0·∞ = NaN, and PyTorch's Hessian
    /// has NaN too.
    @Test func zeroExponentAtZero() throws {
        let r = Self.run("power_const_exponent_0_at_0")
        #expect(try r.vjp!.get()[0].scalars == [0, 0])
        #expect(try r.jvp!.get().scalars == [0, 0])
        #expect(try r.hessianForwardOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(Self.result(.mxnet, "power_const_exponent_0_at_0").vjp![0].data[0].isNaN)
        #expect(Self.result(.jax, "power_const_exponent_0_at_0").vjp![0].data[0].isNaN)
        #expect(Self.result(.jax, "power_const_exponent_0_at_0").jvp!.data[0].isNaN)
        #expect(Self.result(.torch, "power_const_exponent_0_at_0").vjp![0].data == [0, 0])
        #expect(Self.result(.torch, "power_const_exponent_0_at_0").hessian!.data[0].isNaN)
        #expect(Self.result(.jax, "power_const_exponent_0_at_0").hessian!.data[0].isNaN)
        // Reverse over reverse gives 0 too: Power's partial raises 1 instead of a where b = 0,
        // so no 0·∞ hides in a branch that a select discards (the "double where" trap).
        let h = try r.hessianReverseOverReverse!.get()
        #expect(h.data.allSatisfy { $0 == 0 })
    }

    /// D8: the derivative of a**b in the exponent at a = 0 (b = 2 > 0). For b > 0 the function
    /// is 0 for every b, so the derivatives in b are 0: DualTape returns 0 (its rule takes the
    /// log of 1 where a = 0), as PyTorch and JAX do; MXNet computes y·log a = 0·(-∞) = NaN, and
    /// PyTorch's Hessian has NaN in the b rows.
    @Test func exponentDerivativeAtZeroBase() throws {
        let r = Self.run("power_base_0")
        let grads = try r.vjp!.get()
        #expect(grads[0].scalars == [0, -6])          // ∂/∂a = b·a^(b-1)
        #expect(grads[1].scalars[0] == 0)             // ∂/∂b at a = 0
        #expect(Self.result(.mxnet, "power_base_0").vjp![1].data[0].isNaN)
        #expect(Self.result(.torch, "power_base_0").vjp![1].data[0] == 0)
        #expect(Self.result(.jax, "power_base_0").vjp![1].data[0] == 0)
        // Hessian over (a₀, a₁, b₀, b₁): row b₀ at a₀ = 0 is all zeros in DualTape (both ways) and JAX.
        for h in [try r.hessianReverseOverReverse!.get(), try r.hessianForwardOverReverse!.get()] {
            #expect(h.data[8 ..< 12].allSatisfy { $0 == 0 })
        }
        #expect(Self.result(.jax, "power_base_0").hessian!.data[8 ..< 12].allSatisfy { $0 == 0 })
        #expect(Self.result(.torch, "power_base_0").hessian!.data[8].isNaN)
    }

    /// D9: asking for a derivative through argmax (integer-valued). DualTape throws
    /// `AutogradError.noDerivative(operator: "argmax", argument: 0)` in both modes; MXNet and
    /// JAX return zeros; PyTorch refuses the VJP (argmax's output does not require grad) and
    /// returns a zero JVP.
    @Test func argmaxHasNoDerivative() throws {
        let r = Self.run("argmax_gradient")
        #expect(throws: AutogradError.noDerivative(operator: "argmax", argument: 0)) { try r.vjp!.get() }
        #expect(throws: AutogradError.noDerivative(operator: "argmax", argument: 0)) { try r.jvp!.get() }
        #expect(Self.result(.mxnet, "argmax_gradient").vjp![0].data.allSatisfy { $0 == 0 })
        #expect(Self.result(.jax, "argmax_gradient").vjp![0].data.allSatisfy { $0 == 0 })
        #expect(Self.result(.jax, "argmax_gradient").jvp!.data.allSatisfy { $0 == 0 })
        #expect(Self.result(.torch, "argmax_gradient").errors?["vjp"]?.contains("does not require grad") == true)
        #expect(Self.result(.torch, "argmax_gradient").jvp!.data.allSatisfy { $0 == 0 })
    }

    // MARK: - the table stays exact

    /// Every triple a row covers really differs from DualTape (or holds a NaN, which no
    /// comparison accepts): a row that no longer describes a difference fails here.
    @Test(arguments: KnownDifferences.all)
    func everyCoveredComparisonReallyDiffers(_ row: KnownDifference) {
        for name in row.cases {
            let comparison = CaseComparison(References.case(name))
            var covered = 0
            for o in comparison.outcomes where row.covers(name, o.quantity, o.peer) {
                covered += 1
                // A triple can be compared more than once (two Jacobian modes): at least one must differ.
                let same = comparison.outcomes.filter { $0.quantity == o.quantity && $0.peer == o.peer }
                #expect(same.contains { $0.mismatch != nil },
                        "\(row.id): \(name) \(o.quantity) against \(o.peer) no longer differs; remove it from the row")
            }
            #expect(covered > 0, "\(row.id): covers nothing for \(name)")
        }
    }

    /// No two rows cover the same triple, and every covered case exists.
    @Test func rowsAreDisjointAndNameRealCases() {
        let names = Set(References.cases.map(\.name))
        var seen: Set<String> = []
        for row in KnownDifferences.all {
            for cover in row.covers {
                for name in cover.cases {
                    #expect(names.contains(name), "\(row.id) names an unknown case \(name)")
                    for q in cover.quantities {
                        for p in cover.peers {
                            #expect(seen.insert("\(name)/\(q)/\(p)").inserted, "\(name) \(q) \(p) is in two rows")
                        }
                    }
                }
            }
        }
    }
}
