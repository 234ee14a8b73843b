import DualTape
import DualTapeOracle
import DualTapeTesting
import Foundation
import Testing

// The code of WritingAnOperator.md (DualTape's catalog): the log-sum-exp of
// Examples/CustomOperator as first written, what the checks say about it, and the fix.

/// The operator as first written (the article's draft), in a namespace of its own.
enum Draft {
    // snippet: operator-draft
    /// log Σ exp(x) over all elements, computed stably; the result has shape [1].
    struct LogSumExp: DifferentiableOperator {
        var name: String { "logsumexp" }
        var arity: Int { 1 }
        var info: OperatorInfo { OperatorInfo(note: "stable: shifts by the maximum before exponentiating") }

        func primal(_ inputs: [NDArray]) -> NDArray {
            let x = inputs[0]
            let m = x.max()
            return m + log(exp(x - m).sum())
        }

        /// The local derivative, written once and used by both rules: softmax(x).
        func softmax(_ x: NDArray, _ y: NDArray) -> NDArray { exp(x - y) }

        func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
            guard let t = tangents[0] else { return NDArray.zeros(like: output) }
            return (softmax(inputs[0], output) * t).sum()
        }

        func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
            [softmax(inputs[0], output) * cotangent]
        }
    }
    // end-snippet

    static func checks() throws -> (oracle: String, properties: String) {
        let oracle = try capture {
            // snippet: operator-check-oracle
            print(try checkOperator(LogSumExp(), shapes: [[3]]))
            print(try checkOperator(LogSumExp(), shapes: [[3]], order: 2))
            // end-snippet
        }
        let properties = capture {
            // snippet: operator-properties-draft
            let report = runOperatorProperties(LogSumExp())
            print(report)
            // end-snippet
            #expect(!report.passed)
        }
        return (oracle, properties)
    }
}

/// The operator with the fix: what Examples/CustomOperator defines.
struct LogSumExp: DifferentiableOperator {
    var name: String { "logsumexp" }
    var arity: Int { 1 }
    var info: OperatorInfo { OperatorInfo(note: "stable: shifts by the maximum before exponentiating") }

    func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        let m = x.max()
        return m + log(exp(x - m).sum())
    }

    func softmax(_ x: NDArray, _ y: NDArray) -> NDArray { exp(x - y) }

    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        guard let t = tangents[0] else { return NDArray.zeros(like: output) }
        return (softmax(inputs[0], output) * t).sum()
    }

    // snippet: operator-fix
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [(softmax(inputs[0], output) * cotangent).reshape(inputs[0].shape)]
    }
    // end-snippet
}

// snippet: operator-api
/// The Swift API: one call to dispatch, which runs the operator in both modes.
func logSumExp(_ x: NDArray) -> NDArray { dispatch(LogSumExp(), [x]) }
// end-snippet

// snippet: operator-test
@Test func logSumExpRulesAreRight() {
    checkOperatorProperties(LogSumExp())
}
// end-snippet

/// The same operator with a rule that forgets its cotangent.
enum Forgetful {
    struct LogSumExp: DifferentiableOperator {
        var name: String { "logsumexp" }
        var arity: Int { 1 }

        func primal(_ inputs: [NDArray]) -> NDArray {
            let x = inputs[0]
            let m = x.max()
            return m + log(exp(x - m).sum())
        }

        func softmax(_ x: NDArray, _ y: NDArray) -> NDArray { exp(x - y) }

        func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
            guard let t = tangents[0] else { return NDArray.zeros(like: output) }
            return (softmax(inputs[0], output) * t).sum()
        }

        // snippet: operator-forgetful
        func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
            [softmax(inputs[0], output).reshape(inputs[0].shape)]     // ȳ forgotten
        }
        // end-snippet
    }

    static func checks() throws -> String {
        try capture {
            // snippet: operator-forgetful-checks
            print("checkOperator:", try checkOperator(LogSumExp(), shapes: [[3]]).passed)
            print(runOperatorProperties(LogSumExp()))
            // end-snippet
        }
    }
}

// snippet: operator-log-cosh
/// log cosh x, computed as |x| + log1p(e^(-2|x|)) - log 2 (no overflow for large |x|).
///
///     d/dx log cosh x = tanh x
struct LogCosh: UnaryElementwiseOperator {
    var name: String { "log_cosh" }

