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
            let key = InstructionKey(number, result.instructions[k].inputs), output = result.instructions[k].output
            if let earlier = seen[key] {
                rename[output] = earlier
                keep[k] = false
            } else {
                seen[key] = output
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

        /// The operator and the first two operands (equality still compares everything).
        func hash(into hasher: inout Hasher) {
            hasher.combine(op)
            hasher.combine(a)
            hasher.combine(b)
        }
    }
}

/// Numbers operators so that two get the same number exactly when they compute the same
/// function: the type and every stored attribute; `nil` when that cannot be told (an
/// operator holding a closure or an object), and then its instructions are never merged.
struct OperatorNumbering {
    /// What is known of an operator type: its number when it has no stored attributes, or
    /// how its attributes are keyed.
    private enum TypeKey {
        case number(Int32)
        /// One of the frequent operators with attributes, keyed by them (``FastKey``).
        case fast(Int)
        /// Keyed by a description of its attributes.
        case reflected
    }

    /// The attributes of the operators a loop over elements and its backward pass record
    /// thousands of times (slices and their transposes, reshapes, broadcasts, sums).
    private enum FastKey: Hashable {
        case slice(SliceSpec)
        case scatter(SliceSpec, [Int])
        case accumulate(SliceSpec)
        case reshape([Int])
        case transpose([Int])
        case broadcast([Int])
        case sum(ReductionAxes)
    }

    private var types: [ObjectIdentifier: TypeKey] = [:]
    private var fast: [FastKey: Int32] = [:]
    private var keys: [String: Int32] = [:]
    private var next: Int32 = 0

    mutating func number(_ op: any DifferentiableOperator) -> Int32? {
        let type = ObjectIdentifier(Swift.type(of: op))
        let known: TypeKey
        if let cached = types[type] {
            known = cached
        } else {
            known = Self.typeKey(op) ?? (Mirror(reflecting: op).children.isEmpty ? .number(take()) : .reflected)
            types[type] = known
        }
        switch known {
        case .number(let n): return n
        case .fast(let kind): return intern(Self.fastKey(op, kind))
        case .reflected:
            var key = String(reflecting: Swift.type(of: op))
            guard Self.append(op, to: &key) else { return nil }
            if let n = keys[key] { return n }
            let n = take()
            keys[key] = n
            return n
        }
    }

    private mutating func take() -> Int32 {
        next += 1
        return next - 1
    }

    private mutating func intern(_ key: FastKey) -> Int32 {
        if let n = fast[key] { return n }
        let n = take()
        fast[key] = n
        return n
    }

    private static func typeKey(_ op: any DifferentiableOperator) -> TypeKey? {
        switch op {
        case is Slice: return .fast(0)
        case is SliceScatter: return .fast(1)
        case is SliceAccumulate: return .fast(2)
        case is Reshape: return .fast(3)
        case is Transpose: return .fast(4)
        case is BroadcastTo: return .fast(5)
        case is Sum: return .fast(6)
        default: return nil
        }
    }

    /// The attributes of an operator of the fast kind `kind` (one cast to its known type).
    private static func fastKey(_ op: any DifferentiableOperator, _ kind: Int) -> FastKey {
        switch kind {
        case 0: return .slice((op as! Slice).spec)
        case 1:
            let scatter = op as! SliceScatter
            return .scatter(scatter.spec, scatter.shape)
        case 2: return .accumulate((op as! SliceAccumulate).spec)
        case 3: return .reshape((op as! Reshape).shape)
        case 4: return .transpose((op as! Transpose).permutation)
        case 5: return .broadcast((op as! BroadcastTo).shape)
        default: return .sum((op as! Sum).reduction)
        }
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
