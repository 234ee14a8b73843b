/// Pooling in PyTorch's layout and conventions (channels first: `[N, C, L]`, `[N, C, H, W]`,
/// or one sample `[C, L]`, `[C, H, W]`): the mean or the largest element of each window of
/// `kernel_size` elements per spatial axis, windows `stride` apart (by default `kernel_size`,
/// so that they do not overlap), over the input padded by `padding` on both sides (at most
/// half the window, as PyTorch requires, so every window holds an element of the input).
///
///     avg:  y[n, c, p] = (1/K) Σ_{q in the window} x[n, c, s·p + q - pad]    (x is 0 outside; K = Π kernel_size)
///     max:  y[n, c, p] = max_{q in the window} x[n, c, s·p + q - pad]       (x is -∞ outside)
///
/// The average is linear: its transpose spreads each cotangent back over its window, which
/// is the transposed convolution of every plane by a kernel of `1/K`. The maximum is
/// piecewise linear: its derivative reads the tangent at each window's largest element, and
/// its transpose adds each cotangent there (`take` and `scatter_add` with those positions
/// held constant), so every order of derivative is made of operators of the catalog.
///
/// MXNet computes both with one operator, `nd.Pooling(pool_type='avg'|'max')`, so these
/// functions have no MXNet aliases. Not supported: `ceil_mode`, `count_include_pad=False`,
/// `divisor_override`, and max pooling's `dilation`.

/// The windows of a pooling: kernel size, stride and zero padding per spatial axis.
public struct PoolingGeometry: Sendable, Hashable, CustomStringConvertible {
    /// The window's extent per spatial axis (its count is the spatial rank).
    public let kernel: [Int]
    /// The step between windows, per spatial axis.
    public let stride: [Int]
    /// The padding added before and after the input, per spatial axis (at most half the window).
    public let padding: [Int]

    /// The number of spatial axes.
    public var spatialRank: Int { kernel.count }

    /// The windows of a pooling over `spatialRank` axes; each parameter is one value for
    /// every axis or one per axis, and `stride` defaults to the kernel. Stops on invalid
    /// values (see ``make(spatialRank:kernel:stride:padding:)``).
    ///
    /// - Parameters:
    ///   - spatialRank: The number of spatial axes, 1 or 2.
    ///   - kernel: The window's extent, at least 1: one value for every axis, or one per axis.
    ///   - stride: The step between windows, at least 1, likewise; `nil` (the default) for the kernel.
    ///   - padding: The padding on each side, at most half the kernel, likewise (default 0).
    public init(spatialRank: Int, kernel: [Int], stride: [Int]? = nil, padding: [Int] = [0]) {
        do throws(CallError) {
            self = try Self.make(spatialRank: spatialRank, kernel: kernel, stride: stride, padding: padding)
        } catch {
            preconditionFailure("pool\(spatialRank)d: \(error.message)")
        }
    }

    private init(kernel: [Int], stride: [Int], padding: [Int]) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// The windows from parameters given as one value for every axis or one per axis, or the
    /// parameter at fault.
    ///
    /// - Parameters:
    ///   - d: The number of spatial axes, 1 or 2 (stops otherwise).
    ///   - kernel: The window's extent: one value for every axis, or one per axis.
    ///   - stride: The step between windows, likewise; `nil` for the kernel size.
    ///   - padding: The padding on each side, likewise; at most half the kernel.
    /// - Returns: The windows.
    /// - Throws: ``CallError`` naming `kernel_size`, `stride` or `padding` when one is malformed.
    public static func make(spatialRank d: Int, kernel: [Int], stride: [Int]?, padding: [Int]) throws(CallError) -> PoolingGeometry {
        precondition((1 ... 2).contains(d), "pooling: spatial rank \(d) is not supported (1 or 2)")
        let k = try ConvolutionGeometry.expand(kernel, "kernel_size", d, minimum: 1)
        let s = try stride.map { s throws(CallError) in try ConvolutionGeometry.expand(s, "stride", d, minimum: 1) } ?? k
        let p = try ConvolutionGeometry.expand(padding, "padding", d, minimum: 0)
        for axis in 0 ..< d where 2 * p[axis] > k[axis] {
            throw CallError(.argument, "padding must be at most half the kernel size (\(k[axis]) along spatial axis \(axis)), as in PyTorch",
                            argument: "padding", quotesArgument: true)
        }
        return PoolingGeometry(kernel: k, stride: s, padding: p)
    }

