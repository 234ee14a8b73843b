/// Splits an expression into tokens: numbers (`2`, `.5`, `1e-3`), identifiers
/// (`x`, `expand_dims`) and symbols; spaces separate tokens and are otherwise ignored.
struct Lexer {
    private let characters: [Character]
    private let source: String
    private var position = 0

    init(_ source: String) {
        self.source = source
        self.characters = Array(source)
    }

    /// Every token of the source, ending with `.end`.
    static func tokenize(_ source: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(ExpressionError) -> Token {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position < characters.count else { return Token(kind: .end, range: position ..< position, text: "") }
        let start = position
        let c = characters[position]
        if c == ".", !(position + 1 < characters.count && characters[position + 1].isASCII && characters[position + 1].isNumber) {
            throw ExpressionError(.syntax, "unexpected character '.'; the language has no methods: write transpose(x), not x.T",
                                  source: source, range: start ..< start + 1)
        }
        if c.isASCII && (c.isNumber || c == ".") { return try number() }
        if c.isASCII && (c.isLetter || c == "_") {
            while position < characters.count, Self.isIdentifierCharacter(characters[position]) { position += 1 }
            let name = String(characters[start ..< position])
            return Token(kind: .identifier(name), range: start ..< position, text: name)
        }
        for symbol in [Symbol.starStar, .lessEqual, .greaterEqual, .equalEqual, .notEqual] where matches(symbol.rawValue) {
            position += 2
            return Token(kind: .symbol(symbol), range: start ..< position, text: symbol.rawValue)
        }
        if let symbol = Symbol(rawValue: String(c)) {
            position += 1
            return Token(kind: .symbol(symbol), range: start ..< position, text: symbol.rawValue)
        }
        throw ExpressionError(.syntax, "unexpected character \(Self.shown(c))\(Self.hint(for: c))", source: source, range: start ..< start + 1)
    }

    /// `digits [. digits] [e [+-] digits]`, or `. digits ...`; a letter right after is an error.
    private mutating func number() throws(ExpressionError) -> Token {
        let start = position
        func digits() { while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 } }
        digits()
        if position < characters.count, characters[position] == "." {
            position += 1
            digits()
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            let mark = position
            position += 1
            if position < characters.count, characters[position] == "+" || characters[position] == "-" { position += 1 }
            let exponentStart = position
            digits()
            if position == exponentStart { position = mark }
        }
        let text = String(characters[start ..< position])
        if position < characters.count, Self.isIdentifierCharacter(characters[position]) || characters[position] == "." {
            var end = position
            while end < characters.count, Self.isIdentifierCharacter(characters[end]) || characters[end] == "." { end += 1 }
            let word = String(characters[start ..< end])
            let advice = characters[position] == "." ? "" : "; write \(text)*\(String(characters[position ..< end])) to multiply"
            throw ExpressionError(.syntax, "'\(word)' is not a number\(advice)", source: source, range: start ..< end)
        }
        guard let value = Double(text) else {
            throw ExpressionError(.syntax, "'\(text)' is not a number", source: source, range: start ..< position)
        }
        guard value.isFinite else {
            throw ExpressionError(.literal, "number '\(text)' is out of range (the largest is about 1.8e308)", source: source, range: start ..< position)
        }
        return Token(kind: .number(value), range: start ..< position, text: text)
    }

    private func matches(_ text: String) -> Bool {
        var i = position
        for c in text {
            guard i < characters.count, characters[i] == c else { return false }
            i += 1
        }
        return true
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    /// How a message shows `c`: `'$'`, `'é' (U+00E9)`, or only the code points when it
    /// would not print on its own (a control character, a lone combining mark).
    static func shown(_ c: Character) -> String {
        let codes = c.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        if c.isASCII && ExpressionError.isPrintable(c) && !c.isWhitespace { return "'\(c)'" }
        if ExpressionError.isPrintable(c) && !c.isWhitespace { return "'\(c)' (\(codes.joined(separator: " ")))" }
        return codes.joined(separator: " ")
    }

    /// Advice for characters people reach for from other languages.
    private static func hint(for c: Character) -> String {
        switch c {
        case "!": return "; '!=' compares"
        case "×", "·": return "; use '*' to multiply"
        case "−": return "; use '-' (ASCII) to subtract"
        case "%", "&", "|", "~", "$", "#": return "; the language has + - * / ^ @ and comparisons"
        default: return ""
        }
    }
}
