/// One lexical unit of an expression, with the characters it covers.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        case identifier(String)
        case symbol(Symbol)
        case end
    }

    let kind: Kind
    /// Character offsets into the source.
    let range: Range<Int>
    /// The source text, for messages.
    let text: String

    /// How messages refer to the token: `'x'`, `'('`, or "the end of the expression".
    var quoted: String {
        if case .end = kind { return "the end of the expression" }
        return "'\(text)'"
    }

    /// Whether the token is the symbol `s`.
    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
}

/// The punctuation of the language.
enum Symbol: String, CaseIterable, Sendable {
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^", starStar = "**", at = "@"
    case leftParenthesis = "(", rightParenthesis = ")", leftBracket = "[", rightBracket = "]"
    case comma = ",", colon = ":", equals = "="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equalEqual = "==", notEqual = "!="

    /// Whether this is one of the six comparison operators.
    var isComparison: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .notEqual: return true
        default: return false
        }
    }
}
