import DualTape

/// A function of arrays at a point, with the random directions checks differentiate along:
/// a tangent `vᵢ` per input and a cotangent `u` for the output.
///
/// Inputs that are not differentiable (0/1 masks, integer indices) get zero tangents and are left out of
/// reverse-mode sums. The function must follow its inputs' dtype (build constants with
/// `x.scalar(2)` or `2 * x`, not `NDArray.ones([3])`), since the numerical reference
/// evaluates it in float64.
public struct DirectionalCase: @unchecked Sendable, CustomStringConvertible {
    /// What the case is, for reports (an operator with shapes, an expression with values).
    public var label: String
    /// The function checked, of the inputs to one array; it must follow its inputs' dtype.
    public var function: ([NDArray]) -> NDArray
    /// The point: one array per argument of ``function``.
    public var inputs: [NDArray]
    /// Per input, whether it is differentiated (false for masks and indices, held constant).
    public var differentiable: [Bool]
    /// The tangent `vᵢ` of each input, of its shape and dtype; zero for inputs held constant.
    public var tangents: [NDArray]
    /// The cotangent `u`, of the output's shape and dtype.
    public var cotangent: NDArray
    /// Operator applications in the function (rounding grows with them); 1 for one operator.
    public var operationCount: Int
    /// Whether some operator in the function sees an input at or near one of its declared
    /// kinks (see ``KinkProximity``): there a mismatch with the numerical reference is
    /// classified, not failed.
    public var nearKink: Bool

    /// A case from its parts; ``draw(_:label:function:inputs:differentiable:operationCount:nearKink:)``
    /// draws the directions instead.
    ///
    /// - Parameters:
    ///   - label: What the case is, for reports.
    ///   - function: The function checked; it must follow its inputs' dtype.
    ///   - inputs: The point, one array per argument.
    ///   - differentiable: Per input, whether it is differentiated; as many as `inputs`.
    ///   - tangents: A tangent per input, of its shape and dtype; as many as `inputs`.
    ///   - cotangent: The cotangent, of the output's shape and dtype.
    ///   - operationCount: The operator applications in `function`; 1 by default.
    ///   - nearKink: Whether an operator sees an input near a declared kink; false by default.
    public init(label: String, function: @escaping ([NDArray]) -> NDArray, inputs: [NDArray], differentiable: [Bool],
                tangents: [NDArray], cotangent: NDArray, operationCount: Int = 1, nearKink: Bool = false) {
        precondition(inputs.count == differentiable.count && inputs.count == tangents.count,
                     "DirectionalCase: one tangent and one differentiability flag per input")
        self.label = label
        self.function = function
        self.inputs = inputs
        self.differentiable = differentiable
        self.tangents = tangents
        self.cotangent = cotangent
        self.operationCount = operationCount
        self.nearKink = nearKink
    }

    /// The lowest precision among the inputs and the output: what tolerances are set by.
    public var dtype: DType {
        inputs.contains { $0.dtype == .float32 } || cotangent.dtype == .float32 ? .float32 : .float64
    }

    /// The label, then each input `xᵢ`, direction `vᵢ` and cotangent, one per line.
    public var description: String {
        var lines = [label]
        for (i, x) in inputs.enumerated() { lines.append("x\(i) = " + ExpressionFormat.array(x)) }
        for (i, v) in tangents.enumerated() where differentiable[i] { lines.append("v\(i) = " + ExpressionFormat.array(v)) }
        lines.append("u = " + ExpressionFormat.array(cotangent))
        return lines.joined(separator: "\n")
    }

    /// Draws a case for `function` at `inputs`: tangents for the differentiable inputs and a
    /// cotangent for the output (whose shape and dtype come from evaluating the function).
    ///
    /// - Parameters:
    ///   - source: The source the directions are drawn from (ones are the simplest).
    ///   - label: What the case is, for reports.
    ///   - function: The function checked; it is evaluated once here.
    ///   - inputs: The point.
    ///   - differentiable: Per input, whether it gets a drawn tangent (else zeros).
    ///   - operationCount: The operator applications in `function`; 1 by default.
    ///   - nearKink: Whether an operator sees an input near a declared kink; false by default.
    /// - Returns: The case, with drawn directions.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func draw(_ source: DrawSource, label: String, function: @escaping ([NDArray]) -> NDArray, inputs: [NDArray],
                            differentiable: [Bool], operationCount: Int = 1, nearKink: Bool = false) throws -> DirectionalCase {
        let tangents = try inputs.enumerated().map { i, x in
            differentiable[i] ? try Gen<NDArray>.drawDirection(source, shape: x.shape, dtype: x.dtype) : NDArray.zeros(like: x)
        }
        let output = function(inputs)
        let cotangent = try Gen<NDArray>.drawDirection(source, shape: output.shape, dtype: output.dtype)
        return DirectionalCase(label: label, function: function, inputs: inputs, differentiable: differentiable,
                               tangents: tangents, cotangent: cotangent, operationCount: operationCount, nearKink: nearKink)
    }
}

extension DirectionalCase {
    /// A catalog application at inputs drawn inside its domains for this application (masks
    /// for `.mask` inputs, whole numbers for `.integers`, both held constant), with special
    /// values (zeros, kinks, domain ends) mixed in.
    ///
    /// - Parameters:
    ///   - source: The source the inputs and directions are drawn from.
    ///   - application: The operator with its attributes and input shapes.
    ///   - dtype: The inputs' dtype.
    /// - Returns: The case, labelled with the application, with its kink proximity.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawApplication(_ source: DrawSource, _ application: CatalogCase, dtype: DType) throws -> DirectionalCase {
        let op = application.op
        let kinks = op.info.kinks.flatMap(\.points)
        let domains = application.shapes.indices.map(application.domain)
        let inputs = try application.shapes.enumerated().map { i, shape in
            try Gen<NDArray>.drawArray(source, shape: shape, dtype: dtype, domain: domains[i], extraSpecials: kinks)
        }
        let differentiable = domains.map(\.isDifferentiated)
        return try draw(source, label: application.description, function: { dispatch(op, $0) }, inputs: inputs,
                        differentiable: differentiable, nearKink: KinkProximity.isNear(op, inputs))
    }

    /// An expression case with directions for its variables.
    ///
    /// - Parameters:
    ///   - source: The source the directions are drawn from.
    ///   - expression: The expression with its variables' values; every variable is
    ///     differentiated.
    /// - Returns: The case, labelled with the expression's formula, with its node count as
    ///   operation count.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawExpression(_ source: DrawSource, _ expression: ExpressionCase) throws -> DirectionalCase {
        try draw(source, label: expression.formula, function: expression.function, inputs: expression.variables,
                 differentiable: expression.variables.map { _ in true }, operationCount: expression.expression.nodeCount,
                 nearKink: expression.nearKink)
    }
}
