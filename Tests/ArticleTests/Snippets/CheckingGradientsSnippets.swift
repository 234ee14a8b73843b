import DualTape
import DualTapeOracle
import Foundation
import Testing

// The code of CheckingGradients.md (DualTapeOracle's catalog).

// snippet: checking-wrong-softsign
/// x / (1 + |x|), with a derivative that lost its absolute value.
///
///     d/dx softsign x = 1 / (1 + |x|)²
struct MySoftsign: UnaryElementwiseOperator {
    var name: String { "my_softsign" }
    func value<T: NDScalar>(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        let d = 1 + x                       // should be 1 + |x|
        return 1 / (d * d)
    }
}
// end-snippet

// snippet: checking-wrong-cube
/// x³, with its two rules written by hand; the VJP lost a factor x.
struct Cube: DifferentiableOperator {
    var name: String { "cube" }
    var arity: Int { 1 }
    func primal(_ inputs: [NDArray]) -> NDArray { inputs[0] * inputs[0] * inputs[0] }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        3 * inputs[0] * inputs[0] * (tangents[0] ?? NDArray.zeros(like: inputs[0]))
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [3 * inputs[0] * cotangent]         // should be 3 x² ȳ
    }
}
// end-snippet

/// The softsign with its derivative fixed.
struct FixedSoftsign: UnaryElementwiseOperator {
    var name: String { "my_softsign" }
    func value<T: NDScalar>(_ x: T) -> T { x / (1 + Swift.abs(x)) }
    // snippet: checking-fixed-softsign
    func derivative<T: ElementaryMath>(x: T, y: T) -> T {
        let d = 1 + T.abs(x)
        return 1 / (d * d)
    }
    // end-snippet
}

@Suite("Article: Checking gradients")
struct CheckingGradientsSnippets {
    @Test func aFirstCheck() throws {
        let printed = try capture {
            // snippet: checking-first
            let report = try checkGradients(of: { x in (sin(x) * x).sum() }, at: NDArray([0.3, -1.2]))
            print(report)
            // end-snippet
            #expect(report.passed)
        }
        try expectOutput(of: "checking-first", printed: printed)
    }

    @Test func theReportAsData() throws {
        let printed = try capture {
            // snippet: checking-report-data
            let report = try checkGradients(of: { a, b in (a * exp(b)).sum() }, at: [NDArray([1.0, 2]), NDArray([0.5, -0.5])])
            print(report.passed, report.count(.agree), report.inputs.map(\.verdict.rawValue))
            let element = report.elements[0]
            print(element.location, element.forward!, element.reverse!, element.oracle!)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
            print(json.keys.sorted())
            // end-snippet
        }
        try expectOutput(of: "checking-report-data", printed: printed)
    }

    @Test func aKink() throws {
        let printed = try capture {
            // snippet: checking-kink
            print(try checkGradients(of: { x in abs(x).sum() }, at: NDArray([0.0, 1.5])))
            // end-snippet
        }
        try expectOutput(of: "checking-kink", printed: printed)
    }

    @Test func aWrongDerivative() throws {
        let printed = try capture {
            // snippet: checking-failing
            let report = try checkGradients(of: { dispatch(MySoftsign(), $0) }, at: NDArray([0.5, -2.0]))
            print(report)
            // end-snippet
            #expect(!report.passed)
        }
        try expectOutput(of: "checking-failing", printed: printed)
    }

    @Test func theFixPasses() throws {
        let printed = try capture {
            // snippet: checking-fixed
            let report = try checkGradients(of: { dispatch(FixedSoftsign(), $0) }, at: NDArray([0.5, -2.0]), order: 2)
            print(report.passed, report.count(.agree), "elements agree")
            // end-snippet
        }
        try expectOutput(of: "checking-fixed", printed: printed)
    }

    @Test func modesDisagree() throws {
        let printed = try capture {
            // snippet: checking-modes-disagree
            print(try checkGradients(of: { Cube().apply([$0]) }, at: NDArray([2.0])))
            // end-snippet
        }
        try expectOutput(of: "checking-modes-disagree", printed: printed)
    }

    @Test func float32AndSecondOrder() throws {
        let printed = try capture {
            // snippet: checking-float32
            let x = NDArray([0.3, 1.7], dtype: .float32)
            print(try checkGradients(of: { tanh($0 * $0).sum() }, at: x, order: 2))
            // end-snippet
        }
        try expectOutput(of: "checking-float32", printed: printed)
    }

    @Test func randomDirections() throws {
        let printed = try capture {
            // snippet: checking-directions
            let x = NDArray.linspace(-1, 1, count: 150)
            let report = try checkGradients(of: { tanh($0) * $0.sum() }, at: x)   // a 150 × 150 Jacobian
            print(report)
            // end-snippet
            #expect(report.directions == 3)
        }
        try expectOutput(of: "checking-directions", printed: printed)
    }

    @Test func options() throws {
        let printed = try capture {
            // snippet: checking-options
            var options = GradientCheckOptions()
            options.wrt = [1]                            // differentiate b only; a is held constant
            options.strategy = .directional(count: 2)
            options.seed = 7
            let report = try checkGradients(of: { a, b in (a * exp(b)).sum() },
                                            at: [NDArray([1.0, 2]), NDArray([0.5, -0.5])], options: options)
            print(report.passed, report.inputs.map(\.index), report.directions!, report.seed!)
            print(report.notes)
            // end-snippet
        }
        try expectOutput(of: "checking-options", printed: printed)
    }
}
