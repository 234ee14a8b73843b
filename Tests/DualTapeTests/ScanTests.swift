import Foundation
import Testing
@testable import DualTape

/// cumsum, cumprod and the linear recurrence: values, NumPy's axis convention, and cumprod's
/// derivatives against the closed form where inputs are zero, at first and second order.
@Suite("Scans: cumsum, cumprod, linear recurrence")
struct ScanTests {
    @Test func cumsumFollowsNumPysAxes() throws {
        let x = NDArray([[1.0, 2, 3], [4, 5, 6]])
        expectValues(x.cumsum(), [1, 3, 6, 10, 15, 21], shape: [6], rel: 0)
        expectValues(x.cumsum(axis: 0), [1, 2, 3, 5, 7, 9], shape: [2, 3], rel: 0)
        expectValues(x.cumsum(axis: -1), [1, 3, 6, 4, 9, 15], rel: 0)
        expectValues(x.cumsum(axis: 1, reverse: true), [6, 5, 3, 15, 11, 6], rel: 0)
        // Linear; the transpose is the reversed running sum: x̄_j = Σ_{i ≥ j} ȳ_i.
        let w = NDArray([[1.0, -2, 0.5], [3, 1, -1]])
        let g = try gradient(at: x) { ($0.cumsum(axis: 1) * w).sum() }
        expectValues(g, [-0.5, -1.5, 0.5, 3, 0, -1], rel: 0)
        let flat = try gradient(at: x) { ($0.cumsum() * w.reshape([6])).sum() }
        expectValues(flat, [2.5, 1.5, 3.5, 3, 0, -1], shape: [2, 3], rel: 0)
    }

    /// `x̄_k = Σ_{i ≥ k} ȳ_i Π_{j ≤ i, j ≠ k} x_j`, written out.
    static func cumprodGradient(_ x: [Double], _ w: [Double]) -> [Double] {
        x.indices.map { k in
            (k ..< x.count).reduce(0.0) { total, i in
                total + w[i] * (0 ... i).filter { $0 != k }.reduce(1.0) { $0 * x[$1] }
            }
        }
    }

    /// `∂²⟨w, cumprod x⟩/∂x_k∂x_l = Σ_{i ≥ max(k, l)} w_i Π_{j ≤ i, j ∉ {k, l}} x_j` (0 for k = l).
    static func cumprodHessian(_ x: [Double], _ w: [Double]) -> [Double] {
        let n = x.count
        return (0 ..< n * n).map { e in
            let (k, l) = (e / n, e % n)
            if k == l { return 0 }
            return (Swift.max(k, l) ..< n).reduce(0.0) { total, i in
                total + w[i] * (0 ... i).filter { $0 != k && $0 != l }.reduce(1.0) { $0 * x[$1] }
            }
        }
    }

    @Test(arguments: [[1.5, 0, -2, 0.5, 3], [0.7, 0, 2, 0, -1.5], [0, 0, 0, 2, 1], [1.2, -0.5, 2, 0.25, 3]])
    func cumprodDerivativesAreExactWithZeros(_ values: [Double]) throws {
        let x = NDArray(values), w = [0.5, -1, 2, 1.5, -0.75]
        let running = values.indices.map { i in values[0 ... i].reduce(1, *) }
        expectValues(x.cumprod(), running, rel: 0)
        let f: (NDArray) -> NDArray = { ($0.cumprod() * NDArray(w)).sum() }
        let expected = Self.cumprodGradient(values, w)
        expectValues(try gradient(at: x, f), expected, rel: 1e-14, abs: 1e-300)
        let forward = try jacobian(at: x, mode: .forward) { $0.cumprod() }.matrix
        // Row i, column k of the Jacobian: Π_{j ≤ i, j ≠ k} x_j for k ≤ i.
        let jacobianExpected = (0 ..< 25).map { e -> Double in
            let (i, k) = (e / 5, e % 5)
            return k > i ? 0 : (0 ... i).filter { $0 != k }.reduce(1.0) { $0 * values[$1] }
        }
        expectValues(forward, jacobianExpected, rel: 1e-14, abs: 1e-300)
        // Second order, forward over reverse and reverse over reverse.
        let hessianExpected = Self.cumprodHessian(values, w)
        expectValues(try hessian(at: x, f), hessianExpected, rel: 1e-14, abs: 1e-300)
        let row = try gradient(at: x) { (try gradient(at: $0, f) * NDArray([0, 1.0, 0, 0, 0])).sum() }
        expectValues(row, Array(hessianExpected[5 ..< 10]), rel: 1e-14, abs: 1e-300)
    }

    @Test func cumprodAlongAnAxisAndFlattened() throws {
        let x = NDArray([[1.0, 2, 3], [4, 0, 6]])
        expectValues(x.cumprod(), [1, 2, 6, 24, 0, 0], shape: [6], rel: 0)
        expectValues(x.cumprod(axis: 0), [1, 2, 3, 4, 0, 18], shape: [2, 3], rel: 0)
        let g = try gradient(at: x) { $0.cumprod(axis: 1).sum() }
        // Row [4, 0, 6]: x̄ = [1 + 0 + 0, 4 + 4·6, 0] (the zero's own derivative sees 4 and 4·6).
        expectValues(g, [1 + 2 + 6, 1 + 3, 2, 1, 28, 0], rel: 0)
    }

    @Test func linearRecurrenceIsADiscountedSum() throws {
        let a = NDArray([0.5, 0.5, 0.5, 0.5]), b = NDArray([1.0, 2, 3, 4])
        expectValues(linearRecurrence(a, b), [1, 2.5, 4.25, 6.125], rel: 0)
        expectValues(linearRecurrence(a, b, reverse: true), [3.25, 4.5, 5, 4], rel: 0)
        // z = L b with L[i, k] = Π_{k < j ≤ i} a_j: ∂z_3/∂b = [a₁a₂a₃, a₂a₃, a₃, 1]; ∂z_3/∂a_2 = a₃·z₁.
        let g = try gradient(at: [a, b]) { linearRecurrence($0[0], $0[1])[3] }
        expectValues(g[1], [0.125, 0.25, 0.5, 1], rel: 0)
        expectValues(g[0], [0, 0.5 * 0.5 * 1, 0.5 * 2.5, 4.25], rel: 0)
    }
}
