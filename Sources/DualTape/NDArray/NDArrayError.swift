/// Errors for array data that comes from outside the program (text, files, user input).
///
/// Misuse inside a program (an impossible reshape, mismatched shapes) stops with a message
/// that names the operation and the shapes; data read at run time gets a typed error.
public enum NDArrayError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The text is not an array literal; `position` is the character offset of the problem.
    case parse(message: String, position: Int)
    /// Rows of one axis have different lengths.
    case ragged(message: String, position: Int)
    /// A number is not finite or does not fit the dtype.
    case numberOutOfRange(text: String, position: Int)

    /// What could not be read and the offset in the text where it went wrong.
    public var description: String {
        switch self {
        case .parse(let message, let position): return "cannot parse the array at offset \(position): \(message)"
        case .ragged(let message, let position): return "ragged array at offset \(position): \(message)"
        case .numberOutOfRange(let text, let position):
            return "number '\(text)' at offset \(position) is out of range (it must be finite and fit the dtype)"
        }
    }
}
