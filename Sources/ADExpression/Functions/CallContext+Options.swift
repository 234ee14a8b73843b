import DualTape

/// Reading option arguments (`axis=0`, `keepdims=true`, `[2, 3]`, `float32`) as constants.
extension CallContext {
    /// An option's value as written: a signed number, a list literal, or a word.
    enum Constant {
        case number(Double)
        case list(values: [Double], shape: [Int])
        case word(String)
    }

    /// The constant at `node`, or `nil` when it is an expression that needs evaluating.
    func constant(_ node: Int) -> Constant? {
        var sign = 1.0
        var i = node
        while case .negation(let operand) = tree[i].kind {
            sign = -sign
            i = operand
        }
        switch tree[i].kind {
        case .number(let value): return .number(sign * value)
        case .literal(let values, let shape): return .list(values: values.map { sign * $0 }, shape: shape)
        case .name(let word) where sign == 1: return .word(word)
        default: return nil
        }
    }

    /// The source text of option `name`, for messages.
    func text(of name: String) -> String {
        let r = range(of: name)
        return String(Array(source)[r])
    }

    /// The integer constant at `node` (an index or slice bound), called `what` in messages.
    func integer(at node: Int, _ what: String) throws(ExpressionError) -> Int {
        let range = tree[node].range
        guard case .number(let value) = constant(node) else {
            throw fail(.argument, "\(what) must be an integer, not \(String(Array(source)[range]))", at: range)
        }
        return try integral(value, what, range)
    }

    /// `value` as an `Int` when it is a whole number of at most 2⁵³ in magnitude.
    private func integral(_ value: Double, _ name: String, _ range: Range<Int>) throws(ExpressionError) -> Int {
        guard value == value.rounded(), Swift.abs(value) <= 0x1p53 else {
            throw fail(.argument, "\(name) must be an integer, not \(String(Array(source)[range]))", at: range)
        }
        return Int(value)
    }
}
