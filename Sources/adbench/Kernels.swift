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
        return results
    }
}