    /// `kernel_size=[2, 2], stride=[2, 2], padding=[0, 0]`.
    public var description: String {
        "kernel_size=\(Shape.describe(kernel)), stride=\(Shape.describe(stride)), padding=\(Shape.describe(padding))"
    }

    /// The result's shape for an input of shape `x`: `[N, C, out…]` (or `[C, out…]`) with
    /// `out = ⌊(n + 2·padding - kernel) / stride⌋ + 1`, or why the input does not fit.
    ///
    /// - Parameter x: The input's shape.
    /// - Returns: The output's shape.
    /// - Throws: ``CallError`` when `x` is not `[N, C, spatial…]` or `[C, spatial…]`, or a
    ///   window does not fit.
    public func outputShape(_ x: [Int]) throws(CallError) -> [Int] {
        let d = spatialRank
        guard x.count == d + 1 || x.count == d + 2 else {
            let layout = d == 1 ? "[N, C, L] (or [C, L] for one sample)" : "[N, C, H, W] (or [C, H, W] for one sample)"
            throw CallError(.shape, "the input of shape \(Shape.describe(x)) is not \(layout)", argument: "x")
        }
        var out = Array(x.dropLast(d))
        for axis in 0 ..< d {
            let padded = x[x.count - d + axis] + 2 * padding[axis]
            guard padded >= kernel[axis] else {
                throw CallError(.shape, "the window of \(kernel[axis]) elements along spatial axis \(axis) is larger than the input padded by \(padding[axis]) (\(padded))")
            }
            out.append((padded - kernel[axis]) / stride[axis] + 1)
        }
        return out
    }

    /// The plan of the loops for an input of shape `x` and the output of shape `y`.
    func plan(_ x: [Int], _ y: [Int]) -> PoolingPlan {
        let d = spatialRank
        return PoolingPlan(self, planes: Shape.count(Array(x.dropLast(d))), input: Array(x.suffix(d)), output: Array(y.suffix(d)))
    }

    /// The convolution whose kernel positions are these windows (dilation 1).
    var convolution: ConvolutionGeometry { ConvolutionGeometry(spatialRank: spatialRank, stride: stride, padding: padding) }
}

/// The mean of each window (PyTorch's `avg_pool1d`, `avg_pool2d` with `count_include_pad=True`,
/// its default: the padding counts as zeros, every window is divided by the whole kernel's size).
/// Linear; its transpose spreads each cotangent over its window:
///
///     y[p] = (1/K) Σ_{q} x[s·p + q - pad]
///     ẏ = avg_pool(ẋ)        x̄ = conv_transpose(ȳ, 1/K) per plane   (x̄[i] = (1/K) Σ_{p : i in window p} ȳ[p])
public struct AveragePool: LinearOperator {
    /// The windows.
    public let geometry: PoolingGeometry
    /// The mean over the windows of `geometry`.
    ///
    /// - Parameter geometry: The windows (kernel, stride, padding per spatial axis).
    public init(_ geometry: PoolingGeometry) { self.geometry = geometry }
    /// `"avg_pool1d"` or `"avg_pool2d"`, by the spatial rank: the catalog and expression-language name.
    public var name: String { "avg_pool\(geometry.spatialRank)d" }
    /// One input.
    public var arity: Int { 1 }
    /// `"avg_pool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])"`.
    public var description: String { "\(name)(\(geometry))" }
    /// Linear; padding counts as zeros and every window is divided by the whole kernel's size.
    public var info: OperatorInfo {
        OperatorInfo(isLinear: true, note: "the padding counts as zeros and every window is divided by the whole kernel's size "
            + "(PyTorch's count_include_pad=True, its default; MXNet's Pooling(pool_type='avg') and lax.reduce_window sums / K do the same)")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The mean of each window, `[N, C, out…]`; stops when the input is not `[N, C, …]`/`[C, …]` or
    /// a window does not fit.
    public func primal(_ x: NDArray) -> NDArray {
        let shape = stopOnError(name, x.dtype, x.dtype) { () throws(CallError) in try geometry.outputShape(x.shape) }
        return Kernels.averagePool(x, geometry.plan(x.shape, shape), shape: shape)
    }

    /// Every plane's cotangent spread over its windows: the transposed convolution by a
    /// kernel of `1/K`, so that the transpose is differentiable again (its transpose is the
    /// convolution by the same kernel, which is this pooling).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let x = inputs[0].shape, d = geometry.spatialRank
        let outer = Array(cotangent.shape.dropLast(d)), spatial = Array(cotangent.shape.suffix(d))
        let planes = cotangent.reshape([Shape.count(outer), 1] + spatial)
        let w = NDArray.full([1, 1] + geometry.kernel, 1 / Double(Shape.count(geometry.kernel)), dtype: cotangent.dtype)
        let conv = geometry.convolution
        let spread = ConvolutionTranspose(conv, outputPadding: conv.outputPadding(input: Array(x.suffix(d)), kernel: geometry.kernel))
        return [dispatch(spread, planes, w).reshape(x)]
    }
}

