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
    var parents: Parents
    /// The output's values (and lower-level state), without this node.
    var output: NDArray?
    /// For an operator that adds its transpose into a parent's cotangent in place
    /// (``AccumulatingTranspose``: slices, `take`, `scatter_add`), that operation, bound to
    /// the operator: backward calls it without a cast, and other nodes pay one null pointer.
    let addTranspose: TransposeAdder?
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
    init<Op: DifferentiableOperator>(level: Int, op: Op, inputs: [NDArray], output: NDArray) {
        self.op = op
        // A cast on the generic parameter: resolved when dispatch is specialized, not at run time.
        addTranspose = (op as? any AccumulatingTranspose)?.transposeAdder
        isLeaf = false
        self.inputs = inputs
        parents = Parents(inputs, level: level)
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
        addTranspose = nil
        isLeaf = true
        inputs = []
        parents = Parents()
        self.gradReq = gradReq
        shape = value.shape
        dtype = value.dtype
        super.init(level: level, next: next, isTangent: false)
        Node.live.add(1, ordering: .relaxed)
    }

    /// Whether this is a leaf (`op == nil`), as a plain flag: backward checks it at every node.
    let isLeaf: Bool

    /// Drops the saved values and edges (after a backward pass without `retainGraph`).
    func free() {
        guard !isLeaf else { return }
        inputs = []
        parents = Parents()
        output = nil
        freed = true
    }

    deinit {
        Node.live.subtract(1, ordering: .relaxed)
        // Release the chain above iteratively: take the parents that only we hold, empty
        // them, and let them go one by one, so no deinit recurses into another.
        if parents.isEmpty { return }
        var pending: [Node] = []
        for case let parent? in parents { pending.append(parent) }
        inputs = []
        parents = Parents()
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                for case let parent? in node.parents { pending.append(parent) }
                node.inputs = []
                node.parents = Parents()
                node.output = nil
            }
        }
    }

    /// Nodes alive in the process (all threads).
    static let live = Atomic<Int>(0)
}

/// A node's parents (each input's node at the node's level, `nil` for constants), the first
/// two stored inline: most operators have one or two inputs, so recording allocates no array.
struct Parents: RandomAccessCollection {
    private var first: Node?
    private var second: Node?
    private var rest: [Node?] = []
    let count: Int

    /// No parents (a leaf, or a freed node).
    init() { count = 0 }

    /// The nodes of `level` that `inputs` carry.
    init(_ inputs: [NDArray], level: Int) {
        count = inputs.count
        for i in 0 ..< count {
            var node: Node?
            var layer = inputs[i].ad
            while let l = layer, l.level >= level {
                if l.level == level { node = l.isTangent ? nil : l.asNode; break }
                layer = l.next
            }
            switch i {
            case 0: first = node
            case 1: second = node
            default: rest.append(node)
            }
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(i: Int) -> Node? { i == 0 ? first : i == 1 ? second : rest[i - 2] }

    /// Which inputs have a parent (the `needed` flags of a VJP rule), without allocating for up to two.
    var present: [Bool] {
        switch (count, first != nil, second != nil) {
        case (1, true, _): return Self.one
        case (2, true, true): return Self.both
        case (2, true, false): return Self.firstOnly
        case (2, false, true): return Self.secondOnly
        default: return map { $0 != nil }
        }
    }

    private static let one = [true], both = [true, true], firstOnly = [true, false], secondOnly = [false, true]
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
