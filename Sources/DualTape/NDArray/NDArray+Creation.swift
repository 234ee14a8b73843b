/// Creating arrays: from nested Swift arrays of any rank, from literals, and the usual
/// constructors (`zeros`, `ones`, `full`, `arange`, `linspace`, `eye`).

/// Nested Swift arrays of numbers that an ``NDArray`` can be made from: `Double`, `Float`,
/// `Int`, and arrays of those to any depth.
public protocol NestedNumbers {
    /// Appends the shape below this level to `shape` and the numbers to `values`; returns
    /// false for ragged input.
    ///
    /// The walk ``NDArray/init(_:dtype:)`` uses; callers rarely need it.
    ///
    /// - Parameters:
    ///   - values: The numbers found so far, in row-major order, as `Double`.
    ///   - shape: The extents found so far; the first visit of a level appends its extent,
    ///     later visits check against it.
    ///   - depth: The nesting level of this value (0 at the top).
    /// - Returns: Whether this value's structure matches the shape found so far.
    func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool
}

extension Double: NestedNumbers {
    /// Appends the number; true when this leaf sits at the depth where the shape found so far ends.
    public func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool {
        values.append(self)
        return shape.count == depth
    }
}
extension Float: NestedNumbers {
    /// Appends the number as a Double; a leaf, as for `Double`.
    public func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool {
        values.append(Double(self))
        return shape.count == depth
    }
}
extension Int: NestedNumbers {
    /// Appends the integer as a Double; a leaf, as for `Double`.
    public func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool {
        values.append(Double(self))
        return shape.count == depth
    }
}
extension Array: NestedNumbers where Element: NestedNumbers {
    /// Appends this level's count to `shape` at its first visit (later visits must match it), then
    /// collects each element one level deeper.
    public func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool {
        if shape.count == depth { shape.append(count) } else if shape.count < depth || shape[depth] != count { return false }
        for element in self where !element.collect(into: &values, shape: &shape, depth: depth + 1) { return false }
        return true
    }
}

/// An element of an array literal: a number or a nested literal (`let x: NDArray = [[1, 2], [3, 4]]`).
public indirect enum NDArrayLiteral: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, Sendable {
    /// A number, a leaf of the literal.
    case number(Double)
    /// A bracketed list: all numbers (one row) or all lists (one more axis).
    case array([NDArrayLiteral])
    /// A number leaf, from an integer literal.
    ///
    /// - Parameter value: The literal, converted to Double (exact up to 2⁵³).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number leaf, from a float literal.
    ///
    /// - Parameter value: The literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A nested list from a bracketed literal.
    ///
    /// - Parameter elements: The list's items: numbers or further lists.
    public init(arrayLiteral elements: NDArrayLiteral...) { self = .array(elements) }

    func collect(into values: inout [Double], shape: inout [Int], depth: Int) -> Bool {
        switch self {
        case .number(let v):
            values.append(v)
            return shape.count == depth
        case .array(let items):
            let numbers = items.filter { if case .number = $0 { return true } else { return false } }.count
            guard numbers == 0 || numbers == items.count else { return false }
            if shape.count == depth { shape.append(items.count) } else if shape.count < depth || shape[depth] != items.count { return false }
            for item in items where !item.collect(into: &values, shape: &shape, depth: depth + 1) { return false }
            return true
        }
    }
}

extension NDArray: ExpressibleByArrayLiteral {
    /// A Float64 array from a nested literal; a ragged literal stops with a message.
    ///
    ///     let x: NDArray = [[1, 2], [3, 4]]     // shape [2, 2], float64
    ///
    /// - Parameter elements: The rows: numbers for a 1-D array, nested lists for more axes.
    public init(arrayLiteral elements: NDArrayLiteral...) {
        var values: [Double] = [], shape: [Int] = []
        let ok = NDArrayLiteral.array(elements).collect(into: &values, shape: &shape, depth: 0)
        precondition(ok && values.count == Shape.count(shape), "NDArray: ragged nested array literal (rows of different lengths)")
        self = NDArray(values: values, shape: shape, dtype: .float64)
    }
}

extension NDArray {
    /// An array from nested Swift arrays of any rank (`Double`, `Float` or `Int` leaves); a
    /// number alone gives a 0-d array. Ragged input stops with a message; for data read
    /// from outside use the throwing ``init(parsing:dtype:)``.
    ///
    ///     NDArray([[1, 2], [3, 4]], dtype: .float32)
    ///
    /// - Parameters:
    ///   - nested: A number or nested arrays of numbers; every row of an axis has one length.
    ///   - dtype: The element type (default float64); values are rounded to it.
    public init<N: NestedNumbers>(_ nested: N, dtype: DType = .float64) {
        var values: [Double] = [], shape: [Int] = []
        let ok = nested.collect(into: &values, shape: &shape, depth: 0)
        precondition(ok && values.count == Shape.count(shape),
                     "NDArray: ragged nested array (rows of different lengths); every row of an axis must have the same length")
        self.init(values: values, shape: shape, dtype: dtype)
    }

