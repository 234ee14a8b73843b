/// A functional reverse level: the machinery behind `vjp`, `gradient` and friends.
///
/// It opens a fresh level (id above every open one), makes each input a leaf of that
/// level, runs the function with the level recording, and keeps the graph for a pullback
/// that may be called any number of times. Nested levels never touch each other's nodes,
/// so `gradient` inside `gradient` (reverse over reverse) and `gradient` inside `jvp`
/// (forward over reverse) just work.
struct ReverseLevel {
    let state: LevelState
    let leaves: [Node]

    /// Runs `f` on `xs` made leaves of a new level; returns the level and the raw output.
    static func trace(_ xs: [NDArray], _ f: ([NDArray]) throws -> NDArray) throws -> (ReverseLevel, NDArray) {
        let state = LevelState(id: ADContext.newLevelID(), kind: .reverse, recording: true, errors: ErrorBox())
        var context = ADContext.current
        context.levels.append(state)
        var leaves: [Node] = []
        let variables = xs.map { x -> NDArray in
            let leaf = Node(leafLevel: state.id, value: x, gradReq: .write, next: x.ad)
            leaves.append(leaf)
            var v = x
            v.ad = leaf
            return v
        }
        // An operator that meets bad data (an index out of range) in `f`: thrown here.
        let output = try withOperatorErrors { try ADContext.$current.withValue(context) { try f(variables) } }
        return (ReverseLevel(state: state, leaves: leaves), output)
    }

    /// The output without this level's node (what the caller sees).
    func value(_ output: NDArray) -> NDArray {
        output.layer(at: state.id) == nil ? output : output.removingLayer(state.id)
    }

    /// `Jᵀ ȳ` for each input (zeros for inputs the output does not depend on).
    func pullback(_ output: NDArray, _ cotangent: NDArray) throws -> [NDArray] {
        guard cotangent.shape == output.shape else {
            throw AutogradError.headGradientShape(head: 0, expected: output.shape, got: cotangent.shape)
        }
        guard let layer = output.layer(at: state.id), !layer.isTangent else {
            return leaves.map { NDArray.zeros($0.shape, dtype: $0.dtype) }
        }
        let seed = cotangent.dtype == output.dtype ? cotangent : cotangent.astype(output.dtype)
        let reached = try Backward.run(level: state.id, seeds: [(layer.asNode, seed)], retainGraph: true, createGraph: false)
        defer { for leaf in reached { leaf.cotangent = nil } }
        return leaves.map { leaf in
            guard let g = leaf.cotangent else { return NDArray.zeros(leaf.shape, dtype: leaf.dtype) }
            return g.dtype == leaf.dtype ? g : g.astype(leaf.dtype)
        }
    }
}
