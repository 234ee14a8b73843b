import DualTape
import DualTapeOracle
import Foundation
import Testing

/// Float32 checks, the false failure users of every peer report (pytorch/pytorch#5351,
/// jax-ml/jax#3130, MXNet's flaky tests): finite differences of Float32 values carry noise
/// of about 2⁻²⁴·|f|/h. Here the oracle runs in Float64 on the promoted inputs.
@Suite("Float32 inputs")
struct Float32Tests {
    static let functions: [(String, @Sendable ([NDArray]) -> NDArray)] = [
        ("sum(exp(x) sin(x))", { (exp($0[0]) * sin($0[0])).sum() }),
        ("tanh(W x)", { tanh(matmul($0[0], $0[0].T)) }),
        ("softmax-like", { exp($0[0]) / exp($0[0]).sum(axis: 1, keepDims: true) }),
        ("x^4 - 3x^2", { $0[0] ** 4 - 3 * $0[0] * $0[0] }),
        ("log(1 + x^2) / (2 + cos x)", { log(1 + $0[0] * $0[0]) / (2 + cos($0[0])) }),
        ("norm(x)^3", { $0[0].norm() ** 3 }),
        ("sigmoid(100 x)", { sigmoid(100 * $0[0]) }),
    ]

    @Test(arguments: 0 ..< functions.count)
    func correctFunctionsPassInFloat32(_ index: Int) throws {
        let (name, f) = Self.functions[index]
        var g = RandomGenerator(seed: UInt64(index))
        for _ in 0 ..< 5 {
            let x = NDArray.normal(std: 1.5, shape: [3, 4], dtype: .float32, generator: &g)
            let report = try checkGradients(of: f, at: [x])
            #expect(report.passed, "\(name):\n\(report)")
            #expect(report.oracle.promoted && report.oracle.precision == .float64)
            #expect(report.count(.agree) + report.count(.kink) >= report.elements.count / 2, "mostly decided: \(report)")
        }
    }

    /// Large Float32 inputs along random directions.
    @Test func directionalFloat32() throws {
        var g = RandomGenerator(seed: 7)
        let x = NDArray.normal(shape: [40, 30], dtype: .float32, generator: &g)
        let w = NDArray.normal(std: 0.2, shape: [30, 20], dtype: .float32, generator: &g)
        let report = try checkGradients(of: { tanh(matmul($0[0], $0[1])).sum(axis: 1) }, at: [x, w])
        #expect(report.directions == 3)
        #expect(report.passed, "\(report)")
    }

    /// A function that hard-codes a Float32 constant cannot be promoted; the native oracle
    /// checks it with its Float32 noise in the tolerance.
    @Test func nativeFloat32Oracle() throws {
        let c = NDArray([0.5, 2.0, -1.0], dtype: .float32)
        let x = NDArray([0.3, -0.8, 1.2], dtype: .float32)
        let options = GradientCheckOptions(float32Oracle: .native)
        let report = try checkGradients(of: { sin($0 * c) * $0 }, at: x, options: options)
        #expect(report.passed, "\(report)")
        #expect(report.oracle.precision == .float32 && !report.oracle.promoted)
        #expect(report.oracle.relativeStep == 1e-2)
        // Still catches a sign error.
        let wrong = try checkGradients(of: { SignErrorSin()($0 * c) }, at: x, options: options)
        #expect(wrong.inputs[0].verdict == .adNotOracle)
    }

    /// A Float64 input with a Float32 output (a cast inside): the oracle's Float32 output noise
    /// is in the tolerance.
    @Test func float32Output() throws {
        let report = try checkGradients(of: { exp($0).astype(.float32) }, at: NDArray([0.1, -0.4, 1.3]))
        #expect(report.passed, "\(report)")
        #expect(report.oracle.precision == .float32)
    }
}
