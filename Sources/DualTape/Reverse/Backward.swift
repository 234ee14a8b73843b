import Synchronization

/// The reverse sweep over a recorded graph: iterative (no recursion, so a chain of a
/// million operations is fine), accumulating cotangents at fan-out with `+`, and freeing
/// each node's saved values after its rule ran unless the graph is retained.
enum Backward {
    /// Head nodes of `level` 0 with their seeds (ones by default), checked.
    static func seeds(_ heads: [NDArray], _ headGradients: [NDArray?]?) throws -> [(Node, NDArray)] {
        if let headGradients, headGradients.count != heads.count {
            throw AutogradError.headGradientCount(heads: heads.count, headGradients: headGradients.count)
        }
        return try heads.enumerated().map { i, head in
            guard let node = head.tapeNode else { throw AutogradError.notRecorded }
            if node.freed { throw AutogradError.graphFreed }
            let seed: NDArray
            if let given = headGradients?[i] {
                guard given.shape == head.shape else {
                    throw AutogradError.headGradientShape(head: i, expected: head.shape, got: given.shape)
                }
                seed = given.dtype == head.dtype ? given : given.astype(head.dtype)
            } else {
                seed = NDArray.ones(like: head.withoutAD)
            }
            return (node, seed)
        }
    }

    private static let epoch = Atomic<Int>(1)

    /// Runs the sweep at `level` and returns the leaves reached, their cotangents in
    /// `cotangent`. The VJP rules run with recording at `level` switched to `createGraph`.
    static func run(level: Int, seeds: [(Node, NDArray)], retainGraph: Bool, createGraph: Bool) throws -> [Node] {
        // Post-order over the graph: every node after all the nodes it depends on.
        let mark = epoch.add(1, ordering: .relaxed).oldValue
        var order: [Node] = []
        var stack: [(Node, Int)] = []
        for (node, _) in seeds where node.mark != mark {
            node.mark = mark
            stack.append((node, 0))
            while let (current, next) = stack.last {
                if next < current.parents.count {
                    stack[stack.count - 1].1 = next + 1
                    if let parent = current.parents[next], parent.mark != mark {
                        if parent.freed { throw AutogradError.graphFreed }
                        parent.mark = mark
                        stack.append((parent, 0))
                    }
                } else {
                    stack.removeLast()
                    order.append(current)
                }
            }
        }
        for (node, seed) in seeds {
            node.cotangent = node.cotangent.map { $0 + seed } ?? seed
        }

        let context = ADContext.current.settingRecording(createGraph, level: level)
        var leaves: [Node] = []
        // On an error, leave no cotangent behind in the graph.
        var completed = false
        defer { if !completed { for node in order { node.cotangent = nil } } }
        // A rule that meets bad data (an index out of range) reports an OperatorError: thrown here.
        try withOperatorErrors { try ADContext.$current.withValue(context) {
            for node in order.reversed() {
                guard !node.isLeaf else {
                    leaves.append(node)
                    continue
                }
                defer { if !retainGraph { node.free() } }
                guard let g = node.cotangent else { continue }
                node.cotangent = nil
                // Under a trace, a slice's transpose is one instruction, not a scatter and a dense add.
                if !createGraph, g.ad != nil, accumulateTracedSlice(node, g) { continue }
                var needed: [Bool]
                // Without createGraph, an operator that can add its transpose into a parent's
                // cotangent in place does so (x[i] in a loop stays O(n), not O(n²)).
                if let add = node.addTranspose, !createGraph, g.ad == nil {
                    guard let rest = addTransposes(add, node, g) else { continue }
                    needed = rest
                } else {
                    needed = node.parents.present
                }
                let op = node.op!
                var output = node.output!
                output.ad = node
                // An error from a rule (a user's operator, or one with no derivative) reaches the caller as thrown.
                let grads = try op.vjp(node.inputs, output: output, cotangent: g, needed: needed)
                for (i, parent) in node.parents.enumerated() {
                    guard let parent, let gi = grads[i] else { continue }
                    precondition(gi.shape == node.inputs[i].shape,
                                 "\(op.name): the VJP rule returned a cotangent of shape \(Shape.describe(gi.shape)) for input \(i) of shape \(Shape.describe(node.inputs[i].shape))")
                    accumulate(gi, into: &parent.cotangent, inPlace: !createGraph)
                }
            }
        } }
        completed = true
        return leaves
    }

    /// Adds the transpose of `g` by `node`'s ``AccumulatingTranspose`` operator (`add`) into
    /// the cotangents of the parents it handles, in place; returns `nil` when that covered
    /// every parent, else the parents the VJP rule must still give (its `needed` flags).
    @inline(__always)
    static func addTransposes(_ add: TransposeAdder, _ node: Node, _ g: NDArray) -> [Bool]? {
        var rest: [Bool]?
        for i in 0 ..< node.parents.count {
            guard let parent = node.parents[i] else { continue }
            // A buffer carrying AD state (forward over reverse) is summed by the generic path.
            if parent.cotangent?.ad == nil {
                let hadBuffer = parent.cotangent != nil
                // Take the buffer out of the node first, so it is unique and updated in place.
                var total = parent.cotangent.take() ?? NDArray.zeros(node.inputs[i].shape, dtype: node.inputs[i].dtype)
                let added = add(g, &total, i, node.inputs)
                if added || hadBuffer { parent.cotangent = total }
                if added { continue }
            }
            if rest == nil { rest = [Bool](repeating: false, count: node.parents.count) }
            rest![i] = true
        }
        return rest
    }

    /// `total += g`: in place when nothing records (a buffer only backward holds), else an operation.
    static func accumulate(_ g: NDArray, into total: inout NDArray?, inPlace: Bool) {
        guard var sum = total else {
            total = g
            return
        }
        total = nil
        // In place only into a buffer nobody else holds (a rule may return a saved value, x · 1 = x):
        // otherwise a new sum is one pass where copy-then-add would be two.
        if inPlace && sum.ad == nil && g.ad == nil && sum.shape == g.shape && sum.dtype == g.dtype
            && isKnownUniquelyReferenced(&sum.storage.buffer) {
            sum.addInPlace(g, at: nil)
            total = sum
        } else {
            total = sum + g
        }
    }
}
