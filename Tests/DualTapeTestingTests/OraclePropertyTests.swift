import Testing
import DualTape
import DualTapeOracle
import DualTapeTesting

/// Forward and reverse mode against the GSL oracle (`DualTapeOracle.checkGradients`, its
/// derived tolerance policy and verdicts) on generated cases: every catalog operator with a
/// derivative that is not zero by declaration, and random compositions of them. Kinks and
/// unresolved points are classified (counted), not failed.
///
/// Two refinements of the oracle's verdicts. Forward = reverse is left to the mode-agreement
/// property (see `oracleOutcome`). And where an operator sees an input at one of its
/// declared kinks (``KinkProximity``), a disagreement is classified as a kink even when the
/// AD value lies outside the oracle's one-sided derivatives. With several elements at kinks
/// the one-sided derivatives of `t ↦ ⟨u, f(x + t·v)⟩` do not bound a valid convention value
/// (clip at both bounds with `v > 0`: right slope `u₂v₂`, left `u₁v₁`, AD `u₁v₁ + u₂v₂`), so
/// the oracle's subgradient test applies to scalar functions of one scalar only.
@Suite("The GSL oracle")
struct OraclePropertyTests {
    static let names = OperatorCatalog.entries.filter { $0.info.derivative == .smooth || $0.info.derivative == .piecewise }.map(\.name)

    /// The oracle's verdict on a case, as a property outcome. Each mode is checked against
    /// the oracle on its own: forward = reverse is the mode-agreement property's (whose
    /// tolerance has a floor for cancellation that the oracle's relative one lacks).
    static func oracleOutcome(_ c: DirectionalCase, seed: UInt64) throws -> CaseOutcome {
        let wrt = c.inputs.indices.filter { c.differentiable[$0] }
        guard !wrt.isEmpty else { return .pass }
        let options = GradientCheckOptions(strategy: .directional(count: 2), seed: seed, wrt: wrt)
        var classified: CaseOutcome = .pass
        for mode in [CheckMode.forward, .reverse] {
            let report = try DualTapeOracle.checkGradients(of: c.function, at: c.inputs, modes: [mode], options: options)
            guard report.passed else {
                if c.nearKink { return .classified("kink") }
                return .fail("the GSL oracle disagrees with \(mode) mode:\n\(report)")
            }
            if report.count(.kink) > 0 { classified = .classified("kink") }
            if report.count(.unresolved) > 0 && classified == .pass { classified = .classified("unresolved") }
        }
        return classified
    }

    @Test(arguments: names)
    func catalogAgreesWithTheOracle(_ name: String) {
        let cases = Gen<(CatalogCheckCase, UInt64)> { source in
            (try Gen<CatalogCheckCase>.catalogCases(entry(name)).generate(source), try source.draw(upTo: .max))
        }
        checkProperty("oracle: catalog \(name)", cases, configuration: config(Budget.oracle), describe: { "\($0.0)" }) { c, seed in
            try Self.oracleOutcome(c.check.directional, seed: seed)
        }
    }

    @Test func compositionsAgreeWithTheOracle() {
        let generator = ExpressionGenerator(templates: ExpressionGenerator.defaultTemplates.filter { $0.entry.info.derivative != .zero })
        let cases = Gen<(OperatorCheckCase, UInt64)> { source in
            (try Gen<OperatorCheckCase>.expressionCases(generator).generate(source), try source.draw(upTo: .max))
        }
        checkProperty("oracle: trees", cases, configuration: config(Budget.expressions), describe: { "\($0.0)" }) { c, seed in
            try Self.oracleOutcome(c.directional, seed: seed)
        }
    }
}

