import DualTape
import Foundation
import Testing

/// Rows D23 and up of the README's table (D25, a DualTape issue since fixed, is retired; its
/// test is ``FixedIssueTests/floorDivideHessian()``): where the peers disagree with DualTape on the
/// binary-math, statistics, normalization, scan, diagonal, indexing, LAPACK, product and
/// convolution families. Same pattern as ``KnownDifferences/all``.
extension KnownDifferences {
    static let families: [KnownDifference] = [
        KnownDifference(id: "D23", title: "xlogy at x = 0, y = 0: PyTorch and JAX return NaN or -inf", covers: [
            .init(cases: ["xlogy_at_zero"], quantities: firstOrder.union([.hessian]), peers: [.torch, .jax]),
        ]),
        KnownDifference(id: "D24", title: "copysign'': PyTorch's double backward leaves 4.4e-16 for 0", covers: [
            .init(cases: ["copysign"], quantities: [.hessian], peers: [.torch]),
        ]),
        KnownDifference(id: "D26", title: "hypot: JAX's second derivative at |a| = |b| and first derivatives at 1e200 are wrong", covers: [
            .init(cases: ["hypot"], quantities: [.hessian], peers: [.jax]),
            .init(cases: ["hypot_large"], quantities: firstOrder.union([.hessian]), peers: [.jax]),
        ]),
        KnownDifference(id: "D27", title: "std at zero variance: JAX returns NaN", covers: [
            .init(cases: ["std_zero_variance"], quantities: firstOrder.union([.hessian]), peers: [.jax]),
        ]),
    ]
}

/// One test per row D23 and up: what DualTape returns and what each peer returned.
@Suite("Documented differences on the later families")
struct FamilyKnownDifferenceTests {
    typealias K = KnownDifferenceTests

    /// D23: xlogy(x, y) = x·log y is 0 where x = 0, for every y. DualTape returns ∂/∂x = log y
    /// (0 at y ≤ 0, as PyTorch's reverse mode) and ∂/∂y = x/y = 0 at x = 0 (documented on
    /// `XLogY`); PyTorch returns NaN for ∂/∂y at (0, 0), NaN for ∂/∂x at (0, 0) in forward
    /// mode, and NaN or inf in the Hessian; JAX returns ∂/∂x = log 0 = -inf and ∂/∂y = NaN there.
    @Test func xlogyAtZero() throws {
        // x = [0, 0], y = [0, 2], cotangent [1, -1.5].
        let r = K.run("xlogy_at_zero")
        #expect(r.value.scalars == [0, 0])
        let grads = try r.vjp!.get()
        #expect(grads[0].scalars == [0, -1.5 * Foundation.log(2.0)])
        #expect(grads[1].scalars == [0, 0])
        let torch = K.result(.torch, "xlogy_at_zero")
        #expect(torch.vjp![1].data[0].isNaN)
        #expect(torch.jacobianForward![0].data[0].isNaN)
        #expect(torch.hessian!.data.contains { $0.isNaN })
        let jax = K.result(.jax, "xlogy_at_zero")
        #expect(jax.vjp![0].data[0] == -.infinity)
        #expect(jax.vjp![1].data[0].isNaN)
        // At y = 2 every system agrees: ∂/∂x = log 2, ∂/∂y = 0.
        #expect(jax.vjp![0].data[1] == -1.5 * Foundation.log(2.0))
    }

    /// D24: copysign(a, b) is ±a between the sign changes of a and b, so its Hessian is 0.
    /// DualTape and JAX return exact zeros; PyTorch's double backward leaves one entry of 4.4e-16
    /// (2 ulps of 1), where the comparison's floor, scaled by the reference's largest entry,
    /// accepts nothing but 0.
    @Test func copysignHessian() throws {
        let r = K.run("copysign")
        #expect(try r.hessianReverseOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(try r.hessianForwardOverReverse!.get().data.allSatisfy { $0 == 0 })
        let torch = K.result(.torch, "copysign").hessian!.data
        #expect(torch.filter { $0 != 0 } == [4.440892098500626e-16])
        #expect(K.result(.jax, "copysign").hessian!.data.allSatisfy { $0 == 0 })
    }

    /// D26: hypot(a, b) = √(a² + b²). At a = b = 0.5 (element [1, 0] of the `hypot` case),
    /// ∂²h/∂a² = b²/h³ = 1/√2: DualTape and PyTorch agree; JAX returns 0 (its hypot orders the
    /// arguments with maximum/minimum, whose tie splits). At 1e200 (`hypot_large`) JAX's
    /// derivative in the larger argument is h/|x| instead of x/h: 1.054 for 0.949 at (-3e200, 1e200).
    @Test func jaxHypot() throws {
        // The Hessian of ⟨u, hypot⟩ at element 3 (a = 0.5, b = 0.5), cotangent -2.5.
        let expected = -2.5 * 0.25 / Foundation.pow(0.5, 1.5)
        let (reverse, forward) = try (K.run("hypot").hessianReverseOverReverse!.get(), K.run("hypot").hessianForwardOverReverse!.get())
        let n = reverse.shape[1]
        for h in [reverse, forward, K.result(.torch, "hypot").hessian!] {
            #expect(Swift.abs(h.data[3 * n + 3] - expected) <= 1e-15)
        }
        #expect(K.result(.jax, "hypot").hessian!.data[3 * n + 3] == 0)
        // hypot(a, b) at a = [1e200, -3e200], b = [4e200, 1e200]: ∂h/∂a = a/h.
        let (da, _) = try K.dualTapeDerivatives("hypot_large")
        let exact = [1 / Foundation.sqrt(17.0), -3 / Foundation.sqrt(10.0)]
        for i in 0 ..< 2 {
            #expect(Swift.abs(da[i] - exact[i]) <= 1e-15)
            #expect(Swift.abs(K.derivatives(.torch, "hypot_large")[i] - exact[i]) <= 1e-15)
        }
        #expect(Swift.abs(K.derivatives(.jax, "hypot_large")[1] + Foundation.sqrt(10.0) / 3) <= 1e-15)
    }

    /// D27: std over a constant row, where the standard deviation √var has its kink at 0.
    /// DualTape returns a zero derivative there (documented on `StandardDeviation`), as
    /// PyTorch does; JAX returns NaN (√'(0)·0).
    @Test func stdAtZeroVariance() throws {
        // Row 0 is [2, 2, 2]; row 1 is not constant.
        let grad = try K.run("std_zero_variance").vjp!.get()[0].scalars
        #expect(Array(grad[..<3]) == [0, 0, 0])
        #expect(Array(K.result(.torch, "std_zero_variance").vjp![0].data[..<3]) == [0, 0, 0])
        #expect(K.result(.jax, "std_zero_variance").vjp![0].data[..<3].allSatisfy { $0.isNaN })
    }
}
