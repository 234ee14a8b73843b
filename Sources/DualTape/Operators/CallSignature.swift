/// How an operator is called by name (adcheck's expression language): its parameters, and how
/// a call's operand shapes and option values become the result's shape and an application.
///
/// A family file declares the signatures of its operators beside their definitions; the
/// expression language, `adcheck help expressions` and the catalog's documentation list are
/// derived from ``OperatorCatalog/signatures``, so adding an operator touches one file.
///
///     CallSignature("softmax", family: .reduction,
///                   [.array("x"), .integer("axis", default: "-1")],
///                   summary: "exp(x) / sum(exp(x)) along an axis, stable") { call throws(CallError) in
///         let x = call.shape(0)
///         let axis = try call.axis("axis", of: x) ?? x.count - 1
///         return ResolvedCall(shape: x) { $0[0].softmax(axis: axis) }
///     }
public struct CallSignature: Sendable {
    /// The name the call is written with (NumPy's name).
    public let name: String
    /// Other names for the same function (MXNet's `nd` names where they differ).
    public let aliases: [String]
    /// How help groups the function.
    public let family: CatalogEntry.Family
    /// The parameters in call order: arrays, then options.
    public let parameters: [CallParameter]
    /// One line for help.
    public let summary: String
    /// What the operator declares about its array inputs (their sampling domains); a
    /// catalog entry fills it from its operator when the signature does not give it.
    public internal(set) var info: OperatorInfo
    /// The result of a call from its operand shapes and options, or why there is none.
    public let resolve: @Sendable (CallArguments) throws(CallError) -> ResolvedCall

    /// A signature.
    ///
    /// - Parameters:
    ///   - name: The name calls use (NumPy's).
    ///   - aliases: Other names for the same function (default none).
    ///   - family: The help group.
    ///   - parameters: The parameters in call order: arrays first, then options.
    ///   - summary: One line for help.
    ///   - info: The sampling domains and conventions of the array inputs; `nil` (the
    ///     default) lets the catalog entry fill them in from its operator.
    ///   - resolve: The result's shape and application from a call's operand shapes and
    ///     options, or a ``CallError`` naming the argument at fault. It runs before anything
    ///     is computed, so it must check every shape the application would stop on.
    public init(_ name: String, aliases: [String] = [], family: CatalogEntry.Family, _ parameters: [CallParameter],
                summary: String, info: OperatorInfo? = nil,
                resolve: @escaping @Sendable (CallArguments) throws(CallError) -> ResolvedCall) {
        self.name = name
        self.aliases = aliases
        self.family = family
        self.parameters = parameters
        self.summary = summary
        self.info = info ?? OperatorInfo()
        self.declaresInfo = info != nil
        self.resolve = resolve
    }

    /// Whether `info` was given (otherwise the catalog entry's operator supplies it).
    let declaresInfo: Bool

    /// How help shows a call: `sum(x, axis=None, keepdims=false)`.
    public var usage: String { "\(name)(\(parameters.map(\.usage).joined(separator: ", ")))" }

    /// The same signature under another name (an alias as its own entry).
    ///
    /// - Parameter newName: The alias; the copy's summary reads "the same as `name`".
    /// - Returns: A copy of this signature, without aliases, under `newName`.
    public func renamed(_ newName: String) -> CallSignature {
        CallSignature(newName, family: family, parameters, summary: "the same as \(name)", info: info, resolve: resolve)
    }

    /// The signature of an elementwise operator of one array, `name(x)`.
    ///
    /// - Parameters:
    ///   - op: The operator the call dispatches; its name and ``OperatorInfo`` are the signature's.
    ///   - aliases: Other names for it (default none).
    ///   - summary: One line for help.
    /// - Returns: A signature with one array parameter `x` whose result has `x`'s shape.
    public static func unary(_ op: some DifferentiableOperator, aliases: [String] = [], summary: String) -> CallSignature {
        CallSignature(op.name, aliases: aliases, family: .unary, [.array("x")], summary: summary, info: op.info) { call throws(CallError) in
            ResolvedCall(shape: call.shape(0)) { dispatch(op, $0[0]) }
        }
    }

