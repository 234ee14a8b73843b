/// A traced program: the straight-line list of operator applications a compiled function
/// replays, with the shapes, dtypes and constants seen while tracing, and the guards that
/// say when the program is valid for an input.
///
/// Values are numbered; each is an input of the program, a constant captured while tracing
/// (an array the closure used that does not depend on the inputs), or the output of one
/// instruction. Instructions are in an order where every input is defined before use.
struct Program: Sendable {
    /// Where a value comes from.
    enum Source: Sendable {
        /// Input `k` of the program.
        case input(Int)
        /// A constant captured while tracing.
        case constant(NDArray)
        /// The output of an instruction.
        case instruction
    }

    /// What the program knows about a value.
    struct Value: Sendable {
        var shape: [Int]
        var dtype: DType
        var source: Source

        var constant: NDArray? {
            if case .constant(let c) = source { return c }
            return nil
        }
        var isConstant: Bool { constant != nil }
    }

    /// One application of an operator: `values[output] = op(values[inputs])`.
    struct Instruction: Sendable {
        var op: any DifferentiableOperator
        var inputs: [Int]
        var output: Int
    }

    var values: [Value]
    var instructions: [Instruction]
    /// Value ids of the program's inputs, in order.
    var inputs: [Int]
    /// Value ids of the program's results, in order.
    var outputs: [Int]
    /// The guards recorded while tracing (comparisons on values the closure read).
    var guards: [Guard]

    /// Values some guard reads.
    var guardedValues: Set<Int> {
        var ids = Set<Int>()
        for g in guards { for id in g.valueIDs { ids.insert(id) } }
        return ids
    }

    /// A short listing, one instruction a line (for debugging and test messages).
    var listing: String {
        instructions.map { i in
            "%\(i.output) = \(i.op)(\(i.inputs.map { "%\($0)" }.joined(separator: ", "))) : \(Shape.describe(values[i.output].shape))"
        }.joined(separator: "\n")
    }
}
