/// Convolutions in PyTorch's layout (channels first: `[N, C, L]`, `[N, C, H, W]`) and
/// convention (cross-correlation: the kernel is not flipped), with stride, zero padding and
/// dilation per spatial axis. A bias is `+ b.reshape([F, 1, 1])` (the functions take one).
///
/// `conv(x, w)` is bilinear. Its transposes are the two other operators of this file, and
/// each operator's transposes are the other two, so every order of derivative is made of
/// these three (see `Kernels/Convolution.swift` for im2col and the BLAS products):
///
///     y = conv(x, w)                    x̄ = conv_transpose(ȳ, w)    w̄ = conv_weight(x, ȳ)
///     z = conv_transpose(g, w)          ḡ = conv(z̄, w)              w̄ = conv_weight(z̄, g)
///     v = conv_weight(x, g)             x̄ = conv_transpose(g, v̄)    ḡ = conv(x, v̄)

/// A convolution (PyTorch's `conv1d`, `conv2d`): input `x` `[N, C, spatial…]` (or
/// `[C, spatial…]`), kernels `w` `[F, C, k…]`, output `[N, F, out…]`.
///
///     y[n, f, p] = Σ_{c, q} x[n, c, s·p + d·q - pad] · w[f, c, q]     (x is 0 outside)
///     ẏ = conv(ẋ, w) + conv(x, ẇ)       x̄ = conv_transpose(ȳ, w)     w̄ = conv_weight(x, ȳ)
public struct Convolution: MultilinearOperator {
    /// Stride, padding and dilation per spatial axis (their count is the spatial rank).
    public let geometry: ConvolutionGeometry
    /// The convolution with `geometry`.
    ///
    /// - Parameter geometry: Stride, padding and dilation per spatial axis; its spatial rank
    ///   names the operator (`conv1d`, `conv2d`) and fixes the ranks of the inputs.
    public init(_ geometry: ConvolutionGeometry) { self.geometry = geometry }
    /// `"conv1d"` or `"conv2d"`, by the spatial rank: the catalog and expression-language name.
    public var name: String { "conv\(geometry.spatialRank)d" }
    /// Two inputs: `x` and the kernels `w`.
    public var arity: Int { 2 }
    /// `"conv2d(stride=…, padding=…, dilation=…)"`: the name with the geometry.
    public var description: String { "\(name)(\(geometry))" }
    /// Cross-correlation (no kernel flip) with zero padding, as PyTorch.
    public var info: OperatorInfo { OperatorInfo(note: "cross-correlation (no kernel flip) as in PyTorch; zero padding") }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// The cross-correlation of `x` `[N, C, …]` with `w` `[F, C, …]` into `[N, F, …]`; stops on
    /// shapes that do not fit.
    public func primal(_ x: NDArray, _ w: NDArray) -> NDArray {
        let shape = stopOnError(name, x.dtype, w.dtype) { () throws(CallError) in try geometry.convolutionShape(x: x.shape, w: w.shape) }
        let d = geometry.spatialRank, batched = x.rank == d + 2
        let plan = ConvolutionPlan(geometry, batch: batched ? x.shape[0] : 1, inChannels: w.shape[1], outChannels: w.shape[0],
                                   input: Array(x.shape.suffix(d)), kernel: Array(w.shape.suffix(d)), output: Array(shape.suffix(d)))
        return Kernels.convolution(x, w, plan, shape: shape)
    }

    /// `conv_transpose(ȳ, w)` for `x` (i = 0), `conv_weight(x, ȳ)` for `w` (i = 1).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        let (x, w) = (inputs[0], inputs[1]), d = geometry.spatialRank
        return i == 0 ? dispatch(ConvolutionTranspose(geometry, outputPadding: geometry.outputPadding(input: Array(x.shape.suffix(d)), kernel: Array(w.shape.suffix(d)))), cotangent, w)
                      : dispatch(ConvolutionWeight(geometry, kernel: Array(w.shape.suffix(d))), x, cotangent)
    }
}

