/// Dead-code elimination: drops the instructions whose values neither a result nor a guard
/// needs (a traced `valueWithGradient` keeps the primal values its backward pass reads and
/// loses, for example, a paused evaluation nobody used).
///
/// One backward sweep marks the live values, one forward sweep compacts the instructions in
/// place (a program passed on consumed is not copied).
enum DeadCode {
    static func run(_ program: consuming Program) -> Program {
        var result = program
        var live = [Bool](repeating: false, count: result.values.count)
        for id in result.outputs { live[id] = true }
        for g in result.guards { for id in g.valueIDs { live[id] = true } }
        var keep = [Bool](repeating: false, count: result.instructions.count)
        var k = result.instructions.count
        while k > 0 {
            k -= 1
            guard live[result.instructions[k].output] else { continue }
            keep[k] = true
            for id in result.instructions[k].inputs { live[id] = true }
        }
        result.instructions.compact(keeping: keep)
        return result
    }
}

extension Array {
    /// Keeps the elements whose flag is set, in order, moving them in place (no copies, no
    /// reference counting: the buffer's elements are swapped as memory).
    mutating func compact(keeping keep: [Bool]) {
        let kept = withUnsafeMutableBufferPointer { buffer -> Int in
            var w = 0
            for r in 0 ..< buffer.count where keep[r] {
                if w != r { buffer.swapAt(w, r) }
                w += 1
            }
            return w
        }
        removeLast(count - kept)
    }
}
