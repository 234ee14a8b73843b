import Foundation
import Testing
@testable import DualTape

/// Compiled = eager on every catalog case: the value, a VJP, a JVP and (for operators of
/// one input) a Hessian-vector product, each replayed on a second input after tracing on
/// the first. Small cases replay one step per instruction; the elementwise families are
/// also run on 6,000 elements, where they go through fused loops.
@Suite("Compiled functions agree with eager on every catalog operator")
struct CompiledCatalogTests {
    static let cases: [CatalogCase] = OperatorCatalog.entries.flatMap(\.cases).filter { $0.op.info.derivative != .none }

    struct Setup {
        var inputs: [NDArray]
        var tangents: [NDArray]
        var cotangent: NDArray
    }

    static func setup(_ c: CatalogCase, shapes: [[Int]], salt: String) -> Setup {
        var g = RandomGenerator(seed: stableSeed(salt + c.description))
        let inputs = shapes.enumerated().map { i, shape in sample(c.domain(i), shape: shape, generator: &g) }
        let tangents = shapes.enumerated().map { i, shape in
            c.domain(i).isDifferentiated ? NDArray.normal(shape: shape, generator: &g) : NDArray.zeros(shape)
        }
        let y = dispatch(c.op, inputs)
        return Setup(inputs: inputs, tangents: tangents, cotangent: NDArray.normal(shape: y.shape, dtype: y.dtype, generator: &g))
    }

    /// `|a - b| <= tolerance · max(1, |b|)` elementwise, NaN only where eager is NaN too.
    static func expectClose(_ a: NDArray, _ b: NDArray, _ what: String, _ c: CatalogCase) {
        #expect(a.shape == b.shape, "\(what) shape: \(c)")
        let tolerance = b.dtype == .float32 ? 1e-5 : 1e-12
        for (x, y) in zip(a.scalars, b.scalars) {
            if y.isNaN { #expect(x.isNaN, "\(what): \(c)"); continue }
            #expect(Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y)), "\(what): compiled \(x), eager \(y): \(c)")
        }
    }

    static func check(_ c: CatalogCase, shapes: [[Int]]) throws {
        let op = c.op
        let first = setup(c, shapes: shapes, salt: "trace"), second = setup(c, shapes: shapes, salt: "replay")
        let f = try Autograd.compile(examples: first.inputs) { dispatch(op, $0) }
        for s in [first, second] {
            expectClose(try f(s.inputs), dispatch(op, s.inputs), "value", c)
            let (value, cotangents) = try f.vjp(s.inputs, cotangent: s.cotangent)
            let (eagerValue, pullback) = try DualTape.vjp(at: s.inputs) { dispatch(op, $0) }
            expectClose(value, eagerValue, "vjp value", c)
            for (k, (a, b)) in zip(cotangents, try pullback(s.cotangent)).enumerated() { expectClose(a, b, "vjp \(k)", c) }
            let (_, tangent) = try f.jvp(s.inputs, tangents: s.tangents)
            expectClose(tangent, try DualTape.jvp(at: s.inputs, tangents: s.tangents) { dispatch(op, $0) }.tangent, "jvp", c)
        }
        guard op.arity == 1, op.info.derivative == .smooth else { return }
        let u = first.cotangent
        let h = try Autograd.compile(example: first.inputs[0]) { (dispatch(op, $0) * u).sum() }
        for s in [first, second] {
            let hv = try h.hessianVectorProduct(s.inputs[0], vector: s.tangents[0])
            let eager = try DualTape.hessianVectorProduct(at: s.inputs[0], vector: s.tangents[0]) { (dispatch(op, $0) * u).sum() }
            expectClose(hv, eager, "hvp", c)
        }
    }

    @Test(arguments: cases)
    func compiledEqualsEager(_ c: CatalogCase) throws {
        try Self.check(c, shapes: c.shapes)
    }

    static let elementwise: [CatalogCase] = cases.filter { c in
        FusedOp.isElementwise(c.op) && c.shapes.allSatisfy { $0 == c.shapes[0] } && (0 ..< c.op.arity).allSatisfy { c.domain($0).isDifferentiated }
    }

    @Test(arguments: elementwise)
    func fusedLoopsEqualEager(_ c: CatalogCase) throws {
        try Self.check(c, shapes: Array(repeating: [6000], count: c.op.arity))
    }
}
