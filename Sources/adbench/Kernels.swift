import CBLAS
import DualTape
import Foundation

/// Micro-benchmarks of the NDArray kernels against the physical best: contiguous
/// elementwise operations on 1,000,000 Float64 elements (compare with NumPy, measured by
/// `scripts/numpy_baseline.py`) and a 512×512 matmul against a direct `cblas_dgemm` call.
enum KernelBenchmarks {
    struct Result: Codable {
        var name: String
        var seconds: Double
        var referenceSeconds: Double?
        var ratio: Double?
    }

    static func run(quick: Bool) -> [Result] {
        let n = quick ? 10_000 : 1_000_000
        var g = RandomGenerator(seed: 1)
        let a = NDArray.uniform(low: -1, high: 1, shape: [n], generator: &g)
        let b = NDArray.uniform(low: -1, high: 1, shape: [n], generator: &g)
        let runs = quick ? 3 : 50
        var results: [Result] = [
            Result(name: "add \(n)", seconds: medianTime(runs: runs) { _ = a + b }),
            Result(name: "mul \(n)", seconds: medianTime(runs: runs) { _ = a * b }),
            Result(name: "mul scalar \(n)", seconds: medianTime(runs: runs) { _ = a * 3 }),
            Result(name: "exp \(n)", seconds: medianTime(runs: runs) { _ = exp(a) }),
            Result(name: "tanh \(n)", seconds: medianTime(runs: runs) { _ = tanh(a) }),
            Result(name: "sum \(n)", seconds: medianTime(runs: runs) { _ = a.sum() }),
        ]
        // sigmoid's derivative σ(x)σ(-x) needs an exponential of its own (y(1 - y) cancels for large x).
        let sigmoidPrimal = medianTime(runs: runs) { _ = sigmoid(a) }
        let sigmoidGradient = medianTime(runs: runs) { _ = try? gradient(at: a) { sigmoid($0).sum() } }
        results.append(Result(name: "sigmoid \(n)", seconds: sigmoidPrimal))
        results.append(Result(name: "sigmoid value+grad \(n)", seconds: sigmoidGradient, referenceSeconds: sigmoidPrimal,
                              ratio: sigmoidGradient / sigmoidPrimal))
        let m = quick ? 64 : 512
        let A = NDArray.uniform(shape: [m, m], generator: &g), B = NDArray.uniform(shape: [m, m], generator: &g)
        let ours = medianTime(runs: quick ? 3 : 30) { _ = matmul(A, B) }
        let pa = A.scalars, pb = B.scalars
        var pc = [Double](repeating: 0, count: m * m)
        let direct = medianTime(runs: quick ? 3 : 30) {
            pc.withUnsafeMutableBufferPointer { c in
                OpenBLAS.dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(m), Int32(m), 1, pa, Int32(m), pb, Int32(m), 0, c.baseAddress, Int32(m))
            }
        }
        results.append(Result(name: "matmul \(m)x\(m)", seconds: ours, referenceSeconds: direct, ratio: ours / direct))
        // A full Jacobian of a 100 → 100 dense tanh layer: forward (100 directions in one
        // batched pass) against reverse (100 pullbacks).
        let d = quick ? 20 : 100
        let W = NDArray.normal(std: 0.1, shape: [d, d], generator: &g), bias = NDArray.normal(shape: [d], generator: &g)
        let x = NDArray.normal(shape: [d], generator: &g)
        let layer: (NDArray) -> NDArray = { tanh(matmul(W, $0) + bias) }
        let forwardJ = medianTime(runs: quick ? 3 : 30) { _ = try? jacobian(at: x, mode: .forward, layer) }
        let reverseJ = medianTime(runs: quick ? 3 : 30) { _ = try? jacobian(at: x, mode: .reverse, layer) }
        results.append(Result(name: "jacobian \(d)->\(d) forward", seconds: forwardJ, referenceSeconds: reverseJ, ratio: forwardJ / reverseJ))
        results += lapackRows(quick: quick, &g)
        results += convolutionRows(quick: quick, generator: &g)
        results += AxisKernelBenchmarks.run(quick: quick)
        return results
    }

    // MARK: - LAPACK

    /// `solve(A, B)` with A and B n×n (n = 256; one right-hand-side matrix, NumPy's
    /// `numpy.linalg.solve(A, B)` in `scripts/numpy_baseline.py`) against a direct `dgesv_`
    /// call on column-major copies (what NumPy does), and the value with the gradient of
    /// `sum(solve(A, B))` with respect to both against the primal.
    static func lapackRows(quick: Bool, _ g: inout RandomGenerator) -> [Result] {
        let n = quick ? 32 : 256
        let A = NDArray.uniform(low: -1, high: 1, shape: [n, n], generator: &g) + Double(n) * NDArray.eye(n)
        let B = NDArray.uniform(low: -1, high: 1, shape: [n, n], generator: &g)
        let pa = A.scalars, pb = B.scalars
        var a = [Double](repeating: 0, count: n * n), b = a, pivots = [Int32](repeating: 0, count: n)
        let direct = {
            for i in 0 ..< n { for j in 0 ..< n { a[j * n + i] = pa[i * n + j]; b[j * n + i] = pb[i * n + j] } }
            var (order, info) = (Int32(n), Int32(0))
            OpenBLAS.dgesv(&order, &order, &a, &order, &pivots, &b, &order, &info)
        }
        // Alternated run by run, so that every median sees the same machine (BLAS speed swings
        // with the load of a shared machine).
        let times = interleavedMedians(runs: quick ? 3 : 30, [
            { _ = try? solve(A, B) },
            { _ = try? valueWithGradient(at: [A, B]) { try solve($0[0], $0[1]).sum() } },
            direct,
        ])
        let (primal, valueAndGradient, reference) = (times[0], times[1], times[2])
        return [
            Result(name: "solve \(n)x\(n), B \(n)x\(n)", seconds: primal, referenceSeconds: reference, ratio: primal / reference),
            Result(name: "solve \(n) value+gradient", seconds: valueAndGradient, referenceSeconds: primal, ratio: valueAndGradient / primal),
        ]
    }

    /// The median wall time of each body over `runs` runs, the bodies taking turns.
    static func interleavedMedians(runs: Int, _ bodies: [() -> Void]) -> [Double] {
        for _ in 0 ..< 2 { for body in bodies { body() } }
        var times = [[Double]](repeating: [], count: bodies.count)
        for _ in 0 ..< runs {
            for (k, body) in bodies.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                times[k].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
        }
        return times.map { $0.sorted()[runs / 2] }
    }

    /// conv2d of one 16-channel 32×32 image (N = 1) by 32 filters 3×3, padding 1, in both
    /// dtypes: the primal, and the value with the gradient in x and w (reverse mode) against it.
    static func convolutionRows(quick: Bool, generator g: inout RandomGenerator) -> [Result] {
        let side = quick ? 8 : 32, runs = quick ? 3 : 30
        return DType.allCases.flatMap { dtype -> [Result] in
            let tag = dtype == .float32 ? "f32" : "f64"
            let x = NDArray.normal(shape: [1, 16, side, side], dtype: dtype, generator: &g)
            let w = NDArray.normal(std: 0.1, shape: [32, 16, 3, 3], dtype: dtype, generator: &g)
            let primal = medianTime(runs: runs) { _ = conv2d(x, w, padding: 1) }
            let withGradient = medianTime(runs: runs) { _ = try? gradient(at: [x, w]) { conv2d($0[0], $0[1], padding: 1).sum() } }
            return [Result(name: "conv2d \(side)x\(side) \(tag)", seconds: primal),
                    Result(name: "conv2d value+grad \(tag)", seconds: withGradient, referenceSeconds: primal, ratio: withGradient / primal)]
        }
    }
}

