import DualTape
import DualTapeOracle
import Testing

/// False alarms the property suite found in the directional strategy, now fixed.
@Suite("Directional checks: no false alarms at multi-element kinks or from inner cancellation")
struct DirectionalRegressionTests {
    static let directional = GradientCheckOptions(strategy: .directional(count: 2), seed: 0)

    /// A direction crosses several kinks at once: the line's one-sided derivatives need not
    /// bound the AD convention, so the verdict is KINK, not a failure.
    @Test func severalKinksInOneDirection() throws {
        var values = [Double](repeating: 0, count: 12)
        values[4] = 0.5
        values[7] = -0.5
        let x = NDArray(values: values, shape: [4, 3])
        let clip = try checkGradients(of: { (x: NDArray) in x.clip(-0.5, 0.5) }, at: x, options: Self.directional)
        #expect(clip.passed, "\(clip)")
        let max = try checkGradients(of: { (x: NDArray) in x.max(axes: [0, 2]) }, at: NDArray.zeros([2, 2, 3]), options: Self.directional)
        #expect(max.passed, "\(max)")
        // The full strategy still tests the subgradient element by element.
        let full = try checkGradients(of: { (x: NDArray) in x.clip(-0.5, 0.5) }, at: x, options: GradientCheckOptions(strategy: .full))
        #expect(full.passed)
    }

    /// Forward and reverse differ by rounding from cancelled intermediates (exp(-20) + 1):
    /// the modes' tolerance has a floor from the directions and magnitudes involved.
    @Test func roundingFromCancelledIntermediates() throws {
        let report = try checkGradients(of: { (x: [NDArray]) in -(((exp(x[0]) + x[1]) / x[0]) * x[0]) },
                                        at: [NDArray([-20.0]), NDArray([1.0])], options: Self.directional)
        #expect(report.passed, "\(report)")
        #expect(report.count(.modesDisagree) == 0)
    }

    /// A real forward-only bug is still MODES DISAGREE in the directional strategy.
    struct ForwardOnlyBug: DifferentiableOperator {
        var name: String { "buggy_sin" }
        var arity: Int { 1 }
        func primal(_ inputs: [NDArray]) -> NDArray { sin(inputs[0].detach()) }
        func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { 1.001 * cos(inputs[0]) * tangents[0]! }
        func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { [cos(inputs[0]) * cotangent] }
    }

    @Test func forwardOnlyBugsAreStillCaught() throws {
        let report = try checkGradients(of: { (x: NDArray) in ForwardOnlyBug()(x) }, at: NDArray([0.3, -1.2, 2.0]), options: Self.directional)
        #expect(!report.passed)
        #expect(report.count(.modesDisagree) > 0)
    }
}
