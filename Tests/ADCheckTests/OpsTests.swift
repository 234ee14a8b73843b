@testable import ADCheckCore
import DualTape
import DualTapeOracle
import Foundation
import Testing

/// `adcheck ops`: a row per operator with its verdict per order and mode, a summary, and the
/// evidence of every failure; and how each mode's verdict is read from joint evidence.
@Suite("Operators of the catalog")
struct OpsTests {
    @Test("a row per operator, a verdict per order and mode, a summary")
    func table() {
        let run = Run(["ops", "sin", "relu", "argmax", "stop_gradient", "--points", "4"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.stdout == """
            adcheck ops: 4 operators, float64, orders 1 and 2, 4 points each, seed 0

                                 order 1                                      order 2
            operator      kind   forward        reverse        compiled       forward        reverse        compiled
            sin           smooth AGREE          AGREE          AGREE          AGREE          AGREE          AGREE
            relu          kinks  KINK           KINK           KINK           UNRESOLVED     UNRESOLVED     UNRESOLVED
            argmax        none   NO DERIVATIVE  NO DERIVATIVE  NO DERIVATIVE  NO DERIVATIVE  NO DERIVATIVE  NO DERIVATIVE
            stop_gradient zero   AGREE          AGREE          AGREE          AGREE          AGREE          AGREE

            4 operators: 4 passed, 0 failed (26 points; elements: AGREE 834, KINK 15,
              UNRESOLVED 15)
            AGREE, KINK (a valid subgradient at a kink), UNRESOLVED (the oracle cannot
              decide) and NO DERIVATIVE (refused, as declared) pass.

            PASSED: every operator agrees in every mode at orders 1 and 2.

            """)
    }

    @Test("--mode and --order choose the columns")
    func columns() {
        let run = Run(["ops", "sin", "relu", "--mode", "forward", "--order", "1"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(6)) == [
            "adcheck ops: 2 operators, float64, order 1, forward mode, 16 points each, seed 0", "",
            "                order 1", "operator kind   forward", "sin      smooth AGREE", "relu     kinks  KINK",
        ])
        #expect(lines.contains("PASSED: every operator agrees at order 1."))
    }

    /// The eager modes over the whole catalog (the compiled function's agreement with eager
    /// mode on every catalog case is DualTapeTests' CompiledCatalogTests; here a sample of
    /// families keeps the debug run short).
    @Test("every catalog operator is reported, and agrees in both eager modes at orders 1 and 2")
    func wholeCatalog() throws {
        let run = Run(["ops", "--json", "--mode", "both"])
        let document = try JSONOutput.decoder().decode(OpsDocument.self, from: Data(run.stdout.utf8))
        #expect(document.operators.map(\.name) == OperatorCatalog.entries.map(\.name))
        for op in document.operators {
            #expect(op.verdicts.count == 4, "\(op.name)")
            #expect(op.passed, "\(op.reports.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test("the compiled column: one operator of each family agrees, argmax refuses")
    func compiledColumn() throws {
        let names = ["sin", "relu", "maximum", "sum", "argmax", "reshape", "take", "matmul", "solve", "conv2d", "softmax", "cumsum", "stop_gradient"]
        let run = Run(["ops", "--json", "--mode", "compiled", "--points", "6"] + names)
        #expect(run.status == 0)
        let document = try JSONOutput.decoder().decode(OpsDocument.self, from: Data(run.stdout.utf8))
        #expect(document.operators.map(\.name) == names)
        for op in document.operators {
            #expect(op.verdicts.map(\.mode) == [.compiled, .compiled], "\(op.name)")
            #expect(op.passed, "\(op.reports.map(\.description).joined(separator: "\n"))")
        }
        #expect(document.operators[4].verdicts.map(\.verdict) == ["NO DERIVATIVE", "NO DERIVATIVE"])
    }

    @Test("each mode's verdict comes from the elements that implicate it")
    func attribution() throws {
        let policy = TolerancePolicy()
        func element(_ verdict: String, forward: Double?, reverse: Double?, oracle: Double?) throws -> ElementReport {
            var fields = ["\"input\": 0", "\"error\": 1", "\"tolerance\": 0.1", "\"verdict\": \"\(verdict)\"", "\"detail\": \"\""]
            if let forward { fields.append("\"forward\": \(forward)") }
            if let reverse { fields.append("\"reverse\": \(reverse)") }
            if let oracle { fields += ["\"oracle\": \(oracle)", "\"oracleError\": 1e-12"] }
            return try JSONDecoder().decode(ElementReport.self, from: Data("{\(fields.joined(separator: ", "))}".utf8))
        }
        let both = try element("AD ≠ ORACLE", forward: 2, reverse: 2, oracle: 1)
        #expect(OperatorVerdict.implications(of: both, policy) == [.forward: .adNotOracle, .reverse: .adNotOracle])
        let reverseWrong = try element("MODES DISAGREE", forward: 1, reverse: 1.5, oracle: 1)
        #expect(OperatorVerdict.implications(of: reverseWrong, policy) == [.reverse: .modesDisagree])
        let noOracle = try element("MODES DISAGREE", forward: 1, reverse: 1.5, oracle: nil)
        #expect(OperatorVerdict.implications(of: noOracle, policy) == [.forward: .modesDisagree, .reverse: .modesDisagree])
        let declaredZero = try element("AD ≠ ORACLE", forward: 0, reverse: 1, oracle: nil)
        #expect(OperatorVerdict.implications(of: declaredZero, policy) == [.reverse: .adNotOracle])
        let agree = try element("AGREE", forward: 1, reverse: 1, oracle: 1)
        #expect(OperatorVerdict.implications(of: agree, policy).isEmpty)
    }

    @Test("a rule wrong in reverse mode only: forward agrees, reverse does not")
    func plantedReverseBug() throws {
        let report = try checkOperator(ReverseOffSin(), shapes: [[3]], points: 4)
        #expect(!report.passed)
        let policy = TolerancePolicy()
        #expect(OperatorVerdict(report, mode: .forward, policy: policy) == OperatorVerdict(.agree))
        #expect(OperatorVerdict(report, mode: .reverse, policy: policy) == OperatorVerdict(.modesDisagree))
    }
}

/// `sin` whose reverse rule is 0.1% too large: a bug in one mode.
struct ReverseOffSin: DifferentiableOperator {
    var name: String { "sin" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { Sin().primal(inputs) }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        try Sin().jvp(inputs, output: output, tangents: tangents)
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        try Sin().vjp(inputs, output: output, cotangent: cotangent, needed: needed).map { $0.map { $0 * 1.001 } }
    }
}

/// `adcheck ops --list`: the catalog as documentation, read from the entries.
@Suite("adcheck ops --list")
struct OpsListTests {
    @Test("lists every operator once, with its call, domain, kinks and note, and checks nothing")
    func everyOperator() {
        let result = Run(["ops", "--list"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "adcheck ops --list: \(OperatorCatalog.entries.count) operators")
        for entry in OperatorCatalog.entries {
            #expect(lines.filter { $0.hasPrefix("  \(entry.name) (") }.count == 1, "\(entry.name)")
        }
        #expect(result.stdout.contains("  log (smooth): natural logarithm\n      call: log(x)\n      domain: input 0: x > 0\n"))
        #expect(result.stdout.contains("      call: sum(x, axis=None, keepdims=false)\n"))
        #expect(result.stdout.contains("      kink at 0: 0 (subgradient in [0, 1])\n"))
        #expect(!result.stdout.contains("AGREE"))
    }

    @Test("names select operators, and an unknown name is bad input")
    func selection() {
        let result = Run(["ops", "--list", "sqrt"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("adcheck ops --list: 1 operator\n\nElementwise, one array:\n  sqrt (smooth): square root\n"))
        #expect(Run(["ops", "--list", "sqrrt"]).status == 64)
    }
}
