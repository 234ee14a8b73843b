import Testing
import DualTape
import DualTapeTesting

/// Generators respect shapes and domains: what every property relies on.
@Suite("Generators")
struct GeneratorTests {
    /// Shapes stay within their limits, and 0-d arrays and size-1 axes are common.
    @Test func shapesRespectLimits() throws {
        let limits = ShapeLimits(ranks: 0 ... 3, maxExtent: 4, maxCount: 20)
        let shapes = try (0 ..< 400).map { try Gen<[Int]>.shape(limits).sample(seed: UInt64($0)) }
        for shape in shapes {
            #expect(limits.ranks.contains(shape.count) && shape.allSatisfy { (1 ... 4).contains($0) } && Shape.count(shape) <= 20, "\(shape)")
        }
        #expect(shapes.filter(\.isEmpty).count > 40)
        #expect(shapes.filter { $0.contains(1) }.count > 40)
        #expect(Set(shapes.map(\.count)) == [0, 1, 2, 3])
    }

    /// Broadcast-compatible pairs and triples broadcast; `broadcasting(to:)` gives exactly its target.
    @Test func broadcastShapesBroadcast() throws {
        var differing = 0
        for seed in 0 ..< 300 {
            let count = 2 + seed % 2
            let shapes = try Gen<[[Int]]>.broadcastCompatible(count: count).sample(seed: UInt64(seed))
            #expect(shapes.count == count)
            let result = broadcastAll(shapes)
            #expect(result != nil, "\(shapes) do not broadcast")
            if Set(shapes).count > 1 { differing += 1 }
            let target = try Gen<[Int]>.shape().sample(seed: UInt64(seed))
            let exact = try Gen<[[Int]]>.broadcasting(to: target, count: count).sample(seed: UInt64(seed) + 1000)
            #expect(broadcastAll(exact) == target, "\(exact) → \(target)")
        }
        #expect(differing > 100)
    }

    /// The broadcast of all `shapes`, or `nil`.
    func broadcastAll(_ shapes: [[Int]]) -> [Int]? {
        var result: [Int]? = shapes[0]
        for shape in shapes.dropFirst() { result = result.flatMap { Shape.broadcast($0, shape) } }
        return result
    }

    /// Operators whose results have only some shapes (square matrices, one value per matrix):
    /// their templates can produce fewer of the random shapes.
    static let restrictedShapes: Set<String> = ["inv", "cholesky", "det", "slogdet"]

    /// Every catalog template produces the output shape asked for, with inputs the operator
    /// accepts, and inputs drawn inside each operator's domains (in both dtypes).
    @Test(arguments: OperatorCatalog.entries.map(\.name))
    func templatesProduceTheirShapesInsideDomains(_ name: String) throws {
        let template = OperatorTemplate.forEntry(entry(name))
        var produced = 0
        for seed in 0 ..< 120 {
            let source = DrawSource(random: SplitMix64(seed: UInt64(seed)), size: 100)
            let shape = try Gen<[Int]>.drawShape(source, .sized(100))
            guard let application = try template.application(producing: shape, source) else { continue }
            produced += 1
            let dtype: DType = seed % 2 == 0 ? .float64 : .float32
            let c = try DirectionalCase.drawApplication(source, application, dtype: dtype)
            let output = application.op.primal(c.inputs)
            #expect(output.shape == shape, "\(application) gives \(output.shape), asked \(shape)")
            for (i, x) in c.inputs.enumerated() {
                let domain = application.domain(i)
                #expect(x.dtype == dtype)
                #expect(x.scalars.allSatisfy { domain.contains($0) }, "\(name) input \(i) leaves \(domain): \(x.scalars)")
            }
        }
        #expect(produced > (Self.restrictedShapes.contains(name) ? 10 : 30), "\(name) produced only \(produced) applications")
    }

