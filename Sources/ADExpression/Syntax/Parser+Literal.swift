/// Array literals inside an expression: `[[1, 2], [3, -4.5]]`, numbers with optional signs,
/// every row of an axis the same length.
extension Parser {
    /// What the literal's rows have shown so far, for the raggedness checks.
    struct LiteralLayout {
        /// The length of the first row closed at each level.
        var extents: [Int: Int] = [:]
        /// The level of the numbers, once the first one is read.
        var numberLevel: Int?
        /// The deepest row closed so far.
        var deepestRow = -1
    }

    /// A literal node; the current token is its '['.
    mutating func literal(depth: Int) throws(ExpressionError) -> Int {
        let start = current.range.lowerBound
        var values: [Double] = []
        var layout = LiteralLayout()
        try row(level: 0, depth: depth, values: &values, layout: &layout)
        let rank = layout.numberLevel ?? (layout.deepestRow + 1)
        let shape = (0 ..< rank).map { layout.extents[$0] ?? 0 }
        return tree.append(.literal(values: values, shape: shape), range: start ..< previousEnd)
    }

    /// One bracketed row at `level` (the outermost is 0); its numbers sit at `level + 1`.
    private mutating func row(level: Int, depth: Int, values: inout [Double], layout: inout LiteralLayout) throws(ExpressionError) {
        let open = advance()
        try enter(depth)
        var count = 0
        while !current.isSymbol(.rightBracket) {
            if current.isSymbol(.leftBracket) {
                try row(level: level + 1, depth: depth + 1, values: &values, layout: &layout)
            } else {
                try number(level: level + 1, values: &values, layout: &layout)
            }
            count += 1
            if current.isSymbol(.comma) {
                advance()
            } else if !current.isSymbol(.rightBracket) {
                throw unexpected(expected: "',' or ']' to close the '[' at column \(open.range.lowerBound + 1)")
            }
        }
        advance()
        let range = open.range.lowerBound ..< previousEnd
        if let numbers = layout.numberLevel, level >= numbers {
            throw ExpressionError(.literal, "ragged array literal: a row where a number was expected (the first element at this depth is a number)",
                                  source: source, range: range)
        }
        if let extent = layout.extents[level], extent != count {
            throw ExpressionError(.literal, "ragged array literal: a row of \(count) element\(count == 1 ? "" : "s") where the first row at this depth has \(extent)",
                                  source: source, range: range)
        }
        layout.extents[level] = count
        layout.deepestRow = max(layout.deepestRow, level)
    }

    /// A number with optional signs, at `level`.
    private mutating func number(level: Int, values: inout [Double], layout: inout LiteralLayout) throws(ExpressionError) {
        let start = current.range.lowerBound
        var sign = 1.0
        while current.isSymbol(.minus) || current.isSymbol(.plus) {
            if advance().isSymbol(.minus) { sign = -sign }
        }
        guard case .number(let value) = current.kind else {
            if case .identifier = current.kind {
                throw ExpressionError(.literal, "array literals hold numbers only, like [[1, 2], [3, 4]]; join arrays with stack(a, b) or concat(a, b)",
                                      source: source, range: current.range)
            }
            throw unexpected(expected: "a number or '['")
        }
        advance()
        let range = start ..< previousEnd
        if let first = layout.numberLevel, level > first {
            throw ExpressionError(.literal, "ragged array literal: a number at depth \(level) where the first number is at depth \(first)",
                                  source: source, range: range)
        }
        guard layout.numberLevel ?? level == level, level > layout.deepestRow else {
            throw ExpressionError(.literal, "ragged array literal: a number where a row was expected (other elements at this depth are rows)",
                                  source: source, range: range)
        }
        layout.numberLevel = level
        values.append(sign * value)
    }
}
