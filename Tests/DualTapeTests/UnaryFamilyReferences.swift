import Foundation
@testable import DualTape

extension ModeAgreementTests {
    /// Closed-form derivatives of the exp/log, trigonometric, special-function, activation and
    /// rounding families, written from the textbook formulas with Foundation's functions. The
    /// derivative of erfinv takes erfinv by bisection on Foundation's erf; digamma and polygamma
    /// (the derivatives of lgamma and digamma) come from the library's kernel, which
    /// DualTapeOracleTests.SpecialFunctionReferenceTests checks against GSL.
    static let familyReference: [String: @Sendable (Double) -> Double] = [
        "log1p": { 1 / (1 + $0) }, "expm1": { Foundation.exp($0) },
        "log2": { 1 / ($0 * Foundation.log(2)) }, "log10": { 1 / ($0 * Foundation.log(10)) },
        "exp2": { Foundation.pow(2, $0) * Foundation.log(2) }, "cbrt": { Foundation.pow(Swift.abs($0), -2.0 / 3) / 3 },
        "reciprocal": { -1 / ($0 * $0) }, "rsqrt": { -0.5 * Foundation.pow($0, -1.5) },
        "sinh": { Foundation.cosh($0) }, "cosh": { Foundation.sinh($0) },
        "arcsin": { 1 / Foundation.sqrt(1 - $0 * $0) }, "arccos": { -1 / Foundation.sqrt(1 - $0 * $0) },
        "arctan": { 1 / (1 + $0 * $0) }, "arcsinh": { 1 / Foundation.sqrt($0 * $0 + 1) },
        "arccosh": { 1 / Foundation.sqrt($0 * $0 - 1) }, "arctanh": { 1 / (1 - $0 * $0) },
        "erf": { 2 / Double.pi.squareRoot() * Foundation.exp(-$0 * $0) },
        "erfc": { -2 / Double.pi.squareRoot() * Foundation.exp(-$0 * $0) },
        "erfinv": { let y = erfinvByBisection($0); return Double.pi.squareRoot() / 2 * Foundation.exp(y * y) },
        "lgamma": { SpecialFunctions.digamma($0) }, "digamma": { SpecialFunctions.polygamma(1, $0) },
        "polygamma": { SpecialFunctions.polygamma(2, $0) },   // the first case is polygamma(1)
        "softplus": { 1 / (1 + Foundation.exp(-$0)) }, "log_sigmoid": { 1 / (1 + Foundation.exp($0)) },
        "softsign": { 1 / ((1 + Swift.abs($0)) * (1 + Swift.abs($0))) },
        "gelu": { 0.5 * Foundation.erfc(-$0 / Foundation.sqrt(2)) + $0 * Foundation.exp(-$0 * $0 / 2) / Foundation.sqrt(2 * Double.pi) },
        "elu": { $0 > 0 ? 1 : Foundation.exp($0) },
        "selu": { 1.0507009873554804934 * ($0 > 0 ? 1 : 1.6732632423543772848 * Foundation.exp($0)) },
        "leaky_relu": { $0 > 0 ? 1 : 0.01 },
        "silu": { let s = 1 / (1 + Foundation.exp(-$0)); return s * (1 + $0 * (1 - s)) },
        "floor": { _ in 0 }, "ceil": { _ in 0 }, "round": { _ in 0 }, "trunc": { _ in 0 },
    ]

    /// The `y` with `erf(y) = x`, by bisection on Foundation's `erf` (independent of the library);
    /// for `|x| > 0.5` on `erfc(y) = 1 - |x|` (exact), where erfc keeps its relative precision.
    static func erfinvByBisection(_ x: Double) -> Double {
        if x < 0 { return -erfinvByBisection(-x) }
        var low = 0.0, high = 6.0
        while true {
            let middle = (low + high) / 2
            if middle == low || middle == high { return middle }
            let below = x > 0.5 ? Foundation.erfc(middle) > 1 - x : Foundation.erf(middle) < x
            if below { low = middle } else { high = middle }
        }
    }
}