/// The largest element of each window (PyTorch's `max_pool1d`, `max_pool2d`); the padding
/// is -∞. Piecewise linear: the derivative is the tangent at each window's largest element,
/// the first in window order (row by row) on ties, as PyTorch, JAX and MXNet choose:
///
///     y[p] = x[m(p)],   m(p) = the first position of the window's maximum
///     ẏ = take(ẋ, m)         x̄ = scatter_add(0, m, ȳ)          (m held constant)
public struct MaxPool: DifferentiableOperator {
    /// The windows.
    public let geometry: PoolingGeometry
    /// The maximum over the windows of `geometry`.
    ///
    /// - Parameter geometry: The windows (kernel, stride, padding per spatial axis).
    public init(_ geometry: PoolingGeometry) { self.geometry = geometry }
    /// `"max_pool1d"` or `"max_pool2d"`, by the spatial rank: the catalog and expression-language name.
    public var name: String { "max_pool\(geometry.spatialRank)d" }
    /// One input.
    public var arity: Int { 1 }
    /// `"max_pool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])"`.
    public var description: String { "\(name)(\(geometry))" }
    /// A kink at ties within a window (all to the first maximum); the padding is -∞, a NaN wins its window.
    public var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "ties within a window", returns: "the whole derivative to the first largest element in window order (row by row), as PyTorch, JAX and MXNet")],
                     note: "the padding is -inf, never a window's maximum; a NaN is the maximum of its window (the first NaN), as in PyTorch")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }

    /// The maximum of each window, `[N, C, out…]`; stops when the input does not fit, as ``AveragePool``'s.
    public func primal(_ x: NDArray) -> NDArray {
        let shape = stopOnError(name, x.dtype, x.dtype) { () throws(CallError) in try geometry.outputShape(x.shape) }
        return Kernels.maximumPool(x, geometry.plan(x.shape, shape), shape: shape)
    }

    /// The row-major positions in `x` of each window's maximum, as a constant index array of
    /// the output's shape (the operator is `take(x, positions)` at `x`). They are computed
    /// through dispatch (``MaxPoolPositions``, zero derivative), so a compiled function
    /// recomputes them from its input at replay instead of keeping the traced ones.
    func positions(_ x: NDArray, output: [Int]) -> NDArray {
        dispatch(MaxPoolPositions(geometry: geometry, output: output), x)
    }

    /// `take(ẋ, m)`: the tangent at each window's first maximum.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let x = inputs[0]
        return try Take().jvp([x, positions(x, output: output.shape)], output: output, tangents: [tangents[0], nil])
    }

    /// `scatter_add(0, m, ȳ)`: each window's cotangent to its first maximum.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let x = inputs[0]
        return [try Take().vjp([x, positions(x, output: output.shape)], output: output, cotangent: cotangent, needed: [true, false])[0]]
    }
}

/// The positions of each window's maximum (as an index array): what max pooling's rules
/// take and scatter at. A constant to both modes.
struct MaxPoolPositions: ZeroDerivativeOperator {
    let geometry: PoolingGeometry
    let output: [Int]
    var name: String { "max_pool_positions" }
    var arity: Int { 1 }

    func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        return IndexArray.array(Kernels.maximumPositions(x.withoutAD, geometry.plan(x.shape, output)), shape: output)
    }
}

// MARK: - Swift API

