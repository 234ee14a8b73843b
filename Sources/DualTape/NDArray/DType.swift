/// The element type of an ``NDArray``, chosen at run time as in MXNet.
///
/// `float64` is the default: it is the right type for derivatives and gradient checks.
/// `float32` is MXNet's default and what the seed tutorial prints.
public enum DType: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// 32-bit IEEE 754 `Float` elements (MXNet's default).
    case float32
    /// 64-bit IEEE 754 `Double` elements (DualTape's default).
    case float64

    /// Bytes per element.
    public var byteCount: Int { self == .float32 ? 4 : 8 }

    /// The unit roundoff `ε/2` of the type (`2⁻²⁴` or `2⁻⁵³`).
    public var unitRoundoff: Double { self == .float32 ? 0x1p-24 : 0x1p-53 }

    /// `"float32"` or `"float64"`, MXNet's spelling.
    public var description: String { rawValue }
}
