import Foundation
import Testing
@testable import DualTape

/// The binary elementwise functions: values against C's libm and Python's conventions,
/// partial derivatives against closed forms in both modes, and the values at the points
/// where a partial is undefined (stated on each operator).
@Suite("Binary math: values, conventions and partial derivatives")
struct BinaryMathTests {
    /// `(∂f/∂a, ∂f/∂b)` elementwise by reverse mode, which forward mode must match (to the few
    /// ulps between the vectorized `log` of the array rules and the C `log` of the fused ones).
    static func partials(_ f: (NDArray, NDArray) -> NDArray, _ a: [Double], _ b: [Double],
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> ([Double], [Double]) {
        let x = NDArray(a), y = NDArray(b)
        let reverse = try gradient(at: [x, y]) { f($0[0], $0[1]).sum() }
        let (_, ta) = try jvp(at: [x, y], tangents: [NDArray.ones([a.count]), NDArray.zeros([b.count])]) { f($0[0], $0[1]) }
        let (_, tb) = try jvp(at: [x, y], tangents: [NDArray.zeros([a.count]), NDArray.ones([b.count])]) { f($0[0], $0[1]) }
        for (r, t) in [(reverse[0], ta), (reverse[1], tb)] {
            for (u, v) in zip(r.scalars, t.scalars) {
                #expect(u == v || isClose(u, v, rel: 1e-15) || (u.isNaN && v.isNaN), "reverse \(u) vs forward \(v)", sourceLocation: sourceLocation)
            }
        }
        return (reverse[0].scalars, reverse[1].scalars)
    }

    @Test func logaddexpIsStableAndExactAtLargeInputs() throws {
        let a: [Double] = [1000, 1000, -.infinity, -.infinity, .infinity, -1000, 0.5]
        let b: [Double] = [1000, -1000, 5, -.infinity, 3, -1000, -2]
        let y = logaddexp(NDArray(a), NDArray(b)).scalars
        #expect(y[0] == 1000 + Foundation.log(2.0))
        #expect(y[1] == 1000)
        #expect(y[2] == 5)
        #expect(y[3] == -.infinity)
        #expect(y[4] == .infinity)
        #expect(y[5] == -1000 + Foundation.log(2.0))
        #expect(isClose(y[6], Foundation.log(Foundation.exp(0.5) + Foundation.exp(-2)), rel: 1e-15))
        let (da, db) = try Self.partials(logaddexp, a, b)
        let sigma = 1 / (1 + Foundation.exp(-2.5))
        #expect(Array(da.prefix(6)) == [0.5, 1, 0, 0.5, 1, 0.5] && isClose(da[6], sigma, rel: 1e-15))
        #expect(Array(db.prefix(6)) == [0.5, 0, 1, 0.5, 0, 0.5] && isClose(db[6], 1 - sigma, rel: 1e-14))
    }

    @Test func fmodHasTheDividendsSignAsC() throws {
        let a: [Double] = [-7, 7, -7, 7, 5.5, -5.5, 0.3, -0.0, 1e10]
        let b: [Double] = [3, -3, -3, 3, 2, 2, 0.1, 3, 0.7]
        let y = fmod(NDArray(a), NDArray(b)).scalars
        #expect(y == zip(a, b).map { Foundation.fmod($0, $1) })
        #expect(Array(y.prefix(6)) == [-1, 1, -1, 1, 1.5, -1.5])
        #expect(y[7] == 0 && y[7].sign == .minus)
        // ∂/∂a = 1, ∂/∂b = -trunc(a/b).
        let (da, db) = try Self.partials(fmod, [-7, 7, -7, 7, 5.5, -5.5], [3, -3, -3, 3, 2, 2])
        #expect(da == [1, 1, 1, 1, 1, 1])
        #expect(db == [2, 2, -2, -2, -2, 2])
        #expect(fmod(NDArray([1.0]), NDArray([0.0])).scalars[0].isNaN)
    }

    @Test func modHasTheDivisorsSignAsPython() throws {
        // Python: -7 % 3 == 2, 7 % -3 == -2, -7 % -3 == -1, 7 % 3 == 1, -0.5 % 2 == 1.5,
        // 0.0 % -3 == -0.0, -1e-20 % 1 == 1.0 (rounded), 5.5 % -2 == -0.5.
        let a: [Double] = [-7, 7, -7, 7, -0.5, 0, -1e-20, 5.5]
        let b: [Double] = [3, -3, -3, 3, 2, -3, 1, -2]
        let y = mod(NDArray(a), NDArray(b)).scalars
        #expect(y == [2, -2, -1, 1, 1.5, 0, 1, -0.5])
        #expect(y[5].sign == .minus)
        let q = floorDivide(NDArray(a), NDArray(b)).scalars
        #expect(q == [-3, -3, 2, 2, -1, -0.0, -1, -3])
        // a = b·(a // b) + a % b for each pair (exactly, for these).
        for i in a.indices where i != 6 { #expect(b[i] * q[i] + y[i] == a[i]) }
        // ∂/∂a = 1, ∂/∂b = -⌊a/b⌋.
        let (da, db) = try Self.partials(mod, [-7, 7, -7, 7, -0.5], [3, -3, -3, 3, 2])
        #expect(da == [1, 1, 1, 1, 1])
        #expect(db == [3, 3, -2, -2, 1])
        // floor_divide has a zero derivative.
        let (fa, fb) = try Self.partials(floorDivide, [-7, 7], [3, 2])
        #expect(fa == [0, 0] && fb == [0, 0])
    }

    @Test func xlogyIsZeroWhereXIsZero() throws {
        let x: [Double] = [0, 0, 2, 0, -1]
        let y: [Double] = [0, 5, 3, .infinity, 0.5]
        let v = xlogy(NDArray(x), NDArray(y)).scalars
        #expect(v == [0, 0, 2 * Foundation.log(3.0), 0, -Foundation.log(0.5)])
        #expect(xlogy(NDArray([0.0]), NDArray([Double.nan])).scalars[0].isNaN)
        // ∂/∂x = log y (0 at x = 0, y ≤ 0, as PyTorch), ∂/∂y = x/y (0 at x = y = 0).
        let (dx, dy) = try Self.partials(xlogy, [0, 0, 2, 0, -1], [0, 2, 3, -1, 0.5])
        expectValues(NDArray(dx), [0, Foundation.log(2.0), Foundation.log(3.0), 0, Foundation.log(0.5)], rel: 1e-15)
        #expect(dy == [0, 0, 2.0 / 3, 0, -2])
    }

    @Test func hypotNeverOverflowsAndIsZeroAtTheOrigin() throws {
        let v = hypot(NDArray([3, 1e200, 0, -5e-200]), NDArray([4, 1e200, 0, 12e-200])).scalars
        #expect(v[0] == 5 && isClose(v[1], 1e200 * 2.0.squareRoot(), rel: 1e-15) && v[2] == 0 && isClose(v[3], 13e-200, rel: 1e-15))
        let (da, db) = try Self.partials(hypot, [3, 0, -5], [4, 0, 12])
        #expect(da == [0.6, 0, -5.0 / 13])
        #expect(db == [0.8, 0, 12.0 / 13])
    }

    @Test func arctan2InEveryQuadrant() throws {
        let a: [Double] = [1, 1, -1, -1, 0, 2]
        let b: [Double] = [1, -1, -1, 1, -1, 0]
        #expect(arctan2(NDArray(a), NDArray(b)).scalars == zip(a, b).map { Foundation.atan2($0, $1) })
        let (da, db) = try Self.partials(arctan2, a, b)
        for i in a.indices {
            let r = a[i] * a[i] + b[i] * b[i]
            #expect(isClose(da[i], b[i] / r, rel: 1e-15, abs: 1e-300) && isClose(db[i], -a[i] / r, rel: 1e-15, abs: 1e-300))
        }
    }

    @Test func copysignTransfersTheSignBit() throws {
        let v = copysign(NDArray([3, 3, -2, 0, 4]), NDArray([-1, 2, 5, -3, -0.0])).scalars
        #expect(v == [-3, 3, 2, -0.0, -4])
        #expect(v[3].sign == .minus)
        // ∂/∂a = sign(a)·sign(result): ±1, 0 at a = 0 (as PyTorch); ∂/∂b = 0.
        let (da, db) = try Self.partials(copysign, [3, 3, -2, 0, 4], [-1, 2, 5, -3, -0.0])
        #expect(da == [-1, 1, -1, 0, -1])
        #expect(db == [0, 0, 0, 0, 0])
    }

    @Test func squaredDifferenceIsTheSquareOfTheDifference() throws {
        let a: [Double] = [1, -2, 0.5], b: [Double] = [4, 3, 0.5]
        #expect(squaredDifference(NDArray(a), NDArray(b)).scalars == [9, 25, 0])
        let (da, db) = try Self.partials(squaredDifference, a, b)
        #expect(da == [-6, -10, 0] && db == [6, 10, 0])
    }

    @Test func broadcastingPartialsSumBack() throws {
        // ∂/∂b of hypot(a [2, 3], b [3]) sums over the broadcast axis.
        let a = NDArray([[3.0, 0, 1], [4, 0, -1]]), b = NDArray([4.0, 0, 0])
        let g = try gradient(at: [a, b]) { hypot($0[0], $0[1]).sum() }
        let r = 1 / 2.0.squareRoot()
        expectValues(g[0], [0.6, 0, 1, r, 0, -1], rel: 1e-15)
        expectValues(g[1], [0.8 + r, 0, 0], rel: 1e-15)
    }

    @Test func secondDerivativesAreExactThroughTheConventions() throws {
        // d²/da² logaddexp(a, 0) = σ(a)(1 - σ(a)); at the infinite tie the partial is a constant ½.
        let h = try hessian(at: NDArray([0.3])) { logaddexp($0, NDArray([0.0])).sum() }
        let s = 1 / (1 + Foundation.exp(-0.3))
        expectValues(h, [s * (1 - s)], rel: 1e-14)
        // d²/dy² xlogy(x, y) = -x/y²; d²/dxdy = 1/y — at x = 0 too (the rules keep x's derivative).
        let hy = try hessian(at: NDArray([0.0, 2.0])) { v in xlogy(v[0], v[1]).sum() }
        expectValues(hy, [0, 0.5, 0.5, 0], rel: 1e-15)
    }
}