/// The transposed convolution (PyTorch's `conv_transpose1d`, `conv_transpose2d`): the
/// transpose of `x ↦ conv(x, w)`. From `g` `[N, F, out…]` and `w` `[F, C, k…]` it gives
/// `[N, C, n…]` with `n = (out-1)·s - 2·pad + d·(k-1) + 1 + outputPadding`: of the input
/// extents a strided convolution maps to `out`, `outputPadding` (less than the stride) picks one.
///
///     z[n, c, i] = Σ_{f, p, q : s·p + d·q - pad = i} g[n, f, p] · w[f, c, q]
///     ż = conv_transpose(ġ, w) + conv_transpose(g, ẇ)    ḡ = conv(z̄, w)    w̄ = conv_weight(z̄, g)
public struct ConvolutionTranspose: MultilinearOperator {
    /// The geometry of the convolution this is the transpose of.
    public let geometry: ConvolutionGeometry
    /// Extra elements at the end of each spatial axis of the result (less than the stride).
    public let outputPadding: [Int]
    /// The transposed convolution of `geometry`, with `outputPadding` extra elements at the end
    /// of each spatial axis of the result. Stops if a value is negative or the count fits
    /// neither one nor the spatial rank.
    ///
    /// - Parameters:
    ///   - geometry: The stride, padding and dilation of the convolution this transposes.
    ///   - outputPadding: One value for every spatial axis or one per axis (default 0), each
    ///     less than the stride for the result to be a valid input of the convolution.
    public init(_ geometry: ConvolutionGeometry, outputPadding: [Int] = [0]) {
        self.geometry = geometry
        self.outputPadding = stopOnError("conv_transpose\(geometry.spatialRank)d", .float64, .float64) { () throws(CallError) in
            try ConvolutionGeometry.expand(outputPadding, "output_padding", geometry.spatialRank, minimum: 0)
        }
    }
    /// `"conv_transpose1d"` or `"conv_transpose2d"`, by the spatial rank.
    public var name: String { "conv_transpose\(geometry.spatialRank)d" }
    /// Two inputs: `g` and the kernels `w`.
    public var arity: Int { 2 }
    /// `"conv_transpose2d(…, output_padding=[0, 0])"`: the name with the geometry.
    public var description: String { "\(name)(\(geometry), output_padding=\(Shape.describe(outputPadding)))" }
    /// The transpose of ``Convolution`` in its input (PyTorch's `conv_transpose`, groups 1).
    public var info: OperatorInfo { OperatorInfo(note: "the transpose of conv in its input (PyTorch's conv_transpose, groups 1)") }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// Every `g[n, f, p]·w[f, c, q]` added at the input position it came from, into `[N, C, …]`.
    public func primal(_ g: NDArray, _ w: NDArray) -> NDArray {
        let d = geometry.spatialRank
        let shape = stopOnError(name, g.dtype, w.dtype) { () throws(CallError) in
            _ = try geometry.batched(g.shape, "the input", argument: "x")
            try geometry.checkKernel(w.shape, argument: "w")
            let spatial = try geometry.transposedSpatial(input: Array(g.shape.suffix(d)), kernel: Array(w.shape.suffix(d)), outputPadding: outputPadding)
            return try geometry.transposedShape(g: g.shape, w: w.shape, spatial: spatial)
        }
        let plan = ConvolutionPlan(geometry, batch: g.rank == d + 2 ? g.shape[0] : 1, inChannels: w.shape[1], outChannels: w.shape[0],
                                   input: Array(shape.suffix(d)), kernel: Array(w.shape.suffix(d)), output: Array(g.shape.suffix(d)))
        return Kernels.convolutionTranspose(g, w, plan, shape: shape)
    }

    /// `conv(z̄, w)` for `g` (i = 0), `conv_weight(z̄, g)` for `w` (i = 1).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        let (g, w) = (inputs[0], inputs[1])
        return i == 0 ? dispatch(Convolution(geometry), cotangent, w)
                      : dispatch(ConvolutionWeight(geometry, kernel: Array(w.shape.suffix(geometry.spatialRank))), cotangent, g)
    }
}

