/// The shape rules of convolutions, written once: the operators stop on a violation with
/// the message, the expression language turns the same message into a ``CallError``.

/// Stride, zero padding and dilation of a convolution, one of each per spatial axis.
///
/// Along a spatial axis of input extent `n`, kernel extent `k`, stride `s`, padding `p` and
/// dilation `d`, the kernel spans `d·(k-1) + 1` elements of the padded input and the output
/// has extent `⌊(n + 2p - d·(k-1) - 1) / s⌋ + 1` (PyTorch's and NumPy-style "valid" positions
/// of the padded input).
public struct ConvolutionGeometry: Sendable, Hashable, CustomStringConvertible {
    /// The step between output positions, per spatial axis (at least 1).
    public let stride: [Int]
    /// Zeros added before and after the input, per spatial axis (at least 0).
    public let padding: [Int]
    /// The step between kernel taps, per spatial axis (at least 1).
    public let dilation: [Int]

    /// The number of spatial axes.
    public var spatialRank: Int { stride.count }

    /// A geometry for `spatialRank` axes; each parameter is one value for every axis or one
    /// per axis. Stops on invalid values (see ``make(spatialRank:stride:padding:dilation:)``).
    ///
    /// - Parameters:
    ///   - spatialRank: 1 (conv1d) or 2 (conv2d).
    ///   - stride: The step between output positions, at least 1 (default 1).
    ///   - padding: Zeros added on both sides of each spatial axis, at least 0 (default 0).
    ///   - dilation: The step between kernel taps, at least 1 (default 1).
    public init(spatialRank: Int, stride: [Int] = [1], padding: [Int] = [0], dilation: [Int] = [1]) {
        do throws(CallError) {
            self = try Self.make(spatialRank: spatialRank, stride: stride, padding: padding, dilation: dilation)
        } catch {
            preconditionFailure("conv\(spatialRank)d: \(error.message)")
        }
    }

