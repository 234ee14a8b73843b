import Synchronization

/// Common-subexpression elimination: an instruction applying the same operator (same type
/// and attributes) to the same values as an earlier one reuses the earlier result; equal
/// small constants (each `x * 2` captures its own 0-d `2`) become one value first.
///
/// Value numbering in one pass, linear in the program's size: each operator is numbered
/// once per distinct (type, attributes) (``OperatorNumbering``), an instruction's key is
/// that number and its operands' ids, already renamed to their earliest equal value, and a
/// hash table maps keys to the first instruction's result. No per-instruction allocation
/// for operators of up to three operands, and the instructions are compacted in place.
enum CommonSubexpressions {
    static func run(_ program: consuming Program) -> Program {
        var result = program
        var rename = Array(0 ..< result.values.count)
        // Equal small constants: one value.
        var constants: [ConstantKey: Int] = [:]
        for id in result.values.indices {
            guard case .constant(let c) = result.values[id].source, c.count == 1 else { continue }
            let key = ConstantKey(dtype: c.dtype, shape: c.shape, bits: c.storage.double(at: c.offset).bitPattern)
            if let first = constants[key] { rename[id] = first } else { constants[key] = id }
        }
        var numbering = OperatorNumbering()
        var seen: [InstructionKey: Int] = [:]
        seen.reserveCapacity(result.instructions.count)
        var keep = [Bool](repeating: true, count: result.instructions.count)
        for k in result.instructions.indices {
            result.instructions[k].rename(rename)
            guard let number = numbering.number(result.instructions[k].op) else { continue }
            let key = InstructionKey(number, result.instructions[k].inputs)
            if let earlier = seen[key] {
                rename[result.instructions[k].output] = earlier
                keep[k] = false
            } else {
                seen[key] = result.instructions[k].output
            }
        }
        result.instructions.compact(keeping: keep)
        return result.renamingOutputsAndGuards(rename)
    }

    /// A one-element constant: equal keys, equal constants.
    private struct ConstantKey: Hashable {
        let dtype: DType
        let shape: [Int]
        let bits: UInt64
    }

    /// An operator number and the operand ids.
    private struct InstructionKey: Hashable {
        let op: Int32
        let count: Int32
        let a: Int
        let b: Int
        let c: Int
        let rest: [Int]?

        init(_ op: Int32, _ inputs: [Int]) {
            self.op = op
            count = Int32(inputs.count)
            a = inputs.count > 0 ? inputs[0] : -1
            b = inputs.count > 1 ? inputs[1] : -1
            c = inputs.count > 2 ? inputs[2] : -1
            rest = inputs.count > 3 ? Array(inputs[3...]) : nil
        }
    }
}

/// Numbers operators so that two get the same number exactly when they compute the same
/// function: the type and every stored attribute; `nil` when that cannot be told (an
/// operator holding a closure or an object), and then its instructions are never merged.
struct OperatorNumbering {
    /// Per operator type: its number when it has no stored attributes, `-1` when it has some.
    private var types: [ObjectIdentifier: Int32] = [:]
    private var specs: [SpecKey: Int32] = [:]
    private var keys: [String: Int32] = [:]
    private var next: Int32 = 0

    mutating func number(_ op: any DifferentiableOperator) -> Int32? {
        let type = ObjectIdentifier(Swift.type(of: op))
        if let known = types[type], known >= 0 { return known }
        // The hot cases of a loop over elements: a slice and its transpose, keyed by their specs.
        if let slice = op as? Slice { return intern(SpecKey(kind: 0, spec: slice.spec, shape: [])) }
        if let scatter = op as? SliceScatter { return intern(SpecKey(kind: 1, spec: scatter.spec, shape: scatter.shape)) }
        if let accumulate = op as? SliceAccumulate { return intern(SpecKey(kind: 2, spec: accumulate.spec, shape: [])) }
        if types[type] == nil {
            if Mirror(reflecting: op).children.isEmpty {
                types[type] = next
                next += 1
                return next - 1
            }
            types[type] = -1
        }
        var key = String(reflecting: Swift.type(of: op))
        guard Self.append(op, to: &key) else { return nil }
        if let known = keys[key] { return known }
        keys[key] = next
        next += 1
        return next - 1
    }

    private mutating func intern(_ key: SpecKey) -> Int32 {
        if let known = specs[key] { return known }
        specs[key] = next
        next += 1
        return next - 1
    }

    private struct SpecKey: Hashable {
        let kind: Int
        let spec: SliceSpec
        let shape: [Int]
    }

    /// Appends `value`'s type and contents to `key`; `false` when they cannot be compared
    /// (an object or a closure).
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
            // An enum's case is not among its children: its description names it.
            if mirror.displayStyle == .enum { key += String(reflecting: value) }
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
