/// The convolution family in the catalog: its cases (each with its expression-language
/// call) and its call signatures, whose shape errors are the operators' own messages.

extension OperatorCatalog {
    /// conv1d, conv2d, their transposes and the weight gradient.
    static let convolution: [CatalogEntry] = [
        CatalogEntry(name: "conv1d", summary: "1-D convolution (PyTorch's conv1d) through im2col and BLAS", family: .convolution, cases: [
            convolutionCase(1, [[2, 3, 6], [2, 3, 3]]),
            convolutionCase(1, [[1, 2, 9], [3, 2, 3]], stride: 2, padding: 1, dilation: 2),
            convolutionCase(1, [[2, 5], [3, 2, 2]], padding: 1),
        ], signatures: [.convolution(1)]),
        CatalogEntry(name: "conv2d", summary: "2-D convolution (PyTorch's conv2d) through im2col and BLAS", family: .convolution, cases: [
            convolutionCase(2, [[2, 2, 4, 4], [3, 2, 3, 3]]),
            convolutionCase(2, [[1, 2, 6, 5], [2, 2, 2, 3]], stride: 2, padding: 1, dilation: 2),
            convolutionCase(2, [[1, 1, 3, 4], [2, 1, 2, 2]], stride: [1, 2], padding: [1, 0]),
            convolutionCase(2, [[2, 4, 4], [2, 2, 3, 3]], padding: 1),
        ], signatures: [.convolution(2)]),
        CatalogEntry(name: "conv_transpose1d", summary: "the transpose of conv1d in its input (PyTorch's conv_transpose1d)", family: .convolution, cases: [
            transposedCase(1, [[2, 3, 4], [3, 2, 3]]),
            transposedCase(1, [[1, 2, 4], [2, 3, 2]], stride: 2, padding: 1, outputPadding: 1, dilation: 2),
        ], signatures: [.convolutionTranspose(1)]),
        CatalogEntry(name: "conv_transpose2d", summary: "the transpose of conv2d in its input (PyTorch's conv_transpose2d)", family: .convolution, cases: [
            transposedCase(2, [[1, 2, 3, 3], [2, 3, 2, 2]], stride: 2, padding: 1),
            transposedCase(2, [[2, 3, 3], [2, 1, 3, 3]], padding: 1),
        ], signatures: [.convolutionTranspose(2)]),
        CatalogEntry(name: "conv_weight", summary: "the transpose of a convolution in its kernels (its weight gradient)", family: .convolution, cases: [
            weightCase([[2, 3, 6], [2, 2, 4]], kernel: [3]),
            weightCase([[1, 2, 6, 5], [1, 2, 3, 2]], kernel: [2, 3], stride: 2, padding: 1, dilation: 2),
        ], signatures: [.convolutionWeight]),
    ]

    /// `stride=2` or `stride=[1, 2]`, for a call.
    static func option(_ name: String, _ v: SpatialValues) -> String {
        ", \(name)=" + (v.values.count == 1 ? String(v.values[0]) : Shape.describe(v.values))
    }

    static func convolutionCase(_ d: Int, _ shapes: [[Int]], stride: SpatialValues = 1, padding: SpatialValues = 0, dilation: SpatialValues = 1) -> CatalogCase {
        let geometry = ConvolutionGeometry(spatialRank: d, stride: stride.values, padding: padding.values, dilation: dilation.values)
        let call = "conv\(d)d(a0, a1" + option("stride", stride) + option("padding", padding) + option("dilation", dilation) + ")"
        return CatalogCase(Convolution(geometry), shapes, call: call)
    }

    static func transposedCase(_ d: Int, _ shapes: [[Int]], stride: SpatialValues = 1, padding: SpatialValues = 0,
                               outputPadding: SpatialValues = 0, dilation: SpatialValues = 1) -> CatalogCase {
        let geometry = ConvolutionGeometry(spatialRank: d, stride: stride.values, padding: padding.values, dilation: dilation.values)
        let call = "conv_transpose\(d)d(a0, a1" + option("stride", stride) + option("padding", padding)
            + option("output_padding", outputPadding) + option("dilation", dilation) + ")"
        return CatalogCase(ConvolutionTranspose(geometry, outputPadding: outputPadding.values), shapes, call: call)
    }

    static func weightCase(_ shapes: [[Int]], kernel: [Int], stride: SpatialValues = 1, padding: SpatialValues = 0, dilation: SpatialValues = 1) -> CatalogCase {
        let geometry = ConvolutionGeometry(spatialRank: kernel.count, stride: stride.values, padding: padding.values, dilation: dilation.values)
        let call = "conv_weight(a0, a1, kernel_size=\(Shape.describe(kernel))" + option("stride", stride) + option("padding", padding)
            + option("dilation", dilation) + ")"
        return CatalogCase(ConvolutionWeight(geometry, kernel: kernel), shapes, call: call)
    }
}

