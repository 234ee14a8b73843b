import Testing
@testable import DualTape

/// Integer indexing: values as NumPy, PyTorch and MXNet give them, gradients that add up at
/// repeated indices (exact values, both modes, second order), the backward hook equal to the
/// generic rule, and bad indices as errors on every path, never a stop.
@Suite("Integer indexing: take, scatter_add, take_along_axis, pick, one_hot")
struct GatherTests {
    static let table = NDArray([[1, 2], [3, 4], [5, 6]])

    @Test func takeValuesAsNumPy() throws {
        // np.take(t, [2, 0, 2], axis=0), np.take(t, [[1], [0]], axis=1), np.take(t, [5, 0]) (flattened).
        expectValues(try Self.table.take(NDArray([2, 0, 2]), axis: 0), [5, 6, 1, 2, 5, 6], shape: [3, 2])
        expectValues(try Self.table.take(NDArray([[1], [0]]), axis: 1), [2, 1, 4, 3, 6, 5], shape: [3, 2, 1])
        expectValues(try Self.table.take(NDArray([5, 0])), [6, 1], shape: [2])
        // Negative indices count from the end; a 0-d index removes the axis.
        expectValues(try Self.table.take(NDArray([-1, -3]), axis: 0), [5, 6, 1, 2], shape: [2, 2])
        expectValues(try Self.table.take(NDArray(1.0), axis: -1), [2, 4, 6], shape: [3])
        // Float32 data with Float64 indices: the result keeps the data's dtype.
        #expect(try Self.table.astype(.float32).take(NDArray([1]), axis: 0).dtype == .float32)
    }

    @Test func otherGathersAsTheirPeers() throws {
        let x = NDArray([[10, 11, 12], [20, 21, 22]])
        // np.take_along_axis(x, [[2, 0], [1, 1]], axis=1) == torch.gather(x, 1, idx).
        expectValues(try x.takeAlongAxis(NDArray([[2, 0], [1, 1]]), axis: 1), [12, 10, 21, 21], shape: [2, 2])
        expectValues(try x.gather(NDArray([[1, 0, 1]]), axis: 0), [20, 11, 22], shape: [1, 3])
        // Broadcasting outside the axis: indices [1, 2] against x's 2 rows.
        expectValues(try x.takeAlongAxis(NDArray([[0, 2]]).broadcast(to: [2, 2]), axis: 1), [10, 12, 20, 22], shape: [2, 2])
        expectValues(try NDArray([[1], [2]]).takeAlongAxis(NDArray([[0, 0, 0]]), axis: 1), [1, 1, 1, 2, 2, 2], shape: [2, 3])
        // mx.nd.pick(x, [2, 0]) and with axis=0, keepdims=True.
        expectValues(try x.pick(NDArray([2, 0])), [12, 20], shape: [2])
        expectValues(try x.pick(NDArray([1, 0, 1]), axis: 0, keepDims: true), [20, 11, 22], shape: [1, 3])
        expectValues(try NDArray([7, 8, 9]).pick(NDArray([-1])), [9], shape: [1])
        // one_hot in the indices' dtype.
        let rows = try NDArray([1, 0, 3], dtype: .float32).oneHot(depth: 4)
        #expect(rows.dtype == .float32)
        expectValues(rows, [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1], shape: [3, 4])
        // torch.index_add: repeated indices add up.
        expectValues(try NDArray([[0, 0], [0, 0], [0, 0]]).scatterAdd(NDArray([2, 0, 2]), NDArray([[1, 2], [3, 4], [5, 6]]), axis: 0),
                     [3, 4, 0, 0, 6, 8], shape: [3, 2])
    }

    @Test func maskSelectionThroughFlatnonzero() throws {
        let x = NDArray([[1, -2], [3, -4]]), mask = NDArray([[1, 0], [1, 1]])
        expectValues(mask.flatnonzero(), [0, 2, 3], shape: [3])
        let coordinates = mask.nonzero()
        expectValues(coordinates[0], [0, 1, 1])
        expectValues(coordinates[1], [0, 0, 1])
        // x[mask] in NumPy: [1, 3, -4]; its gradient is the mask.
        expectValues(try x.take(mask.flatnonzero()), [1, 3, -4])
        expectValues(try gradient(at: x) { try $0.take(mask.flatnonzero()).sum() }, [1, 0, 1, 1])
    }

