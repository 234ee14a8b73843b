/// A recursive-descent parser with Python's precedence (see ``ExpressionLanguage/grammar``).
///
/// Each nesting construct (parenthesis, bracket, call, sign, exponent) adds one level of
/// depth, and a level beyond ``ExpressionLimits/maximumDepth`` is an error, so no input
/// can overflow the stack. Chains of binary operators are loops, not recursion.
struct Parser {
    let tokens: [Token]
    let source: String
    var index = 0
    var tree = SyntaxTree()

    /// The syntax tree of `source`, or the first syntax error in it.
    static func parse(_ source: String) throws(ExpressionError) -> SyntaxTree {
        let length = source.count
        guard length <= ExpressionLimits.maximumLength else {
            throw ExpressionError(.limit, "the expression has \(length) characters; the limit is \(ExpressionLimits.maximumLength)",
                                  source: source, range: ExpressionLimits.maximumLength ..< length)
        }
        var parser = Parser(tokens: try Lexer.tokenize(source), source: source)
        if parser.current.kind == .end {
            throw ExpressionError(.syntax, "the expression is empty; expected for example sum(sin(x) * y)", source: source, range: 0 ..< 0)
        }
        _ = try parser.expression(depth: 0)
        guard parser.current.kind == .end else { throw parser.unexpected(expected: "an operator or the end of the expression") }
        return parser.tree
    }

    var current: Token { tokens[index] }
    /// The end of the last token consumed.
    var previousEnd: Int { index > 0 ? tokens[index - 1].range.upperBound : 0 }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// "expected X but found Y", at the current token.
    func unexpected(expected: String) -> ExpressionError {
        let advice = current.isSymbol(.equals) ? "; use '==' to compare" : ""
        return ExpressionError(.syntax, "expected \(expected) but found \(current.quoted)\(advice)", source: source, range: current.range)
    }

    /// Refuses to go deeper than ``ExpressionLimits/maximumDepth``.
    func enter(_ depth: Int) throws(ExpressionError) {
        guard depth <= ExpressionLimits.maximumDepth else {
            throw ExpressionError(.limit, "the expression nests deeper than \(ExpressionLimits.maximumDepth) levels (parentheses, brackets, calls, signs and powers each add one)",
                                  source: source, range: current.range)
        }
    }

    func span(_ first: Int, _ last: Int) -> Range<Int> { tree[first].range.lowerBound ..< tree[last].range.upperBound }

    // MARK: - Operators, lowest precedence first

    /// `additive [comparison additive]`; comparisons do not chain.
    mutating func expression(depth: Int) throws(ExpressionError) -> Int {
        try enter(depth)
        let lhs = try additive(depth: depth)
        guard case .symbol(let symbol) = current.kind, symbol.isComparison else { return lhs }
        let op = advance()
        let rhs = try additive(depth: depth)
        if case .symbol(let next) = current.kind, next.isComparison {
            throw ExpressionError(.syntax, "comparisons cannot be chained; write (a < b) * (b < c) for both",
                                  source: source, range: current.range)
        }
        return tree.append(.infix(symbol, lhs, rhs), range: span(lhs, rhs), anchor: op.range)
    }

    /// `multiplicative (('+' | '-') multiplicative)*`, left-associative.
    mutating func additive(depth: Int) throws(ExpressionError) -> Int {
        var lhs = try multiplicative(depth: depth)
        while case .symbol(let symbol) = current.kind, symbol == .plus || symbol == .minus {
            let op = advance()
            let rhs = try multiplicative(depth: depth)
            lhs = tree.append(.infix(symbol, lhs, rhs), range: span(lhs, rhs), anchor: op.range)
        }
        return lhs
    }

    /// `unary (('*' | '/' | '@') unary)*`, left-associative.
    mutating func multiplicative(depth: Int) throws(ExpressionError) -> Int {
        var lhs = try unary(depth: depth)
        while case .symbol(let symbol) = current.kind, symbol == .star || symbol == .slash || symbol == .at {
            let op = advance()
            let rhs = try unary(depth: depth)
            lhs = tree.append(.infix(symbol, lhs, rhs), range: span(lhs, rhs), anchor: op.range)
        }
        return lhs
    }

    /// `('-' | '+') unary | power`: signs bind looser than `^`, so `-x^2` is `-(x^2)`.
    mutating func unary(depth: Int) throws(ExpressionError) -> Int {
        guard current.isSymbol(.minus) || current.isSymbol(.plus) else { return try power(depth: depth) }
        let op = advance()
        try enter(depth + 1)
        let operand = try unary(depth: depth + 1)
        if op.isSymbol(.plus) { return operand }
        return tree.append(.negation(operand), range: op.range.lowerBound ..< tree[operand].range.upperBound, anchor: op.range)
    }

