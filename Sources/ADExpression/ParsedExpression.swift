import DualTape

/// An expression of the `adcheck` language, parsed and resolved: its syntax is valid, every
/// function it calls exists and gets the arguments it takes, and its variables and their
/// sampling domains are known. Shapes are not known yet: ``compile(types:defaultDType:)``
/// checks them and gives an evaluator.
///
///     let parsed = try ParsedExpression("sum(log(x) * y, axis=0)")
///     parsed.variables                 // ["x", "y"]
///     parsed.domains["x"]              // .positive (log wants x > 0)
///     let f = try parsed.compile(types: ["x": ArrayType([2, 3]), "y": ArrayType([3])])
///     f.shape                          // [3]
///
/// The pipeline is lexer → parser → resolution (names and arguments) here, then the shape
/// checker and the evaluator in ``CompiledExpression``; none of it can trap, whatever the
/// input (see ``ExpressionLanguage/helpText`` for the grammar and ``ExpressionLimits``).
public struct ParsedExpression: Sendable, CustomStringConvertible {
    /// The text as given.
    public let source: String
    /// The variables the expression uses, in order of first appearance.
    public let variables: [String]
    /// For every variable, the domain to sample it from (`.real` when nothing restricts it),
    /// as far as it is known before shapes: an index's range needs the shape it indexes,
    /// which ``CompiledExpression/domains`` has (use that one to sample).
    public let domains: [String: Domain]

    let tree: SyntaxTree
    let resolution: Resolution

    /// Parses and resolves `source`; throws the leftmost syntax or name error.
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        tree = try Parser.parse(source)
        resolution = try Resolution(tree, source: source)
        var seen: Set<String> = []
        var variables: [String] = []
        for (i, node) in tree.nodes.enumerated() where resolution.roles[i] == .array {
            if case .name(let name) = node.kind, !Checker.reservedWords.contains(name), seen.insert(name).inserted {
                variables.append(name)
            }
        }
        self.variables = variables
        domains = DomainInference.domains(tree, resolution, variables: variables)
    }

    /// Checks every operation against the variables' shapes and dtypes and returns the
    /// evaluator; constants take the dtype of what they meet, `defaultDType` when they meet
    /// no variable. Throws the first shape, dtype, limit or unbound-variable error.
    public func compile(types: [String: ArrayType], defaultDType: DType = .float64) throws(ExpressionError) -> CompiledExpression {
        try CompiledExpression(self, types: types, defaultDType: defaultDType)
    }

    /// ``compile(types:defaultDType:)`` with the shapes and dtypes of `bindings`.
    public func compile(bindings: [String: NDArray], defaultDType: DType = .float64) throws(ExpressionError) -> CompiledExpression {
        try compile(types: bindings.mapValues { ArrayType($0.shape, dtype: $0.dtype) }, defaultDType: defaultDType)
    }

    public var description: String { source }
}

/// The shape and element type of a variable.
public struct ArrayType: Sendable, Hashable, CustomStringConvertible {
    public var shape: [Int]
    public var dtype: DType

    public init(_ shape: [Int], dtype: DType = .float64) {
        self.shape = shape
        self.dtype = dtype
    }

    /// `[2, 3] float64`.
    public var description: String { "\(Shape.describe(shape)) \(dtype)" }
}
