import CBLAS

/// Convolutions as matrix products. Stride 1 runs as shifted products on zero-padded planes
/// (`ConvolutionShifted.swift`); other strides as im2col: the input patches each output position reads
/// are copied into the columns of a matrix `[C·kh·kw, oh·ow]`, and one BLAS GEMM per
/// sample multiplies the kernels `[F, C·kh·kw]` by it. The transposed convolution runs the
/// GEMM with the kernels transposed and adds the columns back into the input's positions
/// (col2im); the weight gradient multiplies the patches by the output gradient transposed,
/// accumulating over the batch in BLAS (β = 1), and reuses the patches the forward
/// convolution of the same input made (``PatchCache``).
///
/// The copies run row by row: with a horizontal stride of 1 a row of patches is one
/// contiguous block of the input between zeros of the padding. A 1-D convolution is a 2-D
/// one of height 1.
struct ConvolutionPlan: Hashable {
    let batch: Int, inChannels: Int, outChannels: Int
    let height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let outHeight: Int, outWidth: Int
    let strideY: Int, strideX: Int, padY: Int, padX: Int, dilationY: Int, dilationX: Int

    /// The plan for inputs of spatial extents `input` (one or two), batch and channels.
    init(_ g: ConvolutionGeometry, batch: Int, inChannels: Int, outChannels: Int, input: [Int], kernel: [Int], output: [Int]) {
        func second(_ v: [Int], _ one: Int) -> (Int, Int) { v.count == 1 ? (one, v[0]) : (v[0], v[1]) }
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        (height, width) = second(input, 1)
        (kernelHeight, kernelWidth) = second(kernel, 1)
        (outHeight, outWidth) = second(output, 1)
        (strideY, strideX) = second(g.stride, 1)
        (padY, padX) = second(g.padding, 0)
        (dilationY, dilationX) = second(g.dilation, 1)
    }

    /// Rows of the patch matrix: one per input channel and kernel tap.
    var patch: Int { inChannels * kernelHeight * kernelWidth }
    /// Columns of the patch matrix: one per output position.
    var positions: Int { outHeight * outWidth }
    /// Elements of one input sample.
    var sampleSize: Int { inChannels * height * width }
    /// Whether the patch matrix is the input itself (a 1×1 kernel, stride 1, no padding).
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideY == 1 && strideX == 1 && padY == 0 && padX == 0
    }

    /// The output columns `lo ..< hi` whose input column `ox·sx + x0` lies inside the input.
    @inline(__always) func validColumns(_ x0: Int) -> (lo: Int, hi: Int) {
        let lo = x0 >= 0 ? 0 : (-x0 + strideX - 1) / strideX
        let hi = x0 <= width - 1 ? Swift.min(outWidth, (width - 1 - x0) / strideX + 1) : 0
        return (lo, Swift.max(lo, hi))
    }

    /// Copies the patches of one sample `x` `[C, H, W]` into `cols` `[patch, positions]`.
    func im2col<T: NDScalar>(_ x: UnsafePointer<T>, _ cols: UnsafeMutablePointer<T>) {
        var row = cols
        for c in 0 ..< inChannels {
            let plane = x + c * height * width
            for ky in 0 ..< kernelHeight {
                for kx in 0 ..< kernelWidth {
                    let x0 = kx * dilationX - padX
                    let (lo, hi) = validColumns(x0)
                    for oy in 0 ..< outHeight {
                        let iy = oy * strideY + ky * dilationY - padY
                        let line = row + oy * outWidth
                        guard iy >= 0 && iy < height && lo < hi else {
                            line.update(repeating: 0, count: outWidth)
                            continue
                        }
                        let source = plane + iy * width
                        if lo > 0 { line.update(repeating: 0, count: lo) }
                        if strideX == 1 {
                            (line + lo).update(from: source + (lo + x0), count: hi - lo)
                        } else {
                            for ox in lo ..< hi { line[ox] = source[ox * strideX + x0] }
                        }
                        if hi < outWidth { (line + hi).update(repeating: 0, count: outWidth - hi) }
                    }
                    row += positions
                }
            }
        }
    }

    /// Adds the columns `cols` `[patch, positions]` into the positions of one sample `x`
    /// `[C, H, W]` they were copied from: the transpose of ``im2col(_:_:)``.
    func col2im<T: NDScalar>(_ cols: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>) {
        var row = cols
        for c in 0 ..< inChannels {
            let plane = x + c * height * width
            for ky in 0 ..< kernelHeight {
                for kx in 0 ..< kernelWidth {
                    let x0 = kx * dilationX - padX
                    let (lo, hi) = validColumns(x0)
                    for oy in 0 ..< outHeight {
                        let iy = oy * strideY + ky * dilationY - padY
                        guard iy >= 0 && iy < height else { continue }
                        let line = row + oy * outWidth, target = plane + iy * width
                        if strideX == 1 {
                            let shifted = target + x0
                            for ox in lo ..< hi { shifted[ox] += line[ox] }
                        } else {
                            for ox in lo ..< hi { target[ox * strideX + x0] += line[ox] }
                        }
                    }
                    row += positions
                }
            }
        }
    }
}

