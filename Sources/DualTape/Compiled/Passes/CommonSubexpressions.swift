/// Common-subexpression elimination: an instruction applying the same operator (same type
/// and attributes) to the same values as an earlier one reuses the earlier result; equal
/// small constants (each `x * 2` captures its own 0-d `2`) become one value first.
enum CommonSubexpressions {
    static func run(_ program: Program) -> Program {
        var rename: [Int: Int] = [:]
        // Equal small constants: one value.
        var constants: [String: Int] = [:]
        for (id, value) in program.values.enumerated() {
            guard let c = value.constant, c.count <= 16 else { continue }
            let key = "\(c.dtype) \(c.shape) \(c.scalars.map { $0.bitPattern })"
            if let first = constants[key] { rename[id] = first } else { constants[key] = id }
        }
        var current = program.renamingUses(rename)
        rename = [:]
        var seen: [String: Int] = [:]
        var kept: [Program.Instruction] = []
        for var instruction in current.instructions {
            instruction.inputs = instruction.inputs.map { rename[$0] ?? $0 }
            if let key = operatorKey(instruction.op) {
                let full = key + "(" + instruction.inputs.map(String.init).joined(separator: ",") + ")"
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
    static func operatorKey(_ op: any DifferentiableOperator) -> String? {
        var key = String(reflecting: type(of: op))
        return append(op, to: &key) ? key : nil
    }

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
