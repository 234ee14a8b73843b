import CVectorMath
import Synchronization

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
    /// Whether the operator runs over the loop's outer positions (after the slice transposes
    /// of a two-stage loop) rather than the inner ones.
    var outer = false

    static func isElementwise(_ op: any DifferentiableOperator) -> Bool {
        op is Add || op is Subtract || op is any UnaryElementwiseOperator || op is any BinaryElementwiseOperator
    }
}

/// A fused loop in element type `T`, in one or two stages.
///
/// One stage: every member has the loop's shape (`count` elements, or one for a full sum).
/// Two stages (the gradient of a function of overlapping slices, `x[..<n-1]` and `x[1...]`):
/// the inner members have `inner` elements, the slice transposes place them at starts in
/// `low ... high` of the `count` outer positions, and the outer members combine them. Each
/// block of outer positions `[p, p + m)` computes the inner members over the indices the
/// transposes read, `[p - high, p + m - low)` (a halo of `high - low` elements recomputed
/// by the neighbouring block, as stencil codes do), so no inner value goes through memory.
/// Inner index `j` belongs to the block holding outer position `j + low`: only there is it
/// summed or written to a buffer, so every value is written once, by one thread.
final class FusedLoop<T: BlockScalar>: Sendable {
    /// Outer positions (the loop's shape's element count).
    let count: Int
    /// Inner elements (`count` in a one-stage loop).
    let inner: Int
    /// The smallest and largest start of a slice transpose (0 in a one-stage loop).
    let low: Int, high: Int
    /// Value ids of the loop's inputs (slots `0 ..< inputs.count`).
    let inputs: [Int]
    /// Whether each input is read at outer positions (else inner ones).
    let inputIsOuter: [Bool]
    /// The operators, inner ones first.
    let ops: [FusedOp]
    /// Input slots read padded (kept as arrays even when broadcast).
    let padded: Set<Int>
    /// For each operator: its value id, shape, and the workspace buffer it is written to (`nil`: a temporary).
    let outputs: [(id: Int, shape: [Int], buffer: Int?)]
    let unary: [@Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void]
    let binary: [@Sendable (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void]
    /// For each operator, the block temporary it writes (after the inputs' ones), if any:
    /// temporaries are reused by liveness within the block, so the loop's working set stays
    /// in the first-level cache however long the chain.
    let temporary: [Int?]
    /// Block temporaries: one per input (for a broadcast value), then the operators' ones.
    let temporaryCount: Int

    /// The loop of `group`, whose members in `materialized` are written to the buffers of `bufferOf`.
    init(_ program: Program, _ group: Fusion.Group, _ materialized: [Bool], _ bufferOf: [Int: Int]) {
        let members = group.orderedMembers
        var slot: [Int: Int] = [:]
        var inputs: [Int] = []
        var inputIsOuter: [Bool] = []
        let memberIDs = Set(members.map { program.instructions[$0].output })
        for k in members {
            for id in program.instructions[k].inputs where !memberIDs.contains(id) && slot[id] == nil {
                slot[id] = inputs.count
                inputs.append(id)
                inputIsOuter.append(group.outerMembers.contains(k))
            }
        }
        var ops: [FusedOp] = [], outputs: [(id: Int, shape: [Int], buffer: Int?)] = []
        var unary: [@Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void] = []
        var binary: [@Sendable (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void] = []
        let byInstruction = Dictionary(uniqueKeysWithValues: zip(group.members, materialized))
        for (j, k) in members.enumerated() {
            let instruction = program.instructions[k]
            let a = slot[instruction.inputs[0]]!, b = instruction.inputs.count > 1 ? slot[instruction.inputs[1]]! : 0
            var op = FusedOp(code: .add, a: a, b: b, outer: group.outerMembers.contains(k))
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
            let buffer = byInstruction[k]! && op.code != .sum ? bufferOf[instruction.output] : nil
            outputs.append((instruction.output, value.shape, buffer))
            slot[instruction.output] = inputs.count + j
        }
        count = group.outerCount
        inner = group.innerCount
        low = group.low
        high = group.high
        // Block temporaries by liveness: an operator's temporary is free once its last reader
        // ran; an elementwise operator may write over its own dying operand (not a slice
        // transpose, which reads shifted).
        let halo = high > low
        var lastReader: [Int: Int] = [:]
        for (j, op) in ops.enumerated() {
            for operand in Self.operands(op) where operand >= inputs.count { lastReader[operand] = j }
        }
        var temporary = [Int?](repeating: nil, count: ops.count), free: [Int] = [], used = 0
        for (j, op) in ops.enumerated() {
            var dying: [Int] = []
            for operand in Set(Self.operands(op)) where operand >= inputs.count && lastReader[operand] == j {
                if let t = temporary[operand - inputs.count] { dying.append(t) }
            }
            if op.code != .pad { free.append(contentsOf: dying) }
            let direct = (op.outer || !halo) && outputs[j].buffer != nil
            if op.code != .sum && !direct {
                let t: Int
                if let reused = free.popLast() { t = reused } else { t = used; used += 1 }
                temporary[j] = t
                if lastReader[inputs.count + j] == nil { free.append(t) }
            }
            if op.code == .pad { free.append(contentsOf: dying) }
        }
        self.temporary = temporary
        temporaryCount = inputs.count + used
        padded = Set(ops.filter { $0.code == .pad && $0.a < inputs.count }.map(\.a))
        self.inputs = inputs
        self.inputIsOuter = inputIsOuter
        self.ops = ops
        self.outputs = outputs
        self.unary = unary
        self.binary = binary
    }

    /// The slots an operator reads.
    static func operands(_ op: FusedOp) -> [Int] {
        switch op.code {
        case .add, .subtract, .multiply, .divide, .binary: return [op.a, op.b]
        case .negate, .square, .unary, .sum, .pad: return [op.a]
        }
    }

    func run(_ values: inout [NDArray?], _ workspace: Workspace) {
        // A loop with a halo takes shorter blocks, so that block and halo fit the same
        // temporaries: they stay 4 KB apart (Float64), where a load never falsely waits for
        // a store to another temporary (4K aliasing: 513-element temporaries cost W7 a quarter).
        let halo = high - low, width = Fusion.block, slots = temporaryCount
        let block = halo == 0 ? Fusion.block : Fusion.block - (halo + 15) / 16 * 16
        let n = count
        let inner = inner, low = low, high = high
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
                // Page-aligned, so that where the temporaries fall against the arrays the loop
                // reads (and so whether loads falsely wait on stores) is the same in every process.
                let raw = UnsafeMutableRawPointer.allocate(byteCount: slots * width * MemoryLayout<T>.stride, alignment: 4096)
                defer { raw.deallocate() }
                let temporaries = raw.bindMemory(to: T.self, capacity: slots * width)
                let pointers = UnsafeMutablePointer<UnsafePointer<T>>.allocate(capacity: inputs.count + ops.count)
                defer { pointers.deallocate() }
                for (i, source) in sources.enumerated() where source == nil {
                    (temporaries + i * width).update(repeating: scalars[i], count: width)
                }
                var partial = [Double](repeating: 0, count: sumCount)
                var base = range.lowerBound
                while base < range.upperBound {
                    let m = Swift.min(block, range.upperBound - base)
                    // Inner indices computed [first, first + computed) and owned [owned, ownedEnd).
                    let first = Swift.max(0, base - high), last = Swift.min(inner, base + m - low)
                    let computed = Swift.max(0, last - first)
                    let owned = Swift.max(0, base - low) - first, ownedEnd = Swift.max(owned, last - first)
                    for i in 0 ..< inputs.count {
                        pointers[i] = sources[i].map { $0 + (inputIsOuter[i] ? base : first) } ?? UnsafePointer(temporaries + i * width)
                    }
                    var s = 0
                    for (j, op) in ops.enumerated() {
                        let slot = inputs.count + j
                        let count = op.outer ? m : computed
                        // Inner members of a loop with a halo go through temporaries, then their owned part to memory.
                        let direct = op.outer || halo == 0
                        let y = (direct ? destinations[j].map { $0 + (op.outer ? base : first) } : nil)
                            ?? (temporaries + (inputs.count + (temporary[j] ?? 0)) * width)
                        let a = pointers[op.a], b = pointers[op.b]
                        switch op.code {
                        case .add: T.arithmeticBlock(DTBlockAdd, a, b, y, count)
                        case .subtract: T.arithmeticBlock(DTBlockSubtract, a, b, y, count)
                        case .multiply: T.arithmeticBlock(DTBlockMultiply, a, b, y, count)
                        case .divide: T.arithmeticBlock(DTBlockDivide, a, b, y, count)
                        case .negate: T.arithmeticBlock(DTBlockNegate, a, a, y, count)
                        case .square: T.arithmeticBlock(DTBlockSquare, a, a, y, count)
                        case .unary: unary[op.function](a, y, count)
                        case .binary: binary[op.function](a, b, y, count)
                        case .pad:
                            // y = the input placed at [start, start + length), zeros elsewhere: an
                            // input array read whole, or an inner member read over its block.
                            let fromInput = op.a < inputs.count
                            let source = fromInput ? (sources[op.a] ?? UnsafePointer(temporaries + op.a * width)) : a
                            let lo = Swift.max(base, op.function), hi = Swift.min(base + m, op.function + op.length)
                            if lo >= hi {
                                y.update(repeating: 0, count: m)
                            } else {
                                y.update(repeating: 0, count: lo - base)
                                (y + (lo - base)).update(from: source + (lo - op.function - (fromInput ? 0 : first)), count: hi - lo)
                                (y + (hi - base)).update(repeating: 0, count: base + m - hi)
                            }
                        case .sum:
                            // In interleaved lanes, as the eager sum's blocks: one sequential chain of
                            // additions waits on each one's latency.
                            let (from, to) = op.outer ? (0, m) : (owned, ownedEnd)
                            if to > from { partial[s] += Kernels.reduceBlock(UnsafeMutablePointer(mutating: a + from), to - from, .sum) }
                            s += 1
                        }
                        if !direct, op.code != .sum, let destination = destinations[j], ownedEnd > owned {
                            (destination + first + owned).update(from: y + owned, count: ownedEnd - owned)
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