extension Kernels {
    /// `conv(x, w)`: x `[N, C, H, W]`, w `[F, C, kh, kw]` into a new `[N, F, oh, ow]` of `shape`.
    static func convolution(_ x: NDArray, _ w: NDArray, _ plan: ConvolutionPlan, shape: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return convolution(x, w, plan, shape, Float.self)
        case .float64: return convolution(x, w, plan, shape, Double.self)
        }
    }

    /// The transposed convolution of `g` `[N, F, oh, ow]` by `w` `[F, C, kh, kw]` into a new
    /// `[N, C, H, W]` of `shape`.
    static func convolutionTranspose(_ g: NDArray, _ w: NDArray, _ plan: ConvolutionPlan, shape: [Int]) -> NDArray {
        switch g.dtype {
        case .float32: return convolutionTranspose(g, w, plan, shape, Float.self)
        case .float64: return convolutionTranspose(g, w, plan, shape, Double.self)
        }
    }

    /// The weight gradient `Σₙ g[n] · patches(x[n])ᵀ` of `x` `[N, C, H, W]` and `g`
    /// `[N, F, oh, ow]` into a new `[F, C, kh, kw]` of `shape`.
    static func convolutionWeight(_ x: NDArray, _ g: NDArray, _ plan: ConvolutionPlan, shape: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return convolutionWeight(x, g, plan, shape, Float.self)
        case .float64: return convolutionWeight(x, g, plan, shape, Double.self)
        }
    }

    /// `x`'s values contiguous from its first element (itself, or a copy).
    static func dense(_ x: NDArray) -> NDArray { x.isContiguous ? x : copy(x) }

    static func convolution<T: AccumulatingBLAS>(_ x: NDArray, _ w: NDArray, _ p: ConvolutionPlan, _ shape: [Int], _: T.Type) -> NDArray {
        let out = Storage(dtype: T.dtype, count: Shape.count(shape))
        let result = NDArray(storage: out, shape: shape)
        let (patch, positions, filters) = (p.patch, p.positions, p.outChannels)
        if result.count == 0 { return result }
        if patch == 0 {
            fill(out.pointer(as: T.self), 0, count: result.count)
            return result
        }
        let xs = dense(x), ws = dense(w)
        if p.isShifted {
            // The padded planes of every sample, kept for the weight gradient when not too
            // large, and the tap matrices, kept for the input gradient.
            let keeps = p.batch * p.inChannels * p.paddedPlane <= PatchCache.maximumElements
            let planes = keeps ? Storage(dtype: T.dtype, count: p.batch * p.inChannels * p.paddedPlane) : nil
            let taps = Storage(dtype: T.dtype, count: p.taps * filters * p.inChannels)
            withExtendedLifetime((xs, ws, planes, taps)) {
                let wt = taps.pointer(as: T.self)
                p.tapMatrices(ws.storage.pointer(as: T.self) + ws.offset, into: wt)
                shiftedConvolution(xs.storage.pointer(as: T.self) + xs.offset, wt, out.pointer(as: T.self), p, keeping: planes?.pointer(as: T.self))
            }
            if let planes { PatchCache.shared.keep(planes, of: x, p) }
            PatchCache.shared.keep(taps, of: w, p, role: .kernels)
            return result
        }
        // The patches of every sample when they may be kept for the weight gradient, else one
        // sample's at a time.
        let keeps = !p.isPointwise && p.batch * patch * positions <= PatchCache.maximumElements
        let cols = Storage(dtype: T.dtype, count: p.isPointwise ? 0 : (keeps ? p.batch : 1) * patch * positions)
        withExtendedLifetime((xs, ws, cols)) {
            let px = xs.storage.pointer(as: T.self) + xs.offset, pw = ws.storage.pointer(as: T.self) + ws.offset
            let po = out.pointer(as: T.self)
            for n in 0 ..< p.batch {
                let sample = px + n * p.sampleSize, pc = cols.pointer(as: T.self) + (keeps ? n * patch * positions : 0)
                if !p.isPointwise { p.im2col(sample, pc) }
                T.gemm(CblasNoTrans, CblasNoTrans, filters, positions, patch, pw, patch, p.isPointwise ? sample : pc, positions,
                       beta: 0, po + n * filters * positions, positions)
            }
        }
        if keeps { PatchCache.shared.keep(cols, of: x, p) }
        return result
    }

    static func convolutionTranspose<T: AccumulatingBLAS>(_ g: NDArray, _ w: NDArray, _ p: ConvolutionPlan, _ shape: [Int], _: T.Type) -> NDArray {
        let (patch, positions, filters) = (p.patch, p.positions, p.outChannels)
        if p.isShifted && Shape.count(shape) > 0 && positions > 0 && filters > 0 {
            // Every element written by the products (no zeros first); a broadcast cotangent
            // (of a sum) read as its one value.
            let result = NDArray(storage: Storage(dtype: T.dtype, count: Shape.count(shape)), shape: shape)
            let uniform = isUniform(g), gs = uniform ? g : dense(g)
            // The tap matrices the forward convolution by these kernels made, or new ones.
            let taps = PatchCache.shared.patches(of: w, p, role: .kernels) ?? {
                let taps = Storage(dtype: T.dtype, count: p.taps * filters * p.inChannels), ws = dense(w)
                withExtendedLifetime(ws) { p.tapMatrices(ws.storage.pointer(as: T.self) + ws.offset, into: taps.pointer(as: T.self)) }
                return taps
            }()
            withExtendedLifetime((gs, taps)) {
                shiftedConvolutionTranspose(gs.storage.pointer(as: T.self) + gs.offset, taps.pointer(as: T.self),
                                            result.storage.pointer(as: T.self), p, uniform: uniform)
            }
            return result
        }
        let result = filled(0, shape: shape, dtype: T.dtype)
        if result.count == 0 || patch == 0 || positions == 0 || filters == 0 { return result }
        let gs = dense(g), ws = dense(w)
        let cols = Storage(dtype: T.dtype, count: p.isPointwise ? 0 : patch * positions)
        withExtendedLifetime((gs, ws, cols)) {
            let pg = gs.storage.pointer(as: T.self) + gs.offset, pw = ws.storage.pointer(as: T.self) + ws.offset
            let pc = cols.pointer(as: T.self), po = result.storage.pointer(as: T.self)
            for n in 0 ..< p.batch {
                let sample = po + n * p.sampleSize
                // Pointwise: the columns are the sample itself, written by the GEMM directly.
                T.gemm(CblasTrans, CblasNoTrans, patch, positions, filters, pw, patch, pg + n * filters * positions, positions,
                       beta: 0, p.isPointwise ? sample : pc, positions)
                if !p.isPointwise { p.col2im(pc, sample) }
            }
        }
        return result
    }

    static func convolutionWeight<T: AccumulatingBLAS>(_ x: NDArray, _ g: NDArray, _ p: ConvolutionPlan, _ shape: [Int], _: T.Type) -> NDArray {
        let out = Storage(dtype: T.dtype, count: Shape.count(shape))
        let result = NDArray(storage: out, shape: shape)
        let (patch, positions, filters) = (p.patch, p.positions, p.outChannels)
        if result.count == 0 { return result }
        if p.batch == 0 || positions == 0 {
            fill(out.pointer(as: T.self), 0, count: result.count)
            return result
        }
        if p.isShifted {
            // The padded planes the forward convolution of this input made, if kept.
            let uniform = isUniform(g), xs = dense(x), gs = uniform ? g : dense(g), kept = PatchCache.shared.patches(of: x, p)
            withExtendedLifetime((xs, gs, kept)) {
                shiftedConvolutionWeight(xs.storage.pointer(as: T.self) + xs.offset, gs.storage.pointer(as: T.self) + gs.offset,
                                         out.pointer(as: T.self), p, uniform: uniform, padded: kept?.pointer(as: T.self))
            }
            return result
        }
        let xs = dense(x), gs = dense(g)
        // The patches the forward convolution of this input made, or one sample's at a time.
        let kept = p.isPointwise ? nil : PatchCache.shared.patches(of: x, p)
        let cols = kept ?? Storage(dtype: T.dtype, count: p.isPointwise ? 0 : patch * positions)
        // vᵀ [patch, F] = Σₙ patches [patch, positions] · gₙᵀ: BLAS splits this shape across
        // cores far better than v = Σₙ gₙ · patchesᵀ (a long inner dimension, a small result).
        let transposed = Storage(dtype: T.dtype, count: patch * filters)
        withExtendedLifetime((xs, gs, cols, transposed)) {
            let px = xs.storage.pointer(as: T.self) + xs.offset, pg = gs.storage.pointer(as: T.self) + gs.offset
            let pt = transposed.pointer(as: T.self)
            for n in 0 ..< p.batch {
                let sample = px + n * p.sampleSize, pc = cols.pointer(as: T.self) + (kept == nil ? 0 : n * patch * positions)
                if !p.isPointwise && kept == nil { p.im2col(sample, pc) }
                T.gemm(CblasNoTrans, CblasTrans, patch, filters, positions, p.isPointwise ? sample : pc, positions,
                       pg + n * filters * positions, positions, beta: n == 0 ? 0 : 1, pt, filters)
            }
            let po = out.pointer(as: T.self)
            for f in 0 ..< filters { for r in 0 ..< patch { po[f * patch + r] = pt[r * filters + f] } }
        }
        return result
    }
}

/// The CBLAS GEMM with a β: `C = op(A) op(B) + β C` (row-major, α = 1), by element type.
protocol AccumulatingBLAS: BLASScalar {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ lda: Int,
                     _ b: UnsafePointer<Self>, _ ldb: Int, beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
}

extension Double: AccumulatingBLAS {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                     _ b: UnsafePointer<Double>, _ ldb: Int, beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        OpenBLAS.dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Float: AccumulatingBLAS {
    static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                     _ b: UnsafePointer<Float>, _ ldb: Int, beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        OpenBLAS.sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