    /// The signature of a broadcasting elementwise operator of two arrays, `name(a, b)`.
    ///
    /// - Parameters:
    ///   - op: The operator the call dispatches; its name and ``OperatorInfo`` are the signature's.
    ///   - aliases: Other names for it (default none).
    ///   - summary: One line for help.
    /// - Returns: A signature with array parameters `a` and `b` whose result has their broadcast shape.
    public static func binary(_ op: some DifferentiableOperator, aliases: [String] = [], summary: String) -> CallSignature {
        CallSignature(op.name, aliases: aliases, family: .binary, [.array("a"), .array("b")], summary: summary, info: op.info) { call throws(CallError) in
            guard let shape = Shape.broadcast(call.shape(0), call.shape(1)) else {
                throw CallError(.shape, "shapes \(Shape.describe(call.shape(0))) and \(Shape.describe(call.shape(1))) cannot be broadcast together")
            }
            return ResolvedCall(shape: shape) { dispatch(op, $0[0], $0[1]) }
        }
    }
}

/// One parameter of a ``CallSignature``: an array, or an option that must be a constant.
public struct CallParameter: Sendable, Equatable {
    /// What a parameter accepts.
    public enum Kind: Sendable, Equatable {
        /// One array expression.
        case array
        /// One or more array expressions, taking every remaining positional argument.
        case arrays
        /// An integer (`axis=0`); `None` when the default is `None`.
        case integer
        /// An integer or a list of integers; `None` means all axes.
        case axes
        /// A list of integers (`[2, 3]`), or the remaining positional integers.
        case integers
        /// `true` or `false`.
        case bool
        /// A finite number (`alpha=0.01`).
        case number
        /// A word from a fixed set (`mode=valid`).
        case word
        /// `float32` or `float64`.
        case dtype
    }

    /// The parameter's name, as keyword arguments write it.
    public let name: String
    /// What the parameter accepts.
    public let kind: Kind
    /// The default as help shows it; `nil` for a required parameter.
    public let defaultValue: String?

    /// A parameter; `defaultValue` is `nil` for a required one.
    ///
    /// - Parameters:
    ///   - name: The keyword the call writes it with.
    ///   - kind: What it accepts.
    ///   - defaultValue: The default as help shows it (`"None"`, `"-1"`); `nil` (the default)
    ///     makes the parameter required.
    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// How help shows the parameter: `x`, `axis=None`, `arrays...`.
    public var usage: String {
        if kind == .arrays { return "\(name)..." }
        return defaultValue.map { "\(name)=\($0)" } ?? name
    }

    /// A required array parameter.
    ///
    /// - Parameter name: The name help shows for the operand.
    /// - Returns: A parameter of kind ``Kind/array`` without a default.
    public static func array(_ name: String) -> CallParameter { CallParameter(name, .array) }
    /// An integer option.
    ///
    /// - Parameters:
    ///   - name: The keyword the call writes it with.
    ///   - value: The default as help shows it; `nil` (the default) makes it required, and
    ///     `"None"` lets the call write `None`.
    /// - Returns: A parameter of kind ``Kind/integer``.
    public static func integer(_ name: String, default value: String? = nil) -> CallParameter { CallParameter(name, .integer, default: value) }
    /// An axes option (one integer, a list, or `None`).
    ///
    /// - Parameters:
    ///   - name: The keyword the call writes it with.
    ///   - value: The default as help shows it (`"None"`, all axes, unless given).
    /// - Returns: A parameter of kind ``Kind/axes``.
    public static func axes(_ name: String, default value: String? = "None") -> CallParameter { CallParameter(name, .axes, default: value) }
    /// A boolean option.
    ///
    /// - Parameters:
    ///   - name: The keyword the call writes it with.
    ///   - value: The default as help shows it (`"false"` unless given).
    /// - Returns: A parameter of kind ``Kind/bool``.
    public static func bool(_ name: String, default value: String? = "false") -> CallParameter { CallParameter(name, .bool, default: value) }
    /// A number option.
    ///
    /// - Parameters:
    ///   - name: The keyword the call writes it with.
    ///   - value: The default as help shows it; `nil` (the default) makes it required.
    /// - Returns: A parameter of kind ``Kind/number``.
    public static func number(_ name: String, default value: String? = nil) -> CallParameter { CallParameter(name, .number, default: value) }
}

