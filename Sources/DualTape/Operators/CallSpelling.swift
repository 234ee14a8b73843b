/// How adcheck's expression language writes one application of an operator: the one
/// spelling that every tool printing an expression reads (a shrunk `adcheck random` failure
/// replayed as `adcheck 'EXPRESSION'`, the property suite's reports, the round-trip test over
/// the catalog), declared beside the operator's definition instead of in the tools.
///
///     Softmax(axis: 1).spelling == .call("softmax", after: ["axis=1"])   // softmax(x0, axis=1)
///     Polygamma(n: 2).spelling == .call("polygamma", before: ["2"])      // polygamma(2, x0)
///     Add().spelling == .infix("+")                                      // x0 + x1
public enum Spelling: Sendable, Equatable {
    /// `name(before…, operands…, after…)`: options the language takes ahead of the arrays
    /// (`polygamma(2, x)`, `einsum(ij_jk_ik, a, b)`), then the arrays, then the other options
    /// (`axis=1`; defaults may be left out).
    case call(String, before: [String] = [], after: [String] = [])
    /// `a symbol b`, an infix operator of two operands (`+`, `**`, `<=`).
    case infix(String)
    /// `symbol a`, a prefix operator (`-`).
    case prefix(String)
    /// `a[subscripts]` with Python's subscripts (`0, 1:3, ::-1`).
    case indexed(String)
    /// The operand itself (a slice of a 0-d array selects all of it; the language has no `x[]`).
    case operand
    /// The language cannot write this application, for the reason given (`slice_scatter` has
    /// no syntax of its own). Reports then write the operator's description.
    case unwritable(String)

    /// The application to `operands`, already written, or `nil` when ``unwritable(_:)``.
    /// Operands of operators are parenthesized unless they are atoms, so precedence never
    /// changes the meaning; calls take their operands as they are.
    ///
    /// - Parameter operands: The operands' text, in the operator's input order.
    /// - Returns: The application's text, or `nil` for ``unwritable(_:)``.
    public func write(_ operands: [SpelledText]) -> SpelledText? {
        func atom(_ i: Int) -> String { operands[i].isAtom ? operands[i].text : "(\(operands[i].text))" }
        switch self {
        case .call(let name, let before, let after):
            return SpelledText("\(name)(\((before + operands.map(\.text) + after).joined(separator: ", ")))", isAtom: true)
        case .infix(let symbol):
            precondition(operands.count == 2, "spelling: \(symbol) is infix, \(operands.count) operands given")
            return SpelledText("\(atom(0)) \(symbol) \(atom(1))", isAtom: false)
        case .prefix(let symbol):
            return SpelledText("\(symbol)\(atom(0))", isAtom: false)
        case .indexed(let subscripts):
            return SpelledText("\(atom(0))[\(subscripts)]", isAtom: true)
        case .operand:
            return operands[0]
        case .unwritable:
            return nil
        }
    }

    /// A number as the language reads it back exactly: `2` for a whole number, `-0.0` for
    /// negative zero (whose sign decides a derivative at some kinks), else Swift's shortest
    /// round-trip form (`0.1`, `-1e-300`).
    ///
    /// - Parameter x: The number; a whole one below 10¹⁵ in magnitude is written without a fraction.
    /// - Returns: Its text.
    public static func number(_ x: Double) -> String {
        if x == 0, x.sign == .minus { return "-0.0" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

/// Text in adcheck's expression language, and whether it can be an operand without
/// parentheses (a name, a number, a call, a subscript: an atom; `a + b` and `-a` are not).
public struct SpelledText: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Whether it needs no parentheses as an operand.
    public var isAtom: Bool

    /// Text and whether it is an atom.
    ///
    /// - Parameters:
    ///   - text: The text in the expression language.
    ///   - isAtom: Whether it can be an operand without parentheses.
    public init(_ text: String, isAtom: Bool) {
        self.text = text
        self.isAtom = isAtom
    }
}

/// An operator whose applications are not written `name(operands…)`: it says how, beside its
/// definition (options, infix symbols, subscripts, or that the language cannot write it).
///
///     extension Softmax: CallSpelling {
///         public var spelling: Spelling { .call(name, after: ["axis=\(axis)"]) }
///     }
public protocol CallSpelling: DifferentiableOperator {
    /// How the language writes this application.
    var spelling: Spelling { get }
}

extension DifferentiableOperator {
    /// How adcheck's expression language writes this application: the operator's
    /// ``CallSpelling``, or `name(operands…)` for an operator without options.
    public var callSpelling: Spelling { (self as? any CallSpelling)?.spelling ?? .call(name) }
}
