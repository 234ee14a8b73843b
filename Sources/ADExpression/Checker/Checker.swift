import DualTape

/// The shape and dtype pass: every array node's shape and dtype from its operands', in node
/// order (children first), each operation checked before anything is computed. Also
/// enforces ``ExpressionLimits`` on every array and on the total work.
struct Checker {
    let tree: SyntaxTree
    let resolution: Resolution
    let source: String
    let types: [String: ArrayType]

    /// What the checker found: each array node's shape and dtype, and each operation.
    struct Result {
        var infos: [ArrayInfo?]
        var operations: [Int: Operation]
    }

    /// Words that are option values, never variables.
    static let reservedWords: Set<String> = ["true", "false", "True", "False", "None"]

    func run() throws(ExpressionError) -> Result {
        var infos = [ArrayInfo?](repeating: nil, count: tree.nodes.count)
        var operations: [Int: Operation] = [:]
        var work = 0
        for i in tree.nodes.indices where resolution.roles[i] == .array {
            let node = tree[i]
            let info: ArrayInfo
            switch node.kind {
            case .number:
                info = ArrayInfo(shape: [], dtype: nil)
            case .literal(_, let shape):
                info = ArrayInfo(shape: shape, dtype: nil)
            case .name(let name):
                info = try variable(name, node.range)
            case .indexing(let base, let items):
                let operation = try subscripted(infos[base]!, items, anchor: node.anchor)
                operations[i] = operation
                info = ArrayInfo(shape: operation.shape, dtype: infos[base]!.dtype)
            case .negation, .infix, .call:
                let call = resolution.calls[i]!
                let operands = call.operands.map { infos[$0]! }
                let context = CallContext(function: call.function.name, parameters: call.function.parameters, operands: operands,
                                          attributes: call.options, anchor: node.anchor, tree: tree, source: source)
                let dtype = try unifiedDType(operands, context)
                let operation = try call.function.check(context)
                operations[i] = operation
                info = ArrayInfo(shape: operation.shape, dtype: operation.dtype ?? dtype)
            }
            let count = try checkLimits(info.shape, i)
            let operandCount = operations[i] == nil ? 0 : operands(of: i).reduce(0) { $0 + (elementCount(infos[$1]!.shape) ?? 0) }
            work = add(work, add(add(count, operandCount), operations[i]?.work ?? 0))
            guard work <= ExpressionLimits.maximumWork else {
                throw ExpressionError(.limit, "\(describe(i)): evaluating the expression takes more than \(ExpressionLimits.maximumWork) element operations (the limit)",
                                      source: source, range: node.anchor)
            }
            infos[i] = info
        }
        return Result(infos: infos, operations: operations)
    }

    /// The array operands of node `i`, in order.
    func operands(of i: Int) -> [Int] {
        if case .indexing(let base, _) = tree[i].kind { return [base] }
        return resolution.calls[i]?.operands ?? []
    }

    /// How messages name a node: its function, "index", or the variable.
    func describe(_ i: Int) -> String {
        switch tree[i].kind {
        case .indexing: return "index"
        case .name(let name): return "variable '\(name)'"
        case .number, .literal: return "array literal"
        case .negation, .infix, .call: return resolution.calls[i]?.function.name ?? "expression"
        }
    }

    private func variable(_ name: String, _ range: Range<Int>) throws(ExpressionError) -> ArrayInfo {
        if let type = types[name] { return ArrayInfo(shape: type.shape, dtype: type.dtype) }
        if Self.reservedWords.contains(name) {
            throw ExpressionError(.syntax, "'\(name)' is an option value (as in keepdims=true or axis=None), not an array", source: source, range: range)
        }
        if FunctionTable.byName[name] != nil {
            throw ExpressionError(.unboundVariable, "'\(name)' is a function; call it, as in \(name)(x)", source: source, range: range)
        }
        let hint = NameSuggestion.nearest(to: name, among: types.keys.sorted()).map { "; did you mean '\($0)'?" }
            ?? "; bind it with --var \(name)=ARRAY or --var \(name)=shape:2x3"
        throw ExpressionError(.unboundVariable, "unbound variable '\(name)'\(hint)", source: source, range: range)
    }

    /// The operands' common dtype (`nil` when all are constants); mixed dtypes are an error.
    private func unifiedDType(_ operands: [ArrayInfo], _ call: CallContext) throws(ExpressionError) -> DType? {
        var dtype: DType?
        for operand in operands {
            guard let d = operand.dtype else { continue }
            if let first = dtype, first != d {
                throw call.fail(.dtype, "dtypes \(first) and \(d) do not match (convert one with astype(x, \(first)))")
            }
            dtype = d
        }
        return dtype
    }

    /// The element count of node `i`'s `shape`, after checking it against the limits; empty
    /// arrays are refused.
    private func checkLimits(_ shape: [Int], _ i: Int) throws(ExpressionError) -> Int {
        let has: String, isEmpty: String
        switch tree[i].kind {
        case .name(let name): (has, isEmpty) = ("variable '\(name)' has", "variable '\(name)' is empty")
        case .number, .literal: (has, isEmpty) = ("the array literal has", "the array literal is empty")
        default: (has, isEmpty) = ("\(describe(i)): the result would have", "\(describe(i)): the result would be empty")
        }
        func fail(_ kind: ExpressionError.Kind, _ message: String) -> ExpressionError {
            ExpressionError(kind, message, source: source, range: tree[i].anchor)
        }
        guard shape.count <= ExpressionLimits.maximumRank else {
            throw fail(.limit, "\(has) \(shape.count) axes; the limit is \(ExpressionLimits.maximumRank)")
        }
        guard let count = elementCount(shape), count <= ExpressionLimits.maximumElements else {
            let size = elementCount(shape).map(String.init) ?? "more than \(Int.max)"
            throw fail(.limit, "\(has) \(size) elements (shape \(Shape.describe(shape))); the limit is \(ExpressionLimits.maximumElements)")
        }
        guard count > 0 else { throw fail(.shape, "\(isEmpty) (shape \(Shape.describe(shape))); empty arrays are not supported") }
        return count
    }

    /// `a + b`, saturating instead of overflowing.
    private func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
