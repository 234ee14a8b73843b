import DualTape
import DualTapeOracle
import Foundation
import Testing

@Suite("Operator checks")
struct OperatorCheckTests {
    @Test(arguments: ["sin", "relu", "abs", "maximum", "max", "norm", "matmul", "clip", "where", "cast", "prod", "log", "divide"])
    func catalogOperatorPasses(_ name: String) throws {
        let entry = try #require(OperatorCatalog.entry(named: name))
        let report = try checkOperator(entry, points: 8)
        #expect(report.passed, "\(report)")
        #expect(report.points >= 8)
        #expect(report.skipped.isEmpty, "\(report.skipped)")
    }

    /// A check that could check nothing does not pass: every point of an operator whose value
    /// is infinite everywhere is skipped, and the report fails saying so.
    @Test func nothingCheckedDoesNotPass() throws {
        let report = try checkOperator(EverywhereInfinite(), shapes: [[3]], points: 4)
        #expect(report.points == 0)
        #expect(!report.skipped.isEmpty)
        #expect(!report.passed)
        #expect(report.description.contains("FAILED: no point could be checked"), "\(report)")
    }

    /// A catalog entry without cases is a usage error, not a trap.
    @Test func entryWithoutCasesThrows() throws {
        let entry = CatalogEntry(name: "caseless", summary: "no cases", family: .unary, cases: [])
        #expect(throws: GradientCheckError.self) { _ = try checkOperator(entry) }
    }

    @Test func kinksAreVisitedAsSpecialPoints() throws {
        for name in ["relu", "abs", "maximum", "norm", "clip"] {
            let report = try checkOperator(try #require(OperatorCatalog.entry(named: name)), points: 4)
            #expect(report.count(.kink) > 0, "\(name): the kink was not visited\n\(report)")
        }
    }

    @Test func zeroAndNoDerivativeOperators() throws {
        let sign = try checkOperator(try #require(OperatorCatalog.entry(named: "stop_gradient")), points: 4)
        #expect(sign.passed, "\(sign)")
        let argmax = try checkOperator(try #require(OperatorCatalog.entry(named: "argmax")))
        #expect(argmax.passed, "\(argmax)")
        #expect(argmax.notes.contains { $0.contains("refuses") })
    }

    @Test func float32Points() throws {
        for name in ["tanh", "sigmoid", "power", "norm"] {
            let report = try checkOperator(try #require(OperatorCatalog.entry(named: name)), points: 6, dtype: .float32)
            #expect(report.passed, "\(report)")
        }
    }

    /// Rules that ignore their seed fail although the output has one element (the Jacobian is
    /// built from seeds `2·eᵢ`, not unit vectors).
    @Test func rulesThatIgnoreTheirSeedFail() throws {
        let report = try checkOperator(SeedIgnoringSum(), shapes: [[1]], points: 4)
        #expect(!report.passed, "\(report)")
        let x = NDArray([0.5, -1.5, 2])
        let check = try checkGradients(of: { SeedIgnoringSum()($0[0]) }, at: [x], modes: [.reverse])
        #expect(!check.passed, "\(check)")
    }

    @Test func userOperatorWithAWrongRuleFails() throws {
        let report = try checkOperator(WrongSecondArgumentMultiply(), shapes: [[2, 2], [2]], points: 4)
        #expect(!report.passed)
        let failure = try #require(report.failures.first)
        #expect(failure.report.inputs[1].verdict == .adNotOracle)
        #expect(report.description.contains("first failure"))
        _ = try JSONEncoder().encode(report)
    }

    @Test func secondOrderOfAnOperator() throws {
        let report = try checkOperator(try #require(OperatorCatalog.entry(named: "tanh")), points: 4, order: 2)
        #expect(report.passed, "\(report)")
    }
}
