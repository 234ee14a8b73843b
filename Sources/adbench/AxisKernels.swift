import DualTape

/// Softmax and logsumexp along the last axis of a 1000×1000 Float64 array: the primal alone,
/// and the value with its gradient (recorded, then backward from a random head gradient),
/// whose ratio to the primal is the cost of differentiating them.
enum AxisKernelBenchmarks {
    static func run(quick: Bool) -> [KernelBenchmarks.Result] {
        let n = quick ? 100 : 1000
        let runs = quick ? 3 : 30
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
            let primal = medianTime(runs: runs) { _ = f(x) }
            let withGradient = medianTime(runs: runs) {
                try? Autograd.record { f(variable) }.backward(headGradient: head)
            }
            results.append(.init(name: "\(name) \(n)x\(n)", seconds: primal))
            results.append(.init(name: "\(name) value+grad", seconds: withGradient, referenceSeconds: primal, ratio: withGradient / primal))
        }
        return results
    }
}
