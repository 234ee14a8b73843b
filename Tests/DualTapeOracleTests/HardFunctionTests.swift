import DualTape
import DualTapeOracle
import Foundation
import Testing

/// Correct derivatives of hard functions are never failed: kinks pass as KINK with the
/// subgradient check, poles are AGREE or UNRESOLVED, magnitudes do not matter.
@Suite("Right but hard derivatives are not failed")
struct HardFunctionTests {
    func expectKink(_ report: GradientReport, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
        #expect(report.count(.kink) > 0, "a kink is reported: \(report)", sourceLocation: sourceLocation)
        #expect(report.count(.adNotOracle) + report.count(.modesDisagree) == 0, sourceLocation: sourceLocation)
    }

    @Test func absAtZero() throws {
        let report = try checkGradients(of: { abs($0) }, at: NDArray([0.0, 1.5, -0.7]))
        expectKink(report)
        let kink = try #require(report.elements.first { $0.verdict == .kink })
        #expect(kink.inputIndex == [0])
        #expect(kink.rightDerivative.map { abs($0 - 1) < 1e-6 } == true)
        #expect(kink.leftDerivative.map { abs($0 + 1) < 1e-6 } == true)
        #expect(kink.detail.contains("subgradient"))
    }

    @Test func reluAtZero() throws {
        expectKink(try checkGradients(of: { relu($0) }, at: NDArray([0.0, 2.0, -1.0, 0.0])))
    }

    @Test func maximumAtTies() throws {
        let a = NDArray([1.0, 2.0, -0.5]), b = NDArray([1.0, 0.5, -0.5])
        expectKink(try checkGradients(of: { NDArray.maximum($0, $1) }, at: [a, b]))
        expectKink(try checkGradients(of: { NDArray.minimum($0, $1) }, at: [a, b]))
    }

    @Test func maxReductionAtTies() throws {
        expectKink(try checkGradients(of: { $0.max() }, at: NDArray([[1.0, 3.0], [3.0, -2.0]])))
    }

    @Test func normAtZero() throws {
        expectKink(try checkGradients(of: { $0.norm() }, at: NDArray.zeros([2, 3])))
        expectKink(try checkGradients(of: { $0.norm(axis: 1) }, at: NDArray([[0.0, 0.0], [3.0, 4.0]])))
    }

    @Test func kinksAlongRandomDirections() throws {
        let report = try checkGradients(of: { abs($0).sum() + relu($0).sum() }, at: NDArray([0.0, 0.0, 1.0]),
                                        options: GradientCheckOptions(strategy: .directional(count: 4)))
        expectKink(report)
        #expect(report.seed == 0x5EED)
    }

    /// A kink just beside the point (within the step) is still not a failure.
    @Test(arguments: [1e-9, -1e-9, 4e-4, -4e-4, 9e-4])
    func nearKinks(_ offset: Double) throws {
        let report = try checkGradients(of: { abs($0) + relu($0) }, at: NDArray([offset]))
        #expect(report.passed, "\(report)")
    }

    /// 1/(x − 1) approaching its pole, tan approaching π/2, log approaching 0.
    @Test(arguments: [1e-1, 1e-2, 1e-3, 5e-4, 1e-4, 1e-6, 1e-8, -1e-3, -1e-6])
    func nearPoles(_ distance: Double) throws {
        let cases: [(String, NDArray, (NDArray) -> NDArray)] = [
            ("1/(x-1)", NDArray([1 + distance]), { 1 / ($0 - 1) }),
            ("tan", NDArray([Double.pi / 2 - distance]), { tan($0) }),
            ("log", NDArray([abs(distance)]), { log($0) }),
            ("sqrt", NDArray([abs(distance)]), { sqrt($0) }),
        ]
        for (name, x, f) in cases {
            let report = try checkGradients(of: f, at: x)
            #expect(report.passed, "\(name) at distance \(distance):\n\(report)")
            #expect(report.count(.agree) + report.count(.unresolved) == report.elements.count, "\(name): \(report)")
        }
    }

    @Test(arguments: [1e-12, 1e-8, 1e-3, 1e3, 1e8, 1e12])
    func largeAndTinyMagnitudes(_ scale: Double) throws {
        let x = NDArray([0.3, -1.7, 2.2]) * scale
        let functions: [(String, (NDArray) -> NDArray)] = [
            ("x^3", { $0 * $0 * $0 }),
            ("x * 1e10", { $0 * 1e10 }),
            ("sin(x/s)", { sin($0 / scale) }),
            ("exp(x/s) * s", { exp($0 / scale) * scale }),
            ("sqrt(sum(x^2))", { sqrt(($0 * $0).sum()) }),
            ("tanh", { tanh($0) }),
            ("sigmoid", { sigmoid($0) }),
            ("x / (1 + x^2)", { $0 / (1 + $0 * $0) }),
        ]
        for (name, f) in functions {
            let report = try checkGradients(of: f, at: x)
            #expect(report.passed, "\(name) at scale \(scale):\n\(report)")
        }
        let positive = NDArray([0.3, 1.7, 2.2]) * scale
        for (name, f) in [("log", { log($0) }), ("sqrt", { sqrt($0) }), ("1/x", { 1 / $0 })] as [(String, (NDArray) -> NDArray)] {
            let report = try checkGradients(of: f, at: positive)
            #expect(report.passed, "\(name) at scale \(scale):\n\(report)")
        }
    }

    /// A function with a large constant part: its own rounding dominates the oracle's error.
    @Test func roundingDominatedFunction() throws {
        let report = try checkGradients(of: { 1e8 + sin($0) - 1e8 }, at: NDArray([0.4, 1.1, -2.0]))
        #expect(report.passed, "\(report)")
    }

    /// Composite functions of several inputs with broadcasting and reductions.
    @Test func compositeFunctions() throws {
        let w = NDArray([[0.2, -0.4, 0.9], [1.1, 0.3, -0.6]]), b = NDArray([0.1, -0.2]), x = NDArray([0.5, -1.0, 2.0])
        let dense = try checkGradients(of: { tanh(matmul($0[0], $0[2].reshape([3, 1])).reshape([2]) + $0[1]) }, at: [w, b, x])
        #expect(dense.passed, "\(dense)")
        let softplus = try checkGradients(of: { log(1 + exp($0)).sum(axis: 1) / $0.prod(axis: 1) }, at: w)
        #expect(softplus.passed, "\(softplus)")
    }
}