/// A call being resolved: its operands' shapes and its option values, already parsed as
/// constants by the language (which reports errors at the option's characters).
public struct CallArguments: Sendable {
    /// An option as written.
    public enum Value: Sendable, Equatable {
        /// A number (`axis=-1`, `alpha=0.5`); a constant expression the language evaluated.
        case number(Double)
        /// A bracketed list of numbers (`axes=[0, 2]`).
        case list([Double])
        /// A bare word (`None`, `true`, `float32`, `mode=valid`).
        case word(String)
        /// Not a constant (an expression that would need evaluating).
        case expression
    }

    /// The function's name, for messages.
    public let function: String
    /// Operand shapes, in parameter order (a variadic parameter contributes several).
    public let shapes: [[Int]]
    /// Options by parameter name (absent: not given). Several values: positional integers.
    public let options: [String: [Value]]
    /// The options that may be `None` (those whose default is `None`).
    public let acceptingNone: Set<String>
    /// The most elements the caller allows any array to have, temporaries of the call's
    /// derivative included (a `.limit` error beyond).
    public let maximumElements: Int

    /// The arguments of a call to `function`.
    ///
    /// - Parameters:
    ///   - function: The name the call was written with, for messages.
    ///   - shapes: The operands' shapes in parameter order.
    ///   - options: Each given option's values by parameter name (several values for
    ///     positional integers).
    ///   - acceptingNone: The options that may be written `None` (default none).
    ///   - maximumElements: The most elements any array of the call may have, derivative
    ///     temporaries included (default unlimited).
    public init(function: String, shapes: [[Int]], options: [String: [Value]], acceptingNone: Set<String> = [],
                maximumElements: Int = .max) {
        self.function = function
        self.shapes = shapes
        self.options = options
        self.acceptingNone = acceptingNone
        self.maximumElements = maximumElements
    }

    /// The shape of operand `i`.
    ///
    /// - Parameter i: The operand's position among the array arguments (from 0).
    /// - Returns: The operand's extents.
    public func shape(_ i: Int) -> [Int] { shapes[i] }

    /// Option `name` as an integer; `nil` when absent or `None`.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The integer, or `nil` when the option is absent or `None`.
    /// - Throws: ``CallError`` (`.argument`) when the value is not a whole number (or is
    ///   `None` for an option that does not accept it).
    public func integer(_ name: String) throws(CallError) -> Int? {
        guard let values = options[name] else { return nil }
        switch values.first {
        case .number(let v)?: return try integral(v, name)
        case .word("None")? where acceptingNone.contains(name): return nil
        default: throw CallError.expected(name, "must be an integer")
        }
    }

    /// Option `name` as a list of integers (a list, one integer or several); `nil` when absent or `None`.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The integers in the order written, or `nil` when the option is absent or `None`.
    /// - Throws: ``CallError`` (`.argument`) when a value is not a whole number.
    public func integers(_ name: String) throws(CallError) -> [Int]? {
        guard let values = options[name] else { return nil }
        var result: [Int] = []
        for value in values {
            switch value {
            case .number(let v): result.append(try integral(v, name))
            case .list(let list) where values.count == 1: for v in list { result.append(try integral(v, name)) }
            case .word("None") where values.count == 1 && acceptingNone.contains(name): return nil
            default: throw CallError.expected(name, "must be an integer or a list of integers such as [2, 3]")
            }
        }
        return result
    }

    /// Option `name` as a boolean; `nil` when absent.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The value, or `nil` when the option is absent.
    /// - Throws: ``CallError`` (`.argument`) unless the value is `true`/`True` or `false`/`False`.
    public func bool(_ name: String) throws(CallError) -> Bool? {
        guard let values = options[name] else { return nil }
        switch values.first {
        case .word("true")?, .word("True")?: return true
        case .word("false")?, .word("False")?: return false
        default: throw CallError.expected(name, "must be true or false")
        }
    }

    /// Option `name` as a finite number; `nil` when absent.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The value, or `nil` when the option is absent.
    /// - Throws: ``CallError`` (`.argument`) when the value is not a finite number.
    public func number(_ name: String) throws(CallError) -> Double? {
        guard let values = options[name] else { return nil }
        guard case .number(let v)? = values.first, v.isFinite else { throw CallError.expected(name, "must be a number such as -0.5") }
        return v
    }

