import Foundation
import Synchronization
import Testing
@testable import DualTape

@Suite("The tape: deep graphs, memory release, threads")
struct TapeTests {
    /// A chain of 1,000,000 recorded operations backpropagates (iteratively: no stack
    /// overflow) and is freed without recursion when dropped.
    @Test func millionOperationChain() throws {
        var x = NDArray([1.0]); x.attachGrad()
        var y = x
        Autograd.record {
            for _ in 0 ..< 1_000_000 { y = y * 1.0000001 }
        }
        try y.backward()
        expectValues(x.grad, [Foundation.pow(1.0000001, 1_000_000)], rel: 1e-9)
        // Retained, then dropped: the release is iterative too.
        var z = x
        Autograd.record { for _ in 0 ..< 1_000_000 { z = z + 1 } }
        try z.backward(retainGraph: true)
        expectValues(x.grad, [1])
        z = NDArray([0.0])
    }

    /// After backward without retainGraph the graph's nodes are released.
    @Test func tapeIsReleasedAfterBackward() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        weak var firstNode: Node?
        let y = Autograd.record { () -> NDArray in
            let h = x * 3
            firstNode = h.tapeNode
            return (sin(h) * h).sum()
        }
        #expect(y.graphNodeCount == 4)
        #expect(firstNode != nil)
        try y.backward()
        #expect(y.graphNodeCount == 0)
        #expect(firstNode == nil, "the node of an intermediate survived backward")

        let kept = Autograd.record { (x * x).sum() }
        try kept.backward(retainGraph: true)
        #expect(kept.graphNodeCount == 2)
    }

    /// Recording state is per thread: two threads record at the same time, each on its own tape.
    @Test func twoThreadsRecordConcurrently() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, [Double], Bool).self) { group in
            for t in 0 ..< 2 {
                group.addTask {
                    var x = NDArray([Double(t + 1), 2]); x.attachGrad()
                    var last = NDArray([0.0])
                    for _ in 0 ..< 200 {
                        last = Autograd.record { (x * x * Double(t + 1)).sum() }
                        try last.backward()
                    }
                    let outside = !Autograd.isRecording
                    return (t, x.grad!.scalars, outside)
                }
            }
            var all: [(Int, [Double], Bool)] = []
            for try await r in group { all.append(r) }
            return all.sorted { $0.0 < $1.0 }
        }
        #expect(results[0].1 == [2, 4])        // d/dx Σ x² at [1, 2]
        #expect(results[1].1 == [8, 8])        // d/dx Σ 2x² at [2, 2]
        #expect(results.allSatisfy { $0.2 })
        // A scope on one thread does not leak into another thread.
        let seenElsewhere = Autograd.record { () -> Bool in
            let box = Mutex(true)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.withLock { $0 = Autograd.isRecording }
                done.signal()
            }
            thread.start()
            done.wait()
            return box.withLock { $0 }
        }
        #expect(!seenElsewhere)
    }

    /// User-defined operators go through the same dispatch, and an error thrown by a rule reaches the caller.
    struct Failing: DifferentiableOperator {
        struct RuleError: Error, Equatable {}
        var name: String { "failing" }
        var arity: Int { 1 }
        func primal(_ inputs: [NDArray]) -> NDArray { inputs[0] * 2 }
        func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray { throw RuleError() }
        func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] { throw RuleError() }
    }

    @Test func errorsFromUserRulesReachTheCaller() throws {
        var x = NDArray([1.0]); x.attachGrad()
        let y = Autograd.record { Failing()(x) }
        #expect(throws: Failing.RuleError()) { try y.backward() }
        #expect(throws: Failing.RuleError()) { _ = try jvp(at: x.detach(), tangent: NDArray([1.0])) { Failing()($0) } }
        expectValues(y, [2])
    }
}