    func value<T: NDScalar>(_ x: T) -> T {
        let a = Swift.abs(Double(x))
        return T(a + Foundation.log1p(Foundation.exp(-2 * a)) - Foundation.log(2.0))
    }

    func derivative<T: ElementaryMath>(x: T, y: T) -> T { T.tanh(x) }
}
// end-snippet

// snippet: operator-soft-threshold
/// sign(x)·max(|x| - 0.5, 0), the proximal operator of 0.5·|x|.
///
///     d/dx = 1 where |x| > 0.5, else 0
struct SoftThreshold: UnaryElementwiseOperator {
    var name: String { "soft_threshold" }
    var info: OperatorInfo {
        OperatorInfo(derivative: .piecewise,
                     kinks: [Kink(at: "x = ±0.5", returns: "0 (subgradient in [0, 1])", points: [-0.5, 0.5])])
    }

    func value<T: NDScalar>(_ x: T) -> T { x > 0.5 ? x - 0.5 : (x < -0.5 ? x + 0.5 : 0) }

    func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        T.compare(T.abs(x), .greater, T.constant(0.5, like: x))
    }
}
// end-snippet

@Suite("Article: Writing an operator")
struct WritingAnOperatorSnippets {
    @Test func useInBothModes() throws {
        let printed = try capture {
            // snippet: operator-use
            let x = NDArray([1000.0, 1001, 999.5])                  // exp(1000) overflows
            print(logSumExp(x).scalars)
            print(try gradient(at: x, logSumExp).scalars)           // softmax(x)
            print(try jvp(at: x, tangent: NDArray([1.0, 0, 0]), logSumExp).tangent.scalars)
            print(try hessian(at: x, logSumExp).scalars)            // diag(p) - p pᵀ
            // end-snippet
            let p = [exp(-1.0), 1, exp(-1.5)].map { $0 / (exp(-1.0) + 1 + exp(-1.5)) }
            for (g, e) in zip(try gradient(at: x, logSumExp).scalars, p) { #expect(Swift.abs(g - e) <= 1e-12 * e) }
        }
        try expectOutput(of: "operator-use", printed: printed)
    }

    @Test func theDraftPassesTheOracleAndFailsTheProperties() throws {
        let (oracle, properties) = try Draft.checks()
        try expectOutput(of: "operator-check-oracle", printed: oracle)
        try expectOutput(of: "operator-properties-draft", printed: properties)
    }

    @Test func theFixPassesTheProperties() throws {
        let printed = capture {
            // snippet: operator-properties-fixed
            print(runOperatorProperties(LogSumExp()))
            // end-snippet
        }
        try expectOutput(of: "operator-properties-fixed", printed: printed)
    }

    @Test func aForgottenCotangentIsCaughtByTheProperties() throws {
        try expectOutput(of: "operator-forgetful-checks", printed: try Forgetful.checks())
    }

    @Test func elementwiseOperators() throws {
        let printed = try capture {
            // snippet: operator-elementwise-checks
            print(try checkOperator(LogCosh(), shapes: [[4]], order: 2))
            print(runOperatorProperties(LogCosh()))
            print(try checkOperator(SoftThreshold(), shapes: [[4]]))
            print(runOperatorProperties(SoftThreshold()))
            // end-snippet
        }
        try expectOutput(of: "operator-elementwise-checks", printed: printed)
    }

    /// Examples/CustomOperator defines the article's operator, with the article's fix.
    @Test func theExampleIsTheFixedDraft() throws {
        let example = try String(contentsOf: PackageRoot.url.appendingPathComponent("Examples/CustomOperator/main.swift"), encoding: .utf8)
        let regions = try SnippetRegion.all()
        let draft = try #require(regions.first { $0.name == "operator-draft" }).code
        let fix = try #require(regions.first { $0.name == "operator-fix" }).code
        let draftRule = "[softmax(inputs[0], output) * cotangent]"
        let fixedRule = try #require(fix.components(separatedBy: "\n").dropFirst().first).trimmingCharacters(in: .whitespaces)
        #expect(draft.contains(draftRule))
        let defined = example.contains(draft.replacingOccurrences(of: draftRule, with: fixedRule))
        #expect(defined, "Examples/CustomOperator/main.swift must define the article's LogSumExp, with the fix")
        let called = example.contains("func logSumExp(_ x: NDArray) -> NDArray { dispatch(LogSumExp(), [x]) }")
        #expect(called, "Examples/CustomOperator/main.swift must define logSumExp as the article does")
    }
}