    /// An array of `shape` from row-major `values`.
    ///
    /// - Parameters:
    ///   - values: Exactly `shape`'s element count of numbers, last axis fastest.
    ///   - shape: Non-negative extents (`[]` for a 0-d array of one value).
    ///   - dtype: The element type (default float64); values are rounded to it.
    public init(values: [Double], shape: [Int], dtype: DType = .float64) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative extent in shape \(Shape.describe(shape))")
        precondition(values.count == Shape.count(shape),
                     "NDArray: \(values.count) values do not fill shape \(Shape.describe(shape)) (\(Shape.count(shape)) elements)")
        self = Kernels.generate(shape: shape, dtype: dtype) { values[$0] }
    }

    /// Zeros of `shape`.
    ///
    /// - Parameters:
    ///   - shape: Non-negative extents.
    ///   - dtype: The element type (default float64).
    /// - Returns: A new contiguous array of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float64) -> NDArray { full(shape, 0, dtype: dtype) }
    /// Ones of `shape`.
    ///
    /// - Parameters:
    ///   - shape: Non-negative extents.
    ///   - dtype: The element type (default float64).
    /// - Returns: A new contiguous array of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float64) -> NDArray { full(shape, 1, dtype: dtype) }
    /// `value` everywhere in `shape`.
    ///
    /// - Parameters:
    ///   - shape: Non-negative extents.
    ///   - value: The fill value, rounded to `dtype`.
    ///   - dtype: The element type (default float64).
    /// - Returns: A new contiguous array filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float64) -> NDArray {
        precondition(shape.allSatisfy { $0 >= 0 }, "full: negative extent in shape \(Shape.describe(shape))")
        return Kernels.filled(value, shape: shape, dtype: dtype)
    }
    /// Zeros with `like`'s dtype and shape (or `shape`).
    ///
    /// - Parameters:
    ///   - like: The array whose dtype (and, without `shape`, shape) the result takes; its
    ///     values are not read and the result is not connected to it for AD.
    ///   - shape: A shape to use instead of `like`'s (default `nil`).
    /// - Returns: A new array of zeros (no AD state).
    public static func zeros(like: NDArray, shape: [Int]? = nil) -> NDArray { full(shape ?? like.shape, 0, dtype: like.dtype) }
    /// Ones with `like`'s dtype and shape (or `shape`).
    ///
    /// - Parameters:
    ///   - like: The array whose dtype (and, without `shape`, shape) the result takes.
    ///   - shape: A shape to use instead of `like`'s (default `nil`).
    /// - Returns: A new array of ones (no AD state).
    public static func ones(like: NDArray, shape: [Int]? = nil) -> NDArray { full(shape ?? like.shape, 1, dtype: like.dtype) }

    /// `start, start + step, …` below `stop` (NumPy's `arange`).
    ///
    /// There are `⌈(stop - start) / step⌉` elements (none when that is not positive); element
    /// `i` is `start + i·step`, computed in Double and then rounded to `dtype`.
    ///
    /// - Parameters:
    ///   - start: The first value (finite).
    ///   - stop: The bound, excluded (finite); below `start` with a negative `step`.
    ///   - step: The spacing, finite and non-zero (default 1).
    ///   - dtype: The element type (default float64).
    /// - Returns: A 1-D array.
    public static func arange(_ start: Double, _ stop: Double, step: Double = 1, dtype: DType = .float64) -> NDArray {
        precondition(step != 0 && step.isFinite && start.isFinite && stop.isFinite, "arange: invalid range \(start)..<\(stop) step \(step)")
        let n = Swift.max(0, Int(((stop - start) / step).rounded(.up)))
        return Kernels.generate(shape: [n], dtype: dtype) { start + Double($0) * step }
    }
    /// `0, 1, …, stop - 1`.
    ///
    /// - Parameters:
    ///   - stop: The number of elements (none when `stop ≤ 0`).
    ///   - dtype: The element type (default float64).
    /// - Returns: A 1-D array of `max(stop, 0)` elements.
    public static func arange(_ stop: Int, dtype: DType = .float64) -> NDArray { arange(0, Double(stop), dtype: dtype) }

    /// `count` evenly spaced values from `start` to `stop` (inclusive when `endpoint`).
    ///
    /// With `endpoint` the last value is exactly `stop`.
    ///
    /// - Parameters:
    ///   - start: The first value.
    ///   - stop: The last value (with `endpoint`) or the bound the spacing leads to (without).
    ///   - count: The number of values, non-negative.
    ///   - endpoint: Whether `stop` is included (default `true`, as in NumPy).
    ///   - dtype: The element type (default float64).
    /// - Returns: A 1-D array of `count` elements.
    public static func linspace(_ start: Double, _ stop: Double, count: Int, endpoint: Bool = true, dtype: DType = .float64) -> NDArray {
        precondition(count >= 0, "linspace: negative count \(count)")
        let divisions = Double(endpoint ? Swift.max(count - 1, 1) : Swift.max(count, 1))
        let step = (stop - start) / divisions
        return Kernels.generate(shape: [count], dtype: dtype) { i in
            endpoint && i == count - 1 && count > 1 ? stop : start + Double(i) * step
        }
    }

    /// The `n`×`m` identity (ones on the diagonal `k`).
    ///
    /// - Parameters:
    ///   - n: The number of rows.
    ///   - m: The number of columns (default `n`).
    ///   - k: The diagonal holding the ones: 0 the main one, positive above it, negative below.
    ///   - dtype: The element type (default float64).
    /// - Returns: An array of shape `[n, m]`.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) -> NDArray {
        let cols = m ?? n
        precondition(n >= 0 && cols >= 0, "eye: negative size \(n)x\(cols)")
        return Kernels.generate(shape: [n, cols], dtype: dtype) { i in i % Swift.max(cols, 1) - i / Swift.max(cols, 1) == k ? 1 : 0 }
    }
}
