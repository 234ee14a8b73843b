/// The scalar path: a program whose values all have one element (W5's Rosenbrock written
/// as a loop over `x[i]`, after the slices) runs as a flat instruction list over a `Double`
/// register file, with no arrays at all.
///
/// Besides one-element values it admits the two things such loops do with vectors: reading
/// element `i` of an input vector (`x[i]`, a register load) and the transpose of that read
/// in the backward pass (a one-element scatter into a vector of zeros, summed with others, or
/// a ``SliceAccumulate`` adding one element into such a sum):
/// those sums are kept as lists of (index, register) and written into the result vector by
/// index at the end. Registers are reused once their value is dead (liveness), so the
/// register file stays small. Float64 programs only (Float32 rounds after every operation).
final class ScalarPlan: ReplayPlan, @unchecked Sendable {
    enum Code: UInt8 { case move, load, negate, square, add, subtract, multiply, divide, unary, binary, generic, check }

    struct Op {
        var code: Code
        var a: Int32 = 0
        var b: Int32 = 0
        var out: Int32 = 0
        /// Input index (load), element index (load), function index (unary/binary/generic), guard index (check).
        var extra: Int32 = 0
        var element: Int = 0
    }

    /// What a program value is on this path.
    private enum Kind {
        case register(Int32)
        case input(Int)
        /// Zeros except the listed (flat index, register) entries, summed where indices repeat.
        case sparse([Int32], [Int])
    }

    let ops: [Op]
    let registerCount: Int
    /// Registers holding constants, preloaded on every call.
    let constants: [(Int32, Double)]
    let unary: [@Sendable (Double) -> Double]
    let binary: [@Sendable (Double, Double) -> Double]
    let generic: [(op: any DifferentiableOperator, shapes: [[Int]], outShape: [Int])]
    let guards: [Guard]
    /// Guard operand registers (lhs, rhs; -1 for a constant operand).
    let guardRegisters: [(Int32, Int32)]
    /// How each result is built.
    private let results: [(Kind, [Int])]
    let inputCount: Int

