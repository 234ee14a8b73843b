// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeTesting

/// A generated expression written in `adcheck`'s expression language, so that a shrunk
/// failure of `adcheck random` replays as `adcheck 'EXPRESSION' --var ...`.
///
/// Constants are written as literals (they stay constants), variables as `x0`, `x1`, ...
/// Every compound operand is parenthesized, so precedence never changes the meaning. The
/// result is `nil` when an operator has no spelling in the language (`slice_scatter`).
enum ExpressionSource {
    /// The source of `expression`, or nil.
    static func text(_ expression: Expression, constants: [NDArray]) -> String? {
        format(expression, constants)?.text
    }

    /// The `--var` argument that binds variable `index` to `value`: `x0=[[1, 2], [3, 4]]`.
    static func binding(_ index: Int, _ value: NDArray) -> String {
        "x\(index)=" + literal(value.scalars, shape: value.shape)
    }

    /// A formatted sub-expression, and whether it can be an operand without parentheses.
    private typealias Formatted = (text: String, isAtom: Bool)

    /// A sub-expression formatted, or nil when it has an operator the language cannot spell.
    private static func format(_ expression: Expression, _ constants: [NDArray]) -> Formatted? {
        switch expression {
        case .variable(let i):
            return ("x\(i)", true)
        case .constant(let i):
            guard i < constants.count else { return nil }
            let c = constants[i]
            let text = literal(c.scalars, shape: c.shape)
            return (c.rank == 0 && (c.scalars.first ?? 0) < 0 ? "(\(text))" : text, true)
        case .apply(let op, let children):
            var operands: [String] = [], atoms: [String] = []
            for child in children {
                guard let formatted = format(child, constants) else { return nil }
                operands.append(formatted.text)
                atoms.append(formatted.isAtom ? formatted.text : "(\(formatted.text))")
            }
            return apply(op, operands: operands, atoms: atoms)
        }
    }

    /// `op` applied: infix operators take parenthesized operands, calls take them as they are.
    private static func apply(_ op: any DifferentiableOperator, operands o: [String], atoms a: [String]) -> Formatted? {
        let infix = ["add": "+", "subtract": "-", "multiply": "*", "divide": "/", "power": "**"]
        if let symbol = infix[op.name], a.count == 2 { return ("\(a[0]) \(symbol) \(a[1])", false) }
        switch op {
        case is Negate: return ("-\(a[0])", false)
        case let compare as Compare: return ("\(a[0]) \(compare.comparison.rawValue) \(a[1])", false)
        case let clip as Clip: return (call("clip", [o[0], number(clip.low), number(clip.high)]), true)
        case let sum as Sum: return (reduction("sum", o[0], sum.reduction), true)
        case let prod as Prod: return (reduction("prod", o[0], prod.reduction), true)
        case let max as Max: return (reduction("max", o[0], max.reduction), true)
        case let min as Min: return (reduction("min", o[0], min.reduction), true)
        case let norm as Norm: return (reduction("norm", o[0], norm.reduction), true)
        case let others as ProductOfOthers: return (call("prod_others", [o[0], "axis=\(Shape.describe(others.axes))"]), true)
        case let reshape as Reshape: return (call("reshape", [o[0], Shape.describe(reshape.shape)]), true)
        case let transpose as Transpose: return (call("transpose", [o[0], Shape.describe(transpose.permutation)]), true)
        case let broadcast as BroadcastTo: return (call("broadcast_to", [o[0], Shape.describe(broadcast.shape)]), true)
        case let concat as Concat: return (call("concat", o + ["axis=\(concat.axis)"]), true)
        case let cast as Cast: return (call("astype", [o[0], cast.dtype.rawValue]), true)
        case let slice as Slice:
            // A slice of a 0-d array selects it whole: the language has no `x[]`.
            return slice.spec.ranges.isEmpty ? (a[0], true) : ("\(a[0])[\(subscripts(slice.spec))]", true)
        case let polygamma as Polygamma: return (call("polygamma", ["\(polygamma.n)", o[0]]), true)
        case is SliceScatter, is ArgMax: return nil
        // Products and convolutions. The tensor product of any ranks has no spelling (the
        // language's outer flattens, as NumPy's does).
        case is Outer: return nil
        case let einsum as Einsum: return einsumWord(einsum.subscripts).map { (call("einsum", [$0] + o), true) }
        case let conv as Convolution: return (call(conv.name, o + spatialOptions(conv.geometry)), true)
        case let conv as ConvolutionTranspose:
            return (call(conv.name, o + spatialOptions(conv.geometry, outputPadding: conv.outputPadding)), true)
        case let conv as ConvolutionWeight:
            return (call(conv.name, o + ["kernel_size=\(Shape.describe(conv.kernel))"] + spatialOptions(conv.geometry)), true)
        case let spelled as any CallSpelling:
            guard let options = spelled.callOptions else { return nil }
            return (call(op.name, o + options), true)
        default: return (call(op.name, o), true)
        }
    }

