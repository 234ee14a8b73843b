import DualTape

/// How expressions and arrays are written in reports: operators in NumPy-like notation,
/// numbers in Swift's shortest round-trip form (so a report's values replay exactly).
public enum ExpressionFormat {
    /// Whether `op` is written infix (`a + b`, `-a`).
    static func isInfix(_ op: any DifferentiableOperator) -> Bool {
        ["add", "subtract", "multiply", "divide", "power", "negative"].contains(op.name) || op is Compare
    }

    /// `op` applied to the already formatted `arguments`.
    ///
    /// - Parameters:
    ///   - op: The operator; its attributes (axes, shapes, options) are written out.
    ///   - arguments: The operands, already formatted and parenthesized where needed, as
    ///     many as the operator takes.
    /// - Returns: The application's text, infix for arithmetic and comparisons, a call otherwise.
    public static func apply(_ op: any DifferentiableOperator, _ arguments: [String]) -> String {
        let a = arguments
        let infix = ["add": "+", "subtract": "-", "multiply": "*", "divide": "/", "power": "**"]
        if let symbol = infix[op.name], a.count == 2 { return "\(a[0]) \(symbol) \(a[1])" }
        if op.name == "negative" { return "-\(a[0])" }
        if let compare = op as? Compare { return "\(a[0]) \(compare.comparison.rawValue) \(a[1])" }
        switch op {
        case let clip as Clip: return "clip(\(a[0]), \(number(clip.low)), \(number(clip.high)))"
        case let sum as Sum: return reduction("sum", a[0], sum.reduction)
        case let prod as Prod: return reduction("prod", a[0], prod.reduction)
        case let max as Max: return reduction("max", a[0], max.reduction)
        case let min as Min: return reduction("min", a[0], min.reduction)
        case let norm as Norm: return reduction("norm", a[0], norm.reduction)
        case let others as ProductOfOthers: return "prod_others(\(a[0]), axis=\(others.axes))"
        case let reshape as Reshape: return "reshape(\(a[0]), \(Shape.describe(reshape.shape)))"
        case let transpose as Transpose: return "transpose(\(a[0]), \(transpose.permutation))"
        case let broadcast as BroadcastTo: return "broadcast_to(\(a[0]), \(Shape.describe(broadcast.shape)))"
        case let concat as Concat: return "concat(\(a.joined(separator: ", ")), axis=\(concat.axis))"
        case let cast as Cast: return "cast(\(a[0]), \(cast.dtype))"
        case let slice as Slice: return "\(a[0])[\(slice.spec)]"
        case let scatter as SliceScatter: return "slice_scatter(\(a[0]), [\(scatter.spec)], shape=\(Shape.describe(scatter.shape)))"
        case let einsum as Einsum: return "einsum('\(einsum.subscripts)', \(a.joined(separator: ", ")))"
        case let conv as Convolution: return "\(conv.name)(\(a[0]), \(a[1]), \(conv.geometry))"
        case let conv as ConvolutionTranspose:
            return "\(conv.name)(\(a[0]), \(a[1]), \(conv.geometry), output_padding=\(Shape.describe(conv.outputPadding)))"
        case let conv as ConvolutionWeight: return "conv_weight(\(a[0]), \(a[1]), kernel_size=\(Shape.describe(conv.kernel)), \(conv.geometry))"
        case let spelled as any CallSpelling:
            guard let options = spelled.callOptions else { return "\(op.name)(\(a.joined(separator: ", ")))" }
            return "\(op.name)(\((a + options).joined(separator: ", ")))"
        default: return "\(op.name)(\(a.joined(separator: ", ")))"
        }
    }

    static func reduction(_ name: String, _ argument: String, _ axes: ReductionAxes) -> String {
        let attributes = axes.description
        return attributes.isEmpty ? "\(name)(\(argument))" : "\(name)(\(argument), \(attributes))"
    }

    /// A number in its shortest round-trip form, without a trailing `.0` for integers.
    ///
    /// - Parameter x: The number; integers below 10¹⁵ in magnitude are written without a
    ///   fraction (negative zero as `0`).
    /// - Returns: The number's text.
    public static func number(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// An array as `[values] (shape [2, 3], float64)`, values row-major.
    ///
    /// - Parameter x: Any array; every element is written, so keep report arrays small.
    /// - Returns: The array's values, shape and dtype as text.
    public static func array(_ x: NDArray) -> String {
        let values = x.scalars.map(number).joined(separator: ", ")
        return "[\(values)] (shape \(Shape.describe(x.shape)), \(x.dtype))"
    }
}
