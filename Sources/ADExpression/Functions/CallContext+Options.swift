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

    /// Option `name` as an integer; `nil` when absent or `None`.
    func integer(_ name: String) throws(ExpressionError) -> Int? {
        guard let nodes = attributes[name] else { return nil }
        switch constant(nodes[0]) {
        case .number(let value): return try integral(value, name)
        case .word("None") where acceptsNone(name): return nil
        default: throw fail(.argument, "\(name) must be an integer, not \(text(of: name))", at: range(of: name))
        }
    }

    /// Option `name` as a list of integers: a list literal, one integer, or several positional
    /// integers; `nil` when absent or `None`.
    func integers(_ name: String) throws(ExpressionError) -> [Int]? {
        guard let nodes = attributes[name] else { return nil }
        let expected = "\(name) must be an integer or a list of integers such as [2, 3], not \(text(of: name))"
        if nodes.count == 1 {
            switch constant(nodes[0]) {
            case .word("None") where acceptsNone(name): return nil
            case .list(let values, let shape) where shape.count == 1:
                var result: [Int] = []
                for v in values { result.append(try integral(v, name)) }
                return result
            case .number(let value): return [try integral(value, name)]
            default: throw fail(.argument, expected, at: range(of: name))
            }
        }
        var result: [Int] = []
        for node in nodes {
            guard case .number(let value) = constant(node) else { throw fail(.argument, expected, at: tree[node].range) }
            result.append(try integral(value, name))
        }
        return result
    }

    /// Option `name` as a boolean; `nil` when absent.
    func bool(_ name: String) throws(ExpressionError) -> Bool? {
        guard let nodes = attributes[name] else { return nil }
        switch constant(nodes[0]) {
        case .word("true"), .word("True"): return true
        case .word("false"), .word("False"): return false
        default: throw fail(.argument, "\(name) must be true or false, not \(text(of: name))", at: range(of: name))
        }
    }

    /// Option `name` as a finite number; `nil` when absent.
    func number(_ name: String) throws(ExpressionError) -> Double? {
        guard let nodes = attributes[name] else { return nil }
        guard case .number(let value) = constant(nodes[0]) else {
            throw fail(.argument, "\(name) must be a number such as -0.5, not \(text(of: name))", at: range(of: name))
        }
        return value
    }

    /// Option `name` as an element type; `nil` when absent.
    func dtype(_ name: String) throws(ExpressionError) -> DType? {
        guard let nodes = attributes[name] else { return nil }
        switch constant(nodes[0]) {
        case .word("float32"): return .float32
        case .word("float64"): return .float64
        default: throw fail(.argument, "\(name) must be float32 or float64, not \(text(of: name))", at: range(of: name))
        }
    }

    /// Whether option `name` may be `None` (its default is `None`).
    private func acceptsNone(_ name: String) -> Bool {
        parameters.contains { $0.name == name && $0.defaultValue == "None" }
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
    private func integral(_ value: Double, _ name: String, _ range: Range<Int>? = nil) throws(ExpressionError) -> Int {
        let range = range ?? self.range(of: name)
        guard value == value.rounded(), Swift.abs(value) <= 0x1p53 else {
            throw fail(.argument, "\(name) must be an integer, not \(String(Array(source)[range]))", at: range)
        }
        return Int(value)
    }
}