    /// `f(a) = Σ w ⊙ take(a, [0, 2, 0, 0], axis=0)`: row 0 is read three times.
    static let indices = NDArray([0, 2, 0, 0])
    static let weights = NDArray([[1, 2], [0.5, 0.25], [4, 8], [-1, 3]])
    static let expectedTakeGradient: [Double] = [1 + 4 - 1, 2 + 8 + 3, 0, 0, 0.5, 0.25]

    @Test func takeGradientAddsUpAtRepeatedIndicesInBothModes() throws {
        let a = NDArray([[1, -1], [2, 5], [0.5, 3]])
        func f(_ a: NDArray) throws -> NDArray { (try a.take(Self.indices, axis: 0) * Self.weights).sum() }
        expectValues(try gradient(at: a, f), Self.expectedTakeGradient, rel: 0)
        // Forward mode, one basis direction at a time.
        let jacobian = try DualTape.jacobian(at: a, mode: .forward) { try f($0) }
        expectValues(jacobian.matrix, Self.expectedTakeGradient, rel: 0)
        // MXNet's tape, and gradReq add accumulating over two passes.
        var v = a
        v.attachGrad(gradReq: .add)
        for _ in 0 ..< 2 { try Autograd.record { try f(v) }.backward() }
        expectValues(v.grad, Self.expectedTakeGradient.map { 2 * $0 }, rel: 0)
    }

    @Test func scatterAddGradientsInBothModes() throws {
        let a = NDArray([[1, 2], [3, 4], [5, 6]]), updates = NDArray([[1, 1], [2, 2], [3, 3], [4, 4]])
        let w = NDArray([[1, 2], [3, 4], [5, 6]])
        func f(_ xs: [NDArray]) throws -> NDArray { (try xs[0].scatterAdd(Self.indices, xs[1], axis: 0) * w).sum() }
        let grads = try gradient(at: [a, updates], f)
        // ā = w; ū = take(w, [0, 2, 0, 0]).
        expectValues(grads[0], w.scalars, rel: 0)
        expectValues(grads[1], [1, 2, 5, 6, 1, 2, 1, 2], shape: [4, 2], rel: 0)
        // Forward: J v with v = (ones for a, the updates themselves) is ⟨w, 1⟩ + ⟨take(w), u⟩.
        let (_, tangent) = try jvp(at: [a, updates], tangents: [NDArray.ones([3, 2]), updates]) { try f($0) }
        expectValues(tangent, [21 + (1 + 2) + 2 * (5 + 6) + 3 * (1 + 2) + 4 * (1 + 2)], rel: 0)
    }

    @Test func secondOrderThroughTakeAndScatterAdd() throws {
        // f(a) = Σ take(a, [0, 2, 0, 0])²: ∇f = 2 · count ⊙ a, H = diag(2 · count) with counts [3, 0, 1].
        let a = NDArray([1.5, -2, 0.5])
        func f(_ a: NDArray) throws -> NDArray {
            let t = try a.take(Self.indices)
            return (t * t).sum()
        }
        let h = try hessian(at: a, f)
        expectValues(h, [6, 0, 0, 0, 0, 0, 0, 0, 2], shape: [3, 3], rel: 0)
        // createGraph: the gradient recorded (through scatter_add), then differentiated again.
        var x = a
        x.attachGrad()
        let y = try Autograd.record { try f(x) }
        let g = try Autograd.grad(heads: [y], variables: [x], createGraph: true)[0]
        expectValues(g, [9, 0, 1], rel: 0)
        try Autograd.record { (g * NDArray([1, 10, 100])).sum() }.backward()
        expectValues(x.grad, [6, 0, 200], rel: 0)
    }

