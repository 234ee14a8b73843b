import Synchronization

/// Elementwise fusion: a chain of elementwise operators over arrays of one shape (and the
/// full sum that ends it, as in `(…).sum()`) becomes one loop over memory.
///
/// The loop runs over blocks of ``block`` elements: each operator of the chain is one step
/// over the block (its specialized ``UnaryElementwiseOperator/valueBlock(_:_:_:)`` or a
/// vectorized transcendental kernel) writing a small temporary that stays in cache; only
/// values needed outside the chain (by another step, a guard or a result) are written to
/// memory, into preallocated buffers. Blocks are split across cores as the eager kernels
/// are. Operands are arrays of the chain's shape or one-element values (broadcast).
///
/// A fused full sum adds blocks in order within each core's chunk and the chunks in order:
/// another association than the eager sum's, so the two agree to rounding (a relative
/// difference of about `n·ε` in the worst case, far less in practice).
enum Fusion {
    /// Arrays smaller than this run as one step per instruction (the loop's setup costs more).
    static let minimumCount = 4096
    /// Elements per block.
    static let block = 512

    private struct Group {
        var shape: [Int]
        var dtype: DType
        var members: [Int] = []
    }

    static func run(_ program: Program) -> ArrayPlan {
        var uses = [Int](repeating: 0, count: program.values.count)
        for instruction in program.instructions { for id in instruction.inputs { uses[id] += 1 } }
        var external = Set(program.outputs)
        external.formUnion(program.guardedValues)

        var steps: [ArrayPlan.Step] = []
        var definedBy: [Int: Int] = [:]
        var buffers: [(DType, Int)] = []
        var groups: [Group] = []
        var open: [Int] = []
        var groupOf: [Int: Int] = [:]
        // A fused sum's value exists only once its loop ran: a reader closes the loop.
        var sums = Set<Int>()

        func close(_ g: Int) {
            guard let at = open.firstIndex(of: g) else { return }
            open.remove(at: at)
            let group = groups[g]
            let members = Set(group.members.map { program.instructions[$0].output })
            var usedInside: [Int: Int] = [:]
            for k in group.members { for id in program.instructions[k].inputs where members.contains(id) { usedInside[id, default: 0] += 1 } }
            let materialized = group.members.map { k -> Bool in
                let out = program.instructions[k].output
                return external.contains(out) || uses[out] > usedInside[out, default: 0] || program.values[out].shape.reduce(1, *) == 1
            }
            let step: ArrayPlan.Run
            switch group.dtype {
            case .float64: step = FusedLoop<Double>(program, group.members, materialized, &buffers).run
            case .float32: step = FusedLoop<Float>(program, group.members, materialized, &buffers).run
            }
            steps.append(ArrayPlan.Step(run: step))
            for (k, isMaterialized) in zip(group.members, materialized) where isMaterialized {
                definedBy[program.instructions[k].output] = steps.count - 1
            }
        }

        for (k, instruction) in program.instructions.enumerated() {
            if let (shape, dtype) = fusable(instruction, program, groupOf: groupOf, groups: groups, open: open) {
                for id in instruction.inputs {
                    if let g = groupOf[id], open.contains(g), groups[g].shape != shape || groups[g].dtype != dtype || sums.contains(id) { close(g) }
                }
                let g: Int
                if let existing = open.first(where: { groups[$0].shape == shape && groups[$0].dtype == dtype }) {
                    g = existing
                } else {
                    groups.append(Group(shape: shape, dtype: dtype))
                    g = groups.count - 1
                    open.append(g)
                }
                groups[g].members.append(k)
                groupOf[instruction.output] = g
                if instruction.op is Sum { sums.insert(instruction.output) }
            } else {
                for id in instruction.inputs { if let g = groupOf[id] { close(g) } }
                steps.append(ArrayPlan.Step(run: ArrayPlan.primalStep(instruction.op, instruction.inputs, instruction.output)))
                definedBy[instruction.output] = steps.count - 1
            }
        }
        for g in open { close(g) }
        return ArrayPlan(program, steps: steps, definedBy: definedBy, buffers: buffers)
    }

