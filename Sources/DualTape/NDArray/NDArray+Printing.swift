/// Printing in MXNet 1.9.1's format: NumPy's `str()` of the values, then the shape line.
///
///     print(NDArray([[1, 2], [3, 4]], dtype: .float32))
///     //
///     // [[1. 2.]
///     //  [3. 4.]]
///     // <NDArray 2x2 @cpu(0)>
extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// The elements as MXNet prints them, then `<NDArray 2x3 @cpu(0)>`.
    public var description: String {
        "\n" + NumpyFormat.arrayString(formatElements, shape: shape) + "\n<NDArray " + shape.map(String.init).joined(separator: "x") + " @cpu(0)>"
    }

    /// The same text as ``description`` (so `print([a, b])` looks like MXNet's list repr).
    public var debugDescription: String { description }

    /// The values in the formatter's terms, in row-major order.
    var formatElements: FormatElements {
        switch dtype {
        case .float32: return .float32(scalars.map { Float($0) })
        case .float64: return .float64(scalars)
        }
    }
}
