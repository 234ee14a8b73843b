import Testing
@testable import DualTape

/// Pooling against values and derivatives worked out by hand (the 4×4 ramp, padding, ties,
/// overlapping windows), against direct loops written here, and second order in closed form.
@Suite("Pooling")
struct PoolingTests {
    /// x[i, j] = 4i + j + 1.
    static let ramp = NDArray(values: (1 ... 16).map(Double.init), shape: [1, 1, 4, 4])

    /// The 2×2 windows of the ramp: means 3.5, 5.5, 11.5, 13.5 and maxima 6, 8, 14, 16 (each
    /// window's bottom-right element); Σ avg spreads 1/4 everywhere, Σ max puts 1 on the maxima.
    @Test func rampByHand() throws {
        expectValues(avgPool2d(Self.ramp, kernelSize: 2), [3.5, 5.5, 11.5, 13.5], shape: [1, 1, 2, 2])
        expectValues(maxPool2d(Self.ramp, kernelSize: 2), [6, 8, 14, 16], shape: [1, 1, 2, 2])
        expectValues(try gradient(at: Self.ramp) { avgPool2d($0, kernelSize: 2).sum() }, [Double](repeating: 0.25, count: 16), shape: [1, 1, 4, 4])
        expectValues(try gradient(at: Self.ramp) { maxPool2d($0, kernelSize: 2).sum() },
                     [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1], shape: [1, 1, 4, 4])
        // Stride 1, 3×3 windows: means 6, 7, 10, 11 (the centres of the windows); the forward
        // mode's tangent along e₀ is 1/9 in the first window only.
        expectValues(avgPool2d(Self.ramp, kernelSize: 3, stride: 1), [6, 7, 10, 11])
        let e0 = NDArray(values: [1] + [Double](repeating: 0, count: 15), shape: [1, 1, 4, 4])
        expectValues(try jvp(at: [Self.ramp], tangents: [e0]) { avgPool2d($0[0], kernelSize: 3, stride: 1) }.tangent, [1.0 / 9, 0, 0, 0])
    }

    /// PyTorch's padding conventions: zeros counted in the average (count_include_pad=True),
    /// -∞ for the maximum. x = [1, 2, 3] padded by 1, windows of 3: [0 1 2], [1 2 3], [2 3 0].
    @Test func padding() throws {
        let x = NDArray([1.0, 2, 3]).reshape([1, 1, 3])
        expectValues(avgPool1d(x, kernelSize: 3, stride: 1, padding: 1), [1, 2, 5.0 / 3], shape: [1, 1, 3])
        // Σ avg: x̄[i] = (number of windows holding i) / 3 = [2, 3, 2] / 3.
        expectValues(try gradient(at: x) { avgPool1d($0, kernelSize: 3, stride: 1, padding: 1).sum() }, [2.0 / 3, 1, 2.0 / 3])
        // All negative: the -∞ padding is never the maximum (zero padding would give 0).
        let negative = NDArray([-1.0, -2, -3]).reshape([1, 1, 3])
        expectValues(maxPool1d(negative, kernelSize: 3, stride: 1, padding: 1), [-1, -1, -2])
        expectValues(try gradient(at: negative) { maxPool1d($0, kernelSize: 3, stride: 1, padding: 1).sum() }, [2, 1, 0])
        // 2-D, stride 2, padding 1 on the ramp: the 2×2 windows at the corners are padded.
        expectValues(maxPool2d(Self.ramp, kernelSize: 2, stride: 2, padding: 1), [1, 3, 4, 9, 11, 12, 13, 15, 16], shape: [1, 1, 3, 3])
        expectValues(avgPool2d(Self.ramp, kernelSize: 2, stride: 2, padding: 1), [0.25, 1.25, 1, 3.5, 8.5, 5, 3.25, 7.25, 4])
    }