/// The weight gradient of a convolution (PyTorch's `torch.nn.grad.conv2d_weight`): the
/// transpose of `w ↦ conv(x, w)` for kernels of spatial extents `kernel`. From `x`
/// `[N, C, spatial…]` and `g` `[N, F, out…]` it gives `[F, C, kernel…]`.
///
///     v[f, c, q] = Σ_{n, p} g[n, f, p] · x[n, c, s·p + d·q - pad]
///     v̇ = conv_weight(ẋ, g) + conv_weight(x, ġ)    x̄ = conv_transpose(g, v̄)    ḡ = conv(x, v̄)
public struct ConvolutionWeight: MultilinearOperator {
    /// The geometry of the convolution whose weight gradient this is.
    public let geometry: ConvolutionGeometry
    /// The spatial extents of the kernel.
    public let kernel: [Int]
    /// The weight gradient for kernels of spatial extents `kernel`; stops if `kernel` does
    /// not have one extent per spatial axis.
    ///
    /// - Parameters:
    ///   - geometry: The stride, padding and dilation of the convolution.
    ///   - kernel: The kernel's spatial extents (`[kh, kw]`), one per spatial axis.
    public init(_ geometry: ConvolutionGeometry, kernel: [Int]) {
        precondition(kernel.count == geometry.spatialRank, "conv_weight: \(kernel.count) kernel extents for a \(geometry.spatialRank)-D convolution")
        self.geometry = geometry
        self.kernel = kernel
    }
    /// `"conv_weight"`, the catalog and expression-language name.
    public var name: String { "conv_weight" }
    /// Two inputs: `x` and the output cotangent `g`.
    public var arity: Int { 2 }
    /// `"conv_weight(…, kernel_size=[3, 3])"`: the name with the geometry and kernel size.
    public var description: String { "conv_weight(\(geometry), kernel_size=\(Shape.describe(kernel)))" }
    /// The transpose of ``Convolution`` in its kernels (PyTorch's `conv2d_weight`).
    public var info: OperatorInfo { OperatorInfo(note: "the transpose of conv in its kernels (PyTorch's torch.nn.grad.conv1d_weight, conv2d_weight)") }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// `Σ_{n, p} g[n, f, p]·x[n, c, s·p + d·q - pad]` into `[F, C, kernel…]`.
    public func primal(_ x: NDArray, _ g: NDArray) -> NDArray {
        let shape = stopOnError(name, x.dtype, g.dtype) { () throws(CallError) in try geometry.weightShape(x: x.shape, g: g.shape, kernel: kernel) }
        let d = geometry.spatialRank, batched = x.rank == d + 2
        let plan = ConvolutionPlan(geometry, batch: batched ? x.shape[0] : 1, inChannels: shape[1], outChannels: shape[0],
                                   input: Array(x.shape.suffix(d)), kernel: kernel, output: Array(g.shape.suffix(d)))
        return Kernels.convolutionWeight(x, g, plan, shape: shape)
    }

    /// `conv_transpose(g, v̄)` for `x` (i = 0), `conv(x, v̄)` for `g` (i = 1).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        let (x, g) = (inputs[0], inputs[1])
        let spatial = Array(x.shape.suffix(geometry.spatialRank))
        return i == 0 ? dispatch(ConvolutionTranspose(geometry, outputPadding: geometry.outputPadding(input: spatial, kernel: kernel)), g, cotangent)
                      : dispatch(Convolution(geometry), x, cotangent)
    }
}

/// The result of a shape rule, or a stop naming the operation and the problem (operator
/// misuse); the dtypes must match too.
func stopOnError<R>(_ operation: String, _ a: DType, _ b: DType, _ rule: () throws(CallError) -> R) -> R {
    precondition(a == b, "\(operation): dtypes \(a) and \(b) do not match (convert one with astype)")
    do throws(CallError) {
        return try rule()
    } catch {
        preconditionFailure("\(operation): \(error.message)")
    }
}

// MARK: - Swift API