    /// Option `name` as an element type; `nil` when absent.
    ///
    /// - Parameter name: The parameter's name.
    /// - Returns: The dtype, or `nil` when the option is absent.
    /// - Throws: ``CallError`` (`.argument`) unless the value is `float32` or `float64`.
    public func dtype(_ name: String) throws(CallError) -> DType? {
        guard let values = options[name] else { return nil }
        switch values.first {
        case .word("float32")?: return .float32
        case .word("float64")?: return .float64
        default: throw CallError.expected(name, "must be float32 or float64")
        }
    }

    /// Option `name` as a word; `nil` when absent.
    ///
    /// - Parameters:
    ///   - name: The parameter's name.
    ///   - allowed: The words it accepts.
    /// - Returns: The word, or `nil` when the option is absent.
    /// - Throws: ``CallError`` (`.argument`) when the value is not one of `allowed`.
    public func word(_ name: String, among allowed: [String]) throws(CallError) -> String? {
        guard let values = options[name] else { return nil }
        guard case .word(let w)? = values.first, allowed.contains(w) else {
            throw CallError.expected(name, "must be one of \(allowed.joined(separator: ", "))")
        }
        return w
    }

    /// Option `name` as a non-negative axis of an array of `shape` (negative counts from the end);
    /// `extra` widens the range for functions that insert an axis. `nil` when absent or `None`.
    ///
    /// - Parameters:
    ///   - name: The parameter's name.
    ///   - shape: The shape of the array the axis refers to.
    ///   - extra: Axes beyond `shape`'s rank the call may address (1 for `expand_dims`; default 0).
    /// - Returns: The axis in `0 ..< shape.count + extra`, or `nil` when the option is absent or
    ///   `None`.
    /// - Throws: ``CallError`` (`.argument`) for a non-integer, (`.shape`) for an axis out of range.
    public func axis(_ name: String, of shape: [Int], extra: Int = 0) throws(CallError) -> Int? {
        guard let given = try integer(name) else { return nil }
        return try Self.normalize(given, of: shape, extra: extra, argument: name)
    }

    /// Option `name` as sorted, distinct, non-negative axes of `shape`; `nil` (all axes) when absent or `None`.
    ///
    /// - Parameters:
    ///   - name: The parameter's name.
    ///   - shape: The shape of the array the axes refer to.
    /// - Returns: The axes, or `nil` (all axes) when the option is absent or `None`.
    /// - Throws: ``CallError`` (`.argument`) for a non-integer, (`.shape`) for an axis out of
    ///   range or repeated.
    public func axes(_ name: String, of shape: [Int]) throws(CallError) -> [Int]? {
        guard let given = try integers(name) else { return nil }
        var normalized: [Int] = []
        for a in given { normalized.append(try Self.normalize(a, of: shape, argument: name)) }
        guard Set(normalized).count == normalized.count else {
            throw CallError(.shape, "axis \(Shape.describe(given)) repeats an axis of an array of shape \(Shape.describe(shape))", argument: name)
        }
        return normalized.sorted()
    }

    /// `axis` as a non-negative axis of an array of `shape`, or an error naming `argument`.
    ///
    /// - Parameters:
    ///   - axis: The axis as written, in `-rank ..< rank` with `rank = shape.count + extra`.
    ///   - shape: The shape of the array the axis refers to.
    ///   - extra: Axes beyond `shape`'s rank that are valid too (default 0).
    ///   - argument: The parameter to name in the error.
    /// - Returns: The axis in `0 ..< rank`.
    /// - Throws: ``CallError`` (`.shape`) when the axis is out of range.
    public static func normalize(_ axis: Int, of shape: [Int], extra: Int = 0, argument: String) throws(CallError) -> Int {
        let rank = shape.count + extra
        guard axis >= -rank && axis < rank else {
            let valid = rank == 0 ? "it has no axes" : "valid axes are \(-rank) to \(rank - 1)"
            throw CallError(.shape, "axis \(axis) is out of range for an array of shape \(Shape.describe(shape)) (\(valid))", argument: argument)
        }
        return axis < 0 ? axis + rank : axis
    }

