/// MXNet's autograd, in Swift casing: `attachGrad`, `Autograd.record`, `backward`, `grad`.
///
///     var x = NDArray([[1, 2], [3, 4]])
///     x.attachGrad()
///     let y = Autograd.record { 2 * x * x }
///     try y.backward()
///     x.grad   // 4x
public enum Autograd {
    /// Runs `body` with recording on (and train mode, unless `trainMode` is false) and
    /// returns its value. Operations on variables inside are recorded for `backward`.
    /// Scopes nest; the state is per task and thread.
    ///
    /// - Parameters:
    ///   - trainMode: Whether train mode is on inside (default `true`, as MXNet's `record`).
    ///   - body: The computation to record.
    /// - Returns: `body`'s result.
    /// - Throws: What `body` throws (rethrows).
    public static func record<T>(trainMode: Bool = true, _ body: () throws -> T) rethrows -> T {
        var context = ADContext.current
        context.recording = true
        context.training = trainMode
        return try ADContext.$current.withValue(context, operation: body)
    }

    /// Runs `body` with recording off (and predict mode, unless `trainMode` is true):
    /// nothing computed inside is recorded, at any level.
    ///
    /// - Parameters:
    ///   - trainMode: Whether train mode is on inside (default `false`: predict mode).
    ///   - body: The computation to run unrecorded.
    /// - Returns: `body`'s result.
    /// - Throws: What `body` throws (rethrows).
    public static func pause<T>(trainMode: Bool = false, _ body: () throws -> T) rethrows -> T {
        var context = ADContext.current.pausingAll()
        context.training = trainMode
        return try ADContext.$current.withValue(context, operation: body)
    }

    /// Runs `body` in train mode without changing recording.
    ///
    /// - Parameter body: The computation.
    /// - Returns: `body`'s result.
    /// - Throws: What `body` throws (rethrows).
    public static func trainMode<T>(_ body: () throws -> T) rethrows -> T {
        var context = ADContext.current
        context.training = true
        return try ADContext.$current.withValue(context, operation: body)
    }

    /// Runs `body` in predict mode without changing recording.
    ///
    /// - Parameter body: The computation.
    /// - Returns: `body`'s result.
    /// - Throws: What `body` throws (rethrows).
    public static func predictMode<T>(_ body: () throws -> T) rethrows -> T {
        var context = ADContext.current
        context.training = false
        return try ADContext.$current.withValue(context, operation: body)
    }

    /// Whether operations on variables are being recorded here.
    public static var isRecording: Bool { ADContext.current.recording }
    /// Whether train mode is on here.
    public static var isTraining: Bool { ADContext.current.training }

    /// Tape nodes alive in the process, all threads together (a diagnostic: after a
    /// backward pass without `retainGraph`, the nodes of that graph are released).
    public static var liveNodeCount: Int { Node.live.load(ordering: .relaxed) }

    /// Backpropagates from `heads` into the gradient buffers of the variables (MXNet's
    /// `autograd.backward`). Head gradients default to ones.
    ///
    /// A variable in the graph that receives no cotangent gets a zero gradient. When a rule
    /// fails, no gradient is written.
    ///
    /// - Parameters:
    ///   - heads: Recorded arrays to differentiate (their cotangents add up).
    ///   - headGradients: One cotangent per head, of its shape, `nil` entries meaning ones;
    ///     `nil` (the default) for all ones.
    ///   - retainGraph: Whether to keep the graph for another backward pass (default `false`:
    ///     the graph is freed).
    /// - Throws: ``AutogradError``: `.notRecorded` for a head no recorded operation produced,
    ///   `.graphFreed` for a graph an earlier pass freed, `.headGradientCount` or
    ///   `.headGradientShape` for mismatched head gradients, `.noVariableRequiresGradient`
    ///   when no variable in the graph wants one, `.noDerivative` through an operator without
    ///   a derivative; or the ``OperatorError`` a rule reported.
    public static func backward(_ heads: [NDArray], headGradients: [NDArray?]? = nil, retainGraph: Bool = false) throws {
        let seeds = try Backward.seeds(heads, headGradients)
        // An operator failing inside a rule (a singular matrix) is thrown once the pass is
        // over, without writing any gradient.
        let (leaves, failure) = try collectingOperatorErrors {
            try Backward.run(level: 0, seeds: seeds, retainGraph: retainGraph, createGraph: false)
        }
        if let failure {
            for leaf in leaves { leaf.cotangent = nil }
            throw failure
        }
        var reached = false
        for leaf in leaves where leaf.gradReq != .null {
            reached = true
            // A variable in the graph that received no cotangent has gradient zero.
            let g = leaf.cotangent ?? NDArray.zeros(leaf.shape, dtype: leaf.dtype)
            let value = g.dtype == leaf.dtype ? g : g.astype(leaf.dtype)
            switch leaf.gradReq {
            case .write: leaf.grad = value
            case .add: leaf.grad = leaf.grad.map { $0 + value } ?? value
            case .null: break
            }
        }
        for leaf in leaves { leaf.cotangent = nil }
        if !reached { throw AutogradError.noVariableRequiresGradient }
    }

