import Testing
import DualTape
import DualTapeTesting

/// The derivative properties over random compositions: well-typed expression trees over
/// the catalog, with fan-out (a variable used twice), broadcasting, reductions, structural
/// operators and matrix products, inputs inside every operator's domain.
@Suite("Random compositions")
struct ExpressionPropertyTests {
    /// Forward = reverse by the dot-product identity, to rounding, through every operator.
    @Test func forwardEqualsReverse() {
        checkProperty("trees: forward = reverse", .expressionCases(), configuration: config(Budget.expressions)) {
            DerivativeChecks.modesAgree($0.directional)
        }
    }

    /// Both modes match the numerical reference (kinks and unresolved points classified).
    /// Operators whose derivative is zero by declaration (stop_gradient, sign, comparisons)
    /// are left out: their convention is checked exactly in the catalog property.
    @Test func matchesNumericalReference() {
        let generator = ExpressionGenerator(templates: ExpressionGenerator.defaultTemplates.filter { $0.entry.info.derivative != .zero })
        checkProperty("trees: reference", .expressionCases(generator), configuration: config(Budget.expressions)) { c in
            switch results(c.directional) {
            case .failure(let failure): return .fail(failure.message)
            case .success(let r): return DerivativeChecks.matchesReference(c.directional, r)
            }
        }
    }

    /// The JVP is linear in its tangent, the VJP in its cotangent.
    @Test func linearInDirections() {
        checkProperty("trees: linearity", .expressionCases(), configuration: config(Budget.expressions)) { c in
            firstProblem(
                DerivativeChecks.tangentLinearity(c.directional, other: c.otherTangents, alpha: c.alpha, beta: c.beta),
                DerivativeChecks.cotangentLinearity(c.directional, other: c.otherCotangent, alpha: c.alpha, beta: c.beta))
        }
    }

    /// The tape's gradients have their inputs' shapes and dtypes and equal the pullback's.
    @Test func tapeGradientsMatchThePullback() {
        checkProperty("trees: tape", .expressionCases(), configuration: config(Budget.expressions)) { c in
            switch results(c.directional) {
            case .failure(let failure): return .fail(failure.message)
            case .success(let r): return DerivativeChecks.tapeMatchesPullback(c.directional, r)
            }
        }
    }

    /// Second order: the Hessian of `⟨u, f(x₀)⟩` is symmetric, and forward over reverse
    /// equals reverse over reverse.
    @Test func secondOrder() {
        let trees = ExpressionGenerator(maxNodes: 4).cases.filter { $0.variables[0].count <= 12 }
        let cases = Gen<OperatorCheckCase> { source in
            try OperatorCheckCase.draw(source, try DirectionalCase.drawExpression(source, try trees.generate(source)))
        }
        checkProperty("trees: second order", cases, configuration: config(Budget.costly)) { c in
            firstProblem(SecondOrder.hessianIsSymmetric(c.directional), DerivativeChecks.secondOrderModesAgree(c.directional))
        }
    }

    /// The chain rule: the derivative of `f(g(x), y)` is the derivative of `f` at `g(x)`
    /// composed with the derivative of `g`, in both modes, to rounding.
    @Test func chainRule() {
        checkProperty("trees: chain rule", ChainRule.cases, configuration: config(Budget.costly)) { $0.check() }
    }
}
