import Synchronization

/// A vertex of a recorded graph: an operator application, or a leaf variable.
///
/// A node keeps what the operator's VJP rule needs (the inputs, which also give the edges
/// to the input nodes, and the output's values) until backward frees it. Leaves (made by
/// ``NDArray/attachGrad(gradReq:)`` or by a functional transform) hold the gradient request
/// and the gradient buffer. Releasing a long chain of nodes is iterative, so a graph of
/// 1,000,000 operations is freed without overflowing the stack.
@usableFromInline
final class Node: ADLayer, @unchecked Sendable {
    /// The operator, or `nil` for a leaf.
    let op: (any DifferentiableOperator)?
    /// The inputs as the operator saw them (with their nodes at this level).
    var inputs: [NDArray]
    /// Each input's node at this level (`nil` for inputs that are constants here).
    var parents: [Node?]
    /// The output's values (and lower-level state), without this node.
    var output: NDArray?
    /// Whether backward has freed this node's saved values.
    var freed = false

    // Leaf state.
    var gradReq: GradReq
    var grad: NDArray?
    /// Shape and dtype of the value this node produced (kept after freeing, for messages).
    let shape: [Int]
    let dtype: DType

    // Backward scratch.
    var cotangent: NDArray?
    var mark = 0

    /// An operator node.
    init(level: Int, op: any DifferentiableOperator, inputs: [NDArray], output: NDArray) {
        self.op = op
        self.inputs = inputs
        parents = inputs.map { input in
            guard let l = input.layer(at: level), !l.isTangent else { return nil }
            return l.asNode
        }
        self.output = output
        gradReq = .write
        shape = output.shape
        dtype = output.dtype
        super.init(level: level, next: output.ad, isTangent: false)
        Node.live.add(1, ordering: .relaxed)
    }

    /// A leaf variable for `value` (whose lower layers become this node's `next`).
    init(leafLevel level: Int, value: NDArray, gradReq: GradReq, next: ADLayer?) {
        op = nil
        inputs = []
        parents = []
        self.gradReq = gradReq
        shape = value.shape
        dtype = value.dtype
        super.init(level: level, next: next, isTangent: false)
        Node.live.add(1, ordering: .relaxed)
    }

    var isLeaf: Bool { op == nil }

    /// Drops the saved values and edges (after a backward pass without `retainGraph`).
    func free() {
        guard !isLeaf else { return }
        inputs = []
        parents = []
        output = nil
        freed = true
    }

    deinit {
        Node.live.subtract(1, ordering: .relaxed)
        // Release the chain above iteratively: take the parents that only we hold, empty
        // them, and let them go one by one, so no deinit recurses into another.
        var pending = parents.compactMap { $0 }
        inputs = []
        parents = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.parents.compactMap { $0 })
                node.inputs = []
                node.parents = []
                node.output = nil
            }
        }
    }

    /// Nodes alive in the process (all threads).
    static let live = Atomic<Int>(0)
}

/// What backward does with a variable's gradient (MXNet's `grad_req`).
public enum GradReq: String, Sendable, CaseIterable, Codable {
    /// Overwrite the gradient with each backward pass (the default).
    case write
    /// Add each backward pass's gradient to the buffer.
    case add
    /// Keep no gradient for this variable.
    case null
}
