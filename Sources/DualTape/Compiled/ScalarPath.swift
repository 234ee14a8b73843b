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
        for k in program.instructions.indices {
            definedAt[program.instructions[k].output] = k
            for id in program.instructions[k].inputs { lastUse[id] = k }
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
        // Each operator type's role, found once per type (casts to protocols are slow).
        var roles: [ObjectIdentifier: Role] = [:]
        for k in program.instructions.indices {
            let inputs = program.instructions[k].inputs, output = program.instructions[k].output
            let outShape = program.values[output].shape
            let outIsOne = Shape.count(outShape) == 1
            let type = ObjectIdentifier(Swift.type(of: program.instructions[k].op))
            let role: Role
            if let known = roles[type] {
                role = known
            } else {
                role = Self.role(program.instructions[k].op)
                roles[type] = role
            }
            func reg(_ i: Int) -> Int32? { if case .register(let r)? = kinds[inputs[i]] { return r } else { return nil } }
            if role == .slice, case .input(let input)? = kinds[inputs[0]], let slice = program.instructions[k].op as? Slice, let element = slice.spec.singleElement,
               program.values[inputs[0]].shape.count == 1 {
                let r = allocate()
                ops.append(Op(code: .load, out: r, extra: Int32(input), element: element))
                kinds[output] = .register(r)
            } else if role == .scatter, let r = reg(0), !outIsOne, let scatter = program.instructions[k].op as? SliceScatter, scatter.shape.count == 1,
                      let element = scatter.spec.singleElement {
                pinned.insert(r)
                kinds[output] = .sparse([r], [element])
            } else if role == .add, inputs.count == 2, case .sparse(var ra, var ea)? = kinds[inputs[0]], case .sparse(let rb, let eb)? = kinds[inputs[1]],
                      program.values[inputs[0]].shape == program.values[inputs[1]].shape {
                // The running sum of a backward pass is read once: its lists grow in place.
                if lastUse[inputs[0]] == k && inputs[0] != inputs[1] {
                    kinds[inputs[0]] = nil
                    ra.append(contentsOf: rb)
                    ea.append(contentsOf: eb)
                    kinds[output] = .sparse(ra, ea)
                } else {
                    kinds[output] = .sparse(ra + rb, ea + eb)
                }
            } else if role == .accumulate, case .sparse(var ra, var ea)? = kinds[inputs[0]], let r = reg(1), outShape.count == 1,
                      let accumulate = program.instructions[k].op as? SliceAccumulate, let element = accumulate.spec.singleElement {
                // A traced backward pass's `total[i] += g`: one more (index, register) entry.
                pinned.insert(r)
                if lastUse[inputs[0]] == k {
                    kinds[inputs[0]] = nil
                    ra.append(r)
                    ea.append(element)
                    kinds[output] = .sparse(ra, ea)
                } else {
                    kinds[output] = .sparse(ra + [r], ea + [element])
                }
            } else if outIsOne, inputs.indices.allSatisfy({ reg($0) != nil }) {
                let a = inputs.isEmpty ? 0 : reg(0)!, b = inputs.count > 1 ? reg(1)! : 0
                // Registers read for the last time here are free (the result may take one).
                for (i, id) in inputs.enumerated() where lastUse[id] == k && !inputs[..<i].contains(id) {
                    if case .register(let r)? = kinds[id], !pinned.contains(r), program.values[id].source.isComputed { free.append(r) }
                }
                let out = allocate()
                var emitted = Op(code: .generic, a: a, b: b, out: out)
                switch role {
                case .move, .slice, .scatter: emitted.code = .move
                case .negate: emitted.code = .negate
                case .square: emitted.code = .square
                case .add: emitted.code = .add
                case .subtract: emitted.code = .subtract
                case .multiply: emitted.code = .multiply
                case .divide: emitted.code = .divide
                case .unary:
                    emitted.code = .unary
                    emitted.extra = Int32(unary.count)
                    let u = program.instructions[k].op as! any UnaryElementwiseOperator
                    unary.append(Self.unaryFunction(u))
                case .binary:
                    emitted.code = .binary
                    emitted.extra = Int32(binary.count)
                    let f = program.instructions[k].op as! any BinaryElementwiseOperator
                    binary.append(Self.binaryFunction(f))
                case .accumulate, .generic:
                    guard inputs.count <= 2 else { return nil }
                    emitted.extra = Int32(generic.count)
                    generic.append((program.instructions[k].op, inputs.map { program.values[$0].shape }, outShape))
                }
                ops.append(emitted)
                kinds[output] = .register(out)
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

    /// What an operator is on this path.
    private enum Role { case slice, scatter, accumulate, move, negate, square, add, subtract, multiply, divide, unary, binary, generic }

    private static func role(_ op: any DifferentiableOperator) -> Role {
        switch op {
        case is Slice: return .slice
        case is SliceScatter: return .scatter
        case is SliceAccumulate: return .accumulate
        case is Reshape, is BroadcastTo, is Sum, is Transpose: return .move
        case is Negate: return .negate
        case is Square: return .square
        case is Add: return .add
        case is Subtract: return .subtract
        case is Multiply: return .multiply
        case is Divide: return .divide
        case is any UnaryElementwiseOperator: return .unary
        case is any BinaryElementwiseOperator: return .binary
        default: return .generic
        }
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
