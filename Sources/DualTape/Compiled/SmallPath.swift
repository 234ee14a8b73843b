import CVectorMath

/// The small-array path: a program whose values all have a few elements (the seed's `f(a)`
/// on a 2-vector, W1) runs as a flat instruction list over one register file of its dtype,
/// the scalar path generalised to small fixed shapes: no array, storage or dispatch per
/// instruction, and guards read registers.
///
/// Each value owns `count` consecutive registers (dead values' registers are reused by
/// size). Elementwise operators loop over their registers with the eager kernels' own
/// scalar functions (`value` of the refinements, the vectorized transcendental kernels for
/// ``VectorizedUnary`` operators); full sums and norms run the eager reduction kernels on
/// the registers; data movement (slices, reshapes, transposes, broadcasts, a slice's
/// transpose) is a gather through an index table computed once from the operator itself;
/// anything else builds arrays from its registers and calls the operator's `primal`. Every
/// value is therefore computed by the same scalar operations in the same order as the
/// array path's, so the results are equal to it bit for bit.
enum SmallPath {
    /// Values of more elements than this are not small.
    static let maximumCount = 64
    /// Programs needing more registers than this run on the array path.
    static let maximumRegisters = 1 << 14

    /// The plan for `program`, or `nil` when some value is not small or dtypes are mixed.
    static func plan(_ program: Program) -> (any ReplayPlan)? {
        guard let dtype = program.values.first?.dtype else { return nil }
        switch dtype {
        case .float32: return SmallPlan<Float>(program)
        case .float64: return SmallPlan<Double>(program)
        }
    }
}

/// ``SmallPath``'s plan for element type `T`.
final class SmallPlan<T: NDScalar>: ReplayPlan, @unchecked Sendable {
    enum Code: UInt8 { case add, subtract, multiply, divide, negate, unary, binary, gather, sum, norm, generic, check, checkArray }

    /// One instruction; `a`, `b`, `out` are register offsets, `n` the output's element count,
    /// `sa`/`sb` the operands' strides (1, or 0 for a broadcast one-element operand).
    struct Op {
        var code: Code
        var a: Int32 = 0
        var b: Int32 = 0
        var out: Int32 = 0
        var n: Int32 = 0
        var sa: Int32 = 1
        var sb: Int32 = 1
        /// Function index (unary/binary/generic), index table start (gather), input count
        /// (sum/norm), guard index (check).
        var extra: Int32 = 0
    }

