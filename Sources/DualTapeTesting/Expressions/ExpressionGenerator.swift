import DualTape

/// Random well-typed expressions over the operator catalog, with their inputs.
///
/// Trees are built top-down from the output shape: each node either is a leaf (a new
/// variable, a variable used before — fan-out — or a 0-d constant) or applies a catalog
/// operator through its ``OperatorTemplate``, which gives input shapes producing the
/// node's shape. Every value is computed as the tree grows, and a sub-expression whose
/// values leave its operator's domain (log of a negative, tan near its pole, a value
/// beyond 10⁴) is replaced by a fresh variable sampled inside the domain. So every
/// generated expression is defined at its inputs, whatever the choices: a property of
/// the shrinker's, too (a leaf is choice 0, so zeroing choices prunes the tree).
public struct ExpressionGenerator: Sendable {
    /// The operators that may appear.
    public var templates: [OperatorTemplate]
    /// The most operator nodes; `nil` grows with the size parameter, from 1 to 6.
    public var maxNodes: Int?
    /// The element type; `nil` draws float64 four times in five, else float32.
    public var dtype: DType?
    /// The output shape; `nil` draws one.
    public var outputShape: [Int]?
    /// Variables that exist before generation (`x0`, ... in order), which leaves may reuse.
    public var givenVariables: [NDArray]
    /// The probability that a leaf a given variable fits (by shape and domain) is that variable.
    public var givenReuseProbability: Double

    /// A generator; by default of any catalog operator with a derivative, at any size,
    /// dtype and output shape.
    ///
    /// - Parameters:
    ///   - templates: The operators that may appear, at least one (a precondition).
    ///   - maxNodes: The most operator nodes, or `nil` to grow with the size parameter.
    ///   - dtype: The element type, or `nil` to draw float64 four times in five, else float32.
    ///   - outputShape: The output shape, or `nil` to draw one.
    ///   - givenVariables: Variables that exist before generation (`x0`, ... in order).
    ///   - givenReuseProbability: The probability that a leaf a given variable fits is that
    ///     variable; 0.8 by default.
    public init(templates: [OperatorTemplate] = ExpressionGenerator.defaultTemplates, maxNodes: Int? = nil,
                dtype: DType? = nil, outputShape: [Int]? = nil, givenVariables: [NDArray] = [], givenReuseProbability: Double = 0.8) {
        precondition(!templates.isEmpty, "ExpressionGenerator: needs at least one operator template")
        self.templates = templates
        self.maxNodes = maxNodes
        self.dtype = dtype
        self.outputShape = outputShape
        self.givenVariables = givenVariables
        self.givenReuseProbability = givenReuseProbability
    }

    /// Every catalog operator with a derivative, except dtype conversion (trees keep one dtype)
    /// and operators whose inputs are all held constant (one_hot of an index array: a
    /// constant, with no variable to differentiate).
    public static let defaultTemplates: [OperatorTemplate] = OperatorTemplate.all.filter { template in
        template.entry.info.derivative != .none && template.entry.name != "cast"
            && template.entry.cases.allSatisfy { c in c.shapes.indices.contains { c.domain($0).isDifferentiated } }
    }

    /// Templates of operators that are smooth (no kinks, no jumps): for properties that need
    /// derivatives to exist everywhere, such as agreement with finite differences.
    public static let smoothTemplates: [OperatorTemplate] = defaultTemplates.filter { $0.entry.info.derivative == .smooth }

    /// The generator.
    public var cases: Gen<ExpressionCase> {
        let settings = self
        return Gen { source in try ExpressionBuilder(settings, source).build() }
    }
}

/// The state of one tree being generated.
final class ExpressionBuilder {
    let settings: ExpressionGenerator
    let source: DrawSource
    var variables: [NDArray]
    var constants: [NDArray] = []
    var budget: Int
    var dtype: DType = .float64
    /// Template weights: the six comparisons together weigh as much as one other operator.
    let weights: [UInt64]

    init(_ settings: ExpressionGenerator, _ source: DrawSource) {
        self.settings = settings
        self.source = source
        variables = settings.givenVariables
        budget = settings.maxNodes ?? (1 + source.size / 20)
        weights = settings.templates.map { $0.entry.cases[0].op is Compare ? 1 : 6 }
    }

    func build() throws -> ExpressionCase {
        if let fixed = settings.dtype ?? settings.givenVariables.first?.dtype {
            dtype = fixed
        } else {
            dtype = try source.drawBool(probability: 0.2) ? .float32 : .float64
        }
        let shape = try settings.outputShape ?? Gen<[Int]>.drawShape(source, .sized(source.size))
        let (expression, _) = try node(shape, .real, specials: [])
        guard !variables.isEmpty else { throw GenerationRejected(reason: "the expression has no variable") }
        return ExpressionCase(expression: expression, variables: variables, constants: constants)
    }

