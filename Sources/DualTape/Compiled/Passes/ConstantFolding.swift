/// Constant folding: an instruction whose inputs are all constants is computed once, at
/// compile time; and the identities `x · 1`, `1 · x`, `x + 0`, `0 + x`, `x - 0`, `x / 1`
/// with a uniform constant (the ones a backward pass seeds with) reuse `x` when the result
/// has `x`'s shape and dtype.
///
/// Operations on constants alone are already computed while tracing (they carry no trace
/// layer); what is left to fold are the instructions other passes expose and the identities.
enum ConstantFolding {
    static func run(_ program: Program) -> Program {
        var result = program
        var rename: [Int: Int] = [:]
        var kept: [Program.Instruction] = []
        for var instruction in program.instructions {
            if !rename.isEmpty { instruction.inputs = instruction.inputs.map { rename[$0] ?? $0 } }
            if instruction.inputs.allSatisfy({ result.values[$0].isConstant }) {
                let value = instruction.op.primal(instruction.inputs.map { result.values[$0].constant! })
                result.values[instruction.output].source = .constant(value)
                continue
            }
            if let same = identity(instruction, result.values) {
                rename[instruction.output] = same
                continue
            }
            kept.append(instruction)
        }
        result.instructions = kept
        return result.renamingUses(rename)
    }

    /// The operand an instruction returns unchanged, if it is one of the identities.
    static func identity(_ instruction: Program.Instruction, _ values: [Program.Value]) -> Int? {
        guard instruction.inputs.count == 2 else { return nil }
        let out = values[instruction.output]
        let (a, b) = (instruction.inputs[0], instruction.inputs[1])
        func uniform(_ id: Int) -> Double? { values[id].constant.flatMap(uniformValue) }
        func fits(_ id: Int) -> Bool { values[id].shape == out.shape && values[id].dtype == out.dtype && !values[id].isConstant }
        switch instruction.op {
        case is Multiply:
            if uniform(b) == 1, fits(a) { return a }
            if uniform(a) == 1, fits(b) { return b }
        case is Add:
            if uniform(b) == 0, fits(a) { return a }
            if uniform(a) == 0, fits(b) { return b }
        case is Subtract:
            if uniform(b) == 0, fits(a) { return a }
        case is Divide:
            if uniform(b) == 1, fits(a) { return a }
        default: break
        }
        return nil
    }

    /// The one value all elements of `c` share, if that is cheap to tell.
    static func uniformValue(_ c: NDArray) -> Double? {
        if c.count == 0 { return nil }
        if c.count == 1 || c.strides.allSatisfy({ $0 == 0 }) { return c.storage.double(at: c.offset) }
        guard c.count <= 4096 else { return nil }
        let values = c.scalars
        return values.allSatisfy { $0 == values[0] } ? values[0] : nil
    }
}
