/// An operator with attributes that says how adcheck's expression language writes an
/// application of it: its catalog name called on the operands, then these options. Tools that
/// print generated expressions (a shrunk `adcheck random` failure, replayed by name) read it,
/// so an operator with options is spelled beside its definition, not in the tools.
///
///     Softmax(axis: 1).callOptions == ["axis=1"]          // softmax(x0, axis=1)
public protocol CallSpelling: DifferentiableOperator {
    /// The options after the operands as the language writes them (defaults may be left
    /// out), or `nil` when the language cannot call this application.
    var callOptions: [String]? { get }
}
