import Testing
import DualTape
import DualTapeOracle
import DualTapeTesting

/// Proof that the checks catch bugs: each planted operator has one mistake, the checks fail
/// on it and shrink the failure to a small case, while the catalog operator it mimics passes
/// the same checks.
@Suite("Planted bugs are caught and shrunk")
struct BugInjectionTests {
    /// The number of elements in all inputs of a shrunk operator case.
    static func inputElements(_ failure: PropertyFailure) -> Int {
        failure.shrunk.split(separator: "\n").filter { $0.hasPrefix("x") }.reduce(0) { total, line in
            guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return total }
            let values = line[line.index(after: open) ..< close]
            return total + (values.isEmpty ? 0 : values.split(separator: ",").count)
        }
    }

    @Test func wrongSignIsCaughtByTheReference() throws {
        let report = runOperatorProperties(WrongSignCos())
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("numerical derivative"))
        #expect(failure.shrunk.contains("x0 = [1] (shape [], float64)"), "\(failure)")
        #expect(Self.inputElements(failure) == 1)
        #expect(runOperatorProperties(Cos()).passed)
    }

    @Test func missingBroadcastReductionIsCaughtByTheRuleShapes() throws {
        let report = runOperatorProperties(UnreducedMultiply())
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("the VJP rule returned shape [1]"), "\(failure)")
        #expect(failure.shrunk.hasPrefix("buggy_multiply on [1], []") || failure.shrunk.hasPrefix("buggy_multiply on [], [1]"), "\(failure)")
        #expect(Self.inputElements(failure) == 2)
        #expect(runOperatorProperties(Multiply()).passed)
    }

    @Test func wrongReductionAxisIsCaughtByTheReference() throws {
        let shapes = Gen<[Int]>.shape(ranks: 2 ... 3).map { [$0] }
        let report = runOperatorProperties(WrongAxisMax(), shapes: shapes)
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("numerical derivative"), "\(failure)")
        #expect(failure.shrunk.hasPrefix("buggy_max on [1, 2]") || failure.shrunk.hasPrefix("buggy_max on [2, 1]"), "\(failure)")
        #expect(Self.inputElements(failure) == 2)
        #expect(runOperatorProperties(Max(axes: [1]), shapes: shapes).passed)
    }

    @Test func forwardOnlyErrorIsCaughtByModeAgreement() throws {
        let report = runOperatorProperties(ForwardOnlyWrongSin())
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("forward and reverse disagree"), "\(failure)")
        #expect(failure.shrunk.contains("x0 = [0] (shape [], float64)"), "\(failure)")
        #expect(Self.inputElements(failure) == 1)
        #expect(runOperatorProperties(Sin()).passed)
    }

    /// Planted in random compositions, a bug is found and the tree shrinks to the bug alone.
    @Test func plantedInTreesTheBugShrinksToOneNode() throws {
        let planted = CatalogEntry(name: "buggy_sin", summary: "sin with a forward-only error", family: .unary,
                                   cases: [CatalogCase(ForwardOnlyWrongSin(), [[2]])])
        let generator = ExpressionGenerator(templates: ExpressionGenerator.defaultTemplates + [OperatorTemplate.elementwise(planted)])
        let report = runProperty("trees with a planted bug", .expressionCases(generator), configuration: PropertyConfiguration(iterations: 300)) {
            DerivativeChecks.modesAgree($0.directional)
        }
        let failure = try #require(report.failure)
        #expect(failure.shrunk.hasPrefix("f = buggy_sin(x0)\nx0 = [0] (shape [], float64)"), "\(failure)")
        #expect(failure.original.contains("buggy_sin"))
    }

    /// A failure is recorded as a test issue at the caller's line, with the report.
    @Test func failuresAreRecordedAsIssues() {
        withKnownIssue {
            checkOperatorProperties(ForwardOnlyWrongSin(), iterations: 20)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("Shrunk case") && $0.rawValue.contains("DUALTAPE_PROPERTY_SEED") }
                && issue.sourceLocation?.fileName == "BugInjectionTests.swift"
        }
    }

    /// The oracle property fails on a planted wrong sign and shrinks it to one element.
    @Test func oracleCatchesAPlantedBug() throws {
        let planted = CatalogEntry(name: "buggy_cos", summary: "cos with the wrong sign", family: .unary,
                                   cases: [CatalogCase(WrongSignCos(), [[2]])])
        let cases = Gen<(CatalogCheckCase, UInt64)> { source in
            (try Gen<CatalogCheckCase>.catalogCases(planted).generate(source), try source.draw(upTo: .max))
        }
        let report = runProperty("oracle: planted", cases, configuration: .engineTest, describe: { "\($0.0)" }) { c, seed in
            try OraclePropertyTests.oracleOutcome(c.check.directional, seed: seed)
        }
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("the GSL oracle disagrees"))
        #expect(failure.shrunk.contains("buggy_cos on []"), "\(failure)")
    }
}
