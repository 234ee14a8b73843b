import Foundation
import Testing
@testable import DualTape

/// Elementwise derivatives of `f` at `points` in both modes: forward (one JVP along ones) and
/// reverse (one gradient of the sum). `order` nests the rule: order 2 is the derivative of
/// the derivative, each level taken in the same mode.
func elementwiseDerivatives(_ f: @escaping (NDArray) -> NDArray, at points: [Double], order: Int = 1,
                            dtype: DType = .float64) throws -> (forward: [Double], reverse: [Double]) {
    let x = NDArray(values: points, shape: [points.count], dtype: dtype)
    func forward(_ g: @escaping (NDArray) throws -> NDArray, _ k: Int) -> (NDArray) throws -> NDArray {
        k == 0 ? g : forward({ try jvp(at: $0, tangent: NDArray.ones(like: $0)) { try g($0) }.tangent }, k - 1)
    }
    func reverse(_ g: @escaping (NDArray) throws -> NDArray, _ k: Int) -> (NDArray) throws -> NDArray {
        k == 0 ? g : reverse({ try gradient(at: $0) { try g($0).sum() } }, k - 1)
    }
    return (try forward(f, order)(x).scalars, try reverse(f, order)(x).scalars)
}

/// Records an issue unless both modes give `expected` at every point (within `rel`, `abs`;
/// infinities must match exactly).
func expectDerivatives(_ f: @escaping (NDArray) -> NDArray, at points: [Double], _ expected: [Double], order: Int = 1,
                       rel: Double = 1e-14, abs: Double = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let (forward, reverse) = try elementwiseDerivatives(f, at: points, order: order)
    for (mode, values) in [("forward", forward), ("reverse", reverse)] {
        for (i, (a, e)) in zip(values, expected).enumerated() where !(a == e || isClose(a, e, rel: rel, abs: abs)) {
            Issue.record("\(mode) at \(points[i]): \(a) != expected \(e)", sourceLocation: sourceLocation)
        }
    }
}

/// The distance from `a` to `b` in units in the last place of `b`.
func ulps(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return Swift.abs(a - b) / b.ulp
}
