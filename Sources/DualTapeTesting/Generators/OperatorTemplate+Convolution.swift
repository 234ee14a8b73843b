import DualTape

extension OperatorTemplate {
    /// The convolutions: geometry (stride, padding, dilation, kernel) drawn per spatial axis,
    /// then the input extents that give the output asked for (batched or one sample). Where
    /// that would make an input larger than ``inputBound(_:_:)``, the axes are drawn again
    /// with stride 1, dilation 1 and "same" padding (inputs about the output's size), so that
    /// nested convolutions in generated trees do not grow.
    static func convolution(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "conv1d", "conv2d":
            let d = entry.name == "conv1d" ? 1 : 2
            return OperatorTemplate(entry) { shape, source in
                guard shape.count == d + 1 || shape.count == d + 2 else { return nil }
                let channels = try source.int(in: 1 ... 2), filters = shape[shape.count - d - 1]
                let batch = shape.count == d + 2 ? [shape[0]] : []
                var axes = try (0 ..< d).map { try convolutionAxis(output: shape[shape.count - d + $0], source) }
                if Shape.count(batch + [channels] + axes.map(\.input)) > inputBound(shape, source) {
                    axes = try (0 ..< d).map { try convolutionAxis(output: shape[shape.count - d + $0], simple: true, source) }
                }
                return CatalogCase(Convolution(geometry(axes)), [batch + [channels] + axes.map(\.input), [filters, channels] + axes.map(\.kernel)])
            }
        case "conv_transpose1d", "conv_transpose2d":
            let d = entry.name == "conv_transpose1d" ? 1 : 2
            return OperatorTemplate(entry) { shape, source in
                guard shape.count == d + 1 || shape.count == d + 2 else { return nil }
                let spatial = Array(shape.suffix(d))
                let axes = try spatial.map { try convolutionAxis(input: $0, source) }
                let filters = try source.int(in: 1 ... 2), channels = shape[shape.count - d - 1]
                let batch = shape.count == d + 2 ? [shape[0]] : []
                let g = geometry(axes)
                return CatalogCase(ConvolutionTranspose(g, outputPadding: g.outputPadding(input: spatial, kernel: axes.map(\.kernel))),
                                   [batch + [filters] + axes.map(\.output), [filters, channels] + axes.map(\.kernel)])
            }
        case "conv_weight":
            return OperatorTemplate(entry) { shape, source in
                guard shape.count == 3 || shape.count == 4 else { return nil }
                let kernel = Array(shape.dropFirst(2))
                let batch = try source.drawBool() ? [try source.int(in: 1 ... 2)] : []
                var axes = try kernel.map { k in try convolutionAxis(output: try source.int(in: 1 ... 2), kernel: k, source) }
                if Shape.count(batch + [shape[1]] + axes.map(\.input)) > inputBound(shape, source) {
                    axes = try kernel.map { k in try convolutionAxis(output: 1, kernel: k, simple: true, source) }
                }
                return CatalogCase(ConvolutionWeight(geometry(axes), kernel: kernel),
                                   [batch + [shape[1]] + axes.map(\.input), batch + [shape[0]] + axes.map(\.output)])
            }
        default:
            return nil
        }
    }

    /// One spatial axis of a convolution: input and output extents, kernel extent and geometry.
    struct ConvolutionAxis {
        var input: Int, output: Int, kernel: Int, stride: Int, padding: Int, dilation: Int
    }

    static func geometry(_ axes: [ConvolutionAxis]) -> ConvolutionGeometry {
        ConvolutionGeometry(spatialRank: axes.count, stride: axes.map(\.stride), padding: axes.map(\.padding), dilation: axes.map(\.dilation))
    }

    /// The most elements an input of an application producing `shape` gets: the size
    /// parameter's array limit, or twice the output.
    static func inputBound(_ shape: [Int], _ source: DrawSource) -> Int {
        Swift.max(ShapeLimits.sized(source.size).maxCount, 2 * Shape.count(shape))
    }

    /// An axis producing `output` positions: the input extent follows from the drawn kernel
    /// and geometry (with up to `stride - 1` extra elements the last window does not reach),
    /// the padding lowered where it would leave no input. `simple`: stride and dilation 1,
    /// padding `(k - 1) / 2`, so the input has `output` or `output + 1` elements.
    static func convolutionAxis(output: Int, kernel: Int? = nil, simple: Bool = false, _ source: DrawSource) throws -> ConvolutionAxis {
        let k = try kernel ?? source.int(in: 1 ... 3)
        if simple {
            let padding = (k - 1) / 2
            return ConvolutionAxis(input: output + k - 1 - 2 * padding, output: output, kernel: k, stride: 1, padding: padding, dilation: 1)
        }
        let stride = try source.int(in: 1 ... 2), dilation = try source.int(in: 1 ... 2)
        let extra = try source.int(in: 0 ... stride - 1)
        let span = dilation * (k - 1) + 1, reach = (output - 1) * stride + span + extra
        let padding = Swift.min(try source.int(in: 0 ... 1), (reach - 1) / 2)
        return ConvolutionAxis(input: reach - 2 * padding, output: output, kernel: k, stride: stride, padding: padding, dilation: dilation)
    }

    /// An axis whose convolution input has extent `input`: a kernel that fits the padded
    /// input, and the output extent it gives.
    static func convolutionAxis(input: Int, _ source: DrawSource) throws -> ConvolutionAxis {
        let stride = try source.int(in: 1 ... 2), padding = try source.int(in: 0 ... 1)
        var dilation = try source.int(in: 1 ... 2), k = try source.int(in: 1 ... 3)
        if dilation * (k - 1) + 1 > input + 2 * padding {
            dilation = 1
            k = Swift.min(k, input + 2 * padding)
        }
        let output = (input + 2 * padding - dilation * (k - 1) - 1) / stride + 1
        return ConvolutionAxis(input: input, output: output, kernel: k, stride: stride, padding: padding, dilation: dilation)
    }
}
