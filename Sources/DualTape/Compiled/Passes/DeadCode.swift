/// Dead-code elimination: drops the instructions whose values neither a result nor a guard
/// needs (a traced `valueWithGradient` keeps the primal values its backward pass reads and
/// loses, for example, a paused evaluation nobody used).
enum DeadCode {
    static func run(_ program: Program) -> Program {
        var live = [Bool](repeating: false, count: program.values.count)
        for id in program.outputs { live[id] = true }
        for id in program.guardedValues { live[id] = true }
        var kept: [Program.Instruction] = []
        for instruction in program.instructions.reversed() where live[instruction.output] {
            for id in instruction.inputs { live[id] = true }
            kept.append(instruction)
        }
        var result = program
        result.instructions = kept.reversed()
        return result
    }
}