    /// The iteration shape and dtype if `instruction` can join a fused loop.
    private static func fusable(_ instruction: Program.Instruction, _ program: Program, groupOf: [Int: Int], groups: [Group], open: [Int]) -> ([Int], DType)? {
        let out = program.values[instruction.output]
        if instruction.op is Sum, out.shape.reduce(1, *) == 1 {
            // A full sum of a value of an open loop ends that loop.
            let input = instruction.inputs[0]
            guard let g = groupOf[input], open.contains(g), program.values[input].dtype == out.dtype else { return nil }
            return (groups[g].shape, groups[g].dtype)
        }
        if let scatter = instruction.op as? SliceScatter {
            // The transpose of a 1-D slice (a backward pass through `x[1...]`): read as the
            // input padded with zeros, never written as an array of its own.
            let input = program.values[instruction.inputs[0]]
            guard scatter.shape.count == 1, scatter.spec.ranges.count == 1, scatter.spec.ranges[0].step == 1,
                  input.shape.reduce(1, *) == scatter.spec.ranges[0].count, input.dtype == out.dtype,
                  input.shape != out.shape, out.shape.reduce(1, *) >= minimumCount else { return nil }
            return (out.shape, out.dtype)
        }
        guard FusedOp.isElementwise(instruction.op), out.shape.reduce(1, *) >= minimumCount else { return nil }
        for id in instruction.inputs {
            let v = program.values[id]
            guard v.dtype == out.dtype, v.shape == out.shape || v.shape.reduce(1, *) == 1 else { return nil }
        }
        return (out.shape, out.dtype)
    }
}

/// One operator of a fused loop, on slots (the loop's inputs first, then its members).
struct FusedOp: Sendable {
    enum Code: Sendable { case add, subtract, multiply, divide, negate, square, unary, binary, sum, pad }
    var code: Code
    var a: Int
    var b: Int
    /// The function index (unary, binary), or where a padded input starts (pad).
    var function: Int = 0
    /// The padded input's length (pad).
    var length: Int = 0

    static func isElementwise(_ op: any DifferentiableOperator) -> Bool {
        op is Add || op is Subtract || op is any UnaryElementwiseOperator || op is any BinaryElementwiseOperator
    }
}

