import Testing
import DualTape
import DualTapeTesting

/// `gradReq` on random compositions: `.add` accumulates exactly (two backward passes give
/// twice one), `.write` overwrites (the last pass alone counts), `.null` writes nothing.
@Suite("Gradient requests")
struct GradReqPropertyTests {
    static let cases = Gen<OperatorCheckCase>.expressionCases(ExpressionGenerator(maxNodes: 4))

    /// The tape's gradients of `⟨u, f⟩` for fresh variables with `gradReq`.
    static func gradients(_ c: DirectionalCase, _ u: NDArray, _ requests: [GradReq], passes: Int = 1,
                          before: ([NDArray]) -> Void = { _ in }) throws -> [NDArray?] {
        var xs = c.inputs.map { $0.detach() }
        for i in xs.indices { xs[i].attachGrad(gradReq: requests[i]) }
        before(xs)
        let y = Autograd.record { c.function(xs) }
        for pass in 0 ..< passes { try y.backward(headGradient: u, retainGraph: pass < passes - 1) }
        return xs.map(\.grad)
    }

    @Test func addAccumulatesExactly() {
        checkProperty("gradReq .add", Self.cases, configuration: config(Budget.expressions)) { k in
            let c = k.directional
            let write = c.inputs.map { _ in GradReq.write }, add = c.inputs.map { _ in GradReq.add }
            let once = try Self.gradients(c, c.cotangent, write), twice = try Self.gradients(c, c.cotangent, add, passes: 2)
            for i in c.inputs.indices {
                let a = try #require(once[i]).scalars, b = try #require(twice[i]).scalars
                if zip(a, b).contains(where: { !($1 == 2 * $0) }) {
                    return .fail("x\(i): two passes with .add give \(b), twice one pass is \(a.map { 2 * $0 })")
                }
            }
            return .pass
        }
    }

    @Test func writeOverwrites() {
        checkProperty("gradReq .write", Self.cases, configuration: config(Budget.expressions)) { k in
            let c = k.directional
            let write = c.inputs.map { _ in GradReq.write }
            let first = try Self.gradients(c, k.otherCotangent, write)
            let last = try Self.gradients(c, c.cotangent, write)
            // One recording, two passes: the first with the other cotangent, the second with u.
            var xs = c.inputs.map { $0.detach() }
            for i in xs.indices { xs[i].attachGrad() }
            let y = Autograd.record { c.function(xs) }
            try y.backward(headGradient: k.otherCotangent, retainGraph: true)
            try y.backward(headGradient: c.cotangent)
            for i in xs.indices {
                let got = try #require(xs[i].grad).scalars, expected = try #require(last[i]).scalars
                if got != expected {
                    let other = try #require(first[i]).scalars
                    return .fail("x\(i): after passes with u' then u the gradient is \(got); u alone gives \(expected) (u' alone: \(other))")
                }
            }
            return .pass
        }
    }

    @Test func nullLeavesNothing() {
        checkProperty("gradReq .null", Self.cases, configuration: config(Budget.expressions)) { k in
            let c = k.directional
            let sentinel = 7.0
            var requests = c.inputs.map { _ in GradReq.write }
            requests[0] = .null
            if c.inputs.count == 1 {
                do {
                    _ = try Self.gradients(c, c.cotangent, requests)
                    return .fail("backward with only a .null variable did not throw")
                } catch let error as AutogradError {
                    return .check(error == .noVariableRequiresGradient, "backward threw \(error)")
                }
            }
            var buffer: NDArray?
            let grads = try Self.gradients(c, c.cotangent, requests) { xs in
                xs[0].grad = NDArray.full(xs[0].shape, sentinel, dtype: xs[0].dtype)
                buffer = xs[0]
            }
            let untouched = try #require(buffer?.grad).scalars
            if !untouched.allSatisfy({ $0 == sentinel }) { return .fail("backward wrote \(untouched) into a .null variable's buffer") }
            let all = try Self.gradients(c, c.cotangent, c.inputs.map { _ in .write })
            for i in 1 ..< c.inputs.count {
                let got = try #require(grads[i]).scalars, expected = try #require(all[i]).scalars
                if got != expected { return .fail("x\(i): with x0 .null the gradient is \(got); with all .write \(expected)") }
            }
            return .pass
        }
    }
}
