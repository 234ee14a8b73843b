import Testing
import DualTape
import DualTapeTesting

/// Broadcasting: a gradient always has its input's shape and dtype, and equals the gradient
/// with respect to the input broadcast by hand, summed over the broadcast axes (a sum done
/// here in plain loops, independently of DualTape's `unbroadcast`).
@Suite("Broadcasting gradients")
struct BroadcastingPropertyTests {
    static let names = OperatorCatalog.entries.filter { $0.family == .binary }.map(\.name)

    struct Case: CustomStringConvertible {
        let op: any DifferentiableOperator
        let inputs: [NDArray]
        let cotangent: NDArray
        var description: String {
            "\(op.name) on " + inputs.map { ExpressionFormat.array($0) }.joined(separator: ", ") + "\nu = " + ExpressionFormat.array(cotangent)
        }
    }

    static func cases(_ entry: CatalogEntry) -> Gen<Case> {
        Gen { source in
            let op = try source.element(of: entry.cases).op
            let shapes = try Gen<[[Int]]>.broadcastCompatible(count: op.arity).generate(source)
            let dtype = try source.element(of: [DType.float64, .float32])
            let c = try DirectionalCase.drawApplication(source, CatalogCase(op, shapes), dtype: dtype)
            return Case(op: op, inputs: c.inputs, cotangent: c.cotangent)
        }
    }

    @Test(arguments: names)
    func gradientIsTheSumOverBroadcastAxes(_ name: String) {
        checkProperty("broadcasting \(name)", Self.cases(entry(name)), configuration: config(Budget.catalog * 2)) { c in
            let differentiable = c.inputs.indices.map { c.op.info.domain($0).isDifferentiated }
            let output = c.op.primal(c.inputs)
            let grads = try Self.tapeGradients(c.op, c.inputs, differentiable, c.cotangent)
            let expanded = c.inputs.map { NDArray(values: $0.broadcast(to: output.shape).scalars, shape: output.shape, dtype: $0.dtype) }
            let expandedGrads = try Self.tapeGradients(c.op, expanded, differentiable, c.cotangent)
            for i in c.inputs.indices where differentiable[i] {
                let g = try #require(grads[i]), full = try #require(expandedGrads[i])
                if g.shape != c.inputs[i].shape || g.dtype != c.inputs[i].dtype {
                    return .fail("input \(i): gradient of shape \(Shape.describe(g.shape)) (\(g.dtype)) for an input of shape \(Shape.describe(c.inputs[i].shape)) (\(c.inputs[i].dtype))")
                }
                let (sums, sizes) = Self.sumOverBroadcastAxes(full, to: c.inputs[i].shape)
                let values = g.scalars
                for k in values.indices where !(Swift.abs(values[k] - sums[k]) <= 64 * g.dtype.unitRoundoff * sizes[k]) {
                    return .fail("input \(i): gradient element \(k) is \(values[k]) but the broadcast gradient sums to \(sums[k])")
                }
            }
            return .pass
        }
    }

    /// The gradients of `⟨u, op(inputs)⟩` through MXNet's tape.
    static func tapeGradients(_ op: any DifferentiableOperator, _ inputs: [NDArray], _ differentiable: [Bool], _ u: NDArray) throws -> [NDArray?] {
        var variables = inputs
        for i in variables.indices where differentiable[i] { variables[i].attachGrad() }
        let y = Autograd.record { dispatch(op, variables) }
        try y.backward(headGradient: u)
        return variables.indices.map { differentiable[$0] ? variables[$0].grad : nil }
    }

    /// `full` (of the broadcast shape) summed back to `shape` by NumPy's alignment rule, in
    /// Double, with the sum of magnitudes per element (for the rounding tolerance).
    static func sumOverBroadcastAxes(_ full: NDArray, to shape: [Int]) -> (sums: [Double], sizes: [Double]) {
        let fullShape = full.shape, lead = fullShape.count - shape.count
        var sums = [Double](repeating: 0, count: Shape.count(shape)), sizes = sums
        var index = [Int](repeating: 0, count: fullShape.count)
        for value in full.scalars {
            var target = 0
            for axis in 0 ..< shape.count { target = target * shape[axis] + (shape[axis] == 1 ? 0 : index[lead + axis]) }
            sums[target] += value
            sizes[target] += Swift.abs(value)
            var axis = fullShape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < fullShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return (sums, sizes)
    }
}
