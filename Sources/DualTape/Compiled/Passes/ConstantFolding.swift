/// Constant folding: an instruction whose inputs are all constants is computed once, at
/// compile time; and the identities `x · 1`, `1 · x`, `x + 0`, `0 + x`, `x - 0`, `x / 1`
/// with a uniform constant (the ones a backward pass seeds with) reuse `x` when the result
/// has `x`'s shape and dtype.
///
/// Operations on constants alone are already computed while tracing (they carry no trace
/// layer); what is left to fold are the instructions other passes expose and the identities.
/// One pass over flat per-value tables, compacting the instructions in place: an
/// instruction without a constant operand costs a few array reads.
enum ConstantFolding {
    static func run(_ program: consuming Program) -> Program {
        var result = program
        var rename = Array(0 ..< result.values.count)
        var isConstant = [Bool](repeating: false, count: result.values.count)
        for id in result.values.indices where result.values[id].isConstant { isConstant[id] = true }
        // The uniform value of each constant, computed on first use (nil: not uniform).
        var uniforms = [Double??](repeating: nil, count: result.values.count)
        var keep = [Bool](repeating: true, count: result.instructions.count)
        for k in result.instructions.indices {
            result.instructions[k].rename(rename)
            var constants = 0
            for id in result.instructions[k].inputs where isConstant[id] { constants += 1 }
            let arity = result.instructions[k].inputs.count
            if constants == arity {
                let value = result.instructions[k].op.primal(result.instructions[k].inputs.map { result.values[$0].constant! })
                let output = result.instructions[k].output
                result.values[output].source = .constant(value)
                isConstant[output] = true
                keep[k] = false
                continue
            }
            guard constants > 0, arity == 2 else { continue }
            for id in result.instructions[k].inputs where isConstant[id] && uniforms[id] == nil {
                uniforms[id] = .some(result.values[id].constant.flatMap(uniformValue))
            }
            if let same = identity(result.instructions[k], result.values, { uniforms[$0] ?? nil }) {
                rename[result.instructions[k].output] = same
                keep[k] = false
            }
        }
        result.instructions.compact(keeping: keep)
        return result.renamingOutputsAndGuards(rename)
    }

    /// The operand an instruction returns unchanged, if it is one of the identities.
    static func identity(_ instruction: Program.Instruction, _ values: [Program.Value], _ uniform: (Int) -> Double?) -> Int? {
        guard instruction.inputs.count == 2 else { return nil }
        let out = values[instruction.output]
        let (a, b) = (instruction.inputs[0], instruction.inputs[1])
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