    /// A sub-expression of `shape` whose values lie inside `domain`, its choices one span.
    func node(_ shape: [Int], _ domain: Domain, specials: [Double]) throws -> (Expression, NDArray) {
        try source.span("node") { try unmarkedNode(shape, domain, specials: specials) }
    }

    /// The most elements an operator's input may have in a tree: templates that widen their
    /// inputs (slices, reductions, convolutions) would otherwise compound over nested nodes
    /// beyond what a case may draw.
    static let maximumInputCount = 512

    func unmarkedNode(_ shape: [Int], _ domain: Domain, specials: [Double]) throws -> (Expression, NDArray) {
        // A matrix domain's structure cannot be checked on a computed value: such inputs are leaves.
        if case .matrix = domain { return try leaf(shape, domain, specials) }
        guard budget > 0, try source.drawBool(probability: 0.75) else { return try leaf(shape, domain, specials) }
        let template = settings.templates[Int(try drawTemplateIndex())]
        guard let application = try template.application(producing: shape, source),
              application.shapes.allSatisfy({ Shape.count($0) <= Self.maximumInputCount }) else { return try leaf(shape, domain, specials) }
        budget -= 1
        let checkpoint = (variables.count, constants.count)
        let op = application.op
        let kinks = op.info.kinks.flatMap(\.points)
        var children: [Expression] = [], values: [NDArray] = []
        for (i, inputShape) in application.shapes.enumerated() {
            let inputDomain = application.domain(i)
            if !inputDomain.isDifferentiated {
                // A mask or an index array: a constant drawn inside its domain, never a variable.
                constants.append(try Gen<NDArray>.drawArray(source, shape: inputShape, dtype: dtype, domain: inputDomain, extraSpecials: []))
                children.append(.constant(constants.count - 1))
                values.append(constants[constants.count - 1])
                continue
            }
            let childCheckpoint = (variables.count, constants.count)
            var (child, value) = try node(inputShape, inputDomain, specials: kinks)
            if !value.scalars.allSatisfy({ inputDomain.isInterior($0) }) {
                rollBack(to: childCheckpoint)
                (child, value) = try leaf(inputShape, inputDomain, kinks)
            }
            children.append(child)
            values.append(value)
        }
        let output = op.primal(values)
        guard output.shape == shape, output.scalars.allSatisfy({ domain.isInterior($0) }) else {
            rollBack(to: checkpoint)
            return try leaf(shape, domain, specials)
        }
        return (.apply(op, children), output)
    }

    /// Forgets the variables and constants of a discarded sub-expression.
    func rollBack(to checkpoint: (variables: Int, constants: Int)) {
        variables.removeSubrange(checkpoint.variables...)
        constants.removeSubrange(checkpoint.constants...)
    }

    /// A leaf of `shape` inside `domain`: a new variable (the simplest), a variable seen
    /// before whose values fit, or a 0-d constant (once there is a variable, so that no tree
    /// is a constant alone).
    func leaf(_ shape: [Int], _ domain: Domain, _ specials: [Double]) throws -> (Expression, NDArray) {
        let given = settings.givenVariables.indices.filter { i in
            variables[i].shape == shape && variables[i].scalars.allSatisfy { domain.isInterior($0) }
        }
        if !given.isEmpty, try source.drawBool(probability: settings.givenReuseProbability) {
            let i = try source.element(of: given)
            return (.variable(i), variables[i])
        }
        let kind = try source.draw(upTo: 2) { random in
            let u = random.nextUnit()
            return u < 0.55 ? 0 : (u < 0.9 ? 1 : 2)
        }
        if kind == 1 {
            let fitting = variables.indices.filter { i in
                variables[i].shape == shape && variables[i].scalars.allSatisfy { domain.isInterior($0) }
            }
            if !fitting.isEmpty {
                let i = try source.element(of: fitting)
                return (.variable(i), variables[i])
            }
        }
        let value = try Gen<NDArray>.drawArray(source, shape: shape, dtype: dtype, domain: domain, extraSpecials: specials)
        if kind == 2 && shape.isEmpty && !variables.isEmpty {
            constants.append(value)
            return (.constant(constants.count - 1), value)
        }
        variables.append(value)
        return (.variable(variables.count - 1), value)
    }

    /// A template index drawn by weight (index 0 is the simplest).
    func drawTemplateIndex() throws -> UInt64 {
        let weights = self.weights
        let total = weights.reduce(0, +)
        return try source.draw(upTo: UInt64(weights.count - 1)) { random in
            var pick = random.next(upTo: total - 1)
            for (i, w) in weights.enumerated() {
                if pick < w { return UInt64(i) }
                pick -= w
            }
            return UInt64(weights.count - 1)
        }
    }
}
