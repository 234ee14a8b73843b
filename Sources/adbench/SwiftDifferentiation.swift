import _Differentiation

/// W5's function written for Swift's own `_Differentiation` (the compiler's AD over `[Double]`):
/// the in-process reference the issue asks W5 to beat.
///
///     f(x) = Σᵢ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²
@differentiable(reverse)
func swiftRosenbrock(_ x: [Double]) -> Double {
    var total = 0.0
    for i in withoutDerivative(at: 0 ..< x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        total = total + 100 * a * a + b * b
    }
    return total
}

/// The gradient of ``swiftRosenbrock(_:)`` by `_Differentiation`'s reverse mode.
func swiftRosenbrockGradient(_ x: [Double]) -> [Double] {
    gradient(at: x, of: swiftRosenbrock).base
}
