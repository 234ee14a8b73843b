import Testing
@testable import DualTape

/// Convolutions against cases computed by hand (stride 2, padding 1, dilation 2 included),
/// against direct loops written here, and second order against finite differences.
@Suite("Convolutions")
struct ConvolutionTests {
    static let x1 = NDArray([1.0, 2, 3, 4, 5]).reshape([1, 1, 5])
    static let w1 = NDArray([1.0, 0, -1]).reshape([1, 1, 3])
    static let x2 = NDArray(values: (1 ... 16).map(Double.init), shape: [1, 1, 4, 4])
    static let w2 = NDArray([[1.0, 2], [3, 4]]).reshape([1, 1, 2, 2])

    /// y[i] = x[i] - x[i+2]; with stride 2, padding 1, dilation 2 the padded input is
    /// [0, 1, 2, 3, 4, 5, 0] and y[p] = xp[2p] - xp[2p+4] = [0 - 4, 2 - 0].
    @Test func conv1dByHand() throws {
        expectValues(conv1d(Self.x1, Self.w1), [-2, -2, -2], shape: [1, 1, 3])
        expectValues(conv1d(Self.x1, Self.w1, stride: 2, padding: 1, dilation: 2), [-4, 2], shape: [1, 1, 2])
        // d Σy / dx[i] = Σ_{p,q: 2p+2q-1 = i} w[q];  d Σy / dw[q] = Σ_p xp[2p+2q].
        let grads = try gradient(at: [Self.x1, Self.w1]) { conv1d($0[0], $0[1], stride: 2, padding: 1, dilation: 2).sum() }
        expectValues(grads[0], [0, 1, 0, -1, 0], shape: [1, 1, 5])
        expectValues(grads[1], [2, 6, 4], shape: [1, 1, 3])
        // The transpose in the input is PyTorch's conv_transpose1d of the all-ones cotangent.
        expectValues(convTranspose1d(NDArray.ones([1, 1, 2]), Self.w1, stride: 2, padding: 1, dilation: 2), [0, 1, 0, -1, 0])
        expectValues(convWeight(Self.x1, NDArray.ones([1, 1, 2]), kernelSize: [3], stride: 2, padding: 1, dilation: 2), [2, 6, 4])
    }

    /// x[i, j] = 4i + j + 1, w = [[1, 2], [3, 4]]: y[i, j] = 40i + 10j + 44; with stride 2,
    /// padding 1, dilation 2 only the taps inside the input count.
    @Test func conv2dByHand() throws {
        expectValues(conv2d(Self.x2, Self.w2), [44, 54, 64, 84, 94, 104, 124, 134, 144], shape: [1, 1, 3, 3])
        expectValues(conv2d(Self.x2, Self.w2, stride: 2, padding: 1, dilation: 2), [24, 50, 68, 128], shape: [1, 1, 2, 2])
        let grads = try gradient(at: [Self.x2, Self.w2]) { conv2d($0[0], $0[1], stride: 2, padding: 1, dilation: 2).sum() }
        expectValues(grads[0], [0, 0, 0, 0, 0, 10, 0, 6, 0, 0, 0, 0, 0, 7, 0, 4], shape: [1, 1, 4, 4])
        expectValues(grads[1], [6, 14, 20, 44], shape: [1, 1, 2, 2])
        // Stride 1 (shifted products; the sum's cotangent is one broadcast value): x̄[i, j] sums
        // the taps that reach (i, j), w̄[a, b] the 3×3 window of x at (a, b) = 36a + 9b + 54.
        let ones = try gradient(at: [Self.x2, Self.w2]) { conv2d($0[0], $0[1]).sum() }
        expectValues(ones[0], [1, 3, 3, 2, 4, 10, 10, 6, 4, 10, 10, 6, 3, 7, 7, 4])
        expectValues(ones[1], [54, 63, 90, 99])
        // A bias per filter, and the unbatched form.
        expectValues(conv2d(Self.x2, Self.w2, bias: NDArray([0.5]), stride: 2, padding: 1, dilation: 2), [24.5, 50.5, 68.5, 128.5])
        expectValues(conv2d(Self.x2.reshape([1, 4, 4]), Self.w2, stride: 2, padding: 1, dilation: 2), [24, 50, 68, 128], shape: [1, 2, 2])
    }

