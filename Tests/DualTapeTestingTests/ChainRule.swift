import DualTape
import DualTapeTesting

/// A composition `h(x, y) = f(g(x), y)` of two random expressions, where `f`'s variable
/// `x0` is the hole `g` fills (so `g`'s output is in `f`'s domain there by construction).
struct ChainRule: CustomStringConvertible {
    let inner: ExpressionCase
    let outer: ExpressionCase
    let innerTangents: [NDArray]
    let outerTangents: [NDArray]
    let cotangent: NDArray

    var description: String {
        "inner g: \(inner)\nouter f (x0 = g): \(outer.formula)\n"
            + outer.variables.dropFirst().enumerated().map { "outer x\($0 + 1) = " + ExpressionFormat.array($1) }.joined(separator: "\n")
    }

    static let cases = Gen<ChainRule> { source in
        let inner = try ExpressionGenerator(maxNodes: 3).cases.generate(source)
        let hole = inner.value.detach()
        let outer = try ExpressionGenerator(maxNodes: 3, dtype: hole.dtype, outputShape: hole.shape, givenVariables: [hole])
            .cases.generate(source)
        guard outer.expression.uses(variable: 0) else { throw GenerationRejected(reason: "the outer expression does not use the hole") }
        let innerTangents = try inner.variables.map { try Gen<NDArray>.drawDirection(source, shape: $0.shape, dtype: $0.dtype) }
        let outerTangents = try outer.variables.dropFirst().map { try Gen<NDArray>.drawDirection(source, shape: $0.shape, dtype: $0.dtype) }
        let output = outer.value
        let cotangent = try Gen<NDArray>.drawDirection(source, shape: output.shape, dtype: output.dtype)
        return ChainRule(inner: inner, outer: outer, innerTangents: innerTangents, outerTangents: outerTangents, cotangent: cotangent)
    }

    /// The composition as one function of `g`'s inputs followed by `f`'s other inputs.
    func composed(_ xs: [NDArray]) -> NDArray {
        let n = inner.variables.count
        let g = inner.function(Array(xs[..<n]))
        return outer.function([g] + Array(xs[n...]))
    }

    func check() -> CaseOutcome {
        let n = inner.variables.count
        let all = inner.variables + outer.variables.dropFirst()
        let operations = inner.expression.nodeCount + outer.expression.nodeCount
        do {
            // Forward: J_h [v; w] = J_f [J_g v; w].
            let (_, direct) = try jvp(at: all, tangents: innerTangents + outerTangents, composed)
            let (g, gt) = try jvp(at: inner.variables, tangents: innerTangents, inner.function)
            let (_, chained) = try jvp(at: [g] + outer.variables.dropFirst(), tangents: [gt] + outerTangents, outer.function)
            let magnitude = Swift.max(1, DerivativeChecks.maxAbs(g), all.reduce(0) { Swift.max($0, DerivativeChecks.maxAbs($1)) },
                                      DerivativeChecks.maxAbs(outer.value))
            let tangentSize = (innerTangents + outerTangents).reduce(0) { Swift.max($0, DerivativeChecks.maxAbs($1)) }
            if let problem = compare("forward", direct, chained, operations, floor: tangentSize * magnitude) { return problem }
            // Reverse: J_hᵀ u = [J_gᵀ (J_fᵀ u)₀; (J_fᵀ u)₁...].
            let directGrads = try vjp(at: all, composed).pullback(cotangent)
            let outerGrads = try vjp(at: [g] + outer.variables.dropFirst(), outer.function).pullback(cotangent)
            let innerGrads = try vjp(at: inner.variables, inner.function).pullback(outerGrads[0])
            for (i, (a, b)) in zip(directGrads, innerGrads + outerGrads.dropFirst()).enumerated() {
                let label = "reverse, input \(i < n ? "x\(i) of g" : "x\(i - n + 1) of f")"
                if let problem = compare(label, a, b, operations, floor: DerivativeChecks.sumAbs(cotangent) * magnitude) { return problem }
            }
            return .pass
        } catch {
            return .fail("threw \(error)")
        }
    }

    /// A failure unless `a` and `b` agree elementwise to rounding, relative to their size or
    /// to `floor` (the directions' size times the values' magnitude), whichever is larger.
    private func compare(_ what: String, _ a: NDArray, _ b: NDArray, _ operations: Int, floor: Double) -> CaseOutcome? {
        guard a.shape == b.shape else { return .fail("\(what): shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape))") }
        let (x, y) = (a.scalars, b.scalars)
        let size = zip(x, y).reduce(0.0) { Swift.max($0, Swift.abs($1.0), Swift.abs($1.1)) }
        let tolerance = Double(64 * (operations + 1)) * a.dtype.unitRoundoff * Swift.max(size, floor)
        for k in x.indices where !(Swift.abs(x[k] - y[k]) <= tolerance) {
            return .fail("\(what): the composition's derivative has \(x[k]) at element \(k), the composed derivatives \(y[k]) (tolerance \(tolerance))")
        }
        return nil
    }
}