    /// Ties go to the first largest element in window order (row by row), as PyTorch, JAX and
    /// MXNet choose; overlapping windows add their cotangents where they share the maximum.
    @Test func tiesAndOverlaps() throws {
        let ones = NDArray.ones([1, 1, 2, 4])
        expectValues(try gradient(at: ones) { maxPool2d($0, kernelSize: 2).sum() }, [1, 0, 1, 0, 0, 0, 0, 0])
        let tie = NDArray([[1.0, 5], [5, 2]]).reshape([1, 2, 2])
        expectValues(try gradient(at: tie) { maxPool2d($0, kernelSize: 2).sum() }, [0, 1, 0, 0])
        // Every 2×2 window of this 3×3 plane holds its centre 9: the centre takes all four.
        let centre = NDArray([[1.0, 2, 3], [4, 9, 5], [6, 7, 8]]).reshape([1, 1, 3, 3])
        expectValues(maxPool2d(centre, kernelSize: 2, stride: 1), [9, 9, 9, 9])
        let weights = NDArray([[1.0, 2], [3, 4]]).reshape([1, 1, 2, 2])
        expectValues(try gradient(at: centre) { (maxPool2d($0, kernelSize: 2, stride: 1) * weights).sum() }, [0, 0, 0, 0, 10, 0, 0, 0, 0])
        // A NaN is the maximum of its window, as in PyTorch.
        let nan = NDArray([1.0, .nan, 3, 4]).reshape([1, 1, 4])
        let y = maxPool1d(nan, kernelSize: 2).scalars
        #expect(y[0].isNaN && y[1] == 4)
    }

