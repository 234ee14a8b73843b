import DualTape
import Foundation

/// Softmax and logsumexp along the last axis of a 1000×1000 Float64 array: the primal alone,
/// and the value with its gradient (recorded, then backward from a random head gradient),
/// whose ratio to the primal is the cost of differentiating them. The two are timed in
/// alternation, so that a change in the machine's load during the run weighs on both.
enum AxisKernelBenchmarks {
    static func run(quick: Bool) -> [KernelBenchmarks.Result] {
        let n = quick ? 100 : 1000
        let runs = quick ? 3 : 40
        var g = RandomGenerator(seed: 2)
        let x = NDArray.normal(shape: [n, n], generator: &g) * 4
        var variable = x
        variable.attachGrad()
        var results: [KernelBenchmarks.Result] = []
        let cases: [(String, (NDArray) -> NDArray, [Int])] = [
            ("softmax", { $0.softmax(axis: -1) }, [n, n]),
            ("logsumexp", { $0.logsumexp(axis: -1) }, [n]),
        ]
        for (name, f, outputShape) in cases {
            let head = NDArray.normal(shape: outputShape, generator: &g)
            let (primal, withGradient) = alternatingMedians(runs: runs, { _ = f(x) }) {
                try? Autograd.record { f(variable) }.backward(headGradient: head)
            }
            results.append(.init(name: "\(name) \(n)x\(n)", seconds: primal))
            results.append(.init(name: "\(name) value+grad", seconds: withGradient, referenceSeconds: primal, ratio: withGradient / primal))
        }
        return results
    }

    /// The median wall times of `a` and `b`, run one after the other `runs` times (after two
    /// unmeasured rounds).
    static func alternatingMedians(runs: Int, _ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
        func seconds(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        }
        for _ in 0 ..< 2 { a(); b() }
        var ta: [Double] = [], tb: [Double] = []
        for _ in 0 ..< runs {
            ta.append(seconds(a))
            tb.append(seconds(b))
        }
        return (ta.sorted()[runs / 2], tb.sorted()[runs / 2])
    }
}