    /// The plan for `program`, or `nil` when it is not a scalar program.
    init?(_ program: Program) {
        guard program.values.allSatisfy({ $0.dtype == .float64 }), program.guards.allSatisfy({ $0.expected == nil }) else { return nil }
        // Liveness: the last instruction index that reads each value (guards and results extend it).
        var lastUse = [Int](repeating: -1, count: program.values.count)
        var definedAt = [Int](repeating: -1, count: program.values.count)
        for (k, instruction) in program.instructions.enumerated() {
            definedAt[instruction.output] = k
            for id in instruction.inputs { lastUse[id] = k }
        }
        var guardsAfter = [[Int]](repeating: [], count: program.instructions.count + 1)
        for (g, item) in program.guards.enumerated() {
            let at = item.valueIDs.map { definedAt[$0] }.max() ?? -1
            guardsAfter[at + 1].append(g)
            for id in item.valueIDs { lastUse[id] = max(lastUse[id], at + 1) }
        }
        let end = Int.max
        for id in program.outputs { lastUse[id] = end }

        var kinds = [Kind?](repeating: nil, count: program.values.count)
        var free: [Int32] = []
        var registerCount: Int32 = 0
        var ops: [Op] = []
        var constants: [(Int32, Double)] = []
        var unary: [@Sendable (Double) -> Double] = []
        var binary: [@Sendable (Double, Double) -> Double] = []
        var generic: [(op: any DifferentiableOperator, shapes: [[Int]], outShape: [Int])] = []
        func allocate() -> Int32 {
            if let r = free.popLast() { return r }
            registerCount += 1
            return registerCount - 1
        }
        // Registers of values sparse lists keep are pinned to the end.
        var pinned = Set<Int32>()
        func release(_ ids: [Int], at k: Int) {
            for id in Set(ids) where lastUse[id] == k {
                if case .register(let r)? = kinds[id], !pinned.contains(r), program.values[id].source.isComputed { free.append(r) }
            }
        }
        for (id, value) in program.values.enumerated() {
            switch value.source {
            case .constant(let c):
                guard c.count == 1 else { continue }
                let r = allocate()
                constants.append((r, c.storage.double(at: c.offset)))
                kinds[id] = .register(r)
            case .input(let k):
                kinds[id] = .input(k)
                if value.shape.reduce(1, *) == 1 {
                    let r = allocate()
                    ops.append(Op(code: .load, out: r, extra: Int32(k), element: 0))
                    kinds[id] = .register(r)
                }
            case .instruction: break
            }
        }
        func emitChecks(_ list: [Int]) {
            for g in list { ops.append(Op(code: .check, extra: Int32(g))) }
        }
        emitChecks(guardsAfter[0])
        for (k, instruction) in program.instructions.enumerated() {
            let outValue = program.values[instruction.output]
            var ins = instruction.inputs.map { kinds[$0] }
            let outIsOne = outValue.shape.reduce(1, *) == 1
            func reg(_ i: Int) -> Int32? { if case .register(let r)? = ins[i] { return r } else { return nil } }
            let op = instruction.op
            if let slice = op as? Slice, case .input(let input)? = ins[0], let element = slice.spec.singleElement,
               program.values[instruction.inputs[0]].shape.count == 1 {
                let r = allocate()
                ops.append(Op(code: .load, out: r, extra: Int32(input), element: element))
                kinds[instruction.output] = .register(r)
            } else if let scatter = op as? SliceScatter, let r = reg(0), scatter.shape.count == 1, !outIsOne,
                      let element = scatter.spec.singleElement {
                pinned.insert(r)
                kinds[instruction.output] = .sparse([r], [element])
            } else if op is Add, case .sparse(var ra, var ea)? = ins[0], case .sparse(let rb, let eb)? = ins[1],
                      program.values[instruction.inputs[0]].shape == program.values[instruction.inputs[1]].shape {
                // The running sum of a backward pass is read once: its lists grow in place.
                if lastUse[instruction.inputs[0]] == k && instruction.inputs[0] != instruction.inputs[1] {
                    kinds[instruction.inputs[0]] = nil
                    ins[0] = nil
                    ra.append(contentsOf: rb)
                    ea.append(contentsOf: eb)
                    kinds[instruction.output] = .sparse(ra, ea)
                } else {
                    kinds[instruction.output] = .sparse(ra + rb, ea + eb)
                }
            } else if let accumulate = op as? SliceAccumulate, case .sparse(var ra, var ea)? = ins[0], let r = reg(1),
                      let element = accumulate.spec.singleElement, outValue.shape.count == 1 {
                // A traced backward pass's `total[i] += g`: one more (index, register) entry.
                pinned.insert(r)
                if lastUse[instruction.inputs[0]] == k {
                    kinds[instruction.inputs[0]] = nil
                    ins[0] = nil
                    ra.append(r)
                    ea.append(element)
                    kinds[instruction.output] = .sparse(ra, ea)
                } else {
                    kinds[instruction.output] = .sparse(ra + [r], ea + [element])
                }
            } else if outIsOne, let inputRegisters = Optional(instruction.inputs.indices.compactMap(reg)),
                      inputRegisters.count == instruction.inputs.count {
                release(instruction.inputs, at: k)
                let out = allocate()
                let a = inputRegisters.first ?? 0, b = inputRegisters.count > 1 ? inputRegisters[1] : 0
                var emitted = Op(code: .generic, a: a, b: b, out: out)
                switch op {
                case is Slice, is Reshape, is BroadcastTo, is Sum, is Transpose, is SliceScatter:
                    emitted.code = .move
                case is Negate: emitted.code = .negate
                case is Square: emitted.code = .square
                case is Add: emitted.code = .add
                case is Subtract: emitted.code = .subtract
                case is Multiply: emitted.code = .multiply
                case is Divide: emitted.code = .divide
                case let u as any UnaryElementwiseOperator:
                    emitted.code = .unary
                    emitted.extra = Int32(unary.count)
                    unary.append(Self.unaryFunction(u))
                case let b as any BinaryElementwiseOperator:
                    emitted.code = .binary
                    emitted.extra = Int32(binary.count)
                    binary.append(Self.binaryFunction(b))
                default:
                    guard inputRegisters.count <= 2 else { return nil }
                    emitted.extra = Int32(generic.count)
                    generic.append((op, instruction.inputs.map { program.values[$0].shape }, outValue.shape))
                }
                ops.append(emitted)
                kinds[instruction.output] = .register(out)
            } else {
                return nil
            }
            emitChecks(guardsAfter[k + 1])
        }
        var results: [(Kind, [Int])] = []
        for id in program.outputs {
            guard let kind = kinds[id] else {
                // A constant result of more than one element: not on this path.
                return nil
            }
            results.append((kind, program.values[id].shape))
        }
        self.ops = ops
        self.registerCount = Int(registerCount)
        self.constants = constants
        self.unary = unary
        self.binary = binary
        self.generic = generic
        self.guards = program.guards
        self.guardRegisters = program.guards.map { g in
            func register(_ o: Guard.Operand) -> Int32 {
                if case .value(let id) = o, case .register(let r)? = kinds[id] { return r }
                return -1
            }
            return (register(g.lhs), register(g.rhs))
        }
        self.results = results
        self.inputCount = program.inputs.count
    }

