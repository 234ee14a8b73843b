/// Why an expression (or a `--var` binding) was refused, and where.
///
/// The message names what went wrong and, for operations, the operator and the shapes; the
/// range points into ``source`` so that ``description`` can show the text with a caret
/// under the offending columns:
///
///     add: shapes [2, 3] and [4] cannot be broadcast together
///       x + y
///         ^
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is; every kind is bad input (exit 64 in `adcheck`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The text is not an expression: an unexpected token, an unclosed parenthesis, nothing at all.
        case syntax
        /// An unknown function or keyword argument.
        case unknownName
        /// A call with the wrong arguments: too many, missing, repeated, or a bad option value.
        case argument
        /// A name used as a variable that no `--var` binds.
        case unboundVariable
        /// Shapes, axes or indices that do not fit the operation.
        case shape
        /// Element types that do not match (float32 with float64).
        case dtype
        /// A malformed or ragged array literal, or a number out of range.
        case literal
        /// Something beyond ``ExpressionLimits``: too deep, too long, too large.
        case limit
        /// A malformed `--var NAME=ARRAY` or `--var NAME=shape:2x3`.
        case binding
    }

    public let kind: Kind
    /// One line saying what is wrong and, where it helps, what was expected.
    public let message: String
    /// The text the error points into (the expression, or the `--var` argument).
    public let source: String
    /// The offending characters, as offsets into `source` (empty: a position, such as the end).
    public let range: Range<Int>

    public init(_ kind: Kind, _ message: String, source: String, range: Range<Int>) {
        self.kind = kind
        self.message = message
        self.source = source
        self.range = range
    }

    /// The 1-based column of the first offending character.
    public var column: Int { range.lowerBound + 1 }

    /// The message, then the source with a caret line under the offending columns.
    public var description: String { message + "\n" + snippet }

    /// Two lines, indented by two spaces: the source (a window of it when long, with control
    /// characters shown as spaces) and `^~~~` under ``range``.
    public var snippet: String {
        let width = 76
        let characters = Array(source).map(Self.displayed)
        let n = characters.count
        let lower = min(max(range.lowerBound, 0), n)
        let upper = min(max(range.upperBound, lower), n)
        let start = n <= width ? 0 : min(max(0, lower - width / 2), n - width)
        let end = min(n, start + width)
        let prefix = start > 0 ? "..." : ""
        let suffix = end < n ? "..." : ""
        let line = prefix + String(characters[start ..< end]) + suffix
        let tildes = max(0, min(upper, end) - lower - 1)
        let marker = String(repeating: " ", count: prefix.count + lower - start) + "^" + String(repeating: "~", count: tildes)
        return "  " + line + "\n  " + marker
    }

    /// `c` as the snippet shows it, one column wide: itself, a space for whitespace, or `?`
    /// for what would not print on its own (controls, a combining mark with no base).
    private static func displayed(_ c: Character) -> Character {
        if c.isWhitespace { return " " }
        return isPrintable(c) ? c : "?"
    }

    /// Whether `c` prints as itself on its own: no control or format characters, and not
    /// starting with a combining mark (which would join the character before it).
    static func isPrintable(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return false
            default: return true
            }
        } && !Self.isMark(c.unicodeScalars.first!)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
