// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The Jacobian by automatic differentiation: forward mode column by column (one `jvp` per
/// input element), reverse mode row by row (one traced `vjp`, one pullback per output), the
/// compiled function row by row (one compiled `vjp` per output, traced once and replayed).
///
/// The seeds are `2·eⱼ` (tangents) and `2·eᵢ` (cotangents), and the results are halved
/// (both exact in binary): with unit seeds a rule that ignores its seed, squares it or takes
/// its sign would pass for a function of one input or one output element.
struct ADJacobian {
    /// The seed's magnitude: a power of two, so scaling and unscaling are exact.
    static let seedScale = 2.0

    /// Per input `k`: `m × nₖ`, row-major (output `i`, input element `j` at `i·nₖ + j`).
    var forward: [[Double]]?
    var reverse: [[Double]]?
    var compiled: [[Double]]?
    /// The largest finite entry in magnitude, over the modes.
    var scale: Double
    /// The unit roundoff of the AD arithmetic.
    let unit: Double

    /// `failures` collects what went wrong in the compiled mode (its values are then NaN).
    init(of f: @escaping ([NDArray]) throws -> NDArray, at xs: [NDArray], output y: NDArray, modes: Set<CheckMode>,
         failures: CompiledFailures) throws {
        let m = y.count
        unit = (xs.map(\.dtype) + [y.dtype]).map(\.unitRoundoff).max() ?? DType.float64.unitRoundoff
        if modes.contains(.forward) {
            var blocks: [[Double]] = []
            for k in xs.indices {
                let n = xs[k].count
                var block = [Double](repeating: 0, count: m * n)
                for j in 0 ..< n {
                    var e = [Double](repeating: 0, count: n)
                    e[j] = Self.seedScale
                    let tangent = NDArray(values: e, shape: xs[k].shape, dtype: xs[k].dtype)
                    let (_, ydot) = try jvp(at: [xs[k]], tangents: [tangent]) { try f(replacing(xs, k, with: $0[0])) }
                    for (i, v) in ydot.scalars.enumerated() { block[i * n + j] = v / Self.seedScale }
                }
                blocks.append(block)
            }
            forward = blocks
        }
        if modes.contains(.reverse) {
            let (_, pullback) = try vjp(at: xs, f)
            var blocks = xs.map { [Double](repeating: 0, count: m * $0.count) }
            for i in 0 ..< m {
                var e = [Double](repeating: 0, count: m)
                e[i] = Self.seedScale
                let grads = try pullback(NDArray(values: e, shape: y.shape, dtype: y.dtype))
                for k in xs.indices {
                    let n = xs[k].count
                    for (j, v) in grads[k].scalars.enumerated() { blocks[k][i * n + j] = v / Self.seedScale }
                }
            }
            reverse = blocks
        }
        if modes.contains(.compiled) {
            let side = CompiledSide(f, at: xs)
            compiled = side.jacobian(at: xs, output: y, seedScale: Self.seedScale)
            failures.collect(side)
        }
        scale = ((forward ?? []) + (reverse ?? []) + (compiled ?? [])).joined().reduce(0) { $1.isFinite ? max($0, abs($1)) : $0 }
    }

    /// Element `(i, j)` of input `k`'s block, which has `n` columns.
    func element(input k: Int, output i: Int, column j: Int, columns n: Int) -> ADElement {
        let f = forward.map { $0[k][i * n + j] }, r = reverse.map { $0[k][i * n + j] }, c = compiled.map { $0[k][i * n + j] }
        let terms = [f, r, c].reduce(0) { $0 + ($1.map { $0.isFinite ? abs($0) : 0 } ?? 0) }
        return ADElement(forward: f.map { ADValue(value: $0, termScale: abs($0)) },
                         reverse: r.map { ADValue(value: $0, termScale: abs($0)) },
                         compiled: c.map { ADValue(value: $0, termScale: abs($0)) },
                         unit: unit, modesScale: terms + scale)
    }
}

/// `xs` with input `k` replaced by `x`.
func replacing(_ xs: [NDArray], _ k: Int, with x: NDArray) -> [NDArray] {
    var copy = xs
    copy[k] = x
    return copy
}

/// `Σ aᵢ bᵢ` with the magnitude of its terms `Σ |aᵢ bᵢ|`.
func dotWithTerms(_ a: [Double], _ b: [Double]) -> ADValue {
    var sum = 0.0, terms = 0.0
    for (x, y) in zip(a, b) {
        sum += x * y
        terms += abs(x * y)
    }
    return ADValue(value: sum, termScale: terms)
}

/// Values rounded to `dtype` (so AD and oracle use exactly the same numbers).
func rounded(_ values: [Double], to dtype: DType) -> [Double] {
    dtype == .float32 ? values.map { Double(Float($0)) } : values
}

/// A value computed once, on first use.
final class Lazy<Value> {
    private var value: Value?
    private let make: () throws -> Value
    init(_ make: @escaping () throws -> Value) { self.make = make }
    func get() throws -> Value {
        if let value { return value }
        let made = try make()
        value = made
        return made
    }
}
