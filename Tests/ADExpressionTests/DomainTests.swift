import Testing
@testable import ADExpression
import DualTape

@Suite("Domains: where each variable is sampled")
struct DomainTests {
    @Test("from the catalog domain of each operator a variable is a direct argument of", arguments: [
        ("log(x)", Domain.positive), ("sqrt(x) + 1", .positive), ("1 / x", .nonzero), ("y / x", .nonzero),
        ("where(x, y, 1)", .mask), ("exp(x)", .interval(-20, 20)), ("tan(x)", .interval(-1.4, 1.4)),
        ("log(x) + tan(x)", .interval(0.2, 1.4)), ("log(x) / x", .positive), ("exp(x) * log(x)", .positive),
        ("x ^ 2", .real), ("x ^ -1", .real), ("x ^ 0.5", .interval(0.2, 3)), ("x ^ y", .interval(0.2, 3)),
        ("2 ^ x", .interval(-2, 2)), ("prod(x)", .interval(-2, 2)), ("log(x + 1)", .real), ("sum(x, axis=0)", .real),
        ("x @ x", .real), ("sin(x) * x", .real), ("where(x > 0, log(x), x)", .positive), ("where(x, log(x), 1)", .positive),
    ])
    func inferred(source: String, domain: Domain) throws {
        #expect(try ParsedExpression(source).domains["x"] == domain)
    }

    @Test("every variable has a domain, .real when nothing restricts it")
    func everyVariable() throws {
        let parsed = try ParsedExpression("log(a) + b * c[0]")
        #expect(parsed.domains == ["a": .positive, "b": .real, "c": .real])
    }

    @Test("intersections", arguments: [
        (Domain.real, Domain.positive, Domain.positive), (.positive, .real, .positive), (.nonzero, .positive, .positive),
        (.positive, .interval(-20, 20), .positive), (.nonzero, .interval(-1.4, 1.4), .interval(0.5, 1.4)),
        (.interval(-3, -1), .nonzero, .interval(-2, -1)), (.mask, .interval(-2, 2), .mask), (.positive, .mask, .positive),
        (.interval(-3, -1), .positive, .interval(-3, -1)),
        // Integers keep the longest run of whole numbers the other domain allows.
        (.integers(0, 3), .real, .integers(0, 3)), (.real, .integers(0, 3), .integers(0, 3)),
        (.integers(0, 3), .positive, .integers(1, 3)), (.integers(-3, 3), .nonzero, .integers(1, 3)),
        (.integers(-3, 1), .nonzero, .integers(-3, -1)), (.integers(0, 3), .integers(2, 5), .integers(2, 3)),
        (.integers(0, 3), .mask, .integers(0, 1)), (.mask, .integers(0, 3), .integers(0, 1)),
        (.integers(0, 9), .interval(-2, 2), .integers(0, 2)), (.integers(5, 6), .interval(-2, 2), .integers(5, 6)),
        (.interval(0.2, 3), .integers(0, 9), .integers(1, 3)),
    ])
    func intersections(a: Domain, b: Domain, expected: Domain) {
        #expect(a.intersected(with: b) == expected)
    }

    @Test("sampling stays inside the domain and is reproducible from the seed", arguments: [
        Domain.real, .positive, .nonzero, .interval(-20, 20), .interval(0.2, 1.4), .mask, .integers(0, 3), .integers(-2, -2),
    ])
    func sampling(domain: Domain) {
        var g = RandomGenerator(seed: 42)
        let values = VariableBinding.sample(domain, shape: [50, 4], generator: &g)
        #expect(values.shape == [50, 4])
        #expect(values.scalars.allSatisfy { domain.contains($0) })
        var again = RandomGenerator(seed: 42)
        #expect(VariableBinding.sample(domain, shape: [50, 4], generator: &again).scalars == values.scalars)
        if domain == .mask { #expect(Set(values.scalars) == [0, 1]) }
        if case .integers(let low, let high) = domain { #expect(Set(values.scalars) == Set((low ... high).map(Double.init))) }
    }

    @Test("an index's range follows from the shapes, once they are checked", arguments: [
        ("sum(take(W, idx, axis=0))", ["W": [4, 3], "idx": [5]], Domain.integers(0, 3)),
        ("sum(take(W, idx))", ["W": [4, 3], "idx": [2, 2]], .integers(0, 11)),
        ("sum(take(W, idx, axis=-1))", ["W": [4, 3], "idx": []], .integers(0, 2)),
        ("sum(take_along_axis(W, idx, axis=1))", ["W": [4, 3], "idx": [4, 5]], .integers(0, 2)),
        ("sum(gather(W, idx, axis=0))", ["W": [4, 3], "idx": [1, 3]], .integers(0, 3)),
        ("sum(pick(W, idx))", ["W": [4, 3], "idx": [4]], .integers(0, 2)),
        ("sum(scatter_add(W, idx, U))", ["W": [4, 3], "idx": [2], "U": [2, 3]], .integers(0, 3)),
        ("sum(one_hot(idx, 5) * W)", ["W": [2, 5], "idx": [2]], .integers(0, 4)),
        // Used as an index twice: the ranges intersect.
        ("sum(take(W, idx, axis=0)) + sum(take(W, idx, axis=1))", ["W": [4, 3], "idx": [2]], .integers(0, 2)),
    ])
    func indexDomains(source: String, shapes: [String: [Int]], expected: Domain) throws {
        let compiled = try ParsedExpression(source).compile(types: shapes.mapValues { ArrayType($0) })
        #expect(compiled.domains["idx"] == expected)
        #expect(compiled.domains["W"] == .real)
        #expect(compiled.domains["idx"]?.isDifferentiated == false)
    }

    @Test("bad index values are an OperatorError from evaluateReportingErrors")
    func badIndexValues() throws {
        let compiled = try ParsedExpression("take(W, idx, axis=0)").compile(types: ["W": ArrayType([4, 3]), "idx": ArrayType([2])])
        let w = NDArray.ones([4, 3])
        #expect(try compiled.evaluateReportingErrors([w, NDArray([3, -4])]).shape == [2, 3])
        #expect(throws: OperatorError.self) { try compiled.evaluateReportingErrors([w, NDArray([0, 4])]) }
        #expect(throws: OperatorError.self) { try compiled.evaluateReportingErrors([w, NDArray([0.5, 1])]) }
    }
}
