// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeTesting

/// A generated expression written in `adcheck`'s expression language, so that a shrunk
/// failure of `adcheck random` replays as `adcheck 'EXPRESSION' --var ...`.
///
/// Operators are written as they spell themselves (``DifferentiableOperator/callSpelling``,
/// the one spelling the reports use too); constants are written as literals (they stay
/// constants), variables as `x0`, `x1`, ... The result is `nil` when an operator has no
/// spelling in the language (`slice_scatter`).
enum ExpressionSource {
    /// The source of `expression`, or nil.
    static func text(_ expression: Expression, constants: [NDArray]) -> String? {
        format(expression, constants)?.text
    }

    /// The `--var` argument that binds variable `index` to `value`: `x0=[[1, 2], [3, 4]]`.
    static func binding(_ index: Int, _ value: NDArray) -> String {
        "x\(index)=" + literal(value.scalars, shape: value.shape)
    }

    /// A sub-expression written, or nil when it has an operator the language cannot spell.
    private static func format(_ expression: Expression, _ constants: [NDArray]) -> SpelledText? {
        switch expression {
        case .variable(let i):
            return SpelledText("x\(i)", isAtom: true)
        case .constant(let i):
            guard i < constants.count else { return nil }
            let c = constants[i]
            return SpelledText(literal(c.scalars, shape: c.shape), isAtom: !(c.rank == 0 && (c.scalars.first ?? 0) < 0))
        case .apply(let op, let children):
            var operands: [SpelledText] = []
            for child in children {
                guard let written = format(child, constants) else { return nil }
                operands.append(written)
            }
            return op.callSpelling.write(operands)
        }
    }

    /// A nested list literal of `values` shaped `shape`; a bare number for shape `[]`.
    static func literal(_ values: [Double], shape: [Int]) -> String {
        guard let extent = shape.first else { return Spelling.number(values.first ?? 0) }
        let inner = Array(shape.dropFirst())
        let size = Shape.count(inner)
        return "[" + (0 ..< extent).map { i in
            literal(Array(values[(i * size) ..< min(values.count, (i + 1) * size)]), shape: inner)
        }.joined(separator: ", ") + "]"
    }
}