    /// `postfix [('^' | '**') unary]`: right-associative, and the exponent may carry a sign (`2^-1`).
    mutating func power(depth: Int) throws(ExpressionError) -> Int {
        let base = try postfix(depth: depth)
        guard current.isSymbol(.caret) || current.isSymbol(.starStar) else { return base }
        let op = advance()
        try enter(depth + 1)
        let exponent = try unary(depth: depth + 1)
        return tree.append(.infix(.caret, base, exponent), range: span(base, exponent), anchor: op.range)
    }

    // MARK: - Postfix and primary

    /// `primary ('[' subscripts ']')*`.
    mutating func postfix(depth: Int) throws(ExpressionError) -> Int {
        var node = try primary(depth: depth)
        while current.isSymbol(.leftBracket) {
            node = try subscripts(of: node, depth: depth + 1)
        }
        return node
    }

    /// A number, a name, a call, a parenthesized expression or an array literal.
    mutating func primary(depth: Int) throws(ExpressionError) -> Int {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return tree.append(.number(value), range: token.range)
        case .identifier(let name):
            advance()
            if current.isSymbol(.leftParenthesis) { return try call(name, token, depth: depth + 1) }
            return tree.append(.name(name), range: token.range)
        case .symbol(.leftParenthesis):
            advance()
            try enter(depth + 1)
            let inner = try expression(depth: depth + 1)
            guard current.isSymbol(.rightParenthesis) else {
                throw unexpected(expected: "')' to close the '(' at column \(token.range.lowerBound + 1)")
            }
            advance()
            return inner
        case .symbol(.leftBracket):
            return try literal(depth: depth + 1)
        case .end:
            throw unexpected(expected: "an expression")
        default:
            throw unexpected(expected: "a number, a variable, a call or '('")
        }
    }

    /// `name '(' [argument (',' argument)* [',']] ')'` where `argument := [name '='] expression`.
    mutating func call(_ name: String, _ nameToken: Token, depth: Int) throws(ExpressionError) -> Int {
        let open = advance()
        try enter(depth)
        var arguments: [Argument] = []
        while !current.isSymbol(.rightParenthesis) {
            if case .identifier(let label) = current.kind, tokens[index + 1].isSymbol(.equals) {
                let labelToken = advance()
                advance()
                arguments.append(Argument(label: label, labelRange: labelToken.range, value: try expression(depth: depth)))
            } else {
                arguments.append(Argument(label: nil, labelRange: nil, value: try expression(depth: depth)))
            }
            if current.isSymbol(.comma) {
                advance()
            } else if !current.isSymbol(.rightParenthesis) {
                throw unexpected(expected: "',' or ')' to close the '(' at column \(open.range.lowerBound + 1)")
            }
        }
        advance()
        return tree.append(.call(name: name, arguments: arguments), range: nameToken.range.lowerBound ..< previousEnd, anchor: nameToken.range)
    }

    /// `'[' subscript (',' subscript)* ']'` where `subscript := expression | [expression] ':' [expression] [':' [expression]]`.
    mutating func subscripts(of base: Int, depth: Int) throws(ExpressionError) -> Int {
        let open = advance()
        try enter(depth)
        var items = [try subscriptItem(depth: depth)]
        while current.isSymbol(.comma) {
            advance()
            items.append(try subscriptItem(depth: depth))
        }
        guard current.isSymbol(.rightBracket) else {
            throw unexpected(expected: "',' or ']' to close the '[' at column \(open.range.lowerBound + 1)")
        }
        advance()
        return tree.append(.indexing(base: base, items: items), range: tree[base].range.lowerBound ..< previousEnd, anchor: open.range)
    }

    /// One position of a subscript: an index, or a slice with any of its three parts left out.
    mutating func subscriptItem(depth: Int) throws(ExpressionError) -> SubscriptItem {
        let start = current.range.lowerBound
        func isEndOfPart(_ token: Token) -> Bool { token.isSymbol(.colon) || token.isSymbol(.comma) || token.isSymbol(.rightBracket) }
        var first: Int?
        if !current.isSymbol(.colon) {
            guard !isEndOfPart(current) else { throw unexpected(expected: "an index such as 0, -1, 1:3 or ::2") }
            let index = try expression(depth: depth)
            guard current.isSymbol(.colon) else { return .index(index) }
            first = index
        }
        advance()
        var stop: Int?, step: Int?
        if !isEndOfPart(current) { stop = try expression(depth: depth) }
        if current.isSymbol(.colon) {
            advance()
            if !isEndOfPart(current) { step = try expression(depth: depth) }
        }
        return .slice(start: first, stop: stop, step: step, range: start ..< previousEnd)
    }
}
