import DualTape
import DualTapeOracle
import Foundation
import Testing

/// What a check costs. Off by default and never asserts a time; run it in release:
///
///     DUALTAPE_COST=1 swift test -c release -Xswiftc -enable-testing --filter Cost
@Suite("Cost of a check")
struct CostTests {
    static let enabled = ProcessInfo.processInfo.environment["DUALTAPE_COST"] != nil

    /// Seconds of the fastest of `repeats` runs.
    func seconds(_ repeats: Int = 3, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0 ..< repeats {
            let start = ContinuousClock.now
            try body()
            best = min(best, (ContinuousClock.now - start) / .seconds(1))
        }
        return best
    }

    @Test(.enabled(if: enabled)) func fullCheckOf100InputsAnd100Outputs() throws {
        var g = RandomGenerator(seed: 1)
        let w = NDArray.normal(std: 0.1, shape: [100, 100], generator: &g), b = NDArray.normal(shape: [100], generator: &g)
        let x = NDArray.normal(shape: [100], generator: &g)
        let f: (NDArray) -> NDArray = { tanh(matmul(w, $0.reshape([100, 1])).reshape([100]) + b) }
        var report: GradientReport?
        let check = try seconds { report = try checkGradients(of: f, at: x, options: GradientCheckOptions(strategy: .full)) }
        let function = seconds(20) { _ = f(x) }
        let forwardAD = try seconds { for j in 0 ..< 100 { _ = try jvp(at: x, tangent: NDArray.zeros([100]) + (NDArray.arange(100) .== Double(j))) { f($0) } } }
        print(String(format: "COST full check 100 -> 100 (dense tanh layer): %.3f s; f itself %.1f µs; 100 JVPs %.3f s; ",
                     check, function * 1e6, forwardAD) + (report?.passed == true ? "passed" : "FAILED"))
        #expect(report?.passed == true)
    }

    @Test(.enabled(if: enabled), arguments: [1_000, 100_000, 1_000_000])
    func directionalCheckOfAnySize(_ n: Int) throws {
        var g = RandomGenerator(seed: 2)
        let x = NDArray.normal(shape: [n], generator: &g)
        let f: (NDArray) -> NDArray = { (sin($0) * $0).sum() }
        let options = GradientCheckOptions(strategy: .directional(count: 1))
        var report: GradientReport?
        let check = try seconds { report = try checkGradients(of: f, at: x, options: options) }
        let function = seconds(5) { _ = f(x) }
        let ad = try seconds { _ = try valueWithGradient(at: x, f); _ = try jvp(at: x, tangent: x) { f($0) } }
        print(String(format: "COST directional check, n = %7d, one direction: %8.2f ms; f itself %7.3f ms; one JVP + one VJP %7.2f ms; ",
                     n, check * 1e3, function * 1e3, ad * 1e3) + (report?.passed == true ? "passed" : "FAILED"))
        #expect(report?.passed == true)
    }

    @Test(.enabled(if: enabled)) func oneGSLCall() throws {
        let calls = 100_000
        let total = try seconds { for i in 0 ..< calls { _ = try GSLDerivative.derivative(of: { sin($0) * $0 }, at: Double(i) * 1e-5) } }
        print(String(format: "COST one gsl_deriv_central call through the wrapper: %.3f µs", total / Double(calls) * 1e6))
    }
}
