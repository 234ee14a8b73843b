/// The meaning of each node before any shape is known: which nodes are arrays and which are
/// options (`axis=0`, `float32`), and, for every operator and call, the function it applies
/// with its arguments matched to that function's parameters.
struct Resolution: Sendable {
    enum Role: Sendable { case array, option }

    /// A call with its arguments matched: array operands in order, options by parameter name.
    struct BoundCall: Sendable {
        let function: FunctionDefinition
        let operands: [Int]
        let options: [String: [Int]]
    }

    var roles: [Role]
    var calls: [Int: BoundCall] = [:]

    /// Resolves `tree`, parents before children (a node's role comes from its parent);
    /// reports the leftmost problem.
    init(_ tree: SyntaxTree, source: String) throws(ExpressionError) {
        roles = [Role](repeating: .option, count: tree.nodes.count)
        roles[tree.root] = .array
        var firstError: ExpressionError?
        for i in tree.nodes.indices.reversed() where roles[i] == .array {
            do throws(ExpressionError) {
                let bound: BoundCall?
                switch tree[i].kind {
                case .negation(let x):
                    bound = BoundCall(function: FunctionTable.negation, operands: [x], options: [:])
                case .infix(let symbol, let a, let b):
                    bound = FunctionTable.function(for: symbol).map { BoundCall(function: $0, operands: [a, b], options: [:]) }
                case .call(let name, let arguments):
                    bound = try Self.bind(name, arguments, anchor: tree[i].anchor, tree: tree, source: source)
                case .indexing(let base, _):
                    roles[base] = .array
                    bound = nil
                case .number, .name, .literal:
                    bound = nil
                }
                if let bound {
                    calls[i] = bound
                    for operand in bound.operands { roles[operand] = .array }
                }
            } catch {
                if error.range.lowerBound < firstError?.range.lowerBound ?? .max { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    /// Matches a call's arguments to its function's parameters as Python does: positional
    /// arguments in order (a variadic parameter takes the rest), then keywords by name.
    static func bind(_ name: String, _ arguments: [Argument], anchor: Range<Int>, tree: SyntaxTree, source: String) throws(ExpressionError) -> BoundCall {
        guard let function = FunctionTable.byName[name] else {
            throw ExpressionError(.unknownName, "unknown function '\(name)'\(NameSuggestion.hint(for: name, among: FunctionTable.names))",
                                  source: source, range: anchor)
        }
        func fail(_ kind: ExpressionError.Kind, _ message: String, _ range: Range<Int>) -> ExpressionError {
            ExpressionError(kind, message, source: source, range: range)
        }
        let parameters = function.parameters
        var assigned: [String: [Int]] = [:]
        var next = 0
        var keywordSeen = false
        for argument in arguments {
            let range = tree[argument.value].range
            if let label = argument.label, let labelRange = argument.labelRange {
                keywordSeen = true
                guard parameters.contains(where: { $0.name == label }) else {
                    let names = parameters.map(\.name)
                    let hint = NameSuggestion.nearest(to: label, among: names).map { "; did you mean '\($0)'?" }
                        ?? "; it takes \(names.joined(separator: ", "))"
                    throw fail(.unknownName, "\(name) has no argument '\(label)'\(hint)", labelRange)
                }
                guard assigned[label] == nil else { throw fail(.argument, "\(name) got more than one value for argument '\(label)'", labelRange) }
                assigned[label] = [argument.value]
            } else {
                guard !keywordSeen else { throw fail(.argument, "\(name): a positional argument cannot follow a keyword argument", range) }
                guard next < parameters.count else {
                    let count = arguments.filter { $0.label == nil }.count
                    throw fail(.argument, "\(name) takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") but \(count) were given: \(function.signature)", range)
                }
                assigned[parameters[next].name, default: []].append(argument.value)
                if !parameters[next].isVariadic { next += 1 }
            }
        }
        if let missing = parameters.first(where: { $0.isRequired && assigned[$0.name] == nil }) {
            throw fail(.argument, "\(name) is missing argument '\(missing.name)': \(function.signature)", anchor)
        }
        let operands = parameters.filter(\.isArray).flatMap { assigned[$0.name] ?? [] }
        let options = assigned.filter { entry in parameters.contains { $0.name == entry.key && !$0.isArray } }
        return BoundCall(function: function, operands: operands, options: options)
    }
}