    /// The gradients of `heads` with respect to `variables`, returned rather than written
    /// into `grad` (MXNet's `autograd.grad`). With `createGraph` the backward pass is itself
    /// recorded, so the results can be differentiated again; `retainGraph` defaults to
    /// `createGraph`.
    ///
    /// A variable the recorded graph of the heads reaches only through operators of zero
    /// derivative (`round`, `sign`, `floor_divide`, a comparison, `stopGradient`) gets a zero
    /// gradient, as in MXNet; a variable the graph does not reach at all (not used, or used
    /// only through `detach()` or outside `record`) throws
    /// ``AutogradError/unreachableVariable(index:)``, as in MXNet.
    ///
    /// - Parameters:
    ///   - heads: Recorded arrays to differentiate (their cotangents add up).
    ///   - variables: Variables (arrays after ``NDArray/attachGrad(gradReq:)``) to differentiate with respect to.
    ///   - headGradients: One cotangent per head, `nil` entries meaning ones; `nil` (the
    ///     default) for all ones.
    ///   - retainGraph: Whether to keep the graph for another pass; `nil` (the default) means
    ///     the value of `createGraph`.
    ///   - createGraph: Whether to record the backward pass, so the gradients are
    ///     differentiable again (default `false`).
    /// - Returns: One gradient per variable, of its shape.
    /// - Throws: ``AutogradError``: `.notAVariable` for an array that is not a recorded leaf,
    ///   `.unreachableVariable` for a variable the recorded graph of the heads does not reach, and the errors of
    ///   ``backward(_:headGradients:retainGraph:)`` about heads; or the ``OperatorError`` a rule reported.
    public static func grad(heads: [NDArray], variables: [NDArray], headGradients: [NDArray?]? = nil,
                            retainGraph: Bool? = nil, createGraph: Bool = false) throws -> [NDArray] {
        let targets = try variables.enumerated().map { i, v -> Node in
            guard let node = v.tapeNode, node.isLeaf else { throw AutogradError.notAVariable(index: i) }
            return node
        }
        let seeds = try Backward.seeds(heads, headGradients)
        let (leaves, failure) = try collectingOperatorErrors {
            try Backward.run(level: 0, seeds: seeds, retainGraph: retainGraph ?? createGraph, createGraph: createGraph)
        }
        defer { for leaf in leaves { leaf.cotangent = nil } }
        if let failure { throw failure }
        return try targets.enumerated().map { i, node in
            guard leaves.contains(where: { $0 === node }) else { throw AutogradError.unreachableVariable(index: i) }
            // In the graph, but every path to it carries a zero derivative (the rules of
            // zero-derivative operators send no cotangent): its gradient is zero.
            return node.cotangent ?? NDArray.zeros(node.shape, dtype: node.dtype)
        }
    }
}

extension NDArray {
    /// Makes this array a variable: backward will store its gradient in ``grad`` (zeros
    /// until then). Attaching again resets the gradient.
    ///
    /// - Parameter gradReq: How backward treats the buffer: `.write` (default) overwrites it,
    ///   `.add` accumulates across passes, `.null` keeps none.
    public mutating func attachGrad(gradReq: GradReq = .write) {
        let value = withoutAD
        // The leaf sits at level 0, below any forward levels; what is beneath is kept.
        self = insertingLayer(level: 0) { lower in
            let node = Node(leafLevel: 0, value: value, gradReq: gradReq, next: lower)
            node.grad = NDArray.zeros(like: value)
            return node
        }
    }

    /// The gradient buffer of a variable (`nil` before ``attachGrad(gradReq:)``, as MXNet's
    /// `None`). Assigning replaces the buffer's values (`x.grad = NDArray.zeros(like: x)`).
    public var grad: NDArray? {
        get { tapeNode.flatMap { $0.isLeaf ? $0.grad : nil } }
        nonmutating set {
            guard let node = tapeNode, node.isLeaf else { preconditionFailure("grad: the array has no gradient buffer; call attachGrad() first") }
            node.grad = newValue
        }
    }

    /// The gradient request of a variable.
    public var gradReq: GradReq? { tapeNode.flatMap { $0.isLeaf ? $0.gradReq : nil } }

    /// Backpropagates from this array into the variables' gradients. The head gradient
    /// defaults to ones (for any shape, as in MXNet). Without `retainGraph` the graph is
    /// freed and a second backward throws ``AutogradError/graphFreed``.
    ///
    /// - Parameters:
    ///   - headGradient: The cotangent of this array, of its shape; `nil` (the default) for ones.
    ///   - retainGraph: Whether to keep the graph for another backward pass (default `false`).
    /// - Throws: ``AutogradError`` as ``Autograd/backward(_:headGradients:retainGraph:)``
    ///   (`.notRecorded` when this array was not recorded), or the ``OperatorError`` a rule reported.
    public func backward(headGradient: NDArray? = nil, retainGraph: Bool = false) throws {
        try Autograd.backward([self], headGradients: [headGradient], retainGraph: retainGraph)
    }

    /// The values without any automatic-differentiation state: a constant to both modes.
    /// (Inside a compiled function being traced the values stay part of the traced program,
    /// since they still depend on the inputs.)
    public func detach() -> NDArray { withoutAD }

    /// The number of recorded nodes reachable from this array on MXNet's tape (0 when it
    /// was not recorded or its graph was freed).
    public var graphNodeCount: Int { graphStatistics.nodes }

    /// Recorded nodes reachable from this array on MXNet's tape, and the bytes of the
    /// distinct buffers they keep alive for backward (saved inputs and outputs).
    public var graphStatistics: (nodes: Int, bytes: Int) {
        guard let root = tapeNode else { return (0, 0) }
        var seen = Set<ObjectIdentifier>(), buffers = Set<ObjectIdentifier>(), bytes = 0, stack = [root]
        while let node = stack.popLast() {
            guard !node.isLeaf, !node.freed, seen.insert(ObjectIdentifier(node)).inserted else { continue }
            for saved in node.inputs + (node.output.map { [$0] } ?? []) where buffers.insert(ObjectIdentifier(saved.storage.buffer)).inserted {
                bytes += saved.storage.count * saved.dtype.byteCount
            }
            stack.append(contentsOf: node.parents.compactMap { $0 })
        }
        return (seen.count, bytes)
    }
}