    @Test func theHookGivesWhatTheGenericRuleGives() throws {
        // Dyadic values, so the order of the additions cannot matter.
        let a = NDArray([[1, -1], [2, 5], [0.5, 3]]), updates = NDArray([[1, 0.5], [2, 2], [0.25, 3], [4, -4]])
        let data = NDArray([[1, 2, 3], [4, 5, 6]])
        // Each function of some of the inputs [a, updates, data].
        let functions: [(String, [Int], ([NDArray]) throws -> NDArray)] = [
            ("take", [0], { (try $0[0].take(Self.indices, axis: 0) * Self.weights).sum() }),
            ("take, then more uses", [0], { (try $0[0].take(Self.indices, axis: 0) * Self.weights).sum() + ($0[0] * $0[0]).sum() + $0[0][1].sum() }),
            ("scatter_add", [0, 1], { (try $0[0].scatterAdd(Self.indices, $0[1], axis: 0) * NDArray([[1, 2], [3, 4], [5, 6]])).sum() + $0[1].sum() }),
            ("take_along_axis", [2], { (try $0[2].takeAlongAxis(NDArray([[2, 2, 0], [1, 1, 1]]), axis: 1) * NDArray([[1, 2, 4], [8, 16, 32]])).sum() }),
            ("pick", [2], { (try $0[2].pick(NDArray([1, 1, 0]), axis: 0) * NDArray([1, 2, 4])).sum() + (try $0[2].pick(NDArray([1, 1]))).sum() }),
        ]
        for (label, used, f) in functions {
            var hooked = [a, updates, data], generic = [a, updates, data]
            for i in used { hooked[i].attachGrad(); generic[i].attachGrad() }
            let y = try Autograd.record { try f(hooked) }
            #expect(y.tapeNode.map { Self.hasHookNode($0) } == true, "\(label): no node takes the hook")
            try y.backward()
            // createGraph records the sweep: every node takes its VJP rule.
            let z = try Autograd.record { try f(generic) }
            let grads = try Autograd.grad(heads: [z], variables: used.map { generic[$0] }, createGraph: true)
            for (k, i) in used.enumerated() {
                let viaHook = try #require(hooked[i].grad)
                #expect(viaHook.scalars == grads[k].scalars, "\(label), input \(i): hook \(viaHook.scalars), rule \(grads[k].scalars)")
            }
        }
    }

    /// Whether a node reachable from `node` adds its transpose in place.
    static func hasHookNode(_ node: Node) -> Bool {
        var stack = [node], seen = Set<ObjectIdentifier>()
        while let n = stack.popLast() {
            guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
            if n.addTranspose != nil { return true }
            stack.append(contentsOf: n.parents.compactMap { $0 })
        }
        return false
    }

    @Test func aLoopOverTakeStaysLinear() throws {
        // take of one row at a time, n times: the hook adds in place (no n² of zeros). The
        // gradient is exact either way; this checks the values on a longer loop.
        let n = 200
        let x = NDArray.arange(0, Double(n))
        let g = try gradient(at: x) { x in
            var total = NDArray(0.0)
            for i in 0 ..< n { total = total + (try x.take(NDArray([Double(i), Double((i * 7) % n)]))).sum() }
            return total
        }
        var expected = [Double](repeating: 1, count: n)
        for i in 0 ..< n { expected[(i * 7) % n] += 1 }
        #expect(g.scalars == expected)
    }
}

/// Bad indices are data errors: an ``OperatorError`` with the operator's message from the
/// Swift API, from both AD modes and from backward, and NaNs where nobody catches.
@Suite("Integer indexing: bad indices are errors, never a stop")
struct GatherErrorTests {
    static let x = NDArray([[1, 2], [3, 4], [5, 6]])

