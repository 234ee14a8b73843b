@testable import ADCheckCore
import Foundation
import Testing

/// `--json` on every subcommand: one document on standard output with the schema the README
/// documents, read here with JSONSerialization (as any client would) and with the decoder.
@Suite("JSON documents")
struct JSONTests {
    /// The JSON object `run` printed, after checking it is the only thing printed.
    func object(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(run.stderr.isEmpty, sourceLocation: sourceLocation)
        #expect(run.stdout.hasSuffix("}\n"), sourceLocation: sourceLocation)
        let value = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(value as? [String: Any], sourceLocation: sourceLocation)
    }

    func expectKeys(_ object: [String: Any], _ keys: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for key in keys { #expect(object[key] != nil, "missing key \(key)", sourceLocation: sourceLocation) }
    }

    @Test("check: the point, the value, per order each variable's derivative and the oracle's report")
    func check() throws {
        let run = Run(["sum(2*x*x) + sum(y)", "--var", "x=[[1,2],[3,4]]", "--var", "y=shape:2", "--order", "2", "--json"])
        #expect(run.status == 0)
        let document = try object(run)
        #expect(document["tool"] as? String == "adcheck")
        #expect(document["version"] as? String == "adcheck 0.1.0")
        #expect(document["command"] as? String == "check")
        #expect(document["passed"] as? Bool == true)
        let check = try #require((document["checks"] as? [[String: Any]])?.first)
        expectKeys(check, ["title", "expression", "seed", "modes", "order", "passed", "notes", "variables", "value", "orders"])
        #expect(check["modes"] as? [String] == ["forward", "reverse", "compiled"])
        let variables = try #require(check["variables"] as? [[String: Any]])
        #expect(variables.map { $0["name"] as? String } == ["x", "y"])
        #expect(variables[0]["origin"] as? String == "given")
        #expect(variables[1]["origin"] as? String == "random")
        #expect(variables[1]["domain"] as? String == "real")
        #expect(variables[0]["values"] as? [Double] == [1, 2, 3, 4])
        let value = try #require(check["value"] as? [String: Any])
        #expect(value["shape"] as? [Int] == [1])
        let orders = try #require(check["orders"] as? [[String: Any]])
        #expect(orders.map { $0["order"] as? Int } == [1, 2])
        let x = try #require((orders[0]["variables"] as? [[String: Any]])?.first)
        expectKeys(x, ["name", "verdict", "elements", "modeDifference", "oracleDifference", "relativeDifference",
                       "worstError", "worstTolerance", "shape", "forward", "reverse", "oracle"])
        #expect(x["verdict"] as? String == "AGREE")
        #expect(x["reverse"] as? [Double] == [4, 8, 12, 16])
        #expect(x["compiled"] as? [Double] == [4, 8, 12, 16])
        #expect(x["forward"] as? [Double] == [4, 8, 12, 16])
        let report = try #require(orders[0]["report"] as? [String: Any])
        expectKeys(report, ["passed", "order", "modes", "oracle", "tolerance", "outputShape", "inputs", "counts", "notes"])
        let element = try #require(((report["inputs"] as? [[String: Any]])?.first?["elements"] as? [[String: Any]])?.first)
        expectKeys(element, ["input", "outputIndex", "inputIndex", "forward", "reverse", "oracle", "oracleError", "error", "tolerance", "verdict", "detail"])
        let hessian = try #require((orders[1]["variables"] as? [[String: Any]])?.first)
        #expect(hessian["shape"] as? [Int] == [6, 4])

        let decoded = try JSONOutput.decoder().decode(ChecksDocument.self, from: Data(run.stdout.utf8))
        #expect(decoded.checks[0].orders[1].report.order == 2)
    }

    @Test("a failed check is a document too, with status 1; non-finite numbers are strings")
    func failed() throws {
        let run = Run(["sum(stop_gradient(x) * x)", "--var", "x=[1,2]", "--json"])
        #expect(run.status == 1)
        let document = try object(run)
        #expect(document["passed"] as? Bool == false)
        let check = try #require((document["checks"] as? [[String: Any]])?.first)
        #expect((check["notes"] as? [String])?.first?.hasPrefix("stop_gradient") == true)

        let sqrt = Run(["sum(sqrt(x))", "--var", "x=[0, 1]", "--json"])
        let text = sqrt.stdout
        #expect(text.contains("\"inf\""), "sqrt'(0) is +inf, written as a string")
        _ = try object(sqrt)
    }

    @Test("ops: an entry per operator with its verdicts and reports, and a summary")
    func ops() throws {
        let run = Run(["ops", "sin", "argmax", "--points", "3", "--json"])
        #expect(run.status == 0)
        let document = try object(run)
        expectKeys(document, ["tool", "version", "command", "passed", "dtype", "points", "seed", "orders", "modes", "operators", "summary"])
        #expect(document["command"] as? String == "ops")
        #expect(document["orders"] as? [Int] == [1, 2])
        let operators = try #require(document["operators"] as? [[String: Any]])
        #expect(operators.map { $0["name"] as? String } == ["sin", "argmax"])
        expectKeys(operators[0], ["name", "family", "derivative", "summary", "passed", "verdicts", "reports"])
        let verdicts = try #require(operators[1]["verdicts"] as? [[String: Any]])
        #expect(verdicts.map { $0["verdict"] as? String } == Array(repeating: "NO DERIVATIVE", count: 6))
        #expect(verdicts.map { $0["mode"] as? String } == ["forward", "reverse", "compiled", "forward", "reverse", "compiled"])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["operators"] as? Int == 2)
        #expect(summary["failed"] as? Int == 0)
        expectKeys(summary, ["passed", "points", "counts"])
    }

    @Test("random: the counts, and no failure")
    func random() throws {
        let run = Run(["random", "--count", "5", "--seed", "9", "--json"])
        #expect(run.status == 0)
        let document = try object(run)
        expectKeys(document, ["tool", "version", "command", "passed", "seed", "count", "order", "modes", "cases", "agreed",
                              "classified", "discarded", "unchecked"])
        #expect(document["command"] as? String == "random")
        #expect(document["cases"] as? Int == 5)
        #expect(document["failure"] == nil)
        #expect(document["dtype"] == nil, "drawn per case")
    }
}