/// The pooling `make` over `d` spatial axes applied to `x`.
func applyPooling(_ d: Int, _ x: NDArray, kernelSize: SpatialValues, stride: SpatialValues?, padding: SpatialValues,
          _ make: (PoolingGeometry) -> any DifferentiableOperator) -> NDArray {
    dispatch(make(PoolingGeometry(spatialRank: d, kernel: kernelSize.values, stride: stride?.values, padding: padding.values)), [x])
}

/// PyTorch's `avg_pool1d`: the mean of each window of `kernelSize` elements of `x` `[N, C, L]`
/// (or `[C, L]`), windows `stride` apart (default `kernelSize`), zero padding counted (PyTorch's
/// default `count_include_pad=True`), into `[N, C, ⌊(L + 2·padding - kernelSize) / stride⌋ + 1]`.
///
///     y[n, c, i] = (1/k) Σ_{j < k} x[n, c, stride·i + j - padding]
///
/// Linear; differentiable in both modes to any order (see ``AveragePool``).
///
/// Stops (naming the argument) when a parameter is out of range or the padded input is
/// smaller than the window.
///
/// - Parameters:
///   - x: The input, `[N, C, L]` or `[C, L]`, float32 or float64.
///   - kernelSize: The window's length, at least 1.
///   - stride: The step between windows, at least 1 (default `nil`: `kernelSize`).
///   - padding: Added on each side (zeros, counted in the mean), at most half the kernel (default 0).
/// - Returns: An array of `x`'s dtype and rank, the last axis pooled.
public func avgPool1d(_ x: NDArray, kernelSize: SpatialValues, stride: SpatialValues? = nil, padding: SpatialValues = 0) -> NDArray {
    applyPooling(1, x, kernelSize: kernelSize, stride: stride, padding: padding, AveragePool.init)
}

/// PyTorch's `avg_pool2d`: the mean of each `kh × kw` window of `x` `[N, C, H, W]` (or
/// `[C, H, W]`), each spatial extent as in ``avgPool1d(_:kernelSize:stride:padding:)``;
/// kernel size, stride and padding are one value or one per axis (`[2, 1]`).
///
///     y[n, c, i, j] = (1/(kh·kw)) Σ_{a < kh, b < kw} x[n, c, sᵧ·i + a - pᵧ, sₓ·j + b - pₓ]
///
/// Stops (naming the argument) when a parameter is out of range or the padded input is
/// smaller than the window.
///
/// - Parameters:
///   - x: The input, `[N, C, H, W]` or `[C, H, W]`, float32 or float64.
///   - kernelSize: The window's height and width, at least 1: one value or `[kh, kw]`.
///   - stride: The step between windows, one value or one per axis, at least 1 (default
///     `nil`: `kernelSize`).
///   - padding: Added on each side (zeros, counted in the mean); one value or one per axis,
///     at most half the kernel (default 0).
/// - Returns: An array of `x`'s dtype and rank, the last two axes pooled.
public func avgPool2d(_ x: NDArray, kernelSize: SpatialValues, stride: SpatialValues? = nil, padding: SpatialValues = 0) -> NDArray {
    applyPooling(2, x, kernelSize: kernelSize, stride: stride, padding: padding, AveragePool.init)
}

/// PyTorch's `max_pool1d`: the largest element of each window of `kernelSize` elements of `x`
/// `[N, C, L]` (or `[C, L]`), windows `stride` apart (default `kernelSize`), the padding -∞.
///
///     y[n, c, i] = max_{j < k} x[n, c, stride·i + j - padding]
///
/// Its derivative goes to the first largest element of each window (see ``MaxPool``).
///
/// Stops (naming the argument) when a parameter is out of range or the padded input is
/// smaller than the window.
///
/// - Parameters:
///   - x: The input, `[N, C, L]` or `[C, L]`, float32 or float64.
///   - kernelSize: The window's length, at least 1.
///   - stride: The step between windows, at least 1 (default `nil`: `kernelSize`).
///   - padding: Added on each side (-∞, never a maximum), at most half the kernel (default 0).
/// - Returns: An array of `x`'s dtype and rank, the last axis pooled.
public func maxPool1d(_ x: NDArray, kernelSize: SpatialValues, stride: SpatialValues? = nil, padding: SpatialValues = 0) -> NDArray {
    applyPooling(1, x, kernelSize: kernelSize, stride: stride, padding: padding, MaxPool.init)
}

