import DualTape

extension Gen where Value == NDArray {
    /// An array of `shape` and `dtype` whose elements lie in `domain` (with its special
    /// values, `extraSpecials` among them, mixed in).
    public static func ndarray(shape: [Int], dtype: DType = .float64, domain: Domain = .real, extraSpecials: [Double] = []) -> Gen {
        Gen { source in try drawArray(source, shape: shape, dtype: dtype, domain: domain, extraSpecials: extraSpecials) }
    }

    /// An array of a generated shape (see ``Gen/shape(_:ranks:)``) in `domain`.
    public static func ndarray(dtype: DType = .float64, domain: Domain = .real, ranks: ClosedRange<Int> = 0 ... 4) -> Gen {
        Gen<[Int]>.shape(ranks: ranks).flatMap { ndarray(shape: $0, dtype: dtype, domain: domain) }
    }

    /// A direction (a tangent or a cotangent) of `shape`: values in [-2, 2], never all zero.
    public static func direction(shape: [Int], dtype: DType = .float64) -> Gen {
        Gen { source in try drawDirection(source, shape: shape, dtype: dtype) }
    }

    /// The drawing behind ``ndarray(shape:dtype:domain:extraSpecials:)``. Float32 values are
    /// rounded and kept inside the domain; a `.matrix` domain then shapes each matrix
    /// (DualTape's `Domain.structured(_:)`).
    public static func drawArray(_ source: DrawSource, shape: [Int], dtype: DType, domain: Domain, extraSpecials: [Double]) throws -> NDArray {
        let values = try (0 ..< Shape.count(shape)).map { _ -> Double in
            let x = try source.span("element") { try Gen<Double>.drawValue(source, domain, extraSpecials) }
            guard dtype == .float32 else { return x }
            let rounded = Double(Float(x))
            return domain.contains(rounded) ? rounded : x.nextTowardZeroFloat
        }
        return domain.structured(NDArray(values: values, shape: shape, dtype: dtype))
    }

    /// The drawing behind ``direction(shape:dtype:)``: ones are the simplest direction.
    public static func drawDirection(_ source: DrawSource, shape: [Int], dtype: DType) throws -> NDArray {
        let specials: [Double] = [1, -1, 0.5, 2, -0.5, -2]
        var values = try (0 ..< Shape.count(shape)).map { _ in try Gen<Double>.drawDouble(source, -2 ... 2, specials, 0.2) }
        if !values.isEmpty && values.allSatisfy({ $0 == 0 }) { values[0] = 1 }
        return NDArray(values: values, shape: shape, dtype: dtype)
    }
}

extension Double {
    /// The Float32 value next to this one toward zero (a rounded value that stays inside
    /// an interval whose ends are not Float32 numbers).
    var nextTowardZeroFloat: Double {
        let f = Float(self)
        return Double(Swift.abs(Double(f)) > Swift.abs(self) ? (f > 0 ? f.nextDown : f.nextUp) : f)
    }
}
