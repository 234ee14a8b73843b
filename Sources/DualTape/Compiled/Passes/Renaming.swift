extension Program {
    /// The program with its results and guard operands renamed by `rename` (a value id to
    /// its replacement, itself when kept; one step resolves it), for a pass that renamed
    /// instruction inputs as it went.
    func renamingOutputsAndGuards(_ rename: [Int]) -> Program {
        var result = self
        result.outputs = outputs.map { rename[$0] }
        for g in result.guards.indices {
            if case .value(let id) = result.guards[g].lhs { result.guards[g].lhs = .value(rename[id]) }
            if case .value(let id) = result.guards[g].rhs { result.guards[g].rhs = .value(rename[id]) }
        }
        return result
    }
}

extension Program.Instruction {
    /// The inputs renamed by `rename` (a value id to its replacement, itself when kept), in place.
    mutating func rename(_ rename: [Int]) {
        for i in inputs.indices where rename[inputs[i]] != inputs[i] { inputs[i] = rename[inputs[i]] }
    }
}