/// PyTorch's `max_pool2d`: the largest element of each `kh × kw` window of `x` `[N, C, H, W]`
/// (or `[C, H, W]`), each spatial extent as in ``maxPool1d(_:kernelSize:stride:padding:)``.
///
///     y[n, c, i, j] = max_{a < kh, b < kw} x[n, c, sᵧ·i + a - pᵧ, sₓ·j + b - pₓ]
///
/// Stops (naming the argument) when a parameter is out of range or the padded input is
/// smaller than the window.
///
/// - Parameters:
///   - x: The input, `[N, C, H, W]` or `[C, H, W]`, float32 or float64.
///   - kernelSize: The window's height and width, at least 1: one value or `[kh, kw]`.
///   - stride: The step between windows, one value or one per axis, at least 1 (default
///     `nil`: `kernelSize`).
///   - padding: Added on each side (-∞, never a maximum); one value or one per axis, at most
///     half the kernel (default 0).
/// - Returns: An array of `x`'s dtype and rank, the last two axes pooled.
public func maxPool2d(_ x: NDArray, kernelSize: SpatialValues, stride: SpatialValues? = nil, padding: SpatialValues = 0) -> NDArray {
    applyPooling(2, x, kernelSize: kernelSize, stride: stride, padding: padding, MaxPool.init)
}

// MARK: - Expression spelling

extension AveragePool: CallSpelling {
    /// `avg_pool2d(x, kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])`.
    public var spelling: Spelling { .call(name, after: geometry.spelledOptions) }
}

extension MaxPool: CallSpelling {
    /// `max_pool2d(x, kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])`.
    public var spelling: Spelling { .call(name, after: geometry.spelledOptions) }
}

extension PoolingGeometry {
    /// `kernel_size=[…], stride=[…], padding=[…]` as a call's options.
    var spelledOptions: [String] { ["kernel_size=\(Shape.describe(kernel))", "stride=\(Shape.describe(stride))", "padding=\(Shape.describe(padding))"] }
}

// MARK: - Catalog

extension CallSignature {
    /// `name(x, kernel_size, stride=None, padding=0)`: a pooling over `d` spatial axes.
    static func pooling(_ name: String, _ d: Int, summary: String, info: OperatorInfo,
                        _ make: @escaping @Sendable (PoolingGeometry) -> any DifferentiableOperator) -> CallSignature {
        CallSignature(name, family: .convolution,
                      [.array("x"), CallParameter("kernel_size", .axes), CallParameter("stride", .axes, default: "None"), CallParameter("padding", .axes, default: "0")],
                      summary: summary, info: info) { call throws(CallError) in
            guard let kernel = try call.integers("kernel_size"), !kernel.isEmpty else {
                throw CallError(.argument, "kernel_size must be an integer or a list of integers, one per spatial axis", argument: "kernel_size", quotesArgument: true)
            }
            let geometry = try PoolingGeometry.make(spatialRank: d, kernel: kernel, stride: call.integers("stride"),
                                                    padding: call.spatial("padding", default: 0))
            let shape = try geometry.outputShape(call.shape(0))
            return ResolvedCall(shape: shape, work: work(shape, Shape.count(geometry.kernel))) { dispatch(make(geometry), $0[0]) }
        }
    }
}

extension PoolingGeometry {
    /// Applications of `make` over `d` spatial axes producing a given output: batch and
    /// channels from the output; per spatial axis a kernel of 1 to 3, a stride of 1 or 2,
    /// padding up to half the kernel, and the input extent that gives the output (with up to
    /// `stride - 1` elements the last window does not reach). Where that input would exceed
    /// the draws' element bound, stride 1 and "same" padding keep it about the output's size,
    /// so that nested poolings in generated expressions do not grow.
    static func applications(_ d: Int, _ make: @escaping @Sendable (PoolingGeometry) -> any DifferentiableOperator) -> ApplicationGenerator {
        { output, draws in
            guard output.count == d + 1 || output.count == d + 2 else { return nil }
            func axes(simple: Bool) throws -> [(input: Int, kernel: Int, stride: Int, padding: Int)] {
                try output.suffix(d).map { out in
                    let k = try draws.int(in: 1 ... 3)
                    let s = simple ? 1 : try draws.int(in: 1 ... 2)
                    let extra = simple ? 0 : try draws.int(in: 0 ... s - 1)
                    var p = simple ? (k - 1) / 2 : try draws.int(in: 0 ... k / 2)
                    if (out - 1) * s + k + extra - 2 * p < 1 { p = 0 }
                    return ((out - 1) * s + k + extra - 2 * p, k, s, p)
                }
            }
            let outer = Array(output.dropLast(d))
            var drawn = try axes(simple: false)
            if Shape.count(outer + drawn.map(\.input)) > Swift.max(draws.elementBound, 2 * Shape.count(output)) {
                drawn = try axes(simple: true)
            }
            let geometry = PoolingGeometry(spatialRank: d, kernel: drawn.map(\.kernel), stride: drawn.map(\.stride), padding: drawn.map(\.padding))
            return CatalogCase(make(geometry), [outer + drawn.map(\.input)])
        }
    }
}