    /// Second order. Σ avg(x)² has the Hessian 2·AᵀA: windows of 2 that do not overlap give
    /// blocks of 2·(1/2)² = 1/2. Σ max(x)² has 2 on the diagonal at each maximum, 0 elsewhere.
    @Test func secondOrder() throws {
        let x = NDArray([0.5, -1, 2, 3]).reshape([1, 1, 4])
        let h = try hessian(at: x) { (avgPool1d($0, kernelSize: 2) * avgPool1d($0, kernelSize: 2)).sum() }
        expectValues(h, [0.5, 0.5, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0.5, 0.5])
        let m = try hessian(at: x) { (maxPool1d($0, kernelSize: 2) * maxPool1d($0, kernelSize: 2)).sum() }
        expectValues(m, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        // Reverse over reverse: the gradient of ⟨v, ∇f⟩ is H·v.
        let v = NDArray([1.0, 2, 3, 4]).reshape([1, 1, 4])
        expectValues(try hessianVectorProduct(at: x, vector: v) { (maxPool1d($0, kernelSize: 2) * maxPool1d($0, kernelSize: 2)).sum() }, [2, 0, 0, 8])
        let inner = try gradient(at: x) { x in try (gradient(at: x) { (avgPool1d($0, kernelSize: 2) * avgPool1d($0, kernelSize: 2)).sum() } * v).sum() }
        expectValues(inner, [1.5, 1.5, 3.5, 3.5])
    }

    /// Pooling by direct loops over every index.
    static func reference(_ x: NDArray, kernel: [Int], stride: [Int], padding: [Int], maximum: Bool) -> [Double] {
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let oh = (h + 2 * padding[0] - kernel[0]) / stride[0] + 1, ow = (w + 2 * padding[1] - kernel[1]) / stride[1] + 1
        let v = x.scalars
        var out: [Double] = []
        for p in 0 ..< planes { for i in 0 ..< oh { for j in 0 ..< ow {
            var s = 0.0, m = -Double.infinity
            for a in 0 ..< kernel[0] { for b in 0 ..< kernel[1] {
                let y = i * stride[0] + a - padding[0], z = j * stride[1] + b - padding[1]
                guard y >= 0 && y < h && z >= 0 && z < w else { continue }
                s += v[(p * h + y) * w + z]
                m = Swift.max(m, v[(p * h + y) * w + z])
            } }
            out.append(maximum ? m : s / Double(kernel[0] * kernel[1]))
        } } }
        return out
    }

    /// Random planes in both dtypes against the loops, with a non-contiguous input, and the
    /// transpose of the average against the dot-product identity ⟨A x, u⟩ = ⟨x, Aᵀ u⟩.
    @Test(arguments: [DType.float64, .float32])
    func matchesLoops(_ dtype: DType) throws {
        var g = RandomGenerator(seed: 23)
        let rel = dtype == .float32 ? 1e-6 : 1e-14
        let cases: [([Int], [Int], [Int], [Int])] = [
            ([2, 3, 7, 6], [3, 3], [2, 2], [1, 1]), ([1, 2, 5, 9], [2, 3], [1, 2], [0, 1]), ([2, 1, 6, 6], [2, 2], [2, 2], [0, 0]),
            ([1, 1, 1, 9], [1, 4], [1, 3], [0, 2]),
        ]
        for (shape, k, s, p) in cases {
            let x = NDArray.normal(shape: shape, dtype: dtype, generator: &g)
            let strided = NDArray.normal(shape: [shape[0], shape[1], shape[3], shape[2]], dtype: dtype, generator: &g).transposed([0, 1, 3, 2])
            for input in [x, strided] {
                expectValues(avgPool2d(input, kernelSize: SpatialValues(k), stride: SpatialValues(s), padding: SpatialValues(p)),
                             Self.reference(input, kernel: k, stride: s, padding: p, maximum: false), rel: rel, abs: rel)
                expectValues(maxPool2d(input, kernelSize: SpatialValues(k), stride: SpatialValues(s), padding: SpatialValues(p)),
                             Self.reference(input, kernel: k, stride: s, padding: p, maximum: true), rel: 0)
            }
            let op = AveragePool(PoolingGeometry(spatialRank: 2, kernel: k, stride: s, padding: p))
            let y = op.primal(x), u = NDArray.normal(shape: y.shape, dtype: dtype, generator: &g)
            let back = try #require(op.transpose(u, inputs: [x], needed: [true])[0])
            #expect(isClose(dotProduct(y, u), dotProduct(x, back), rel: dtype == .float32 ? 1e-5 : 1e-13))
        }
    }

    /// The expression language calls them by name with PyTorch's defaults (stride = kernel
    /// size), and refuses what PyTorch refuses, naming the argument.
    @Test func signatures() throws {
        func resolve(_ name: String, _ shape: [Int], _ options: [String: [CallArguments.Value]]) throws(CallError) -> ResolvedCall {
            let signature = OperatorCatalog.signatures.first { $0.name == name }!
            return try signature.resolve(CallArguments(function: name, shapes: [shape], options: options, acceptingNone: ["stride"]))
        }
        #expect(try resolve("max_pool2d", [2, 3, 7, 6], ["kernel_size": [.number(2)]]).shape == [2, 3, 3, 3])
        #expect(try resolve("avg_pool1d", [3, 8], ["kernel_size": [.number(3)], "stride": [.number(1)], "padding": [.number(1)]]).shape == [3, 8])
        #expect(throws: CallError(.argument, "padding must be at most half the kernel size (2 along spatial axis 0), as in PyTorch", argument: "padding", quotesArgument: true)) {
            try resolve("avg_pool1d", [1, 1, 4], ["kernel_size": [.number(2)], "padding": [.number(2)]])
        }
        #expect(throws: CallError(.shape, "the input of shape [4, 4] is not [N, C, H, W] (or [C, H, W] for one sample)", argument: "x")) {
            try resolve("max_pool2d", [4, 4], ["kernel_size": [.number(2)]])
        }
        #expect(throws: CallError(.shape, "the window of 5 elements along spatial axis 1 is larger than the input padded by 0 (4)")) {
            try resolve("max_pool2d", [1, 6, 4], ["kernel_size": [.list([2, 5])]])
        }
    }
}
