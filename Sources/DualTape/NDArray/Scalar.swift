/// The value of a one-element array, with its dtype: what MXNet's `asscalar()` returns
/// (a NumPy scalar). It prints as NumPy prints it (`1.8905523` for a Float32, not the
/// Float64 expansion), compares with Swift numbers, and converts with `Double(s)`.
///
///     while b.norm().asScalar() < 1000 { ... }
///
/// Inside a compiled function being traced (``Autograd/compile(example:mode:_:)``), a scalar
/// read from a traced array remembers where it came from: every comparison made on it
/// (`<`, `<=`, `>`, `>=`, `==`) and every use of its exact value (``value``, `Double(s)`)
/// becomes a guard of the trace.
public struct Scalar: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The value, without recording a guard.
    let rawValue: Double
    /// The dtype of the array it came from; it decides how the value prints.
    public let dtype: DType
    /// The traced value this scalar was read from, if any.
    let origin: ScalarOrigin?

    /// The value (exact: a Float32 converts to Double without rounding).
    public var value: Double {
        origin?.recordExactValue(rawValue)
        return rawValue
    }

    /// A scalar of `dtype` holding `value`.
    ///
    /// - Parameters:
    ///   - value: The value; rounded to `Float` when `dtype` is float32.
    ///   - dtype: The element type it stands for (default float64).
    public init(_ value: Double, dtype: DType = .float64) {
        self.init(value, dtype: dtype, origin: nil)
    }
    init(_ value: Double, dtype: DType, origin: ScalarOrigin?) {
        self.rawValue = dtype == .float32 ? Double(Float(value)) : value
        self.dtype = dtype
        self.origin = origin
    }
    /// A float64 constant: `let limit: Scalar = 0.5`.
    ///
    /// - Parameter value: The literal.
    public init(floatLiteral value: Double) { self.init(value) }
    /// A float64 constant: `let limit: Scalar = 1000`.
    ///
    /// - Parameter value: The literal, converted to Double (exact up to 2⁵³).
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    /// Compares the values; while tracing, a comparison on a traced scalar becomes a guard.
    public static func < (lhs: Scalar, rhs: Scalar) -> Bool {
        let outcome = lhs.rawValue < rhs.rawValue
        if lhs.origin != nil || rhs.origin != nil { ScalarOrigin.record(lhs, .less, rhs, outcome: outcome) }
        return outcome
    }
    /// Compares the values (not the dtypes); while tracing, a comparison on a traced scalar becomes a guard.
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool {
        let outcome = lhs.rawValue == rhs.rawValue
        if lhs.origin != nil || rhs.origin != nil { ScalarOrigin.record(lhs, .equal, rhs, outcome: outcome) }
        return outcome
    }
    /// Hashes the exact value (for a traced scalar this records a guard, as reading ``value`` does).
    ///
    /// - Parameter hasher: The hasher the value is fed to.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// NumPy's `str()` of the scalar.
    public var description: String {
        dtype == .float32 ? NumpyFormat.scalarString(Float(rawValue)) : NumpyFormat.scalarString(rawValue)
    }
}

extension Double {
    /// The scalar's value.
    ///
    /// - Parameter scalar: The scalar; its value is exact in Double for either dtype.
    public init(_ scalar: Scalar) { self = scalar.value }
}
extension Float {
    /// The scalar's value, rounded to Float.
    ///
    /// - Parameter scalar: The scalar; a float32 one converts exactly.
    public init(_ scalar: Scalar) { self = Float(scalar.value) }
}