    func expectOperatorError(_ body: () throws -> Void, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("no error; expected one containing '\(fragment)'", sourceLocation: sourceLocation)
        } catch let error as OperatorError {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an OperatorError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func theSwiftAPIThrows() {
        expectOperatorError({ _ = try Self.x.take(NDArray([0, 3]), axis: 0) },
                            "take: index 3 at [1] is out of range for axis 0 (extent 3) of an array of shape [3, 2]. Indices must be whole numbers from -3 to 2")
        expectOperatorError({ _ = try Self.x.take(NDArray([-7])) }, "index -7 at [0] is out of range for an array of shape [3, 2], flattened (6 elements)")
        expectOperatorError({ _ = try Self.x.take(NDArray([0.5]), axis: 1) }, "take: index 0.5 at [0] is not a whole number")
        expectOperatorError({ _ = try Self.x.take(NDArray([Double.nan]), axis: 1) }, "take: index nan at [0] is not a number")
        expectOperatorError({ _ = try Self.x.takeAlongAxis(NDArray([[0], [2], [1]]), axis: 1) }, "take_along_axis: index 2 at [1, 0]")
        expectOperatorError({ _ = try Self.x.pick(NDArray([0, 1, -3])) }, "pick: index -3 at [2]")
        expectOperatorError({ _ = try NDArray([1, -1]).oneHot(depth: 3) }, "one_hot: index -1 at [1] is out of range for depth 3. Indices must be whole numbers from 0 to 2.")
        expectOperatorError({ _ = try Self.x.scatterAdd(NDArray([5]), NDArray([[1, 1]])) }, "scatter_add: index 5")
    }

    @Test func bothModesThrowFromTheFunction() {
        let bad = NDArray([0, 7])
        // Called without the throwing API (dispatch directly): the transform catches the report.
        expectOperatorError({ _ = try gradient(at: Self.x) { dispatch(Take(axis: 0), $0, bad).sum() } }, "take: index 7")
        expectOperatorError({ _ = try jvp(at: Self.x, tangent: Self.x) { dispatch(Take(axis: 0), $0, bad) } }, "take: index 7")
        expectOperatorError({ _ = try vjp(at: Self.x) { dispatch(TakeAlongAxis(axis: 0), $0, NDArray([[0, 9]])) } }, "take_along_axis: index 9")
        // Through the throwing API inside a transform: the innermost scope throws.
        expectOperatorError({ _ = try gradient(at: Self.x) { try $0.take(bad, axis: 0).sum() } }, "take: index 7")
    }

    /// An operator whose rules take with out-of-range indices (the primal is fine): the
    /// error happens while backward or a JVP runs.
    struct BadRule: DifferentiableOperator {
        var name: String { "bad_rule" }
        var arity: Int { 1 }
        func primal(_ inputs: [NDArray]) -> NDArray { inputs[0] }
        func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
            dispatch(Take(), tangents[0]!, NDArray([0, 1, 99]))
        }
        func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
            [dispatch(Take(), cotangent, NDArray([0, 1, 99]))]
        }
    }

    @Test func reportsFromRulesReachTheCaller() throws {
        let v = NDArray([1, 2, 3])
        expectOperatorError({ _ = try jvp(at: v, tangent: v) { dispatch(BadRule(), $0) } }, "take: index 99")
        expectOperatorError({ _ = try gradient(at: v) { dispatch(BadRule(), $0).sum() } }, "take: index 99")
        var x = v
        x.attachGrad()
        let y = Autograd.record { dispatch(BadRule(), x).sum() }
        expectOperatorError({ try y.backward(retainGraph: true) }, "take: index 99")
        // The failed sweep wrote no gradient and left no cotangent behind.
        expectValues(x.grad, [0, 0, 0])
        expectOperatorError({ _ = try Autograd.grad(heads: [y], variables: [x]) }, "take: index 99")
    }

    @Test func nobodyCatchingGivesNaNsOnlyInsideAScope() throws {
        // Inside a scope the operator returns NaNs of the right shape; the scope throws.
        var seen: NDArray?
        #expect(throws: OperatorError.self) {
            try withOperatorErrors { seen = dispatch(Take(axis: 0), Self.x, NDArray([4])) }
        }
        #expect(seen?.shape == [1, 2] && seen?.scalars.allSatisfy(\.isNaN) == true)
    }
}