/// A fused loop over one shape in element type `T`.
final class FusedLoop<T: BlockScalar>: Sendable {
    let count: Int
    /// Value ids of the loop's inputs (slots `0 ..< inputs.count`).
    let inputs: [Int]
    let ops: [FusedOp]
    /// Input slots read padded (kept as arrays even when broadcast).
    let padded: Set<Int>
    /// For each member: its value id, shape, and the workspace buffer it is written to (`nil`: a temporary).
    let outputs: [(id: Int, shape: [Int], buffer: Int?)]
    let unary: [@Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void]
    let binary: [@Sendable (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void]

    init(_ program: Program, _ members: [Int], _ materialized: [Bool], _ buffers: inout [(DType, Int)]) {
        var slot: [Int: Int] = [:]
        var inputs: [Int] = []
        let memberIDs = Set(members.map { program.instructions[$0].output })
        for k in members {
            for id in program.instructions[k].inputs where !memberIDs.contains(id) && slot[id] == nil {
                slot[id] = inputs.count
                inputs.append(id)
            }
        }
        var ops: [FusedOp] = [], outputs: [(id: Int, shape: [Int], buffer: Int?)] = []
        var unary: [@Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void] = []
        var binary: [@Sendable (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void] = []
        var shape: [Int] = []
        for (j, k) in members.enumerated() {
            let instruction = program.instructions[k]
            let a = slot[instruction.inputs[0]]!, b = instruction.inputs.count > 1 ? slot[instruction.inputs[1]]! : 0
            var op = FusedOp(code: .add, a: a, b: b)
            switch instruction.op {
            case is Sum: op.code = .sum
            case let scatter as SliceScatter:
                op.code = .pad
                op.function = scatter.spec.ranges[0].start
                op.length = scatter.spec.ranges[0].count
            case is Add: op.code = .add
            case is Subtract: op.code = .subtract
            case is Multiply: op.code = .multiply
            case is Divide: op.code = .divide
            case is Negate: op.code = .negate
            case is Square: op.code = .square
            case let u as any UnaryElementwiseOperator:
                op.code = .unary
                op.function = unary.count
                unary.append(T.unaryBlock(u))
            case let f as any BinaryElementwiseOperator:
                op.code = .binary
                op.function = binary.count
                binary.append(T.binaryBlock(f))
            default: preconditionFailure("fusion: \(instruction.op) is not elementwise")
            }
            ops.append(op)
            let value = program.values[instruction.output]
            if op.code != .sum { shape = value.shape }
            var buffer: Int?
            if materialized[j] && op.code != .sum {
                buffers.append((value.dtype, value.shape.reduce(1, *)))
                buffer = buffers.count - 1
            }
            outputs.append((instruction.output, value.shape, buffer))
            slot[instruction.output] = inputs.count + j
        }
        count = shape.reduce(1, *)
        padded = Set(ops.filter { $0.code == .pad }.map(\.a))
        self.inputs = inputs
        self.ops = ops
        self.outputs = outputs
        self.unary = unary
        self.binary = binary
    }

    func run(_ values: inout [NDArray?], _ workspace: Workspace) {
        let n = count, block = Fusion.block, slots = inputs.count + ops.count
        // Inputs: contiguous arrays of the loop's shape, or one value broadcast.
        var keep: [NDArray] = []
        var sources: [UnsafePointer<T>?] = []
        var scalars: [T] = []
        for (slot, id) in inputs.enumerated() {
            var x = values[id]!
            if x.count == 1 || (x.strides.allSatisfy({ $0 == 0 }) && !padded.contains(slot)) {
                sources.append(nil)
                scalars.append(x.storage.pointer(as: T.self)[x.offset])
                continue
            }
            if !x.isContiguous { x = x.contiguous() }
            keep.append(x)
            sources.append(UnsafePointer(x.storage.pointer(as: T.self) + x.offset))
            scalars.append(0)
        }
        let destinations: [UnsafeMutablePointer<T>?] = outputs.map { $0.buffer.map { workspace.storages[$0].pointer(as: T.self) } }
        let sums = Mutex<[(Int, [Double])]>([])
        let sumCount = ops.filter { $0.code == .sum }.count
        withExtendedLifetime(keep) {
            Kernels.parallelChunks(count: n, grain: block) { range in
                let temporaries = UnsafeMutablePointer<T>.allocate(capacity: slots * block)
                defer { temporaries.deallocate() }
                let pointers = UnsafeMutablePointer<UnsafePointer<T>>.allocate(capacity: slots)
                defer { pointers.deallocate() }
                for (i, source) in sources.enumerated() where source == nil {
                    (temporaries + i * block).update(repeating: scalars[i], count: block)
                }
                var partial = [Double](repeating: 0, count: sumCount)
                var base = range.lowerBound
                while base < range.upperBound {
                    let m = Swift.min(block, range.upperBound - base)
                    for i in 0 ..< inputs.count {
                        pointers[i] = sources[i].map { $0 + base } ?? UnsafePointer(temporaries + i * block)
                    }
                    var s = 0
                    for (j, op) in ops.enumerated() {
                        let slot = inputs.count + j
                        let y = destinations[j].map { $0 + base } ?? (temporaries + slot * block)
                        let a = pointers[op.a], b = pointers[op.b]
                        switch op.code {
                        case .add: for i in 0 ..< m { y[i] = a[i] + b[i] }
                        case .subtract: for i in 0 ..< m { y[i] = a[i] - b[i] }
                        case .multiply: for i in 0 ..< m { y[i] = a[i] * b[i] }
                        case .divide: for i in 0 ..< m { y[i] = a[i] / b[i] }
                        case .negate: for i in 0 ..< m { y[i] = -a[i] }
                        case .square: for i in 0 ..< m { y[i] = a[i] * a[i] }
                        case .unary: unary[op.function](a, y, m)
                        case .binary: binary[op.function](a, b, y, m)
                        case .pad:
                            // y = the input placed at [start, start + length), zeros elsewhere.
                            let source = sources[op.a] ?? UnsafePointer(temporaries + op.a * block)
                            let low = Swift.max(base, op.function), high = Swift.min(base + m, op.function + op.length)
                            if low >= high {
                                y.update(repeating: 0, count: m)
                            } else {
                                y.update(repeating: 0, count: low - base)
                                (y + (low - base)).update(from: source + (low - op.function), count: high - low)
                                (y + (high - base)).update(repeating: 0, count: base + m - high)
                            }
                        case .sum:
                            var total = 0.0
                            for i in 0 ..< m { total += Double(a[i]) }
                            partial[s] += total
                            s += 1
                        }
                        pointers[slot] = UnsafePointer(y)
                    }
                    base += m
                }
                if sumCount > 0 { sums.withLock { $0.append((range.lowerBound, partial)) } }
            }
        }
        let totals = sums.withLock { $0.sorted { $0.0 < $1.0 } }
        var s = 0
        for (j, output) in outputs.enumerated() {
            if ops[j].code == .sum {
                let total = totals.reduce(0.0) { $0 + $1.1[s] }
                s += 1
                values[output.id] = NDArray(values: [total], shape: output.shape, dtype: T.dtype)
            } else if let buffer = output.buffer {
                values[output.id] = NDArray(storage: workspace.storages[buffer], shape: output.shape)
            }
        }
    }
}
