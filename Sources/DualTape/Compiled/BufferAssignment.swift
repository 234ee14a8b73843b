/// The replay buffers of an array plan, assigned by liveness: a value's buffer is reused by
/// a later step once every reader of the value (and of any view of it) has run, and an
/// elementwise loop may write a member in place over a loop input that dies in that loop.
///
/// A view (a slice, a reshape, a transpose, a broadcast) shares its input's memory, so its
/// result aliases every buffer its input aliases: a buffer is free only when no value that
/// may share it is read again. Any other operator's primal is taken to return new memory;
/// should one return memory it shares with an input held in a buffer, the replay copies it
/// (``unshare``), so that the buffer can be reused. Results and
/// guarded values stay live to their end. In place is allowed only where the loop reads the
/// input at the positions it writes, before writing them: an elementwise read (not a slice
/// transpose's shifted one) of the same stage, by the writing operator or earlier ones, and
/// not in the inner stage of a loop that recomputes a halo (a neighbouring block still reads
/// there). Reuse changes which memory holds a value, never the arithmetic: results are
/// bitwise those of the plan with one buffer per value (`reuse: false`).
struct BufferAssignment: Sendable {
    /// The buffers one call needs (dtype, element count), by index.
    private(set) var buffers: [(DType, Int)] = []
    /// The buffer of each value written into one.
    private(set) var bufferOf: [Int: Int] = [:]
    /// The bytes one buffer per written value would take.
    private(set) var bytesWithoutReuse = 0
    /// How many values are written into buffers.
    private(set) var writtenValues = 0
    /// How many of them are written in place over a dead loop input.
    private(set) var inPlaceWrites = 0
    /// For the result of each step that is neither a view nor written into a buffer: its
    /// inputs that may share a buffer's memory (the replay copies the result if it shares theirs).
    private(set) var unshare: [Int: [Int]] = [:]

    /// Whether `op`'s result is a view of its input's memory.
    static func isView(_ op: any DifferentiableOperator) -> Bool {
        op is Slice || op is Reshape || op is Transpose || op is BroadcastTo
    }

    /// The bytes the buffers take.
    var bytes: Int { buffers.reduce(0) { $0 + $1.1 * $1.0.byteCount } }

    private struct Write {
        let value: Int
        let dtype: DType
        let count: Int
        /// Loop inputs it may overwrite.
        let inPlace: [Int]
    }

