import DualTape

extension Gen where Value == NDArray {
    /// An array of `shape` and `dtype` whose elements lie in `domain` (with its special
    /// values, `extraSpecials` among them, mixed in).
    ///
    /// - Parameters:
    ///   - shape: The array's shape.
    ///   - dtype: Float64 by default; Float32 values are rounded and kept inside `domain`.
    ///   - domain: The domain of every element, `.real` by default; a `.matrix` domain also
    ///     gives each matrix its structure.
    ///   - extraSpecials: Further special values, such as an operator's kinks.
    /// - Returns: A generator of arrays of `shape` and `dtype`.
    public static func ndarray(shape: [Int], dtype: DType = .float64, domain: Domain = .real, extraSpecials: [Double] = []) -> Gen {
        Gen { source in try drawArray(source, shape: shape, dtype: dtype, domain: domain, extraSpecials: extraSpecials) }
    }

    /// An array of a generated shape (see ``Gen/shape(_:ranks:)``) in `domain`.
    ///
    /// - Parameters:
    ///   - dtype: Float64 by default.
    ///   - domain: The domain of every element, `.real` by default.
    ///   - ranks: The ranks the shape may have; 0 ... 4 by default.
    /// - Returns: A generator of arrays of generated shapes.
    public static func ndarray(dtype: DType = .float64, domain: Domain = .real, ranks: ClosedRange<Int> = 0 ... 4) -> Gen {
        Gen<[Int]>.shape(ranks: ranks).flatMap { ndarray(shape: $0, dtype: dtype, domain: domain) }
    }

    /// A direction (a tangent or a cotangent) of `shape`: values in [-2, 2], never all zero.
    ///
    /// - Parameters:
    ///   - shape: The shape of the input (tangent) or output (cotangent) it goes with.
    ///   - dtype: Float64 by default.
    /// - Returns: A generator of directions of `shape` and `dtype`.
    public static func direction(shape: [Int], dtype: DType = .float64) -> Gen {
        Gen { source in try drawDirection(source, shape: shape, dtype: dtype) }
    }

    /// The drawing behind ``ndarray(shape:dtype:domain:extraSpecials:)``. Float32 values are
    /// rounded and kept inside the domain; a `.matrix` domain then shapes each matrix
    /// (DualTape's `Domain.structured(_:)`).
    ///
    /// - Parameters:
    ///   - source: The source to draw from; each element is a span labelled `"element"`.
    ///   - shape: The array's shape.
    ///   - dtype: The array's dtype.
    ///   - domain: The domain of every element.
    ///   - extraSpecials: Further special values, such as kinks.
    /// - Returns: An array of `shape` and `dtype` with its elements in `domain`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
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
    ///
    /// - Parameters:
    ///   - source: The source to draw from.
    ///   - shape: The direction's shape.
    ///   - dtype: The direction's dtype.
    /// - Returns: A direction of `shape` and `dtype`, values in [-2, 2], not all zero.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
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
