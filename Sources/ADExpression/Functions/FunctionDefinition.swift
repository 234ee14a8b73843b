import DualTape

/// A function of the language: its parameters, the operator it applies, and how its result's
/// shape follows from its operands' shapes — checked before anything is computed, so that a
/// call DualTape would stop on becomes an ``ExpressionError`` instead.
struct FunctionDefinition: Sendable {
    /// How help groups the functions.
    enum Family: String, CaseIterable, Sendable {
        case elementwise = "Elementwise, one array"
        case binary = "Elementwise, broadcasting"
        case reduction = "Reductions"
        case structural = "Shapes"
        case indexing = "Indexing"
        case linearAlgebra = "Linear algebra"
        case convolution = "Convolution and pooling"
    }

    let name: String
    let family: Family
    let parameters: [Parameter]
    let summary: String
    /// What the catalog declares about the operator's array inputs (their sampling domains).
    let info: OperatorInfo
    /// The output of a call from its operands' shapes and its options, or why there is none.
    let check: @Sendable (CallContext) throws(ExpressionError) -> Operation

    init(_ name: String, _ family: Family, _ parameters: [Parameter], summary: String? = nil, info: OperatorInfo = OperatorInfo(),
         check: @escaping @Sendable (CallContext) throws(ExpressionError) -> Operation) {
        self.name = name
        self.family = family
        self.parameters = parameters
        self.summary = summary ?? OperatorCatalog.entry(named: name)?.summary ?? ""
        self.info = info
        self.check = check
    }

    /// How help shows a call: `sum(x, axis=None, keepdims=false)`.
    var signature: String { "\(name)(\(parameters.map(\.usage).joined(separator: ", ")))" }
}

/// One parameter of a ``FunctionDefinition``: the catalog's ``CallParameter`` (an array, or an
/// option that must be a constant), with what binding and help need to know of it.
typealias Parameter = CallParameter

extension CallParameter {
    var isRequired: Bool { defaultValue == nil }
    var isArray: Bool { kind == .array || kind == .arrays }
    /// Whether it takes every remaining positional argument.
    var isVariadic: Bool { kind == .arrays || kind == .integers }
}

/// A checked call: the result's shape, its dtype when that is not the operands', the work
/// beyond reading the operands and writing the result, the operands' sampling domains when
/// the shapes decide them (an index into an axis of extent n: integers in `[0, n-1]`), and
/// the function computing it.
struct Operation: Sendable {
    var shape: [Int]
    var dtype: DType?
    var work: Int
    var domains: [Domain]?
    let apply: @Sendable ([NDArray]) -> NDArray

    init(shape: [Int], dtype: DType? = nil, work: Int = 0, domains: [Domain]? = nil,
         _ apply: @escaping @Sendable ([NDArray]) -> NDArray) {
        self.shape = shape
        self.dtype = dtype
        self.work = work
        self.domains = domains
        self.apply = apply
    }
}

/// What the checker knows about an array: its shape, and its dtype unless it is a constant
/// (a number or a literal), which takes the dtype of the arrays it meets.
struct ArrayInfo: Sendable, Equatable {
    var shape: [Int]
    var dtype: DType?
}