    init(_ program: Program, _ planned: [Fusion.Planned], reuse: Bool) {
        var reads: [[Int]] = [], writes: [[Write]] = []
        var views: [(output: Int, inputs: [Int])] = []
        var fresh: [(output: Int, inputs: [Int])] = []
        var definedBy: [Int: Int] = [:]
        for (s, item) in planned.enumerated() {
            switch item {
            case .single(let k):
                let instruction = program.instructions[k]
                reads.append(instruction.inputs)
                definedBy[instruction.output] = s
                if Fusion.writesIntoBuffer(instruction, program) {
                    let v = program.values[instruction.output]
                    writes.append([Write(value: instruction.output, dtype: v.dtype, count: v.shape.reduce(1, *), inPlace: [])])
                } else {
                    writes.append([])
                    if Self.isView(instruction.op) {
                        views.append((instruction.output, instruction.inputs))
                    } else {
                        fresh.append((instruction.output, instruction.inputs))
                    }
                }
            case .fused(let group, let materialized):
                let (loopReads, loopWrites) = Self.loop(program, group, materialized)
                reads.append(loopReads)
                writes.append(loopWrites)
                for w in loopWrites { definedBy[w.value] = s }
                for (k, isMaterialized) in zip(group.members, materialized) where isMaterialized {
                    definedBy[program.instructions[k].output] = s
                }
            }
        }
        // The last step reading each value (a guard reads its values where it is checked).
        var lastUse: [Int: Int] = definedBy
        for (s, ids) in reads.enumerated() { for id in ids { lastUse[id] = Swift.max(lastUse[id] ?? s, s) } }
        for g in program.guards {
            let at = g.valueIDs.compactMap { definedBy[$0] }.max() ?? -1
            for id in g.valueIDs where at >= 0 { lastUse[id] = Swift.max(lastUse[id] ?? at, at) }
        }
        for id in program.outputs { lastUse[id] = Int.max }
        // Which written values each value may share memory with; when each written value's memory is last read.
        var aliases: [Int: Set<Int>] = [:]
        for list in writes { for w in list { aliases[w.value] = [w.value] } }
        // Views come in program order: a view of a view sees its input's aliases already.
        for v in views {
            let shared = v.inputs.reduce(into: Set<Int>()) { $0.formUnion(aliases[$1] ?? []) }
            if !shared.isEmpty { aliases[v.output] = shared }
        }
        for f in fresh {
            let held = f.inputs.filter { !(aliases[$0]?.isEmpty ?? true) }
            if !held.isEmpty { unshare[f.output] = held }
        }
        var end: [Int: Int] = [:]
        for (id, shared) in aliases { for w in shared { end[w] = Swift.max(end[w] ?? 0, lastUse[id] ?? 0) } }

        var busyUntil: [Int] = []
        for (s, list) in writes.enumerated() {
            var claimed = Set<Int>()
            for w in list {
                writtenValues += 1
                bytesWithoutReuse += w.count * w.dtype.byteCount
                var chosen: Int?
                if reuse {
                    // In place: an input whose memory nothing reads after this step, read here only as itself.
                    for u in w.inPlace {
                        guard let b = bufferOf[u], !claimed.contains(b), end[u] == s, buffers[b].0 == w.dtype, buffers[b].1 >= w.count,
                              !reads[s].contains(where: { $0 != u && (aliases[$0]?.contains(u) ?? false) }) else { continue }
                        chosen = b
                        inPlaceWrites += 1
                        break
                    }
                    if chosen == nil {
                        // A free buffer: the smallest that is large enough, else the largest (grown).
                        let free = buffers.indices.filter { busyUntil[$0] < s && !claimed.contains($0) && buffers[$0].0 == w.dtype }
                        chosen = free.filter { buffers[$0].1 >= w.count }.min { buffers[$0].1 < buffers[$1].1 }
                            ?? free.max { buffers[$0].1 < buffers[$1].1 }
                    }
                }
                let b: Int
                if let chosen {
                    b = chosen
                    buffers[b].1 = Swift.max(buffers[b].1, w.count)
                    busyUntil[b] = end[w.value] ?? s
                } else {
                    b = buffers.count
                    buffers.append((w.dtype, w.count))
                    busyUntil.append(end[w.value] ?? s)
                }
                claimed.insert(b)
                bufferOf[w.value] = b
            }
        }
    }

    /// A fused loop's inputs, and its members written to buffers (in the order the loop runs
    /// them) with the inputs each may overwrite.
    private static func loop(_ program: Program, _ group: Fusion.Group, _ materialized: [Bool]) -> ([Int], [Write]) {
        let order = group.orderedMembers
        let members = Set(group.members.map { program.instructions[$0].output })
        let isMaterialized = Dictionary(uniqueKeysWithValues: zip(group.members, materialized))
        // For each input: the positions (in run order) of its readers, and whether any cannot share its memory.
        var readers: [Int: [Int]] = [:]
        var unshareable = Set<Int>()
        var inputs: [Int] = []
        let halo = group.high > group.low
        for (position, k) in order.enumerated() {
            let instruction = program.instructions[k]
            let outer = group.outerMembers.contains(k)
            for id in instruction.inputs where !members.contains(id) {
                if readers[id] == nil { inputs.append(id) }
                readers[id, default: []].append(position)
                if instruction.op is SliceScatter || (!outer && halo) { unshareable.insert(id) }
                if readers[id]!.contains(where: { group.outerMembers.contains(order[$0]) != outer }) { unshareable.insert(id) }
            }
        }
        var writes: [Write] = []
        for (position, k) in order.enumerated() where isMaterialized[k]! && !(program.instructions[k].op is Sum) {
            let instruction = program.instructions[k]
            let v = program.values[instruction.output]
            let outer = group.outerMembers.contains(k)
            let inPlace = inputs.filter { id in
                !unshareable.contains(id) && readers[id]!.allSatisfy { $0 <= position }
                    && group.outerMembers.contains(order[readers[id]![0]]) == outer && program.values[id].shape == v.shape
            }
            writes.append(Write(value: instruction.output, dtype: v.dtype, count: v.shape.reduce(1, *), inPlace: inPlace))
        }
        return (inputs, writes)
    }
}
