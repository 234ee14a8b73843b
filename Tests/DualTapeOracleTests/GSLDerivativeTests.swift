import CGSL
import DualTapeOracle
import Foundation
import Synchronization
import Testing

/// The C wrapper: values, errors crossing the C frames, non-finite results, status codes,
/// nesting and threads.
@Suite("GSL derivative wrapper")
struct GSLDerivativeTests {
    struct Planted: Error, Equatable { let x: Double }

    @Test func centralForwardBackwardOnSine() throws {
        for rule in DifferenceRule.allCases {
            let d = try GSLDerivative.derivative(of: { sin($0) }, at: 0.7, rule: rule)
            #expect(d.rule == rule)
            #expect(d.step == 1e-3)
            #expect(abs(d.value - cos(0.7)) <= (rule == .central ? 1e-10 : 1e-7), "\(rule): \(d.value)")
            #expect(abs(d.value - cos(0.7)) <= 4 * d.error + 1e-12, "\(rule): error estimate \(d.error)")
        }
    }

    @Test func defaultStepScalesWithX() {
        #expect(GSLDerivative.defaultStep(at: 0.5) == 1e-3)
        #expect(GSLDerivative.defaultStep(at: -200) == 0.2)
    }

    @Test func stepIsOverridable() throws {
        let d = try GSLDerivative.derivative(of: { $0 * $0 * $0 }, at: 2, step: 0.25)
        #expect(d.step == 0.25)
        #expect(abs(d.value - 12) < 1e-9)
    }

    @Test func errorThrownInsideTheClosureReachesTheCaller() {
        var calls = 0
        #expect(throws: Planted(x: 0.5)) {
            _ = try GSLDerivative.derivative(of: { x in
                calls += 1
                if calls == 2 { throw Planted(x: 0.5) }
                return x
            }, at: 0.5)
        }
        #expect(calls == 2, "the closure is not called again once it threw")
    }

    @Test func nonFiniteResultIsAnOracleFailure() {
        // log at 1e-4 with h = 1e-3: the stencil reaches log of a negative number.
        #expect {
            _ = try GSLDerivative.derivative(of: { log($0) }, at: 1e-4)
        } throws: { error in
            guard case OracleError.nonFinite(_, _, let x, let h) = error else { return false }
            return x == 1e-4 && h == 1e-3
        }
        // A pole on the stencil: x - h is exactly 1.
        let h = 0x1p-10
        #expect(throws: OracleError.self) { _ = try GSLDerivative.derivative(of: { 1 / ($0 - 1) }, at: 1 + h, step: h) }
    }

    @Test func invalidArgumentsAreTypedErrors() {
        #expect(throws: OracleError.invalidStep(0)) { _ = try GSLDerivative.derivative(of: { $0 }, at: 1, step: 0) }
        #expect(throws: OracleError.self) { _ = try GSLDerivative.derivative(of: { $0 }, at: .infinity) }
    }

    @Test func statusCodesMapToTypedErrors() {
        #expect(GSLError(status: 1) == .domain)
        #expect(GSLError(status: 18) == .roundoff)
        #expect(GSLError(status: 27) == .other(status: 27))
        for status: Int32 in [-1, 1, 2, 3, 4, 5, 9, 12, 15, 16, 17, 18, 21, 30] {
            #expect(GSLError(status: status).status == status)
        }
        #expect(GSLError.domain.message == "input domain error")
        #expect("\(OracleError.gsl(.domain))".contains("input domain error"))
    }

    /// After the wrapper ran once, GSL's aborting handler is off: raising a GSL error returns.
    @Test func errorHandlerIsOff() throws {
        _ = try GSLDerivative.derivative(of: { $0 }, at: 1)
        gsl_error("raised by a test", #file, #line, 1)
        #expect(Bool(true), "still running")
    }

    /// A derivative of a derivative: the closure calls the wrapper again (mixed partial).
    @Test func nestedCalls() throws {
        // f(x, y) = x² sin y;  ∂²f/∂x∂y = 2x cos y
        let x = 0.8, y = 0.3
        let d = try GSLDerivative.derivative(of: { x in
            try GSLDerivative.derivative(of: { y in x * x * sin(y) }, at: y).value
        }, at: x)
        #expect(abs(d.value - 2 * x * cos(y)) < 1e-8)
    }

    /// Many threads at once, each with its own closure and point.
    @Test func concurrentCalls() {
        let results = Mutex([Double?](repeating: nil, count: 64))
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let x = Double(i) / 10
            let d = try? GSLDerivative.derivative(of: { exp($0) * sin($0) }, at: x)
            results.withLock { $0[i] = d.map { $0.value - exp(x) * (sin(x) + cos(x)) } }
        }
        let errors = results.withLock { $0 }
        #expect(errors.allSatisfy { $0.map { abs($0) < 1e-7 * exp(6.4) } ?? false })
    }
}