    /// Kinks and domain ends are drawn as special values: relu sees 0, clip its bounds,
    /// power its base's interval ends.
    @Test func specialValuesAppear() throws {
        func values(_ name: String, input: Int = 0) throws -> Set<Double> {
            let gen = OperatorTemplate.forEntry(entry(name)).applications
            var seen = Set<Double>()
            for seed in 0 ..< 300 {
                let source = DrawSource(random: SplitMix64(seed: UInt64(seed)), size: 60)
                let c = try DirectionalCase.drawApplication(source, try gen.generate(source), dtype: .float64)
                seen.formUnion(c.inputs[input].scalars)
            }
            return seen
        }
        let relu = try values("relu")
        #expect(relu.contains(0))
        let clip = try values("clip")
        #expect(clip.contains(-0.5) && clip.contains(0.5))
        let power = try values("power")
        #expect(power.contains(0.2) && power.contains(3))
        let log = try values("log"), divisors = try values("divide", input: 1)
        #expect(log.allSatisfy { $0 > 0 })
        #expect(divisors.allSatisfy { $0 != 0 && abs($0) >= 0.25 })
    }

    /// Expression trees: every operator sees inputs inside its domain, values are finite,
    /// every variable is used, and the node budget holds. A few draws are rejected by design
    /// (no variable, too many choices): property runs discard those.
    @Test func expressionTreesAreWellTyped() throws {
        let gen = ExpressionGenerator(maxNodes: 5).cases
        var fanOut = 0, deep = 0, rejected = 0
        for seed in 0 ..< 200 {
            let c: ExpressionCase
            do {
                c = try gen.sample(seed: UInt64(seed), size: 100)
            } catch is GenerationRejected {
                rejected += 1
                continue
            }
            #expect(c.expression.nodeCount <= 5)
            if c.expression.nodeCount >= 3 { deep += 1 }
            for i in c.variables.indices { #expect(c.expression.uses(variable: i), "x\(i) unused in \(c)") }
            let value = c.expression.evaluateVisiting(c.variables, constants: c.constants) { op, inputs in
                for (i, x) in inputs.enumerated() {
                    let domain = op.info.domain(i)
                    if case .integers = domain {
                        // An index array's range depends on the shape it indexes (its application's
                        // domain); the operator checks the range itself and would have stopped.
                        #expect(x.scalars.allSatisfy { $0 == $0.rounded() }, "\(op.name) input \(i) is not whole in \(c)")
                        continue
                    }
                    #expect(x.scalars.allSatisfy { domain.contains($0) }, "\(op.name) input \(i) leaves \(domain) in \(c)")
                }
            }
            #expect(value.scalars.allSatisfy { $0.isFinite })
            #expect(value.shape == c.value.shape)
            if c.expression.formatted(constants: c.constants).components(separatedBy: "x0").count > 2 { fanOut += 1 }
        }
        #expect(deep > 40)
        // Fan-out (one variable used twice) is rarer among ~130 operators than among 44: these
        // 200 seeds give 2 such trees; the property runs reach it thousands of times.
        #expect(fanOut >= 2)
        #expect(rejected <= 10)
    }

    /// A user's operator joins generated trees through its own template.
    @Test func userTemplatesJoinTrees() throws {
        let custom = CatalogEntry(name: "softsign", summary: "x / (1 + |x|)", family: .unary, cases: [CatalogCase(Softsign(), [[2]])])
        let gen = ExpressionGenerator(templates: [OperatorTemplate.elementwise(custom)], maxNodes: 3).cases
        let texts = try (0 ..< 30).map { try gen.sample(seed: UInt64($0), size: 100).expression.formatted() }
        #expect(texts.contains { $0.contains("softsign(") })
    }
}

/// `x / (1 + |x|)`, a user's operator for the template test.
struct Softsign: UnaryElementwiseOperator {
    var name: String { "softsign" }
    func value<T: NDScalar>(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T { 1 / ((1 + T.abs(x)) * (1 + T.abs(x))) }
}