    private init(stride: [Int], padding: [Int], dilation: [Int]) {
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    /// A geometry from parameters given as one value for every axis or one per axis, or the
    /// parameter at fault.
    ///
    /// - Parameters:
    ///   - d: The spatial rank, 1 or 2 (another value stops the program: it is misuse, not data).
    ///   - stride: One value, or `d`, each at least 1.
    ///   - padding: One value, or `d`, each at least 0.
    ///   - dilation: One value, or `d`, each at least 1.
    /// - Returns: The geometry, each parameter expanded to `d` values.
    /// - Throws: ``CallError`` (`.argument`, naming the parameter) when a list has neither 1
    ///   nor `d` values or a value is below its minimum.
    public static func make(spatialRank d: Int, stride: [Int], padding: [Int], dilation: [Int]) throws(CallError) -> ConvolutionGeometry {
        precondition((1 ... 2).contains(d), "convolution: spatial rank \(d) is not supported (1 or 2)")
        return ConvolutionGeometry(stride: try expand(stride, "stride", d, minimum: 1), padding: try expand(padding, "padding", d, minimum: 0),
                                   dilation: try expand(dilation, "dilation", d, minimum: 1))
    }

    /// `values` for each of `d` axes (one value repeated), checked against `minimum`.
    static func expand(_ values: [Int], _ name: String, _ d: Int, minimum: Int) throws(CallError) -> [Int] {
        guard values.count == 1 || values.count == d else {
            throw CallError(.argument, "\(name) must be one integer or \(d) (one per spatial axis)", argument: name, quotesArgument: true)
        }
        guard values.allSatisfy({ $0 >= minimum }) else {
            throw CallError(.argument, "\(name) must be at least \(minimum)", argument: name, quotesArgument: true)
        }
        return values.count == 1 ? [Int](repeating: values[0], count: d) : values
    }

    /// `stride=[1, 1], padding=[0, 0], dilation=[1, 1]`.
    public var description: String {
        "stride=\(Shape.describe(stride)), padding=\(Shape.describe(padding)), dilation=\(Shape.describe(dilation))"
    }

    /// The layout of an input of this spatial rank, for messages: `[N, C, H, W]`.
    var layout: String { spatialRank == 1 ? "[N, C, L]" : "[N, C, H, W]" }
    /// The layout of one sample without the batch axis: `[C, H, W]`.
    var unbatchedLayout: String { spatialRank == 1 ? "[C, L]" : "[C, H, W]" }
    /// The layout of a kernel: `[F, C, kh, kw]`.
    var kernelLayout: String { spatialRank == 1 ? "[F, C, k]" : "[F, C, kh, kw]" }

    /// The output's spatial extents for an input's and a kernel's, or why the kernel does
    /// not fit the padded input.
    ///
    /// - Parameters:
    ///   - input: The input's spatial extents.
    ///   - kernel: The kernel's spatial extents.
    /// - Returns: One output extent per spatial axis.
    /// - Throws: ``CallError`` (`.shape`) when a kernel extent is below 1 or its dilated span
    ///   exceeds the padded input along some axis.
    public func outputSpatial(input: [Int], kernel: [Int]) throws(CallError) -> [Int] {
        var out: [Int] = []
        for axis in 0 ..< spatialRank {
            let span = dilation[axis] * (kernel[axis] - 1) + 1, padded = input[axis] + 2 * padding[axis]
            guard kernel[axis] >= 1, padded >= span else {
                throw CallError(.shape, "the kernel spans \(span) along spatial axis \(axis) (extent \(kernel[axis]), dilation \(dilation[axis])) but the input padded by \(padding[axis]) has only \(padded)")
            }
            out.append((padded - span) / stride[axis] + 1)
        }
        return out
    }

    /// Whether `shape` is a batched input (`[N, C, spatial…]`) or an unbatched one
    /// (`[C, spatial…]`), or why it is neither; `what` names it in messages.
    func batched(_ shape: [Int], _ what: String, argument: String) throws(CallError) -> Bool {
        guard shape.count == spatialRank + 2 || shape.count == spatialRank + 1 else {
            throw CallError(.shape, "\(what) of shape \(Shape.describe(shape)) is not \(layout) (or \(unbatchedLayout) for one sample)", argument: argument)
        }
        return shape.count == spatialRank + 2
    }

    /// The kernel's shape checked: `[F, C, k…]` with every extent at least 1.
    func checkKernel(_ w: [Int], argument: String) throws(CallError) {
        guard w.count == spatialRank + 2 else {
            throw CallError(.shape, "the kernel of shape \(Shape.describe(w)) is not \(kernelLayout)", argument: argument)
        }
    }

    /// The shape of `conv(x, w)`: `[N, F, out…]` (`[F, out…]` for an unbatched `x`).
    ///
    /// - Parameters:
    ///   - x: The input's shape, `[N, C, spatial…]` or `[C, spatial…]`.
    ///   - w: The kernel's shape, `[F, C, k…]`.
    /// - Returns: The output's shape.
    /// - Throws: ``CallError`` (`.shape`) when a rank is wrong, the channels differ, or the
    ///   kernel does not fit the padded input.
    public func convolutionShape(x: [Int], w: [Int]) throws(CallError) -> [Int] {
        let isBatched = try batched(x, "the input", argument: "x")
        try checkKernel(w, argument: "w")
        let channels = x[x.count - spatialRank - 1]
        guard w[1] == channels else {
            throw CallError(.shape, "the input of shape \(Shape.describe(x)) has \(channels) channels but the kernel of shape \(Shape.describe(w)) expects \(w[1])")
        }
        let spatial = try outputSpatial(input: Array(x.suffix(spatialRank)), kernel: Array(w.suffix(spatialRank)))
        return (isBatched ? [x[0]] : []) + [w[0]] + spatial
    }

    /// The shape of the transposed convolution of `g` by `w` into inputs of spatial extents
    /// `spatial`: `[N, C, spatial…]`, checked to be exactly what `conv` maps to `g`'s shape.
    ///
    /// - Parameters:
    ///   - g: The transposed convolution's input (a convolution's output cotangent),
    ///     `[N, F, out…]` or `[F, out…]`.
    ///   - w: The kernel's shape, `[F, C, k…]`.
    ///   - spatial: The spatial extents to produce.
    /// - Returns: The shape of the transposed convolution's result.
    /// - Throws: ``CallError`` (`.shape`) when a rank is wrong, `g`'s channels are not the
    ///   kernel's filters, or the convolution would not map `spatial` to `g`'s extents.
    public func transposedShape(g: [Int], w: [Int], spatial: [Int]) throws(CallError) -> [Int] {
        let isBatched = try batched(g, "the input", argument: "x")
        try checkKernel(w, argument: "w")
        let channels = g[g.count - spatialRank - 1]
        guard w[0] == channels else {
            throw CallError(.shape, "the input of shape \(Shape.describe(g)) has \(channels) channels but the kernel of shape \(Shape.describe(w)) has \(w[0]) filters")
        }
        let mapped = try outputSpatial(input: spatial, kernel: Array(w.suffix(spatialRank)))
        guard mapped == Array(g.suffix(spatialRank)) else {
            throw CallError(.shape, "a convolution maps spatial extents \(Shape.describe(spatial)) to \(Shape.describe(mapped)), not to those of the input of shape \(Shape.describe(g))")
        }
        return (isBatched ? [g[0]] : []) + [w[1]] + spatial
    }

    /// The spatial extents a transposed convolution produces from `input`'s (PyTorch's rule):
    /// `(n-1)·s - 2p + d·(k-1) + 1 + output_padding`, with `0 ≤ output_padding < stride`
    /// (so that the convolution maps them back to `input`).
    ///
    /// - Parameters:
    ///   - input: The transposed convolution's input spatial extents.
    ///   - kernel: The kernel's spatial extents.
    ///   - outputPadding: One value or one per axis, `0 ≤ value < stride`.
    /// - Returns: One extent per spatial axis.
    /// - Throws: ``CallError``: `.argument` for an output padding out of range, `.shape` when
    ///   an extent would be below 1.
    public func transposedSpatial(input: [Int], kernel: [Int], outputPadding: [Int]) throws(CallError) -> [Int] {
        let extra = try Self.expand(outputPadding, "output_padding", spatialRank, minimum: 0)
        var out: [Int] = []
        for axis in 0 ..< spatialRank {
            guard extra[axis] < stride[axis] else {
                throw CallError(.argument, "output_padding must be smaller than the stride (\(stride[axis]) along spatial axis \(axis))", argument: "output_padding", quotesArgument: true)
            }
            let extent = (input[axis] - 1) * stride[axis] - 2 * padding[axis] + dilation[axis] * (kernel[axis] - 1) + 1 + extra[axis]
            guard extent >= 1 else {
                throw CallError(.shape, "the result would have extent \(extent) along spatial axis \(axis) (padding \(padding[axis]) removes more than the input gives)")
            }
            out.append(extent)
        }
        return out
    }

    /// The output padding that makes a transposed convolution give back `input`'s spatial
    /// extents: what of the input the last window of the convolution does not reach.
    ///
    /// - Parameters:
    ///   - input: The convolution's input spatial extents.
    ///   - kernel: The kernel's spatial extents (fitting the padded input).
    /// - Returns: One output padding per spatial axis, in `0 ..< stride`.
    public func outputPadding(input: [Int], kernel: [Int]) -> [Int] {
        (0 ..< spatialRank).map { axis in
            (input[axis] + 2 * padding[axis] - dilation[axis] * (kernel[axis] - 1) - 1) % stride[axis]
        }
    }

    /// The shape of the weight gradient of `conv` for inputs `x` and output cotangents `g`
    /// and a kernel of spatial extents `kernel`: `[F, C, kernel…]`.
    ///
    /// - Parameters:
    ///   - x: The convolution's input shape, batched or not.
    ///   - g: The output cotangent's shape, batched like `x`.
    ///   - kernel: The kernel's spatial extents, each at least 1.
    /// - Returns: The kernel gradient's shape.
    /// - Throws: ``CallError``: `.argument` for a bad `kernel`, `.shape` when a rank is wrong,
    ///   the batches differ, or the convolution would not map `x` to `g`'s spatial extents.
    public func weightShape(x: [Int], g: [Int], kernel: [Int]) throws(CallError) -> [Int] {
        guard kernel.count == spatialRank, kernel.allSatisfy({ $0 >= 1 }) else {
            throw CallError(.argument, "kernel_size must be \(spatialRank) positive extent\(spatialRank == 1 ? "" : "s")", argument: "kernel_size", quotesArgument: true)
        }
        let isBatched = try batched(x, "the input", argument: "x")
        guard try batched(g, "the output gradient", argument: "g") == isBatched, !isBatched || g[0] == x[0] else {
            throw CallError(.shape, "the input of shape \(Shape.describe(x)) and the output gradient of shape \(Shape.describe(g)) do not have the same batch")
        }
        let mapped = try outputSpatial(input: Array(x.suffix(spatialRank)), kernel: kernel)
        guard mapped == Array(g.suffix(spatialRank)) else {
            throw CallError(.shape, "a convolution maps the input of shape \(Shape.describe(x)) to spatial extents \(Shape.describe(mapped)), not to those of the output gradient of shape \(Shape.describe(g))")
        }
        return [g[g.count - spatialRank - 1], x[x.count - spatialRank - 1]] + kernel
    }
}
