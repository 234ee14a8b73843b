import DualTape
import DualTapeOracle
import Foundation
import Testing

/// `order: 2` checks the AD gradient like a function: forward over reverse and reverse over
/// reverse against each other and against GSL applied to the gradient.
@Suite("Second derivatives")
struct SecondOrderTests {
    @Test func scalarFunction() throws {
        let report = try checkGradients(of: { ($0 * $0 * $0 * sin($0)).sum() + $0.prod() }, at: NDArray([0.4, -1.1, 1.7]), order: 2)
        #expect(report.passed, "\(report)")
        #expect(report.order == 2)
        #expect(report.seed == nil, "a scalar function needs no random cotangent")
        #expect(report.outputShape == [3], "the checked function is the gradient")
        #expect(report.count(.agree) == 9)
    }

    @Test func vectorFunctionOfTwoInputs() throws {
        let a = NDArray([[0.3, -0.7], [1.2, 0.5]]), b = NDArray([0.9, -0.4])
        let report = try checkGradients(of: { tanh(matmul($0, $1.reshape([2, 1]))) * exp($1.sum()) }, at: [a, b], order: 2)
        #expect(report.passed, "\(report)")
        #expect(report.seed == 0x5EED, "the cotangent is random and reported")
        #expect(report.inputs.count == 2)
    }

    @Test func directional() throws {
        var g = RandomGenerator(seed: 3)
        let x = NDArray.normal(shape: [200], generator: &g)
        let report = try checkGradients(of: { (sin($0) * $0).sum() + sqrt(($0 * $0).sum()) }, at: x, order: 2)
        #expect(report.directions != nil)
        #expect(report.passed, "\(report)")
    }

    @Test func float32() throws {
        let report = try checkGradients(of: { (exp($0) * cos($0)).sum() }, at: NDArray([0.2, -0.9, 1.4], dtype: .float32), order: 2)
        #expect(report.passed, "\(report)")
    }

    @Test func kinkInTheGradient() throws {
        // The gradient of |x|·x is 2|x|: a kink at 0, second derivative ±2.
        let report = try checkGradients(of: { (abs($0) * $0).sum() }, at: NDArray([0.0, 1.0]), order: 2)
        #expect(report.passed, "\(report)")
        #expect(report.count(.kink) >= 1)
    }
}
