import DualTape

/// How expressions and arrays are written in reports: operators in adcheck's expression
/// language, each as it spells itself (`DifferentiableOperator.callSpelling`, the spelling
/// `adcheck random` replays), numbers in Swift's shortest round-trip form (so a report's
/// values replay exactly).
///
/// A report differs from `adcheck`'s source in one way, on purpose: array constants are named
/// `c0`, `c1`, ... and listed below the formula with the variables, instead of written inline
/// as literals. An operator the language cannot write (`slice_scatter`) is shown by its
/// description, called on its operands.
public enum ExpressionFormat {
    /// `op` applied to its already written operands.
    ///
    /// - Parameters:
    ///   - op: The operator; it spells itself (`DifferentiableOperator.callSpelling`), with
    ///     its attributes (axes, shapes, options).
    ///   - operands: The operands, already written, as many as the operator takes.
    /// - Returns: The application's text, and whether it needs parentheses as an operand.
    public static func apply(_ op: any DifferentiableOperator, _ operands: [SpelledText]) -> SpelledText {
        op.callSpelling.write(operands) ?? SpelledText("\(op)(\(operands.map(\.text).joined(separator: ", ")))", isAtom: true)
    }

    /// A number in its shortest round-trip form, without a trailing `.0` for integers.
    ///
    /// - Parameter x: The number.
    /// - Returns: The number's text (`Spelling.number(_:)`).
    public static func number(_ x: Double) -> String { Spelling.number(x) }

    /// An array as `[values] (shape [2, 3], float64)`, values row-major.
    ///
    /// - Parameter x: Any array; every element is written, so keep report arrays small.
    /// - Returns: The array's values, shape and dtype as text.
    public static func array(_ x: NDArray) -> String {
        let values = x.scalars.map(number).joined(separator: ", ")
        return "[\(values)] (shape \(Shape.describe(x.shape)), \(x.dtype))"
    }
}
