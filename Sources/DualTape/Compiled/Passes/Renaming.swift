extension Program {
    /// The program with every use of a value id replaced by `map[id]` (when present):
    /// instruction inputs, results and guard operands.
    func renamingUses(_ map: [Int: Int]) -> Program {
        if map.isEmpty { return self }
        func resolve(_ id: Int) -> Int {
            var id = id
            while let next = map[id], next != id { id = next }
            return id
        }
        var result = self
        for k in result.instructions.indices { result.instructions[k].inputs = result.instructions[k].inputs.map(resolve) }
        result.outputs = result.outputs.map(resolve)
        for g in result.guards.indices {
            if case .value(let id) = result.guards[g].lhs { result.guards[g].lhs = .value(resolve(id)) }
            if case .value(let id) = result.guards[g].rhs { result.guards[g].rhs = .value(resolve(id)) }
        }
        return result
    }
}