/// One value for every spatial axis (`2`) or one per axis (`[2, 1]`): a convolution's stride,
/// padding or dilation.
public struct SpatialValues: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    /// One value, or one per spatial axis.
    public let values: [Int]
    /// One value per spatial axis, or one for all.
    ///
    /// - Parameter values: A list of one value or of one per spatial axis; the convolution
    ///   stops on another count.
    public init(_ values: [Int]) { self.values = values }
    /// The same value along every spatial axis.
    ///
    /// - Parameter value: The stride, padding or dilation of every axis.
    public init(_ value: Int) { values = [value] }
    /// `2`: the same value along every spatial axis.
    ///
    /// - Parameter value: The stride, padding or dilation of every axis.
    public init(integerLiteral value: Int) { values = [value] }
    /// `[2, 1]`: one value per spatial axis.
    ///
    /// - Parameter elements: The values, one per spatial axis, in axis order (height first).
    public init(arrayLiteral elements: Int...) { values = elements }
}

/// The convolution of `x` by kernels `w` with `d` spatial axes, plus a bias per filter.
func convolve(_ d: Int, _ x: NDArray, _ w: NDArray, bias: NDArray?, stride: SpatialValues, padding: SpatialValues, dilation: SpatialValues) -> NDArray {
    let geometry = ConvolutionGeometry(spatialRank: d, stride: stride.values, padding: padding.values, dilation: dilation.values)
    let y = dispatch(Convolution(geometry), x, w)
    return bias.map { y + $0.reshape([$0.count] + [Int](repeating: 1, count: d)) } ?? y
}

/// PyTorch's `conv1d`: `x` `[N, C, L]` (or `[C, L]`) by kernels `w` `[F, C, k]` into
/// `[N, F, L']`, `L' = ⌊(L + 2·padding - dilation·(k-1) - 1) / stride⌋ + 1`, plus `bias` `[F]`.
///
///     y[n, f, i] = Σ_{c, j} x[n, c, stride·i + dilation·j - padding] · w[f, c, j]  (+ bias[f])
///
/// Differentiable in both modes to any order (see ``Convolution``). Stops on shapes that do
/// not fit (channels, a kernel larger than the padded input).
///
///     ẏ = conv1d(ẋ, w) + conv1d(x, ẇ)      x̄ = conv_transpose1d(ȳ, w),  w̄ = conv_weight(x, ȳ)
///
/// - Parameters:
///   - x: The input, `[N, C, L]` or unbatched `[C, L]`.
///   - w: The kernels, `[F, C, k]`, of `x`'s dtype.
///   - bias: One value per filter, `[F]`, added to every position; `nil` for none.
///   - stride: The step between output positions (default 1).
///   - padding: Zeros added at both ends of the axis (default 0).
///   - dilation: The spacing between kernel taps (default 1).
/// - Returns: `[N, F, L']` (`[F, L']` for an unbatched `x`).
public func conv1d(_ x: NDArray, _ w: NDArray, bias: NDArray? = nil, stride: SpatialValues = 1, padding: SpatialValues = 0,
                   dilation: SpatialValues = 1) -> NDArray {
    convolve(1, x, w, bias: bias, stride: stride, padding: padding, dilation: dilation)
}