    private func integral(_ value: Double, _ name: String) throws(CallError) -> Int {
        guard value == value.rounded(), Swift.abs(value) <= 0x1p53 else {
            throw CallError.expected(name, "must be an integer")
        }
        return Int(value)
    }
}

/// Why a call cannot be made: a bad option, or shapes that do not fit. The language adds the
/// function's name and points at ``argument``'s characters (or the whole call).
public struct CallError: Error, Sendable, Equatable {
    /// What kind of problem it is.
    public enum Kind: Sendable, Equatable {
        /// A bad option value.
        case argument
        /// Shapes, axes or indices that do not fit.
        case shape
        /// Work or memory beyond what the language allows.
        case limit
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// What is wrong, without the function's name (`axis 3 is out of range ...`).
    public let message: String
    /// The parameter at fault, if one is.
    public let argument: String?
    /// Whether the message says what was expected of the argument, so the language should
    /// add what was written instead (`axis must be an integer` + `, not 0.5`).
    public let quotesArgument: Bool

    /// An error; `quotesArgument` when the message says what was expected of `argument`.
    ///
    /// - Parameters:
    ///   - kind: The kind of problem.
    ///   - message: What is wrong, without the function's name.
    ///   - argument: The parameter at fault, whose characters the language points at; `nil`
    ///     (the default) points at the whole call.
    ///   - quotesArgument: Whether the language should add what was written (default `false`).
    public init(_ kind: Kind, _ message: String, argument: String? = nil, quotesArgument: Bool = false) {
        self.kind = kind
        self.message = message
        self.argument = argument
        self.quotesArgument = quotesArgument
    }

    /// An option whose value is not of its kind: `"\(name) \(expected)"`, followed by what was written.
    static func expected(_ name: String, _ expected: String) -> CallError {
        CallError(.argument, "\(name) \(expected)", argument: name, quotesArgument: true)
    }
}

/// A resolved call: the result's shape, its dtype when not the operands', the work beyond
/// reading the operands and writing the result (for the language's limits), and the
/// function computing it (through ``dispatch(_:_:)-(_,[NDArray])``, so both AD modes see it).
public struct ResolvedCall: Sendable {
    /// The result's shape.
    public var shape: [Int]
    /// The result's dtype when it is not the operands' (a cast).
    public var dtype: DType?
    /// Element operations beyond reading the operands and writing the result (a matrix product's multiply-adds).
    public var work: Int
    /// Sampling domains of the operands for this call, when they depend on its shapes (an
    /// index array into an axis of extent n takes integers in `[0, n-1]`); `nil`: the operator's.
    public var domains: [Domain]?
    /// Computes the result from the operands, through ``dispatch(_:_:)-(_,[NDArray])``.
    public let apply: @Sendable ([NDArray]) -> NDArray

    /// A resolved call.
    ///
    /// - Parameters:
    ///   - shape: The result's shape.
    ///   - dtype: The result's dtype when it is not the operands' (default `nil`).
    ///   - work: Element operations beyond reading the operands and writing the result (default 0).
    ///   - domains: The operands' sampling domains for this call, when they depend on its
    ///     shapes (default `nil`: the operator's).
    ///   - apply: The computation from the operands, through ``dispatch(_:_:)-(_,[NDArray])``.
    public init(shape: [Int], dtype: DType? = nil, work: Int = 0, domains: [Domain]? = nil,
                _ apply: @escaping @Sendable ([NDArray]) -> NDArray) {
        self.shape = shape
        self.dtype = dtype
        self.work = work
        self.domains = domains
        self.apply = apply
    }
}

/// How a number reads in a message: `1` for a whole number, `-0.5` otherwise.
func shortNumber(_ value: Double) -> String {
    value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int(value)) : String(value)
}

/// The number of elements of `shape`, or `nil` when it does not fit an `Int`.
///
/// The overflow-checked form of ``Shape/count(_:)``, for shapes that come from outside.
///
/// - Parameter shape: Non-negative extents.
/// - Returns: The product of the extents, or `nil` on overflow.
public func elementCount(_ shape: [Int]) -> Int? {
    var n = 1
    for extent in shape {
        let (product, overflow) = n.multipliedReportingOverflow(by: extent)
        if overflow { return nil }
        n = product
    }
    return n
}
