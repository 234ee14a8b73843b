import Testing
import DualTape
import DualTapeTesting

/// The seed tutorial's control-flow function, for random inputs, in both modes:
///
///     b = a * 2;  while ‖b‖ < 1000 { b = b * 2 };  c = sum(b) >= 0 ? b[0] : b[1]
///
/// `c` is `2ᵏ·a₀` or `2ᵏ·a₁` with k the number of doublings, so its gradient is exactly
/// `[2ᵏ, 0]` or `[0, 2ᵏ]` (doubling is exact in floating point).
@Suite("The tutorial's control flow")
struct ControlFlowPropertyTests {
    static func f(_ a: NDArray) -> NDArray {
        var b = a * 2
        while b.norm().asScalar() < 1000 { b = b * 2 }
        return b.sum().asScalar() >= 0 ? b[0] : b[1]
    }

    /// Inputs of two elements, away from the zero vector (where the loop never ends).
    static let inputs = Gen<NDArray> { source in
        let dtype = try source.element(of: [DType.float32, .float64])
        let a = try Gen<NDArray>.drawArray(source, shape: [2], dtype: dtype, domain: .interval(-10, 10), extraSpecials: [])
        guard a.norm().asScalar() >= 1e-3 else { throw GenerationRejected(reason: "a is too close to the zero vector") }
        return a
    }

    /// The doublings k (and the branch) computed in Double; near the stopping boundary, where
    /// the array's own norm may round the other way, either count is accepted.
    static func expected(_ a: NDArray) -> (ks: [Int], first: Bool) {
        let x = a.scalars
        let norm = (x[0] * x[0] + x[1] * x[1]).squareRoot()
        var k = 1
        while Double(1 << k) * norm < 1000 { k += 1 }
        var ks = [k]
        if Swift.abs(Double(1 << k) * norm - 1000) <= 1e-5 * 1000 { ks.append(k + 1) }
        if Swift.abs(Double(1 << (k - 1)) * norm - 1000) <= 1e-5 * 1000, k > 1 { ks.append(k - 1) }
        return (ks, x[0] + x[1] >= 0)
    }

    @Test func gradientIsAPowerOfTwoInBothModes() {
        checkProperty("control flow", Self.inputs, configuration: config(Budget.expressions), describe: ExpressionFormat.array) { a in
            let (ks, first) = Self.expected(a)
            func isExpected(_ g: [Double]) -> Bool {
                ks.contains { k in g == (first ? [Double(1 << k), 0] : [0, Double(1 << k)]) }
            }
            var x = a
            x.attachGrad()
            let c = Autograd.record { Self.f(x) }
            if c.shape != [1] { return .fail("c has shape \(Shape.describe(c.shape)), expected [1]") }
            try c.backward()
            let reverse = try #require(x.grad)
            if reverse.dtype != a.dtype || !isExpected(reverse.scalars) {
                return .fail("reverse: gradient \(reverse.scalars) (\(reverse.dtype)); expected 2^k at index \(first ? 0 : 1), k in \(ks)")
            }
            let forward = try [0, 1].map { i in
                try jvp(at: a, tangent: NDArray(values: i == 0 ? [1, 0] : [0, 1], shape: [2], dtype: a.dtype), Self.f).tangent.scalars[0]
            }
            return .check(isExpected(forward), "forward: gradient \(forward); expected 2^k at index \(first ? 0 : 1), k in \(ks)")
        }
    }

    /// The tutorial's own input gives the tutorial's result: ten doublings, gradient [1024, 0].
    @Test func tutorialInput() throws {
        var a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        a.attachGrad()
        let c = Autograd.record { Self.f(a) }
        try c.backward()
        #expect(try #require(a.grad).scalars == [1024, 0])
        #expect(Self.expected(a).ks == [10])
    }
}