/// The cost of one operation on a tiny array: unrecorded, recorded (tape node appended),
/// recorded plus its share of backward, and as a dual (forward mode).
enum OverheadBenchmarks {
    static func run(quick: Bool) -> [KernelBenchmarks.Result] {
        let ops = quick ? 100 : 10_000
        let a = NDArray([0.5, -0.25]), c = NDArray([1.0001, 0.9999])
        let plain = medianTime(runs: quick ? 3 : 30) {
            var y = a
            for _ in 0 ..< ops { y = y * c }
        } / Double(ops)
        var v = a
        v.attachGrad()
        let recorded = medianTime(runs: quick ? 3 : 30) {
            var y = v
            Autograd.record { for _ in 0 ..< ops { y = y * c } }
        } / Double(ops)
        let withBackward = medianTime(runs: quick ? 3 : 30) {
            var y = v
            Autograd.record { for _ in 0 ..< ops { y = y * c } }
            try? y.backward()
        } / Double(ops)
        let dual = medianTime(runs: quick ? 3 : 30) {
            _ = try? jvp(at: a, tangent: c) { x in
                var y = x
                for _ in 0 ..< ops { y = y * c }
                return y
            }
        } / Double(ops)
        return [
            .init(name: "op, 2 elements", seconds: plain),
            .init(name: "op recorded", seconds: recorded, referenceSeconds: plain, ratio: recorded / plain),
            .init(name: "op recorded + backward", seconds: withBackward, referenceSeconds: plain, ratio: withBackward / plain),
            .init(name: "op as a dual", seconds: dual, referenceSeconds: plain, ratio: dual / plain),
        ]
    }
}
