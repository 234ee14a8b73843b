/// Elementwise fusion: a chain of elementwise operators over arrays of one shape (and the
/// full sum that ends it, as in `(…).sum()`) becomes one loop over memory.
///
/// The loop runs over blocks of ``block`` elements: each operator of the chain is one step
/// over the block (its specialized ``UnaryElementwiseOperator/valueBlock(_:_:_:)`` or a
/// vectorized transcendental kernel) writing a small temporary that stays in cache; only
/// values needed outside the chain (by another step, a guard or a result) are written to
/// memory, into preallocated buffers assigned by liveness (``BufferAssignment``). Blocks are
/// split across cores as the eager kernels are. Operands are arrays of the chain's shape or
/// one-element values (broadcast).
///
/// The transposes of 1-D slices of a chain's values (the backward pass of `x[..<n-1]` and
/// `x[1...]`) and the elementwise operators after them join the chain's loop as its outer
/// stage (see ``FusedLoop``) when their starts differ by at most ``maximumHalo``.
///
/// A fused full sum adds each block in four interleaved lanes (as the eager sum's blocks),
/// the blocks in order within each core's chunk and the chunks in order: another association
/// than the eager sum's, so the two agree to rounding (a relative difference of about `n·ε`
/// in the worst case, far less in practice).
enum Fusion {
    /// Arrays smaller than this run as one step per instruction (the loop's setup costs more).
    static let minimumCount = 4096
    /// Elements per block.
    static let block = 512
    /// The widest spread of slice-transpose starts one two-stage loop recomputes as a halo
    /// (its blocks are shorter by the halo rounded up to 16 elements).
    static let maximumHalo = 64

    /// The instructions of one fused loop.
    struct Group {
        /// The inner stage's shape and the dtype.
        var shape: [Int]
        var dtype: DType
        /// The outer stage's shape, once a slice transpose of an inner member joined.
        var outer: [Int]?
        /// The smallest and largest start of the slice transposes.
        var low = 0, high = 0
        /// Instruction indices, in program order.
        var members: [Int] = []
        /// The members of the outer stage.
        var outerMembers: Set<Int> = []

        /// Members as the loop runs them: the inner stage first (program order within each).
        var orderedMembers: [Int] { members.filter { !outerMembers.contains($0) } + members.filter { outerMembers.contains($0) } }
        var innerCount: Int { shape.reduce(1, *) }
        var outerCount: Int { (outer ?? shape).reduce(1, *) }
    }

    /// One replay step before buffers are assigned.
    enum Planned {
        /// A fused loop and which of its members (in `members` order) are written to memory.
        case fused(Group, materialized: [Bool])
        /// One instruction, by index.
        case single(Int)
    }

    /// The array plan of `program`: its fused loops and single steps, buffers assigned by
    /// liveness (or, with `reuse: false`, one buffer per materialized value, for comparison).
    static func run(_ program: Program, reuse: Bool = true) -> ArrayPlan {
        let planned = plan(program)
        let assignment = BufferAssignment(program, planned, reuse: reuse)
        var steps: [ArrayPlan.Step] = []
        var definedBy: [Int: Int] = [:]
        for item in planned {
            switch item {
            case .single(let k):
                let instruction = program.instructions[k]
                if let buffer = assignment.bufferOf[instruction.output] {
                    let shape = program.values[instruction.output].shape
                    let a = instruction.inputs[0], b = instruction.inputs[1], output = instruction.output
                    steps.append(ArrayPlan.Step(run: { v, workspace in
                        v[output] = Kernels.matmul2D(v[a]!, v[b]!, into: workspace.storages[buffer], shape: shape)
                    }))
                } else {
                    let step = ArrayPlan.primalStep(instruction.op, instruction.inputs, instruction.output)
                    if let held = assignment.unshare[instruction.output] {
                        // The buffers of `held` may be reused while the result lives: it must not share their memory.
                        let output = instruction.output
                        steps.append(ArrayPlan.Step(run: { v, workspace in
                            step(&v, workspace)
                            let y = v[output]!
                            if held.contains(where: { v[$0]!.storage.buffer === y.storage.buffer }) { v[output] = Kernels.copy(y) }
                        }))
                    } else {
                        steps.append(ArrayPlan.Step(run: step))
                    }
                }
                definedBy[instruction.output] = steps.count - 1
            case .fused(let group, let materialized):
                let step: ArrayPlan.Run
                switch group.dtype {
                case .float64: step = FusedLoop<Double>(program, group, materialized, assignment.bufferOf).run
                case .float32: step = FusedLoop<Float>(program, group, materialized, assignment.bufferOf).run
                }
                steps.append(ArrayPlan.Step(run: step))
                for (k, isMaterialized) in zip(group.members, materialized) where isMaterialized {
                    definedBy[program.instructions[k].output] = steps.count - 1
                }
            }
        }
        return ArrayPlan(program, steps: steps, definedBy: definedBy, assignment: assignment,
                         bytesMoved: planned.reduce(0) { $0 + bytesMoved($1, program) }, listing: listing(planned, program, assignment))
    }

