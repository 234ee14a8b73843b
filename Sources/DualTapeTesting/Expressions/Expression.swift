import DualTape

/// A well-typed expression over catalog operators: the random compositions that property
/// tests differentiate, and what a failure report prints.
///
///     sin(x0 * x1) + sum(x2, axis=0)
public indirect enum Expression: Sendable {
    /// Input `i` (`x0`, `x1`, ...): a differentiable variable.
    case variable(Int)
    /// Constant `i` (`c0`, ...): a 0/1 mask, an index array or a number, never differentiated.
    case constant(Int)
    /// An operator applied to sub-expressions.
    case apply(any DifferentiableOperator, [Expression])

    /// The number of operator applications.
    public var nodeCount: Int {
        switch self {
        case .variable, .constant: return 0
        case .apply(_, let children): return 1 + children.reduce(0) { $0 + $1.nodeCount }
        }
    }

    /// Whether variable `i` appears in the expression.
    ///
    /// - Parameter i: The variable's index (`x0` is 0).
    /// - Returns: Whether some leaf is `.variable(i)`.
    public func uses(variable i: Int) -> Bool {
        switch self {
        case .variable(let j): return i == j
        case .constant: return false
        case .apply(_, let children): return children.contains { $0.uses(variable: i) }
        }
    }

    /// The operators applied, outermost first (pre-order).
    public var operators: [any DifferentiableOperator] {
        switch self {
        case .variable, .constant: return []
        case .apply(let op, let children): return [op] + children.flatMap(\.operators)
        }
    }

    /// The value at `variables`, through DualTape's `dispatch` (so differentiable in both
    /// modes). Constants are converted to the dtype of the variables.
    ///
    /// - Parameters:
    ///   - variables: The values of `x0`, `x1`, ..., covering every variable index the
    ///     expression uses; constants are converted to the first one's dtype.
    ///   - constants: The values of `c0`, `c1`, ...
    /// - Returns: The expression's value, recorded for AD when the variables are.
    public func evaluate(_ variables: [NDArray], constants: [NDArray]) -> NDArray {
        switch self {
        case .variable(let i):
            return variables[i]
        case .constant(let i):
            let dtype = variables.first?.dtype ?? constants[i].dtype
            return constants[i].dtype == dtype ? constants[i] : constants[i].astype(dtype)
        case .apply(let op, let children):
            return dispatch(op, children.map { $0.evaluate(variables, constants: constants) })
        }
    }

    /// The value at `variables` without automatic differentiation, calling `visit` with each
    /// operator and the values of its inputs (innermost first).
    ///
    /// - Parameters:
    ///   - variables: The values of `x0`, `x1`, ... (AD tracking is stripped).
    ///   - constants: The values of `c0`, `c1`, ...
    ///   - visit: Called once per operator application, after its inputs are computed.
    /// - Returns: The expression's value, outside AD.
    public func evaluateVisiting(_ variables: [NDArray], constants: [NDArray], _ visit: (any DifferentiableOperator, [NDArray]) -> Void) -> NDArray {
        switch self {
        case .variable, .constant:
            return evaluate(variables.map { $0.detach() }, constants: constants)
        case .apply(let op, let children):
            let inputs = children.map { $0.evaluateVisiting(variables, constants: constants, visit) }
            visit(op, inputs)
            return op.primal(inputs)
        }
    }

    /// The expression in adcheck's expression language (`x0 * (x1 + c0)`, `sum(x2, axis=0)`),
    /// array constants named `c0`, `c1`, ... (see ``ExpressionFormat``).
    ///
    /// - Parameter constants: The constants' values: a 0-d constant is written as its number,
    ///   others (and any not given) by name, `c0`, `c1`, ...
    /// - Returns: The expression's text.
    public func formatted(constants: [NDArray] = []) -> String { written(constants).text }

    /// The expression written, and whether it needs parentheses as an operand.
    private func written(_ constants: [NDArray]) -> SpelledText {
        switch self {
        case .variable(let i):
            return SpelledText("x\(i)", isAtom: true)
        case .constant(let i):
            guard i < constants.count, constants[i].rank == 0 else { return SpelledText("c\(i)", isAtom: true) }
            let value = constants[i].scalars[0]
            return SpelledText(ExpressionFormat.number(value), isAtom: !(value < 0))
        case .apply(let op, let children):
            return ExpressionFormat.apply(op, children.map { $0.written(constants) })
        }
    }
}

/// An expression with the values of its variables and constants: one generated test case.
public struct ExpressionCase: Sendable, CustomStringConvertible {
    /// The expression; its variable and constant indices point into ``variables`` and ``constants``.
    public var expression: Expression
    /// The variables' values (`x0`, `x1`, ...).
    public var variables: [NDArray]
    /// The constants' values (`c0`, ...).
    public var constants: [NDArray]

    /// A case from its parts.
    ///
    /// - Parameters:
    ///   - expression: The expression.
    ///   - variables: The values of the variables it uses, by index, in one dtype.
    ///   - constants: The values of the constants it uses, by index.
    public init(expression: Expression, variables: [NDArray], constants: [NDArray]) {
        self.expression = expression
        self.variables = variables
        self.constants = constants
    }

    /// The expression as a function of its variables (differentiable in both modes).
    public var function: @Sendable ([NDArray]) -> NDArray {
        let (expression, constants) = (self.expression, self.constants)
        return { expression.evaluate($0, constants: constants) }
    }

    /// The expression's value at the case's variables.
    public var value: NDArray { expression.evaluate(variables, constants: constants) }

    /// The expression and its array constants (`f = ...`, `c0 = ...`), without the variables.
    public var formula: String {
        var lines = ["f = " + expression.formatted(constants: constants)]
        for (i, c) in constants.enumerated() where c.rank > 0 { lines.append("c\(i) = " + ExpressionFormat.array(c)) }
        return lines.joined(separator: "\n")
    }

    /// The formula, then each variable's value, one per line.
    public var description: String {
        ([formula] + variables.enumerated().map { "x\($0) = " + ExpressionFormat.array($1) }).joined(separator: "\n")
    }

    /// Whether some operator of the expression sees an input at or near one of its kinks.
    public var nearKink: Bool {
        var found = false
        _ = expression.evaluateVisiting(variables, constants: constants) { op, inputs in
            if !found && KinkProximity.isNear(op, inputs) { found = true }
        }
        return found
    }
}
