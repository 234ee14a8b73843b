// A user-defined operator, end to end: a numerically stable log-sum-exp.
//
//     lse(x) = m + log Σᵢ exp(xᵢ - m),  m = max x          (no overflow for large x)
//     ∂lse/∂xᵢ = softmax(x)ᵢ = exp(xᵢ - lse(x))
//
// The operator conforms to the same protocol as the built-ins and goes through the same
// dispatch, so it works in forward mode, in reverse mode and at any order (its rules are
// written with NDArray operations). The program checks it three ways and exits with
// status 1 if any check fails.
import DualTape
import Foundation

/// log Σ exp(x) over all elements, computed stably; the result has shape [1].
struct LogSumExp: DifferentiableOperator {
    var name: String { "logsumexp" }
    var arity: Int { 1 }
    var info: OperatorInfo { OperatorInfo(note: "stable: shifts by the maximum before exponentiating") }

    func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        let m = x.max()
        return m + log(exp(x - m).sum())
    }

    /// The local derivative, written once and used by both rules: softmax(x).
    func softmax(_ x: NDArray, _ y: NDArray) -> NDArray { exp(x - y) }

    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: output) }
        return (softmax(inputs[0], output) * t).sum()
    }

    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [(softmax(inputs[0], output) * cotangent).reshape(inputs[0].shape)]
    }
}

func logSumExp(_ x: NDArray) -> NDArray { dispatch(LogSumExp(), [x]) }

var failures = 0
@MainActor func check(_ label: String, _ got: [Double], _ expected: [Double], tolerance: Double = 1e-12) {
    let error = zip(got, expected).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? .infinity
    let ok = got.count == expected.count && error <= tolerance
    if !ok { failures += 1 }
    print("\(ok ? "ok  " : "FAIL") \(label): \(got.map { String(format: "%.12g", $0) }) (error \(String(format: "%.1e", error)))")
}

let x = NDArray([1000.0, 1001, 999.5])      // exp(1000) overflows; logsumexp does not
let closedForm: (NDArray) -> [Double] = { x in
    let v = x.scalars, m = v.max()!
    let s = v.map { Foundation.exp($0 - m) }.reduce(0, +)
    return v.map { Foundation.exp($0 - m) / s }
}

print("logsumexp(\(x.scalars)) =", logSumExp(x).scalars[0])
check("value", logSumExp(x).scalars, [1000 + Foundation.log(Foundation.exp(0) + Foundation.exp(1) + Foundation.exp(-0.5))])

// Reverse mode, MXNet style and functional.
var v = x
v.attachGrad()
try Autograd.record { logSumExp(v) }.backward()
check("reverse (attachGrad/record/backward)", v.grad!.scalars, closedForm(x))
check("reverse (gradient)", try gradient(at: x, logSumExp).scalars, closedForm(x))

// Forward mode: one JVP per basis direction, and all at once with jacobian(.forward).
let forward = try (0 ..< 3).map { i in
    try jvp(at: x, tangent: NDArray(values: (0 ..< 3).map { $0 == i ? 1 : 0 }, shape: [3]), logSumExp).tangent.scalars[0]
}
check("forward (jvp)", forward, closedForm(x))
check("forward (jacobian)", try jacobian(at: x, mode: .forward, logSumExp).matrix.scalars, closedForm(x))

// Second order: the Hessian is diag(p) - p pᵀ, by forward over reverse and reverse over reverse.
let p = closedForm(x)
var expectedHessian: [Double] = []
for i in 0 ..< 3 {
    for j in 0 ..< 3 {
        let diagonal: Double = i == j ? p[i] : 0
        expectedHessian.append(diagonal - p[i] * p[j])
    }
}
check("hessian (forward over reverse)", try hessian(at: x, logSumExp).scalars, expectedHessian)
let rowByReverse = try gradient(at: x) { try gradient(at: $0, logSumExp)[0] }
check("hessian row 0 (reverse over reverse)", rowByReverse.scalars, Array(expectedHessian[0 ..< 3]))

// A numerical cross-check: central differences of the primal.
let h = 1e-6
let numeric = (0 ..< 3).map { i -> Double in
    var e = [Double](repeating: 0, count: 3)
    e[i] = h
    let shift = NDArray(values: e, shape: [3])
    return (logSumExp(x + shift).scalars[0] - logSumExp(x - shift).scalars[0]) / (2 * h)
}
check("central differences", numeric, closedForm(x), tolerance: 1e-7)

print(failures == 0 ? "all checks passed" : "\(failures) check(s) failed")
exit(failures == 0 ? 0 : 1)
