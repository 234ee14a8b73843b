import DualTape
import DualTapeOracle
import Foundation
import Testing

@Suite("Numerical Jacobians")
struct NumericJacobianTests {
    @Test func fullJacobianOfABroadcastingFunction() throws {
        let a = NDArray([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]), b = NDArray([0.3, 0.6, 0.9])
        let jacobian = try numericJacobian(of: { sin($0[0] * $0[1]) }, at: [a, b])
        #expect(jacobian.blocks.map(\.shape) == [[2, 3, 2, 3], [2, 3, 3]])
        let ja = jacobian.blocks[0].scalars, jb = jacobian.blocks[1].scalars
        let av = a.scalars, bv = b.scalars
        for i in 0 ..< 6 {
            for j in 0 ..< 6 {
                let expected = i == j ? cos(av[i] * bv[i % 3]) * bv[i % 3] : 0
                #expect(abs(ja[i * 6 + j] - expected) < 1e-9)
            }
            for j in 0 ..< 3 {
                let expected = j == i % 3 ? cos(av[i] * bv[j]) * av[i] : 0
                #expect(abs(jb[i * 3 + j] - expected) < 1e-9)
            }
        }
        #expect(jacobian.errors[0].scalars.allSatisfy { $0 >= 0 && $0 < 1e-6 })
    }

    @Test func directionalDerivativeMatchesBothModes() throws {
        var g = RandomGenerator(seed: 11)
        let x = NDArray.normal(shape: [50], generator: &g), v = NDArray.normal(shape: [50], generator: &g)
        let u = NDArray.normal(shape: [50], generator: &g)
        let f: ([NDArray]) -> NDArray = { tanh($0[0]) * $0[0].sum() }
        let numeric = try numericDirectionalDerivative(of: f, at: [x], along: [v], cotangent: u)
        let forward = try jvp(at: [x], tangents: [v], f).tangent
        let reverse = try vjp(at: [x], f).pullback(u)[0]
        let fv = zip(u.scalars, forward.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        let rv = zip(reverse.scalars, v.scalars).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(numeric.value - fv) <= 4 * numeric.error + 1e-7 * abs(fv))
        #expect(abs(fv - rv) <= 1e-12 * abs(fv))
    }

    @Test func float32IsPromoted() throws {
        let x = NDArray([0.7, -1.3], dtype: .float32)
        let jacobian = try numericJacobian(of: { exp($0[0]) }, at: [x])
        let diagonal = [jacobian.blocks[0].scalars[0], jacobian.blocks[0].scalars[3]]
        // Promoted: the exact derivative at the Float32 point, to about 1e-10.
        for (d, xv) in zip(diagonal, x.scalars) { #expect(abs(d - exp(xv)) < 1e-9 * exp(xv)) }
    }
}