/// PyTorch's `conv2d`: `x` `[N, C, H, W]` (or `[C, H, W]`) by kernels `w` `[F, C, kh, kw]` into
/// `[N, F, H', W']`, each spatial extent as in ``conv1d(_:_:bias:stride:padding:dilation:)``,
/// plus `bias` `[F]`. Stride, padding and dilation are one value or one per axis (`[2, 1]`).
///
///     y[n, f, i, j] = Σ_{c, a, b} x[n, c, sᵧ·i + dᵧ·a - pᵧ, sₓ·j + dₓ·b - pₓ] · w[f, c, a, b]
///
/// Runs as im2col and one BLAS matrix product per sample; differentiable in both modes to
/// any order (see ``Convolution``). Stops on shapes that do not fit.
///
///     ẏ = conv2d(ẋ, w) + conv2d(x, ẇ)      x̄ = conv_transpose2d(ȳ, w),  w̄ = conv_weight(x, ȳ)
///
/// - Parameters:
///   - x: The input, `[N, C, H, W]` or unbatched `[C, H, W]`.
///   - w: The kernels, `[F, C, kh, kw]`, of `x`'s dtype.
///   - bias: One value per filter, `[F]`, added to every position; `nil` for none.
///   - stride: The step between output positions, one value or `[sᵧ, sₓ]` (default 1).
///   - padding: Zeros added on both sides of each axis, one value or `[pᵧ, pₓ]` (default 0).
///   - dilation: The spacing between kernel taps, one value or `[dᵧ, dₓ]` (default 1).
/// - Returns: `[N, F, H', W']` (`[F, H', W']` for an unbatched `x`).
public func conv2d(_ x: NDArray, _ w: NDArray, bias: NDArray? = nil, stride: SpatialValues = 1, padding: SpatialValues = 0,
                   dilation: SpatialValues = 1) -> NDArray {
    convolve(2, x, w, bias: bias, stride: stride, padding: padding, dilation: dilation)
}

/// The transposed convolution of `x` by `w` with `d` spatial axes, plus a bias per output channel.
func convolveTransposed(_ d: Int, _ x: NDArray, _ w: NDArray, bias: NDArray?, stride: SpatialValues, padding: SpatialValues,
                        outputPadding: SpatialValues, dilation: SpatialValues) -> NDArray {
    let geometry = ConvolutionGeometry(spatialRank: d, stride: stride.values, padding: padding.values, dilation: dilation.values)
    let z = dispatch(ConvolutionTranspose(geometry, outputPadding: outputPadding.values), x, w)
    return bias.map { z + $0.reshape([$0.count] + [Int](repeating: 1, count: d)) } ?? z
}

/// PyTorch's `conv_transpose1d`: the transpose of ``conv1d(_:_:bias:stride:padding:dilation:)``
/// in its input, for `x` `[N, C, L]` and `w` `[C, F, k]` (PyTorch's layout: the input channels
/// first), into `[N, F, (L-1)·stride - 2·padding + dilation·(k-1) + 1 + outputPadding]`,
/// plus `bias` `[F]`. `outputPadding` (less than the stride) picks among the input lengths a
/// strided convolution maps to `L`. Stops on shapes that do not fit.
///
///     ż = conv_transpose1d(ẋ, w) + conv_transpose1d(x, ẇ)      x̄ = conv1d(z̄, w),  w̄ = conv_weight(z̄, x)
///
/// - Parameters:
///   - x: The input, `[N, C, L]` or unbatched `[C, L]`.
///   - w: The kernels, `[C, F, k]`, of `x`'s dtype.
///   - bias: One value per output channel, `[F]`; `nil` for none.
///   - stride: The stride of the convolution this transposes (default 1).
///   - padding: The padding of that convolution, cut from both ends of the result (default 0).
///   - outputPadding: Extra elements at the end of the result, less than the stride (default 0).
///   - dilation: The spacing between kernel taps (default 1).
/// - Returns: `[N, F, L']` (`[F, L']` for an unbatched `x`).
public func convTranspose1d(_ x: NDArray, _ w: NDArray, bias: NDArray? = nil, stride: SpatialValues = 1, padding: SpatialValues = 0,
                            outputPadding: SpatialValues = 0, dilation: SpatialValues = 1) -> NDArray {
    convolveTransposed(1, x, w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation)
}

