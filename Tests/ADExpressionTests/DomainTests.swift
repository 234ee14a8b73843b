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
    ])
    func intersections(a: Domain, b: Domain, expected: Domain) {
        #expect(a.intersected(with: b) == expected)
    }

    @Test("sampling stays inside the domain and is reproducible from the seed", arguments: [
        Domain.real, .positive, .nonzero, .interval(-20, 20), .interval(0.2, 1.4), .mask,
    ])
    func sampling(domain: Domain) {
        var g = RandomGenerator(seed: 42)
        let values = VariableBinding.sample(domain, shape: [50, 4], generator: &g)
        #expect(values.shape == [50, 4])
        #expect(values.scalars.allSatisfy { domain.contains($0) })
        var again = RandomGenerator(seed: 42)
        #expect(VariableBinding.sample(domain, shape: [50, 4], generator: &again).scalars == values.scalars)
        if domain == .mask { #expect(Set(values.scalars) == [0, 1]) }
    }
}
