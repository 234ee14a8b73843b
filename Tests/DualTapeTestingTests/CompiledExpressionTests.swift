import Testing
import DualTape
import DualTapeTesting

/// Compiled = eager on random expression trees over the catalog (fan-out, broadcasting,
/// reductions, structural operators, matrix products), replayed on the traced inputs and
/// on fresh inputs of the same shapes.
@Suite("Compiled functions on random compositions")
struct CompiledExpressionTests {
    static func close(_ a: NDArray, _ b: NDArray) -> Bool {
        guard a.shape == b.shape else { return false }
        let tolerance = b.dtype == .float32 ? 1e-5 : 1e-11
        return zip(a.scalars, b.scalars).allSatisfy { x, y in
            y.isNaN ? x.isNaN : Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y))
        }
    }

    @Test(arguments: 0 ..< 60)
    func compiledEqualsEagerOnARandomTree(_ seed: Int) throws {
        let c = try ExpressionGenerator().cases.sample(seed: UInt64(seed))
        let other = try ExpressionGenerator().cases.sample(seed: UInt64(seed))
        let f = try Autograd.compile(examples: c.variables, c.function)
        for inputs in [c.variables, other.variables] {
            let (eagerValue, pullback) = try DualTape.vjp(at: inputs, c.function)
            var g = RandomGenerator(seed: UInt64(seed) + 1000)
            let u = NDArray.normal(shape: eagerValue.shape, dtype: eagerValue.dtype, generator: &g)
            let (value, cotangents) = try f.vjp(inputs, cotangent: u)
            #expect(Self.close(value, eagerValue), "value: \(c)")
            for (a, b) in zip(cotangents, try pullback(u)) { #expect(Self.close(a, b), "vjp: \(c)") }
            let tangents = inputs.map { NDArray.normal(shape: $0.shape, dtype: $0.dtype, generator: &g) }
            let compiledJVP = try f.jvp(inputs, tangents: tangents).tangent
            #expect(Self.close(compiledJVP, try DualTape.jvp(at: inputs, tangents: tangents, c.function).tangent), "jvp: \(c)")
        }
    }
}