    typealias Unary = @Sendable (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    typealias Binary = @Sendable (UnsafeMutablePointer<T>, Int, UnsafeMutablePointer<T>, Int, UnsafeMutablePointer<T>, Int) -> Void

    /// An operator applied to arrays built from registers.
    struct Generic {
        let op: any DifferentiableOperator
        let inputs: [(offset: Int, shape: [Int])]
    }

    /// How a result is returned.
    enum Result {
        case registers(Int, [Int])
        case input(Int)
        case constant(NDArray)
    }

    let ops: [Op]
    /// The register file's initial contents (constants in place).
    let template: [T]
    /// Input `k`'s registers (offset, count).
    let inputSlots: [(input: Int, offset: Int, count: Int)]
    let unary: [Unary]
    let binary: [Binary]
    let generic: [Generic]
    /// Gather tables: a source register offset relative to the operand, or -1 for a zero.
    let indices: [Int32]
    let guards: [Guard]
    /// Guard operand registers (lhs, rhs; -1 for a constant operand).
    let guardRegisters: [(Int32, Int32)]
    let results: [Result]

    /// The plan for `program`, or `nil` when it is not a small program of dtype `T`.
    init?(_ program: Program) {
        let limit = SmallPath.maximumCount
        for value in program.values {
            guard value.dtype == T.dtype, Shape.count(value.shape) <= limit || value.isConstant else { return nil }
        }
        // Values an instruction or a guard reads (a constant only a result is stays an array).
        var read = [Bool](repeating: false, count: program.values.count)
        var lastUse = [Int](repeating: -1, count: program.values.count)
        var definedAt = [Int](repeating: -1, count: program.values.count)
        for (k, instruction) in program.instructions.enumerated() {
            definedAt[instruction.output] = k
            for id in instruction.inputs {
                lastUse[id] = k
                read[id] = true
            }
        }
        var guardsAfter = [[Int]](repeating: [], count: program.instructions.count + 1)
        for (g, item) in program.guards.enumerated() {
            let at = item.valueIDs.map { definedAt[$0] }.max() ?? -1
            guardsAfter[at + 1].append(g)
            for id in item.valueIDs {
                lastUse[id] = max(lastUse[id], at + 1)
                read[id] = true
            }
        }
        for id in program.outputs { lastUse[id] = Int.max }

        var offsets = [Int](repeating: -1, count: program.values.count)
        var template: [T] = []
        var free: [Int: [Int]] = [:]
        func allocate(_ count: Int) -> Int {
            if let r = free[count]?.popLast() { return r }
            template.append(contentsOf: repeatElement(0, count: count))
            return template.count - count
        }
        var inputSlots: [(input: Int, offset: Int, count: Int)] = []
        for (id, value) in program.values.enumerated() {
            let count = Shape.count(value.shape)
            switch value.source {
            case .constant(let c):
                guard read[id] else { continue }
                guard count <= limit else { return nil }
                let r = allocate(count)
                for (i, v) in c.scalars.enumerated() { template[r + i] = T(v) }
                offsets[id] = r
            case .input(let k):
                let r = allocate(count)
                inputSlots.append((k, r, count))
                offsets[id] = r
            case .instruction: break
            }
        }

        var ops: [Op] = []
        var unary: [Unary] = []
        var binary: [Binary] = []
        var generic: [Generic] = []
        var indices: [Int32] = []
        func emitChecks(_ list: [Int]) {
            for g in list { ops.append(Op(code: program.guards[g].expected == nil ? .check : .checkArray, extra: Int32(g))) }
        }
        emitChecks(guardsAfter[0])
        for (k, instruction) in program.instructions.enumerated() {
            let out = program.values[instruction.output]
            let n = Shape.count(out.shape)
            let inputs = instruction.inputs
            guard inputs.allSatisfy({ offsets[$0] >= 0 }) else { return nil }
            let o = allocate(n)
            offsets[instruction.output] = o
            var op = Op(code: .generic, out: Int32(o), n: Int32(n))
            if inputs.count >= 1 { op.a = Int32(offsets[inputs[0]]) }
            if inputs.count >= 2 { op.b = Int32(offsets[inputs[1]]) }
            func strides() -> Bool {
                for (i, id) in inputs.enumerated() {
                    let count = Shape.count(program.values[id].shape)
                    guard count == n && program.values[id].shape == out.shape || count == 1 else { return false }
                    if i == 0 { op.sa = count == 1 ? 0 : 1 } else { op.sb = count == 1 ? 0 : 1 }
                }
                return true
            }
            let inCount = inputs.isEmpty ? 0 : Shape.count(program.values[inputs[0]].shape)
            switch instruction.op {
            case is Add where inputs.count == 2 && strides(): op.code = .add
            case is Subtract where inputs.count == 2 && strides(): op.code = .subtract
            case is Multiply where inputs.count == 2 && strides(): op.code = .multiply
            case let sum as Sum where n == 1 && sum.reduction.normalized(program.values[inputs[0]].shape.count, sum.name).count
                == program.values[inputs[0]].shape.count:
                op.code = .sum
                op.extra = Int32(inCount)
            case let norm as Norm where n == 1 && norm.reduction.normalized(program.values[inputs[0]].shape.count, norm.name).count
                == program.values[inputs[0]].shape.count:
                op.code = .norm
                op.extra = Int32(inCount)
            case let u as any UnaryElementwiseOperator where inputs.count == 1 && strides() && op.sa == 1:
                if u is Negate {
                    op.code = .negate
                } else {
                    op.code = .unary
                    op.extra = Int32(unary.count)
                    unary.append(Self.unaryFunction(u))
                }
            case let b as any BinaryElementwiseOperator where inputs.count == 2 && strides():
                if b is Divide {
                    op.code = .divide
                } else {
                    op.code = .binary
                    op.extra = Int32(binary.count)
                    binary.append(Self.binaryFunction(b))
                }
            case is Slice, is SliceScatter, is Reshape, is Transpose, is BroadcastTo:
                if let table = Self.gatherTable(instruction.op, program.values[inputs[0]].shape, count: n) {
                    op.code = .gather
                    op.extra = Int32(indices.count)
                    indices.append(contentsOf: table)
                } else {
                    op.code = .generic
                    op.extra = Int32(generic.count)
                    generic.append(Generic(op: instruction.op, inputs: inputs.map { (offsets[$0], program.values[$0].shape) }))
                }
            default:
                op.code = .generic
                op.extra = Int32(generic.count)
                generic.append(Generic(op: instruction.op, inputs: inputs.map { (offsets[$0], program.values[$0].shape) }))
            }
            ops.append(op)
            // Registers of values read for the last time here are free for later values.
            for id in Set(inputs) where lastUse[id] == k && program.values[id].source.isComputed {
                free[Shape.count(program.values[id].shape), default: []].append(offsets[id])
            }
            emitChecks(guardsAfter[k + 1])
            if template.count > SmallPath.maximumRegisters { return nil }
        }
        for g in program.guards { for id in g.valueIDs where offsets[id] < 0 { return nil } }
        var results: [Result] = []
        for id in program.outputs {
            switch program.values[id].source {
            case .constant(let c): results.append(.constant(c))
            case .input(let k): results.append(.input(k))
            case .instruction: results.append(.registers(offsets[id], program.values[id].shape))
            }
        }
        self.ops = ops
        self.template = template
        self.inputSlots = inputSlots
        self.unary = unary
        self.binary = binary
        self.generic = generic
        self.indices = indices
        self.guards = program.guards
        self.guardRegisters = program.guards.map { g in
            func register(_ o: Guard.Operand) -> Int32 {
                if case .value(let id) = o { return Int32(offsets[id]) }
                return -1
            }
            return (register(g.lhs), register(g.rhs))
        }
        self.results = results
    }

    /// `y[i] = f(x[i])` with the eager kernel's own scalar function.
    private static func unaryFunction<Op: UnaryElementwiseOperator>(_ op: Op) -> Unary {
        if let vectorized = op as? VectorizedUnary {
            let f = vectorized.vectorFunction
            return { x, y, n in
                if T.self == Double.self {
                    dt_vector_f64(f, UnsafeMutableRawPointer(x).assumingMemoryBound(to: Double.self),
                                  UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self), n)
                } else {
                    dt_vector_f32(f, UnsafeMutableRawPointer(x).assumingMemoryBound(to: Float.self),
                                  UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), n)
                }
            }
        }
        return { x, y, n in for i in 0 ..< n { y[i] = op.value(x[i]) } }
    }

    /// `y[i] = f(a[i·sa], b[i·sb])` with the eager kernel's own scalar function.
    private static func binaryFunction<Op: BinaryElementwiseOperator>(_ op: Op) -> Binary {
        { a, sa, b, sb, y, n in for i in 0 ..< n { y[i] = op.value(a[i * sa], b[i * sb]) } }
    }

    /// For a data-movement operator: which input element each output element is (-1: zero),
    /// found by applying the operator to the element numbers.
    private static func gatherTable(_ op: any DifferentiableOperator, _ shape: [Int], count: Int) -> [Int32]? {
        let numbers = NDArray(values: (0 ..< Shape.count(shape)).map { Double($0 + 1) }, shape: shape, dtype: .float64)
        let moved = op.primal([numbers])
        guard moved.dtype == .float64, moved.count == count else { return nil }
        return moved.scalars.map { Int32($0) - 1 }
    }

    func run(_ inputs: [NDArray]) throws -> Swift.Result<[NDArray], StaleTrace> {
        if generic.isEmpty { return runSpecialized(inputs) }
        // An operator failing on its data (a singular matrix) is thrown, as by the array path.
        let (result, failure) = collectingOperatorErrors { runSpecialized(inputs) }
        if let failure { throw failure }
        return result
    }

    /// ``runRegisters(_:)`` compiled for the concrete element type: called through the
    /// ``ReplayPlan`` protocol the generic method would do every arithmetic operation through
    /// value witnesses.
    private func runSpecialized(_ inputs: [NDArray]) -> Swift.Result<[NDArray], StaleTrace> {
        if T.self == Float.self { return unsafeDowncast(self, to: SmallPlan<Float>.self).runRegisters(inputs) }
        if T.self == Double.self { return unsafeDowncast(self, to: SmallPlan<Double>.self).runRegisters(inputs) }
        return runRegisters(inputs)
    }

    private func runRegisters(_ inputs: [NDArray]) -> Swift.Result<[NDArray], StaleTrace> {
        withUnsafeTemporaryAllocation(of: T.self, capacity: max(template.count, 1)) { buffer in
            let r = buffer.baseAddress!
            template.withUnsafeBufferPointer { t in
                if let base = t.baseAddress { r.initialize(from: base, count: t.count) }
            }
            for slot in inputSlots {
                let x = inputs[slot.input]
                if x.isContiguous {
                    (r + slot.offset).update(from: x.storage.pointer(as: T.self) + x.offset, count: slot.count)
                } else {
                    let c = x.contiguous()
                    (r + slot.offset).update(from: c.storage.pointer(as: T.self) + c.offset, count: slot.count)
                }
            }
            for op in ops {
                let a = r + Int(op.a), b = r + Int(op.b), y = r + Int(op.out), n = Int(op.n)
                switch op.code {
                case .add:
                    let sa = Int(op.sa), sb = Int(op.sb)
                    for i in 0 ..< n { y[i] = a[i * sa] + b[i * sb] }
                case .subtract:
                    let sa = Int(op.sa), sb = Int(op.sb)
                    for i in 0 ..< n { y[i] = a[i * sa] - b[i * sb] }
                case .multiply:
                    let sa = Int(op.sa), sb = Int(op.sb)
                    for i in 0 ..< n { y[i] = a[i * sa] * b[i * sb] }
                case .divide:
                    let sa = Int(op.sa), sb = Int(op.sb)
                    for i in 0 ..< n { y[i] = a[i * sa] / b[i * sb] }
                case .negate:
                    for i in 0 ..< n { y[i] = -a[i] }
                case .unary: unary[Int(op.extra)](a, y, n)
                case .binary: binary[Int(op.extra)](a, Int(op.sa), b, Int(op.sb), y, n)
                case .gather:
                    indices.withUnsafeBufferPointer { table in
                        let start = Int(op.extra)
                        for i in 0 ..< n {
                            let j = Int(table[start + i])
                            y[i] = j < 0 ? 0 : a[j]
                        }
                    }
                case .sum:
                    y[0] = T(Kernels.reduceContiguous(a, Int(op.extra), .sum))
                case .norm:
                    var scale: T = 0, ssq: T = 0
                    for i in 0 ..< Int(op.extra) { Kernels.accumulateNorm(a[i], &scale, &ssq) }
                    y[0] = scale * T.sqrt(ssq)
                case .generic:
                    let g = generic[Int(op.extra)]
                    let args = g.inputs.map { input -> NDArray in
                        let count = Shape.count(input.shape)
                        let storage = Storage(dtype: T.dtype, count: count)
                        storage.pointer(as: T.self).update(from: r + input.offset, count: count)
                        return NDArray(storage: storage, shape: input.shape)
                    }
                    let value = g.op.primal(args).contiguous()
                    y.update(from: value.storage.pointer(as: T.self) + value.offset, count: n)
                case .check:
                    let g = guards[Int(op.extra)], (ra, rb) = guardRegisters[Int(op.extra)]
                    let lhs = ra >= 0 ? Double(r[Int(ra)]) : Self.constant(g.lhs), rhs = rb >= 0 ? Double(r[Int(rb)]) : Self.constant(g.rhs)
                    if !g.holds(lhs, rhs) { return .failure(StaleTrace(message: g.failure(lhs, rhs))) }
                case .checkArray:
                    let g = guards[Int(op.extra)], start = Int(guardRegisters[Int(op.extra)].0), expected = g.expected!
                    for (i, e) in expected.enumerated() where !(Double(r[start + i]) == e) {
                        return .failure(StaleTrace(message: g.arrayFailure))
                    }
                }
            }
            return .success(results.map { result in
                switch result {
                case .constant(let c): return c
                case .input(let k): return inputs[k].withoutAD
                case .registers(let offset, let shape):
                    let count = Shape.count(shape)
                    let storage = Storage(dtype: T.dtype, count: count)
                    storage.pointer(as: T.self).update(from: r + offset, count: count)
                    return NDArray(storage: storage, shape: shape)
                }
            })
        }
    }

    private static func constant(_ operand: Guard.Operand) -> Double {
        if case .constant(let c) = operand { return c }
        return .nan
    }
}