    /// `conv` by direct loops over every index.
    static func reference(_ x: NDArray, _ w: NDArray, stride: [Int], padding: [Int], dilation: [Int]) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), (f, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1
        let ow = (wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1
        let vx = x.scalars, vw = w.scalars
        var out: [Double] = []
        for b in 0 ..< n { for o in 0 ..< f { for i in 0 ..< oh { for j in 0 ..< ow {
            var s = 0.0
            for ch in 0 ..< c { for a in 0 ..< kh { for e in 0 ..< kw {
                let y = i * stride[0] + a * dilation[0] - padding[0], z = j * stride[1] + e * dilation[1] - padding[1]
                if y >= 0 && y < h && z >= 0 && z < wd { s += vx[((b * c + ch) * h + y) * wd + z] * vw[((o * c + ch) * kh + a) * kw + e] }
            } } }
            out.append(s)
        } } } }
        return out
    }

    /// Random cases in both dtypes, every path: shifted products (stride 1, with dilation and
    /// uneven padding), im2col (strided rows, padding on both sides), a 1×1 kernel that needs
    /// neither; non-contiguous operands.
    @Test(arguments: [DType.float64, .float32])
    func matchesLoops(_ dtype: DType) {
        var g = RandomGenerator(seed: 17)
        let rel = dtype == .float32 ? 2e-5 : 1e-13
        let cases: [([Int], [Int], [Int], [Int], [Int])] = [
            ([2, 3, 7, 6], [4, 3, 3, 3], [1, 1], [1, 1], [1, 1]),
            ([2, 3, 7, 6], [4, 3, 3, 2], [2, 1], [0, 2], [1, 2]),
            ([1, 2, 9, 8], [3, 2, 2, 3], [3, 2], [2, 1], [2, 1]),
            ([2, 3, 5, 4], [2, 3, 1, 1], [1, 1], [0, 0], [1, 1]),
            ([1, 1, 1, 9], [2, 1, 1, 4], [1, 2], [0, 3], [1, 1]),
            ([2, 3, 7, 6], [4, 3, 3, 2], [1, 1], [2, 0], [2, 1]),
            ([1, 2, 1, 9], [3, 2, 1, 3], [1, 1], [0, 3], [1, 2]),
        ]
        for (xs, ws, s, p, d) in cases {
            let x = NDArray.normal(shape: xs, dtype: dtype, generator: &g), w = NDArray.normal(shape: ws, dtype: dtype, generator: &g)
            let y = conv2d(x, w, stride: SpatialValues(s), padding: SpatialValues(p), dilation: SpatialValues(d))
            expectValues(y, Self.reference(x, w, stride: s, padding: p, dilation: d), rel: rel, abs: rel)
            // Transposed views of the same values give the same result.
            let xt = x.transposed([0, 1, 3, 2]).contiguous().transposed([0, 1, 3, 2])
            #expect(!xt.isContiguous || xs[2] == 1)
            expectValues(conv2d(xt, w, stride: SpatialValues(s), padding: SpatialValues(p), dilation: SpatialValues(d)), y.scalars)
        }
    }

    /// ⟨conv(x, w), g⟩ = ⟨x, conv_transpose(g, w)⟩ = ⟨w, conv_weight(x, g)⟩ to rounding, by
    /// im2col (stride 2) and by shifted products (stride 1).
    @Test(arguments: [[2, 1], [1, 1]])
    func transposesAreAdjoint(_ stride: [Int]) {
        var g = RandomGenerator(seed: 23)
        let geometry = ConvolutionGeometry(spatialRank: 2, stride: stride, padding: [1, 2], dilation: [2, 1])
        let x = NDArray.normal(shape: [2, 3, 7, 6], generator: &g), w = NDArray.normal(shape: [4, 3, 3, 2], generator: &g)
        let y = dispatch(Convolution(geometry), x, w)
        let cot = NDArray.normal(shape: y.shape, generator: &g)
        let viaX = dotProduct(x, dispatch(ConvolutionTranspose(geometry, outputPadding: geometry.outputPadding(input: [7, 6], kernel: [3, 2])), cot, w))
        let viaW = dotProduct(w, dispatch(ConvolutionWeight(geometry, kernel: [3, 2]), x, cot))
        let direct = dotProduct(y, cot)
        #expect(isClose(direct, viaX, rel: 1e-12))
        #expect(isClose(direct, viaW, rel: 1e-12))
    }

    /// Forward over reverse of a function of x and w together (so the mixed second
    /// derivatives count) against central differences of the reverse-mode gradient.
    @Test(arguments: [1, 2])
    func hessianVectorProductsMatchFiniteDifferences(_ d: Int) throws {
        var g = RandomGenerator(seed: 31)
        let xShape = d == 1 ? [2, 2, 7] : [1, 2, 5, 6], wShape = d == 1 ? [3, 2, 3] : [3, 2, 2, 3]
        let n = Shape.count(xShape), m = Shape.count(wShape)
        let z = NDArray.normal(shape: [n + m], generator: &g), v = NDArray.normal(shape: [n + m], generator: &g)
        let f: (NDArray) -> NDArray = { z in
            let x = z[0 ..< n].reshape(xShape), w = z[n ..< n + m].reshape(wShape)
            let y = d == 1 ? conv1d(x, w, stride: 2, padding: 1, dilation: 2) : conv2d(x, w, stride: 2, padding: 1, dilation: [1, 2])
            let t = d == 1 ? convTranspose1d(y, w, stride: 2, padding: 1, dilation: 2)
                           : convTranspose2d(y, w, stride: 2, padding: 1, outputPadding: 1, dilation: [1, 2])
            return tanh(y).sum() + (t * x).sum()
        }
        let hv = try hessianVectorProduct(at: z, vector: v, f)
        // Central differences of the gradient, Richardson-extrapolated (error O(h⁴)).
        func central(_ h: Double) throws -> NDArray { (try gradient(at: z + h * v, f) - (try gradient(at: z - h * v, f))) / (2 * h) }
        let h = 1e-3
        expectValues(hv, ((4 * (try central(h / 2)) - (try central(h))) / 3).scalars, rel: 1e-7, abs: 1e-8)
    }

    /// The weight gradient reuses the patches of the forward convolution of the same input,
    /// and never the patches of an input that changed since.
    @Test func keptPatchesGiveTheSameWeightGradient() {
        var g = RandomGenerator(seed: 41)
        var x = NDArray.normal(shape: [2, 2, 5, 6], generator: &g)
        let w = NDArray.normal(shape: [3, 2, 3, 2], generator: &g), other = NDArray.normal(shape: [2, 2, 5, 6], generator: &g)
        // Stride 2 (stride 1 runs without patch matrices).
        let cot = NDArray.normal(shape: [2, 3, 2, 4], generator: &g)
        _ = conv2d(other, w, stride: 2, padding: [0, 1])
        let missed = convWeight(x, cot, kernelSize: [3, 2], stride: 2, padding: [0, 1])
        _ = conv2d(x, w, stride: 2, padding: [0, 1])
        let hit = convWeight(x, cot, kernelSize: [3, 2], stride: 2, padding: [0, 1])
        #expect(hit.scalars == missed.scalars)
        // Writing into x after its convolution: the kept patches are of the old values.
        x[0] = NDArray.zeros([2, 5, 6])
        let changed = convWeight(x, cot, kernelSize: [3, 2], stride: 2, padding: [0, 1])
        _ = conv2d(other, w, stride: 2, padding: [0, 1])
        expectValues(changed, convWeight(x, cot, kernelSize: [3, 2], stride: 2, padding: [0, 1]).scalars)
        #expect(changed.scalars != hit.scalars)
    }

    /// At stride 1 the weight gradient reuses the forward's padded planes of its input and the
    /// transposed convolution its tap matrices of the kernels: the same values as without
    /// them, and never those of arrays that changed since or of other arrays.
    @Test(arguments: [DType.float64, .float32])
    func keptPlanesAndTapsGiveTheSameGradients(_ dtype: DType) {
        var g = RandomGenerator(seed: 43)
        var x = NDArray.normal(shape: [2, 3, 5, 6], dtype: dtype, generator: &g)
        var w = NDArray.normal(shape: [4, 3, 3, 2], dtype: dtype, generator: &g)
        let other = NDArray.normal(shape: [2, 3, 5, 6], dtype: dtype, generator: &g), otherW = NDArray.normal(shape: [4, 3, 3, 2], dtype: dtype, generator: &g)
        let cot = NDArray.normal(shape: [2, 4, 5, 7], dtype: dtype, generator: &g)
        func weight() -> NDArray { convWeight(x, cot, kernelSize: [3, 2], padding: [1, 1]) }
        func input() -> NDArray { convTranspose2d(cot, w, padding: [1, 1]) }
        _ = conv2d(other, otherW, padding: [1, 1])
        let (weightMissed, inputMissed) = (weight(), input())
        _ = conv2d(x, w, padding: [1, 1])
        #expect(weight().scalars == weightMissed.scalars && input().scalars == inputMissed.scalars)
        // Writing into x and w after their convolution: the kept values are of the old ones.
        x[0] = NDArray.zeros([3, 5, 6], dtype: dtype)
        w[1] = NDArray.zeros([3, 3, 2], dtype: dtype)
        let (weightChanged, inputChanged) = (weight(), input())
        _ = conv2d(other, otherW, padding: [1, 1])
        #expect(weightChanged.scalars == weight().scalars && inputChanged.scalars == input().scalars)
        #expect(weightChanged.scalars != weightMissed.scalars && inputChanged.scalars != inputMissed.scalars)
    }

    @Test func geometryValidation() throws {
        let geometry = ConvolutionGeometry(spatialRank: 2, stride: [2], padding: [1, 0], dilation: [1])
        #expect(geometry.stride == [2, 2] && geometry.padding == [1, 0] && geometry.dilation == [1, 1])
        #expect(throws: CallError.self) { try ConvolutionGeometry.make(spatialRank: 2, stride: [0], padding: [0], dilation: [1]) }
        #expect(throws: CallError.self) { try ConvolutionGeometry.make(spatialRank: 2, stride: [1, 1, 1], padding: [0], dilation: [1]) }
        #expect(throws: CallError.self) { try geometry.convolutionShape(x: [1, 3, 5, 5], w: [2, 2, 3, 3]) }   // channels
        #expect(throws: CallError.self) { try geometry.convolutionShape(x: [1, 2, 2, 5], w: [2, 2, 5, 3]) }   // kernel too large
        #expect(throws: CallError.self) { try geometry.convolutionShape(x: [5, 5], w: [2, 2, 3, 3]) }          // rank
        #expect(try geometry.convolutionShape(x: [1, 2, 2, 5], w: [2, 2, 4, 3]) == [1, 2, 1, 2])
        #expect(try geometry.transposedSpatial(input: [3, 3], kernel: [2, 2], outputPadding: [1]) == [5, 7])
        #expect(throws: CallError.self) { try geometry.transposedSpatial(input: [3, 3], kernel: [2, 2], outputPadding: [2]) }
    }
}
