import Synchronization

/// Common-subexpression elimination: an instruction applying the same operator (same type
/// and attributes) to the same values as an earlier one reuses the earlier result; equal
/// small constants (each `x * 2` captures its own 0-d `2`) become one value first.
enum CommonSubexpressions {
    static func run(_ program: Program) -> Program {
        var rename: [Int: Int] = [:]
        // Equal small constants: one value.
        var constants: [ConstantKey: Int] = [:]
        for (id, value) in program.values.enumerated() {
            guard let c = value.constant, c.count == 1 else { continue }
            let key = ConstantKey(dtype: c.dtype, shape: c.shape, bits: c.storage.double(at: c.offset).bitPattern)
            if let first = constants[key] { rename[id] = first } else { constants[key] = id }
        }
        var current = program.renamingUses(rename)
        rename = [:]
        var seen: [InstructionKey: Int] = [:]
        var kept: [Program.Instruction] = []
        kept.reserveCapacity(current.instructions.count)
        for var instruction in current.instructions {
            if !rename.isEmpty { instruction.inputs = instruction.inputs.map { rename[$0] ?? $0 } }
            if let key = operatorKey(instruction.op) {
                let full = InstructionKey(op: key, inputs: instruction.inputs)
                if let earlier = seen[full] {
                    rename[instruction.output] = earlier
                    continue
                }
                seen[full] = instruction.output
            }
            kept.append(instruction)
        }
        current.instructions = kept
        return current.renamingUses(rename)
    }

    /// A string that is equal for two operators exactly when they compute the same function:
    /// the type and every stored attribute; `nil` when that cannot be told (an operator holding
    /// a closure or an object), and then the instruction is never merged.
    static func operatorKey(_ op: any DifferentiableOperator) -> AnyHashable? {
        // The hot cases of a loop over elements: a slice and its transpose, keyed by their specs.
        if let slice = op as? Slice { return AnyHashable(SpecKey(kind: 0, spec: slice.spec, shape: [])) }
        if let scatter = op as? SliceScatter { return AnyHashable(SpecKey(kind: 1, spec: scatter.spec, shape: scatter.shape)) }
        if let accumulate = op as? SliceAccumulate { return AnyHashable(SpecKey(kind: 2, spec: accumulate.spec, shape: [])) }
        let type = ObjectIdentifier(Swift.type(of: op))
        if let known = attributeFree.withLock({ $0[type] }) { return known ? AnyHashable(type) : nil }
        let free = Mirror(reflecting: op).children.isEmpty
        attributeFree.withLock { $0[type] = free }
        if free { return AnyHashable(type) }
        var key = String(reflecting: Swift.type(of: op))
        return append(op, to: &key) ? AnyHashable(key) : nil
    }

    private struct SpecKey: Hashable {
        let kind: Int
        let spec: SliceSpec
        let shape: [Int]
    }

    /// A one-element constant: equal keys, equal constants.
    private struct ConstantKey: Hashable {
        let dtype: DType
        let shape: [Int]
        let bits: UInt64
    }

    private struct InstructionKey: Hashable {
        let op: AnyHashable
        let inputs: [Int]
    }

    /// Whether each operator type seen has no stored attributes (its type is then its key).
    private static let attributeFree = Mutex<[ObjectIdentifier: Bool]>([:])

    private static func append(_ value: Any, to key: inout String) -> Bool {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .class?: return false
        case nil:
            let type = String(reflecting: Swift.type(of: value))
            if type.contains("->") { return false }
            key += "\(type)=\(value);"
            return true
        default:
            key += "{"
            for child in mirror.children {
                key += (child.label ?? "_") + ":"
                if !append(child.value, to: &key) { return false }
            }
            key += "}"
            return true
        }
    }
}