    /// The language's one-word subscripts (`ij_jk_ik`), or nil for DualTape's forms NumPy's
    /// notation does not write (a repeated or operand-less output label).
    private static func einsumWord(_ s: EinsumSubscripts) -> String? {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let all = s.inputs.flatMap { $0 } + s.output
        guard all.allSatisfy({ $0 < letters.count }), Set(s.output).count == s.output.count,
              s.output.allSatisfy({ l in s.inputs.contains { $0.contains(l) } }) else { return nil }
        return (s.inputs + [s.output]).map { String($0.map { letters[$0] }) }.joined(separator: "_")
    }

    /// `stride=[1, 2], padding=[0, 1], dilation=[1, 1]` (and `output_padding`).
    private static func spatialOptions(_ g: ConvolutionGeometry, outputPadding: [Int]? = nil) -> [String] {
        ["stride=\(Shape.describe(g.stride))", "padding=\(Shape.describe(g.padding))"]
            + (outputPadding.map { ["output_padding=\(Shape.describe($0))"] } ?? []) + ["dilation=\(Shape.describe(g.dilation))"]
    }

    /// `name(a, b)`.
    private static func call(_ name: String, _ arguments: [String]) -> String {
        "\(name)(\(arguments.joined(separator: ", ")))"
    }

    /// `sum(x, axis=1, keepdims=true)`, leaving out what is the default.
    private static func reduction(_ name: String, _ operand: String, _ axes: ReductionAxes) -> String {
        call(name, [operand] + (axes.description.isEmpty ? [] : [axes.description]))
    }

    /// Python's subscripts for `spec`; a negative step's stop is left out when it falls
    /// before the first element (Python would read a negative stop from the end).
    private static func subscripts(_ spec: SliceSpec) -> String {
        spec.ranges.enumerated().map { axis, r in
            if spec.squeezed.contains(axis) { return String(r.start) }
            if r.count < 0 { return ":" }
            let stop = r.start + r.count * r.step
            if r.step == 1 { return "\(r.start):\(stop)" }
            return stop < 0 ? "\(r.start)::\(r.step)" : "\(r.start):\(stop):\(r.step)"
        }.joined(separator: ", ")
    }

    /// A nested list literal of `values` shaped `shape`; a bare number for shape `[]`.
    static func literal(_ values: [Double], shape: [Int]) -> String {
        guard let extent = shape.first else { return number(values.first ?? 0) }
        let inner = Array(shape.dropFirst())
        let size = Shape.count(inner)
        return "[" + (0 ..< extent).map { i in
            literal(Array(values[(i * size) ..< min(values.count, (i + 1) * size)]), shape: inner)
        }.joined(separator: ", ") + "]"
    }

    /// A number that reads back exactly.
    static func number(_ x: Double) -> String { ExpressionFormat.number(x) }
}
