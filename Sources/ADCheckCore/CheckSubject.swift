// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// A function under check and the point it is checked at: an expression with its `--var`
/// values, or a Swift function of an example.
struct CheckSubject {
    /// How the output names it: the expression, or the example's formula.
    var title: String
    /// The expression's text; `nil` for a Swift function.
    var expression: String?
    /// The function's arguments, in the order ``function`` takes them.
    var variables: [CheckVariable]
    /// The function of the variables' values. It must not trap on them (an expression is
    /// checked by ADExpression before it gets here).
    var function: ([NDArray]) -> NDArray
    /// What the reader should know about this subject (printed with the oracle's notes).
    var notes: [String] = []
    /// Whether the oracle must evaluate `function` in float32: it cannot take float64 values
    /// for float32 variables (by default the oracle promotes them).
    var oracleInFloat32 = false

    /// The variables' values, in order.
    var values: [NDArray] { variables.map(\.value) }

    /// The positions of the variables that are differentiated.
    var differentiated: [Int] { variables.indices.filter { variables[$0].isDifferentiated } }
}

/// One argument of a ``CheckSubject``.
struct CheckVariable {
    /// Where the values came from.
    enum Origin {
        /// Given on the command line (or by the example).
        case given
        /// Sampled from the seed inside this domain.
        case random(Domain)
    }

    var name: String
    var value: NDArray
    var origin: Origin
    /// Whether the check differentiates it: a 0/1 mask (the condition of `where`) and an
    /// index array (integers) are held constant, since nothing near a mask is a mask and
    /// nothing near an index is an index.
    var isDifferentiated: Bool
}
