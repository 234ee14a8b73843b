import DualTape

/// A checked expression, ready to evaluate as a plain Swift function of NDArrays — so it
/// runs unchanged inside `jvp`, `Autograd.record` or a GSL oracle's loop.
///
/// Every operation was checked against the variables' shapes and dtypes when this value
/// was made, so evaluating it calls DualTape only in ways that cannot stop the program for
/// its shapes. Values can still be bad data for an operator (an index out of range, a
/// non-integer index): the operator reports an ``OperatorError`` to the nearest
/// ``withOperatorErrors(_:)`` — ``evaluateReportingErrors(_:)`` opens one.
/// Evaluation is a loop over steps (no recursion), and each intermediate array is released
/// as soon as its one consumer has run.
public struct CompiledExpression: Sendable {
    /// The expression this evaluates.
    public let expression: ParsedExpression
    /// The shape and dtype of every variable, as checked.
    public let types: [String: ArrayType]
    /// The result's shape.
    public let shape: [Int]
    /// The result's dtype.
    public let dtype: DType

    /// One array of the evaluation: a variable, a constant, or an operation on earlier steps.
    enum Step: Sendable {
        case variable(Int)
        case constant(NDArray)
        case apply(@Sendable ([NDArray]) -> NDArray, operands: [Int])
    }

    let steps: [Step]

    /// The variables, in the order ``evaluate(_:)`` takes their values.
    public var variables: [String] { expression.variables }
    /// The domain to sample each variable from, now that shapes are known: the parsed
    /// expression's (``ParsedExpression/domains``) with the domains calls give for their
    /// shapes (`take(w, i, axis=0)` with `w` of shape `[4, 3]`: `i` integers in `[0, 3]`).
    public let domains: [String: Domain]

    init(_ expression: ParsedExpression, types: [String: ArrayType], defaultDType: DType) throws(ExpressionError) {
        let tree = expression.tree, resolution = expression.resolution
        let checked = try Checker(tree: tree, resolution: resolution, source: expression.source, types: types).run()
        let arrays = tree.nodes.indices.filter { resolution.roles[$0] == .array }
        // Constants take the dtype their consumer resolves to, from the root down.
        var resolved = [DType](repeating: defaultDType, count: tree.nodes.count)
        for i in arrays.reversed() {
            let own = checked.infos[i]!.dtype ?? resolved[i]
            resolved[i] = own
            let operands: [Int]
            if case .indexing(let base, _) = tree[i].kind { operands = [base] } else { operands = resolution.calls[i]?.operands ?? [] }
            for operand in operands { resolved[operand] = own }
        }
        let variableIndex = Dictionary(uniqueKeysWithValues: expression.variables.enumerated().map { ($0.element, $0.offset) })
        var slots: [Int: Int] = [:]
        var steps: [Step] = []
        for i in arrays {
            slots[i] = steps.count
            switch tree[i].kind {
            case .number(let value):
                steps.append(.constant(NDArray(values: [value], shape: [], dtype: resolved[i])))
            case .literal(let values, let shape):
                steps.append(.constant(NDArray(values: values, shape: shape, dtype: resolved[i])))
            case .name(let name):
                steps.append(.variable(variableIndex[name]!))
            case .indexing(let base, _):
                steps.append(.apply(checked.operations[i]!.apply, operands: [slots[base]!]))
            case .negation, .infix, .call:
                steps.append(.apply(checked.operations[i]!.apply, operands: resolution.calls[i]!.operands.map { slots[$0]! }))
            }
        }
        self.expression = expression
        domains = DomainInference.domains(tree, resolution, variables: expression.variables,
                                          calls: checked.operations.compactMapValues(\.domains))
        let used = Set(expression.variables)
        self.types = types.filter { used.contains($0.key) }
        self.shape = checked.infos[tree.root]!.shape
        self.dtype = resolved[tree.root]
        self.steps = steps
    }

    /// The value of the expression for `bindings`, which must bind every variable to an array
    /// of the checked type (``types``); see ``mismatch(in:)`` to check bindings first.
    public func evaluate(bindings: [String: NDArray]) -> NDArray {
        evaluate(variables.map { name in
            guard let value = bindings[name] else { preconditionFailure("evaluate: no binding for variable '\(name)'") }
            return value
        })
    }

    /// The value of the expression for the variables' values in ``variables`` order.
    ///
    /// An operator that cannot use its data (a singular matrix to `solve`) gives NaN there,
    /// and its ``OperatorError`` goes to the caller's `withOperatorErrors` (or transform), if
    /// any: evaluating never stops the program.
    public func evaluate(_ arguments: [NDArray]) -> NDArray {
        precondition(arguments.count == variables.count, "evaluate: \(arguments.count) values for \(variables.count) variables")
        for (name, value) in zip(variables, arguments) {
            precondition(value.shape == types[name]?.shape && value.dtype == types[name]?.dtype,
                         "evaluate: '\(name)' has shape \(Shape.describe(value.shape)) \(value.dtype), checked as \(types[name].map(String.init(describing:)) ?? "unbound")")
        }
        if OperatorError.isCaught { return run(arguments) }
        return collectingOperatorErrors { run(arguments) }.value
    }

    /// The steps run on `arguments`.
    private func run(_ arguments: [NDArray]) -> NDArray {
        var values = [NDArray?](repeating: nil, count: steps.count)
        for (k, step) in steps.enumerated() {
            switch step {
            case .variable(let j):
                values[k] = arguments[j]
            case .constant(let array):
                values[k] = array
            case .apply(let function, let operands):
                let inputs = operands.map { values[$0]! }
                for operand in operands { values[operand] = nil }
                values[k] = function(inputs)
            }
        }
        return values[steps.count - 1]!
    }

    /// ``evaluate(_:)``, throwing the first ``OperatorError`` an operator reports on the
    /// values (an index out of range) instead of returning its NaNs.
    public func evaluateReportingErrors(_ arguments: [NDArray]) throws -> NDArray {
        try withOperatorErrors { evaluate(arguments) }
    }

    /// Why `bindings` cannot be evaluated (a variable missing, or of another shape or dtype
    /// than was checked), or `nil` when they can.
    public func mismatch(in bindings: [String: NDArray]) -> String? {
        for name in variables {
            guard let value = bindings[name] else { return "variable '\(name)' is not bound" }
            let type = ArrayType(value.shape, dtype: value.dtype)
            if type != types[name] { return "variable '\(name)' is \(type), but the expression was checked for \(types[name].map(String.init(describing:)) ?? "nothing")" }
        }
        return nil
    }
}