    /// Whether instruction `k` runs as a matrix product written into a replay buffer.
    static func writesIntoBuffer(_ instruction: Program.Instruction, _ program: Program) -> Bool {
        instruction.op is MatMul && instruction.inputs.allSatisfy { program.values[$0].shape.count == 2 }
    }

    /// The steps: instructions grouped into fused loops, the others one step each.
    static func plan(_ program: Program) -> [Planned] {
        var uses = [Int](repeating: 0, count: program.values.count)
        for instruction in program.instructions { for id in instruction.inputs { uses[id] += 1 } }
        var external = Set(program.outputs)
        external.formUnion(program.guardedValues)

        var planned: [Planned] = []
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
            planned.append(.fused(group, materialized: materialized))
        }

        for (k, instruction) in program.instructions.enumerated() {
            if let (target, outer) = join(instruction, program, groupOf: groupOf, groups: groups, open: open, sums: sums) {
                let out = program.values[instruction.output]
                let shape = outer ? nil : (target.map { groups[$0].shape } ?? out.shape)
                for id in instruction.inputs {
                    if let g = groupOf[id], open.contains(g), g != target || sums.contains(id) { close(g) }
                }
                let g: Int
                if let target {
                    g = target
                } else {
                    groups.append(Group(shape: shape ?? out.shape, dtype: out.dtype))
                    g = groups.count - 1
                    open.append(g)
                }
                if outer {
                    groups[g].outerMembers.insert(k)
                    if let scatter = instruction.op as? SliceScatter, groupOf[instruction.inputs[0]] == g {
                        let start = scatter.spec.ranges[0].start
                        if groups[g].outer == nil { (groups[g].low, groups[g].high) = (start, start) }
                        groups[g].outer = out.shape
                        groups[g].low = Swift.min(groups[g].low, start)
                        groups[g].high = Swift.max(groups[g].high, start)
                    }
                }
                groups[g].members.append(k)
                groupOf[instruction.output] = g
                if instruction.op is Sum { sums.insert(instruction.output) }
            } else {
                for id in instruction.inputs { if let g = groupOf[id] { close(g) } }
                planned.append(.single(k))
            }
        }
        for g in open { close(g) }
        return planned
    }

    /// Where `instruction` joins: an open group (`nil`: a new one) and whether in its outer
    /// stage; `nil` when it cannot be fused.
    private static func join(_ instruction: Program.Instruction, _ program: Program, groupOf: [Int: Int], groups: [Group],
                             open: [Int], sums: Set<Int>) -> (group: Int?, outer: Bool)? {
        let out = program.values[instruction.output]
        // A loop whose sum this instruction reads must end before it: it cannot take it.
        let blocked = Set(instruction.inputs.filter { sums.contains($0) }.compactMap { groupOf[$0] })
        func openGroup(_ id: Int) -> Int? { groupOf[id].flatMap { open.contains($0) && !blocked.contains($0) ? $0 : nil } }
        if instruction.op is Sum, out.shape.reduce(1, *) == 1 {
            // A full sum of an array value of an open loop ends that loop.
            let input = instruction.inputs[0]
            guard let g = openGroup(input), !sums.contains(input), program.values[input].dtype == out.dtype else { return nil }
            let shape = program.values[input].shape
            if shape == groups[g].shape, !groups[g].outerMembers.contains(where: { program.instructions[$0].output == input }) { return (g, false) }
            if shape == groups[g].outer { return (g, true) }
            return nil
        }
        if let scatter = instruction.op as? SliceScatter {
            // The transpose of a 1-D slice (a backward pass through `x[1...]`): read as the
            // input padded with zeros, never written as an array of its own.
            let input = program.values[instruction.inputs[0]]
            guard scatter.shape.count == 1, scatter.spec.ranges.count == 1, scatter.spec.ranges[0].step == 1,
                  input.shape.reduce(1, *) == scatter.spec.ranges[0].count, input.dtype == out.dtype,
                  input.shape != out.shape, out.shape.reduce(1, *) >= minimumCount else { return nil }
            let start = scatter.spec.ranges[0].start
            if let g = openGroup(instruction.inputs[0]), !sums.contains(instruction.inputs[0]), groups[g].shape == input.shape,
               !groups[g].outerMembers.contains(where: { program.instructions[$0].output == instruction.inputs[0] }),
               groups[g].outer == nil || groups[g].outer == out.shape,
               groups[g].outer == nil || Swift.max(groups[g].high, start) - Swift.min(groups[g].low, start) <= maximumHalo {
                return (g, true)
            }
            return (open.first { !blocked.contains($0) && groups[$0].outer == out.shape && groups[$0].dtype == out.dtype }.map { ($0, true) }) ?? (nil, false)
        }
        guard FusedOp.isElementwise(instruction.op), out.shape.reduce(1, *) >= minimumCount else { return nil }
        for id in instruction.inputs {
            let v = program.values[id]
            guard v.dtype == out.dtype, v.shape == out.shape || v.shape.reduce(1, *) == 1 else { return nil }
        }
        // Prefer the loop holding an input; else any open loop of this shape.
        let candidates = instruction.inputs.compactMap(openGroup) + open
        for g in candidates where groups[g].dtype == out.dtype && !blocked.contains(g) {
            if groups[g].outer == out.shape { return (g, true) }
            if groups[g].shape == out.shape { return (g, false) }
        }
        return (nil, false)
    }

    /// The bytes a step reads and writes at least once (arrays other than one-element
    /// values; views and reshapes move none).
    static func bytesMoved(_ item: Planned, _ program: Program) -> Int {
        func bytes(_ id: Int) -> Int {
            let v = program.values[id]
            let n = v.shape.reduce(1, *)
            return n == 1 ? 0 : n * v.dtype.byteCount
        }
        switch item {
        case .single(let k):
            let instruction = program.instructions[k]
            if instruction.op is Slice || instruction.op is Reshape || instruction.op is Transpose || instruction.op is BroadcastTo { return 0 }
            return instruction.inputs.reduce(bytes(instruction.output)) { $0 + bytes($1) }
        case .fused(let group, let materialized):
            let members = Set(group.members.map { program.instructions[$0].output })
            var read = Set<Int>()
            for k in group.members { for id in program.instructions[k].inputs where !members.contains(id) { read.insert(id) } }
            let written = zip(group.members, materialized).filter { $0.1 }.map { program.instructions[$0.0].output }
            return read.reduce(0) { $0 + bytes($1) } + written.reduce(0) { $0 + bytes($1) }
        }
    }

    /// One line per step: what it computes, its buffers and bytes moved.
    static func listing(_ planned: [Planned], _ program: Program, _ assignment: BufferAssignment) -> String {
        planned.enumerated().map { s, item in
            let text: String
            switch item {
            case .single(let k):
                let i = program.instructions[k]
                text = "%\(i.output) = \(i.op)(\(i.inputs.map { "%\($0)" }.joined(separator: ", ")))"
                    + (assignment.bufferOf[i.output].map { " → buffer \($0)" } ?? "")
            case .fused(let group, let materialized):
                let written = zip(group.members, materialized).filter { $0.1 }.map { program.instructions[$0.0].output }
                text = "loop over \(Shape.describe(group.outer ?? group.shape))" + (group.outer == nil ? "" : " (inner \(Shape.describe(group.shape)), halo \(group.high - group.low))")
                    + ": \(group.members.count) ops; writes " + written.map { id in "%\(id)" + (assignment.bufferOf[id].map { "→\($0)" } ?? "") }.joined(separator: ", ")
            }
            return "\(s): \(text); \(bytesMoved(item, program)) bytes"
        }.joined(separator: "\n")
    }
}
