import DualTape

/// Elementwise functions: one array in, the same shape out; and the broadcasting ones of two
/// or three arrays. Each applies one catalog operator.
extension FunctionTable {
    static let elementwise: [FunctionDefinition] = [
        unary(Negate()), unary(Square()), unary(Sqrt()), unary(Exp()), unary(Log()),
        unary(Sin()), unary(Cos()), unary(Tan()), unary(Tanh()), unary(Sigmoid()),
        unary(Relu()), unary(Abs()), unary(Sign()), unary(StopGradient()), clip,
    ]

    static let binary: [FunctionDefinition] = [
        broadcasting(Add()), broadcasting(Subtract()), broadcasting(Multiply()), broadcasting(Divide()),
        broadcasting(Power()), broadcasting(Maximum()), broadcasting(Minimum()),
    ] + Comparison.allCases.map { broadcasting(Compare($0), summary: "a \($0.rawValue) b as a 0/1 mask") } + [select]

    /// `name(x)` applying `op`.
    static func unary(_ op: some UnaryElementwiseOperator) -> FunctionDefinition {
        FunctionDefinition(op.name, .elementwise, [Parameter("x", .array)], info: op.info) { call throws(ExpressionError) in
            Operation(shape: call.shape(0)) { op.apply($0) }
        }
    }

    /// `name(a, b)` applying `op` with NumPy broadcasting.
    static func broadcasting(_ op: some DifferentiableOperator, summary: String? = nil) -> FunctionDefinition {
        FunctionDefinition(op.name, .binary, [Parameter("a", .array), Parameter("b", .array)], summary: summary, info: op.info) { call throws(ExpressionError) in
            guard let shape = Shape.broadcast(call.shape(0), call.shape(1)) else {
                throw call.fail(.shape, "shapes \(Shape.describe(call.shape(0))) and \(Shape.describe(call.shape(1))) cannot be broadcast together")
            }
            return Operation(shape: shape) { op.apply($0) }
        }
    }

    /// `clip(x, a_min, a_max)`.
    static let clip = FunctionDefinition("clip", .elementwise, [Parameter("x", .array), Parameter("a_min", .number), Parameter("a_max", .number)],
                                         summary: "x clipped to [a_min, a_max]", info: Clip(low: 0, high: 0).info) { call throws(ExpressionError) in
        // Both are required, so the binder has checked they are present.
        let low = try call.number("a_min") ?? 0, high = try call.number("a_max") ?? 0
        guard low <= high else {
            throw call.fail(.argument, "a_min \(call.text(of: "a_min")) is greater than a_max \(call.text(of: "a_max"))", at: call.range(of: "a_min"))
        }
        return Operation(shape: call.shape(0)) { $0[0].clip(low, high) }
    }

    /// `where(condition, a, b)`, all three broadcasting.
    static let select = FunctionDefinition("where", .binary, [Parameter("condition", .array), Parameter("a", .array), Parameter("b", .array)],
                                           info: Where().info) { call throws(ExpressionError) in
        guard let ab = Shape.broadcast(call.shape(1), call.shape(2)), let shape = Shape.broadcast(call.shape(0), ab) else {
            let shapes = (0 ..< 3).map { Shape.describe(call.shape($0)) }.joined(separator: ", ")
            throw call.fail(.shape, "shapes \(shapes) cannot be broadcast together")
        }
        return Operation(shape: shape) { NDArray.where($0[0], $0[1], $0[2]) }
    }
}
