import DualTape
import Foundation

/// The eight workloads of `BENCHMARKS.md` (W1–W8). `quick` shrinks sizes and runs for a
/// smoke test; every workload still checks its derivative against a closed form.
enum Workloads {
    static func all(quick: Bool) -> [Workload] {
        [w1(quick), w2(quick), w3(quick), w4(quick), w5(quick), w6(quick), w7(quick), w8(quick)]
    }

    /// `max|aᵢ - bᵢ| / max|bᵢ|`: the error relative to the reference's scale (NaN counts as infinite).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        var worst = 0.0, scale = 0.0
        for (x, y) in zip(a, b) {
            if x.isNaN || y.isNaN { return .infinity }
            worst = Swift.max(worst, Swift.abs(x - y))
            scale = Swift.max(scale, Swift.abs(y))
        }
        return worst / Swift.max(scale, 1e-300)
    }

    // MARK: W1 — the seed's control-flow function

    static func seed(_ a: NDArray) -> NDArray {
        var b = a * 2
        while b.norm().asScalar() < 1000 { b = b * 2 }
        return b.sum().asScalar() >= 0 ? b[0] : b[1]
    }

    static func w1(_ quick: Bool) -> Workload {
        let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        func reverse() throws -> NDArray {
            var x = a
            x.attachGrad()
            try Autograd.record { seed(x) }.backward()
            return x.grad!
        }
        return Workload(
            id: "W1", title: "seed control flow, gradient of c", runs: quick ? 20 : 2000,
            primal: { _ = seed(a) },
            reverse: { _ = try reverse() },
            forward: { _ = try jvp(at: a, tangent: NDArray([1, 0], dtype: .float32), seed) },
            baseline: nil,
            tapeNodes: { var x = a; x.attachGrad(); return Autograd.record { seed(x) }.graphNodeCount },
            check: { relativeError(try reverse().scalars, [1024, 0]) })
    }

    // MARK: W2 — Y = 2·X·X on 2×2

    static func w2(_ quick: Bool) -> Workload {
        let X = NDArray([[1, 2], [3, 4]])
        let ones = NDArray.ones([2, 2])
        func reverse() throws -> NDArray {
            var x = X
            x.attachGrad()
            try Autograd.record { 2 * x * x }.backward(headGradient: ones)
            return x.grad!
        }
        return Workload(
            id: "W2", title: "Y = 2*X*X on 2x2, backward", runs: quick ? 20 : 20000,
            primal: { _ = 2 * X * X },
            reverse: { _ = try reverse() },
            forward: { _ = try jvp(at: X, tangent: ones) { 2 * $0 * $0 } },
            baseline: { _ = 4 * X },
            tapeNodes: { var x = X; x.attachGrad(); return Autograd.record { 2 * x * x }.graphNodeCount },
            check: { relativeError(try reverse().scalars, [4, 8, 12, 16]) })
    }

    // MARK: W3, W8 — an elementwise chain over 1,000,000 elements

    static func w3Function(_ x: NDArray) -> NDArray { (tanh(x) * exp(-x * x) + sin(x)).sum() }

    static func w3Closed(_ x: [Double]) -> [Double] {
        x.map { v in
            let t = Foundation.tanh(v), e = Foundation.exp(-v * v)
            return (1 - t * t) * e - 2 * v * t * e + Foundation.cos(v)
        }
    }

    static func w3Input(_ quick: Bool) -> NDArray {
        var g = RandomGenerator(seed: 3)
        return NDArray.uniform(low: -1, high: 1, shape: [quick ? 10_000 : 1_000_000], generator: &g)
    }

    static func w3(_ quick: Bool) -> Workload {
        let x = w3Input(quick)
        return Workload(
            id: "W3", title: "sum(tanh(x)*exp(-x*x) + sin(x)), n = \(x.count)", runs: quick ? 3 : 15,
            primal: { _ = w3Function(x) },
            reverse: { _ = try gradient(at: x, w3Function) },
            forward: nil,
            baseline: { _ = w3Closed(x.scalars) },
            tapeNodes: { var v = x; v.attachGrad(); return Autograd.record { w3Function(v) }.graphNodeCount },
            check: { relativeError(try gradient(at: x, w3Function).scalars, w3Closed(x.scalars)) })
    }

    static func w8(_ quick: Bool) -> Workload {
        let x = w3Input(quick)
        var g = RandomGenerator(seed: 8)
        let v = NDArray.normal(shape: x.shape, generator: &g)
        return Workload(
            id: "W8", title: "JVP of W3's function along a random direction", runs: quick ? 3 : 15,
            primal: { _ = w3Function(x) },
            reverse: nil,
            forward: { _ = try jvp(at: x, tangent: v, w3Function) },
            baseline: nil,
            tapeNodes: { 0 },
            check: {
                let expected = zip(w3Closed(x.scalars), v.scalars).reduce(0) { $0 + $1.0 * $1.1 }
                return relativeError(try jvp(at: x, tangent: v, w3Function).tangent.scalars, [expected])
            })
    }

    // MARK: W4 — a two-layer MLP loss

    static func w4(_ quick: Bool) -> Workload {
        var g = RandomGenerator(seed: 4)
        let (n, d, h, o) = quick ? (16, 32, 32, 10) : (256, 512, 512, 10)
        let X = NDArray.normal(shape: [n, d], generator: &g), Y = NDArray.normal(shape: [n, o], generator: &g)
        let W1 = NDArray.normal(std: 0.05, shape: [d, h], generator: &g), b1 = NDArray.normal(shape: [h], generator: &g)
        let W2 = NDArray.normal(std: 0.05, shape: [h, o], generator: &g), b2 = NDArray.normal(shape: [o], generator: &g)
        func loss(_ p: [NDArray]) -> NDArray {
            let r = matmul(tanh(matmul(X, p[0]) + p[1]), p[2]) + p[3] - Y
            return (r * r).sum()
        }
        // The hand-written gradient (backpropagation by hand, no AD).
        func manual() -> [NDArray] {
            let H = tanh(matmul(X, W1) + b1)
            let R = 2 * (matmul(H, W2) + b2 - Y)
            let dH = matmul(R, W2.T) * (1 - H * H)
            return [matmul(X.T, dH), dH.sum(axis: 0), matmul(H.T, R), R.sum(axis: 0)]
        }
        let params = [W1, b1, W2, b2]
        return Workload(
            id: "W4", title: "MLP loss \(n)x\(d) @ \(d)x\(h) @ \(h)x\(o), gradient of 4 parameters", runs: quick ? 3 : 20,
            primal: { _ = loss(params) },
            reverse: { _ = try gradient(at: params, loss) },
            forward: nil,
            baseline: { _ = manual() },
            tapeNodes: {
                var p = params
                for i in p.indices { p[i].attachGrad() }
                return Autograd.record { loss(p) }.graphNodeCount
            },
            check: {
                let ad = try gradient(at: params, loss), hand = manual()
                return zip(ad, hand).map { relativeError($0.scalars, $1.scalars) }.max()!
            })
    }

    // MARK: W5, W6, W7 — Rosenbrock

    static func rosenbrockLoop(_ x: NDArray) -> NDArray {
        var total = NDArray(0.0)
        for i in 0 ..< x.count - 1 {
            let xi = x[i], next = x[i + 1]
            let a = next - xi * xi, b = 1 - xi
            total = total + 100 * a * a + b * b
        }
        return total
    }

    static func rosenbrock(_ x: NDArray) -> NDArray {
        let head = x[..<(x.count - 1)], tail = x[1...]
        let a = tail - head * head, b = 1 - head
        return (100 * a * a + b * b).sum()
    }

    static func rosenbrockGradient(_ x: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        for i in 0 ..< x.count - 1 {
            let a = x[i + 1] - x[i] * x[i]
            g[i] += -400 * a * x[i] - 2 * (1 - x[i])
            g[i + 1] += 200 * a
        }
        return g
    }

    /// `H v` of Rosenbrock in closed form.
    static func rosenbrockHVP(_ x: [Double], _ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        for i in 0 ..< x.count - 1 {
            let hii = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2, hij = -400 * x[i]
            out[i] += hii * v[i] + hij * v[i + 1]
            out[i + 1] += hij * v[i] + 200 * v[i + 1]
        }
        return out
    }

    static func rosenbrockInput(_ n: Int) -> NDArray {
        var g = RandomGenerator(seed: 5)
        return NDArray.uniform(low: -1, high: 1, shape: [n], generator: &g)
    }

    static func w5(_ quick: Bool) -> Workload {
        let x = rosenbrockInput(quick ? 50 : 1000)
        return Workload(
            id: "W5", title: "Rosenbrock as a loop over x[i], n = \(x.count)", runs: quick ? 3 : 20,
            primal: { _ = rosenbrockLoop(x) },
            reverse: { _ = try gradient(at: x, rosenbrockLoop) },
            forward: nil,
            baseline: { _ = rosenbrockGradient(x.scalars) },
            reference: (name: "Swift _Differentiation", gradient: { swiftRosenbrockGradient(x.scalars) }),
            tapeNodes: { var v = x; v.attachGrad(); return Autograd.record { rosenbrockLoop(v) }.graphNodeCount },
            check: {
                let closed = rosenbrockGradient(x.scalars)
                return max(relativeError(try gradient(at: x, rosenbrockLoop).scalars, closed),
                           relativeError(swiftRosenbrockGradient(x.scalars), closed))
            })
    }

    static func w6(_ quick: Bool) -> Workload {
        let x = rosenbrockInput(quick ? 10_000 : 1_000_000)
        return Workload(
            id: "W6", title: "Rosenbrock vectorized with slices, n = \(x.count)", runs: quick ? 3 : 15,
            primal: { _ = rosenbrock(x) },
            reverse: { _ = try gradient(at: x, rosenbrock) },
            forward: nil,
            baseline: { _ = rosenbrockGradient(x.scalars) },
            tapeNodes: { var v = x; v.attachGrad(); return Autograd.record { rosenbrock(v) }.graphNodeCount },
            check: { relativeError(try gradient(at: x, rosenbrock).scalars, rosenbrockGradient(x.scalars)) })
    }

    static func w7(_ quick: Bool) -> Workload {
        let x = rosenbrockInput(quick ? 1000 : 100_000)
        var g = RandomGenerator(seed: 7)
        let v = NDArray.normal(shape: x.shape, generator: &g)
        return Workload(
            id: "W7", title: "Hessian-vector product of W6's function, n = \(x.count)", runs: quick ? 3 : 20,
            primal: { _ = rosenbrock(x) },
            reverse: nil,
            forward: { _ = try hessianVectorProduct(at: x, vector: v, rosenbrock) },
            baseline: { _ = rosenbrockHVP(x.scalars, v.scalars) },
            tapeNodes: { 0 },
            check: { relativeError(try hessianVectorProduct(at: x, vector: v, rosenbrock).scalars, rosenbrockHVP(x.scalars, v.scalars)) })
    }
}