extension OperatorCatalog {
    /// avg_pool1d, avg_pool2d, max_pool1d, max_pool2d.
    static let pooling: [CatalogEntry] = [
        CatalogEntry(name: "avg_pool1d", summary: "mean of each window (PyTorch's avg_pool1d, zero padding counted)", family: .convolution, cases: [
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 1, kernel: [2])), [[2, 3, 6]]),
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 1, kernel: [3], stride: [2], padding: [1])), [[1, 2, 7]]),
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 1, kernel: [2], stride: [1])), [[3, 5]]),
        ], signatures: [.pooling("avg_pool1d", 1, summary: "PyTorch's avg_pool1d: x [N, C, L] or [C, L]; stride defaults to kernel_size",
                                 info: AveragePool(PoolingGeometry(spatialRank: 1, kernel: [1])).info, AveragePool.init)],
                     applications: PoolingGeometry.applications(1, AveragePool.init)),
        CatalogEntry(name: "avg_pool2d", summary: "mean of each window (PyTorch's avg_pool2d, zero padding counted)", family: .convolution, cases: [
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 2, kernel: [2])), [[2, 2, 4, 4]]),
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 2, kernel: [3], stride: [2], padding: [1])), [[1, 1, 5, 6]]),
            CatalogCase(AveragePool(PoolingGeometry(spatialRank: 2, kernel: [2, 1], stride: [1, 2])), [[2, 3, 4]]),
        ], signatures: [.pooling("avg_pool2d", 2, summary: "PyTorch's avg_pool2d: x [N, C, H, W] or [C, H, W]; stride defaults to kernel_size",
                                 info: AveragePool(PoolingGeometry(spatialRank: 2, kernel: [1])).info, AveragePool.init)],
                     applications: PoolingGeometry.applications(2, AveragePool.init)),
        CatalogEntry(name: "max_pool1d", summary: "largest element of each window (PyTorch's max_pool1d)", family: .convolution, cases: [
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 1, kernel: [2])), [[2, 3, 6]]),
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 1, kernel: [3], stride: [2], padding: [1])), [[1, 2, 7]]),
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 1, kernel: [2], stride: [1])), [[3, 5]]),
        ], signatures: [.pooling("max_pool1d", 1, summary: "PyTorch's max_pool1d: x [N, C, L] or [C, L]; stride defaults to kernel_size",
                                 info: MaxPool(PoolingGeometry(spatialRank: 1, kernel: [1])).info, MaxPool.init)],
                     applications: PoolingGeometry.applications(1, MaxPool.init)),
        CatalogEntry(name: "max_pool2d", summary: "largest element of each window (PyTorch's max_pool2d)", family: .convolution, cases: [
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 2, kernel: [2])), [[2, 2, 4, 4]]),
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 2, kernel: [3], stride: [2], padding: [1])), [[1, 1, 5, 6]]),
            CatalogCase(MaxPool(PoolingGeometry(spatialRank: 2, kernel: [2, 1], stride: [1, 2])), [[2, 3, 4]]),
        ], signatures: [.pooling("max_pool2d", 2, summary: "PyTorch's max_pool2d: x [N, C, H, W] or [C, H, W]; stride defaults to kernel_size",
                                 info: MaxPool(PoolingGeometry(spatialRank: 2, kernel: [1])).info, MaxPool.init)],
                     applications: PoolingGeometry.applications(2, MaxPool.init)),
    ]
}