    private static func unaryFunction<Op: UnaryElementwiseOperator>(_ op: Op) -> @Sendable (Double) -> Double { { op.value($0) } }
    private static func binaryFunction<Op: BinaryElementwiseOperator>(_ op: Op) -> @Sendable (Double, Double) -> Double { { op.value($0, $1) } }

    func run(_ inputs: [NDArray]) throws -> Result<[NDArray], StaleTrace> {
        var registers = [Double](repeating: 0, count: registerCount)
        let contiguous = inputs.map { $0.contiguous() }
        return registers.withUnsafeMutableBufferPointer { r -> Result<[NDArray], StaleTrace> in
            for (register, value) in constants { r[Int(register)] = value }
            for op in ops {
                let a = Int(op.a), b = Int(op.b), out = Int(op.out)
                switch op.code {
                case .move: r[out] = r[a]
                case .load:
                    let x = contiguous[Int(op.extra)]
                    r[out] = x.storage.pointer(as: Double.self)[x.offset + op.element]
                case .negate: r[out] = -r[a]
                case .square: r[out] = r[a] * r[a]
                case .add: r[out] = r[a] + r[b]
                case .subtract: r[out] = r[a] - r[b]
                case .multiply: r[out] = r[a] * r[b]
                case .divide: r[out] = r[a] / r[b]
                case .unary: r[out] = unary[Int(op.extra)](r[a])
                case .binary: r[out] = binary[Int(op.extra)](r[a], r[b])
                case .generic:
                    let g = generic[Int(op.extra)]
                    let args = g.shapes.enumerated().map { i, shape in
                        NDArray(values: [r[i == 0 ? a : b]], shape: shape, dtype: .float64)
                    }
                    let y = g.op.primal(args)
                    r[out] = y.storage.double(at: y.offset)
                case .check:
                    let g = guards[Int(op.extra)], (ra, rb) = guardRegisters[Int(op.extra)]
                    let lhs = ra >= 0 ? r[Int(ra)] : Self.constant(g.lhs), rhs = rb >= 0 ? r[Int(rb)] : Self.constant(g.rhs)
                    if !g.holds(lhs, rhs) { return .failure(StaleTrace(message: g.failure(lhs, rhs))) }
                }
            }
            return .success(results.map { kind, shape in
                switch kind {
                case .register(let register): return NDArray(values: [r[Int(register)]], shape: shape, dtype: .float64)
                case .input(let k): return inputs[k].withoutAD
                case .sparse(let registers, let elements):
                    let out = Kernels.filled(0, shape: shape, dtype: .float64)
                    let p = out.storage.pointer(as: Double.self)
                    for (register, element) in zip(registers, elements) { p[element] += r[Int(register)] }
                    return out
                }
            })
        }
    }

    private static func constant(_ operand: Guard.Operand) -> Double {
        if case .constant(let c) = operand { return c }
        return .nan
    }
}

extension Program.Source {
    /// Whether the value is computed by an instruction (its register may be reused).
    var isComputed: Bool {
        if case .instruction = self { return true }
        return false
    }
}