extension CallArguments {
    /// Option `name` as one integer for every spatial axis or a list with one per axis;
    /// `[value]` when absent.
    func spatial(_ name: String, default value: Int) throws(CallError) -> [Int] {
        guard options[name] != nil else { return [value] }
        guard let given = try integers(name), !given.isEmpty else {
            throw CallError(.argument, "\(name) must be an integer or a list of integers, one per spatial axis", argument: name, quotesArgument: true)
        }
        return given
    }

    /// The stride, padding and dilation options of a convolution with `d` spatial axes.
    func convolutionGeometry(_ d: Int) throws(CallError) -> ConvolutionGeometry {
        try ConvolutionGeometry.make(spatialRank: d, stride: spatial("stride", default: 1), padding: spatial("padding", default: 0),
                                     dilation: spatial("dilation", default: 1))
    }
}

extension CallSignature {
    /// The stride, padding and dilation parameters (one integer, or a list of one per axis).
    static func spatialParameters(outputPadding: Bool = false) -> [CallParameter] {
        [CallParameter("stride", .axes, default: "1"), CallParameter("padding", .axes, default: "0")]
            + (outputPadding ? [CallParameter("output_padding", .axes, default: "0")] : []) + [CallParameter("dilation", .axes, default: "1")]
    }

    /// The multiply-adds of a convolution: every element of `output` sums `inner` products.
    static func work(_ output: [Int], _ inner: Int) -> Int {
        let (work, overflow) = Shape.count(output).multipliedReportingOverflow(by: Swift.max(inner, 1))
        return overflow ? Int.max : work
    }

    /// `conv1d(x, w, ...)`, `conv2d(x, w, ...)`.
    static func convolution(_ d: Int) -> CallSignature {
        let layout = d == 1 ? "x [N, C, L] or [C, L], w [F, C, k]" : "x [N, C, H, W] or [C, H, W], w [F, C, kh, kw]"
        return CallSignature("conv\(d)d", family: .convolution, [.array("x"), .array("w")] + spatialParameters(),
                             summary: "PyTorch's conv\(d)d: \(layout); a bias is + reshape(b, [F\(d == 1 ? ", 1" : ", 1, 1")])",
                             info: Convolution(ConvolutionGeometry(spatialRank: d)).info) { call throws(CallError) in
            let geometry = try call.convolutionGeometry(d)
            let shape = try geometry.convolutionShape(x: call.shape(0), w: call.shape(1))
            let w = call.shape(1)
            return ResolvedCall(shape: shape, work: work(shape, w.dropFirst().reduce(1, *))) { dispatch(Convolution(geometry), $0[0], $0[1]) }
        }
    }

    /// `conv_transpose1d(x, w, ...)`, `conv_transpose2d(x, w, ...)`.
    static func convolutionTranspose(_ d: Int) -> CallSignature {
        CallSignature("conv_transpose\(d)d", family: .convolution, [.array("x"), .array("w")] + spatialParameters(outputPadding: true),
                      summary: "PyTorch's conv_transpose\(d)d: the transpose of conv\(d)d in x; w [C, F, k...]; output_padding < stride",
                      info: ConvolutionTranspose(ConvolutionGeometry(spatialRank: d)).info) { call throws(CallError) in
            let geometry = try call.convolutionGeometry(d)
            let x = call.shape(0), w = call.shape(1)
            _ = try geometry.batched(x, "the input", argument: "x")
            try geometry.checkKernel(w, argument: "w")
            let extra = try call.spatial("output_padding", default: 0)
            let spatial = try geometry.transposedSpatial(input: Array(x.suffix(d)), kernel: Array(w.suffix(d)), outputPadding: extra)
            let shape = try geometry.transposedShape(g: x, w: w, spatial: spatial)
            return ResolvedCall(shape: shape, work: work(x, w.dropFirst().reduce(1, *))) {
                dispatch(ConvolutionTranspose(geometry, outputPadding: extra), $0[0], $0[1])
            }
        }
    }

    /// `conv_weight(x, g, kernel_size, ...)`.
    static let convolutionWeight = CallSignature(
        "conv_weight", family: .convolution, [.array("x"), .array("g"), CallParameter("kernel_size", .integers)] + spatialParameters(),
        summary: "the gradient of conv1d or conv2d in w [F, C, kernel_size...] for input x and output gradient g (torch.nn.grad.conv2d_weight)",
        info: ConvolutionWeight(ConvolutionGeometry(spatialRank: 1), kernel: [1]).info
    ) { call throws(CallError) in
        let kernel = try call.integers("kernel_size") ?? []
        guard (1 ... 2).contains(kernel.count) else {
            throw CallError(.argument, "kernel_size must list 1 or 2 extents (one per spatial axis)", argument: "kernel_size", quotesArgument: true)
        }
        let geometry = try call.convolutionGeometry(kernel.count)
        let shape = try geometry.weightShape(x: call.shape(0), g: call.shape(1), kernel: kernel)
        return ResolvedCall(shape: shape, work: work(call.shape(1), shape[1] * kernel.reduce(1, *))) {
            dispatch(ConvolutionWeight(geometry, kernel: kernel), $0[0], $0[1])
        }
    }
}
