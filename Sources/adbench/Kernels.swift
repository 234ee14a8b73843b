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
        let m = quick ? 64 : 512
        let A = NDArray.uniform(shape: [m, m], generator: &g), B = NDArray.uniform(shape: [m, m], generator: &g)
        let ours = medianTime(runs: quick ? 3 : 30) { _ = matmul(A, B) }
        let pa = A.scalars, pb = B.scalars
        var pc = [Double](repeating: 0, count: m * m)
        let direct = medianTime(runs: quick ? 3 : 30) {
            pc.withUnsafeMutableBufferPointer { c in
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(m), Int32(m), 1, pa, Int32(m), pb, Int32(m), 0, c.baseAddress, Int32(m))
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
        results += AxisKernelBenchmarks.run(quick: quick)
        return results
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