/// PyTorch's `conv_transpose2d`: the transpose of ``conv2d(_:_:bias:stride:padding:dilation:)``
/// in its input, for `x` `[N, C, H, W]` and `w` `[C, F, kh, kw]`, each spatial extent as in
/// ``convTranspose1d(_:_:bias:stride:padding:outputPadding:dilation:)``. Stops on shapes that
/// do not fit.
///
///     ż = conv_transpose2d(ẋ, w) + conv_transpose2d(x, ẇ)      x̄ = conv2d(z̄, w),  w̄ = conv_weight(z̄, x)
///
/// - Parameters:
///   - x: The input, `[N, C, H, W]` or unbatched `[C, H, W]`.
///   - w: The kernels, `[C, F, kh, kw]`, of `x`'s dtype.
///   - bias: One value per output channel, `[F]`; `nil` for none.
///   - stride: The stride of the convolution this transposes, one value or one per axis (default 1).
///   - padding: That convolution's padding, cut from both sides of each axis (default 0).
///   - outputPadding: Extra elements at the end of each axis, each less than the stride (default 0).
///   - dilation: The spacing between kernel taps, one value or one per axis (default 1).
/// - Returns: `[N, F, H', W']` (`[F, H', W']` for an unbatched `x`).
public func convTranspose2d(_ x: NDArray, _ w: NDArray, bias: NDArray? = nil, stride: SpatialValues = 1, padding: SpatialValues = 0,
                            outputPadding: SpatialValues = 0, dilation: SpatialValues = 1) -> NDArray {
    convolveTransposed(2, x, w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation)
}

/// The gradient of a convolution with respect to its kernels (PyTorch's
/// `torch.nn.grad.conv2d_weight`): for inputs `x` `[N, C, spatial…]` and output gradients `g`
/// `[N, F, out…]`, the kernels' gradient `[F, C, kernelSize…]`; the spatial rank is
/// `kernelSize.count`.
///
///     v[f, c, q] = Σ_{n, p} g[n, f, p] · x[n, c, stride·p + dilation·q - padding]
///     v̇ = conv_weight(ẋ, g) + conv_weight(x, ġ)      x̄ = conv_transpose(g, v̄),  ḡ = conv(x, v̄)
///
/// Stops on shapes that do not fit.
///
/// - Parameters:
///   - x: The convolution's input, `[N, C, spatial…]` or unbatched `[C, spatial…]`.
///   - g: The gradient of its output, `[N, F, out…]` (batched as `x`), of `x`'s dtype.
///   - kernelSize: The kernels' spatial extents; its count is the spatial rank.
///   - stride: The convolution's stride, one value or one per axis (default 1).
///   - padding: The convolution's zero padding, one value or one per axis (default 0).
///   - dilation: The convolution's dilation, one value or one per axis (default 1).
/// - Returns: The kernels' gradient, `[F, C, kernelSize…]`.
public func convWeight(_ x: NDArray, _ g: NDArray, kernelSize: [Int], stride: SpatialValues = 1, padding: SpatialValues = 0,
                       dilation: SpatialValues = 1) -> NDArray {
    let geometry = ConvolutionGeometry(spatialRank: kernelSize.count, stride: stride.values, padding: padding.values, dilation: dilation.values)
    return dispatch(ConvolutionWeight(geometry, kernel: kernelSize), x, g)
}

// MARK: - Expression spelling

extension ConvolutionGeometry {
    /// `stride=[1, 2], padding=[0, 1], dilation=[1, 1]` as a call's options (`output_padding`
    /// before `dilation` when given).
    func spelledOptions(outputPadding: [Int]? = nil) -> [String] {
        ["stride=\(Shape.describe(stride))", "padding=\(Shape.describe(padding))"]
            + (outputPadding.map { ["output_padding=\(Shape.describe($0))"] } ?? []) + ["dilation=\(Shape.describe(dilation))"]
    }
}

extension Convolution: CallSpelling {
    /// `conv2d(x, w, stride=…, padding=…, dilation=…)`.
    public var spelling: Spelling { .call(name, after: geometry.spelledOptions()) }
}

extension ConvolutionTranspose: CallSpelling {
    /// `conv_transpose2d(x, w, stride=…, padding=…, output_padding=…, dilation=…)`.
    public var spelling: Spelling { .call(name, after: geometry.spelledOptions(outputPadding: outputPadding)) }
}

extension ConvolutionWeight: CallSpelling {
    /// `conv_weight(x, g, kernel_size=[…], stride=…, padding=…, dilation=…)`.
    public var spelling: Spelling { .call(name, after: ["kernel_size=\(Shape.describe(kernel))"] + geometry.spelledOptions()) }
}
