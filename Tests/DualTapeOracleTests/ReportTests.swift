import DualTape
import DualTapeOracle
import Foundation
import Synchronization
import Testing

/// The report: a table for people (at most 80 columns), JSON for machines, the worst
/// element with its evidence, the seed to replay.
@Suite("Reports")
struct ReportTests {
    // swift-format-ignore: NeverUseForceTry
    static let failing = try! checkGradients(of: { FactorTwoSquare()($0) * 3 }, at: NDArray([[0.5, -1.0], [2.0, 0.0]]))
    // swift-format-ignore: NeverUseForceTry
    static let directional = try! checkGradients(of: { SignErrorSin()($0).sum() }, at: NDArray([0.1, 0.2, 0.3]),
                                                 options: GradientCheckOptions(strategy: .directional(count: 2), seed: 42))

    @Test func tableFitsIn80Columns() {
        for report in [Self.failing, Self.directional] {
            let text = report.description
            for line in text.split(separator: "\n") { #expect(line.count <= 80, "too wide: \(line)") }
            #expect(text.contains("FAILED"))
            #expect(text.contains("AD ≠ ORACLE"))
            #expect(text.contains("worst:"))
            #expect(text.contains("|ad-fd| <= 4*abserr + 1e-10*S + 1e-7*max(|ad|,|fd|)"))
        }
        #expect(Self.directional.description.contains("seed: 42"))
    }

    @Test func worstElementIsNamedWithItsEvidence() throws {
        let worst = try #require(Self.failing.worst)
        #expect(worst.verdict == .adNotOracle)
        #expect(worst.outputIndex != nil && worst.inputIndex != nil)
        #expect(worst.outputIndex == worst.inputIndex, "the wrong entries are on the diagonal")
        #expect(worst.forward != nil && worst.reverse != nil && worst.oracle != nil && worst.oracleError != nil)
        #expect(worst.error > worst.tolerance)
        let text = Self.failing.description
        #expect(text.contains("worst: \(worst.location)"))
        // The directional report names the direction and the seed replays it.
        let direction = try #require(Self.directional.worst?.direction)
        #expect(Self.directional.seed == 42)
        let replay = try checkGradients(of: { SignErrorSin()($0).sum() }, at: NDArray([0.1, 0.2, 0.3]),
                                        options: GradientCheckOptions(strategy: .directional(count: 2), seed: 42))
        #expect(replay.elements[direction].forward == Self.directional.elements[direction].forward)
    }

    @Test func jsonRoundTripsIncludingNonFiniteValues() throws {
        // sqrt's derivative at 0 is +inf: a non-finite AD value in the report.
        let report = try checkGradients(of: { sqrt($0) }, at: NDArray([0.0, 4.0]))
        #expect(report.elements.contains { $0.forward == .infinity })
        let data = try JSONEncoder().encode(report)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"inf\""))
        #expect(json.contains("\"verdict\""))
        let decoded = try JSONDecoder().decode(GradientReport.self, from: data)
        #expect(decoded.passed == report.passed)
        #expect(decoded.elements.count == report.elements.count)
        #expect(decoded.elements[0].forward == .infinity)
        #expect(decoded.tolerance == report.tolerance)
        #expect(try JSONDecoder().decode(GradientReport.self, from: JSONEncoder().encode(Self.failing)).counts == Self.failing.counts)
    }

    @Test func toleranceIsOverridable() throws {
        // A 1e-4 relative error passes a deliberately loose relative floor, and the report says so.
        var loose = TolerancePolicy()
        loose.relativeFloor = 1e-3
        let report = try checkGradients(of: { SlightlyWrongExp(relativeError: 1e-4)($0) }, at: NDArray([0.5, 1.0]),
                                        options: GradientCheckOptions(tolerance: loose))
        #expect(report.passed)
        #expect(report.description.contains("0.001*max(|ad|,|fd|)"))
        #expect(report.tolerance.relativeFloor == 1e-3)
    }

    @Test func invalidUseThrowsTypedErrors() {
        #expect(throws: GradientCheckError.invalidOrder(3)) { _ = try checkGradients(of: { $0 }, at: NDArray([1.0]), order: 3) }
        #expect(throws: GradientCheckError.noModes) { _ = try checkGradients(of: { $0 }, at: NDArray([1.0]), modes: []) }
        #expect(throws: GradientCheckError.nonFiniteInput(index: 0)) { _ = try checkGradients(of: { $0 }, at: NDArray([Double.nan])) }
        #expect(throws: GradientCheckError.invalidInputIndex(2, inputs: 1)) {
            _ = try checkGradients(of: { $0 }, at: NDArray([1.0]), options: GradientCheckOptions(wrt: [2]))
        }
        #expect(throws: GradientCheckError.self) { _ = try checkGradients(of: { log($0) }, at: NDArray([-1.0])) }
    }

    @Test func errorsThrownByTheFunctionReachTheCaller() {
        struct Planted: Error {}
        var calls = 0
        #expect(throws: Planted.self) {
            _ = try checkGradients(of: { x -> NDArray in
                calls += 1
                if calls > 3 { throw Planted() }
                return sin(x)
            }, at: NDArray([0.5]))
        }
    }

    @Test func wrtHoldsInputsConstant() throws {
        let a = NDArray([1.0, 2.0]), b = NDArray([0.5, -0.5])
        let report = try checkGradients(of: { $0 * sin($1) }, at: [a, b], options: GradientCheckOptions(wrt: [1]))
        #expect(report.passed)
        #expect(report.inputs.map(\.index) == [1])
        #expect(report.notes.contains { $0.contains("held constant: input 0") })
    }

    /// Whole checks on several threads at once: AD state is per thread, GSL is re-entrant.
    @Test func concurrentChecks() {
        let verdicts = Mutex([Verdict?](repeating: nil, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let x = NDArray([0.1 * Double(i + 1), -0.5, 1.5])
            let report = i % 2 == 0
                ? try? checkGradients(of: { (sin($0) * exp($0)).sum() }, at: x)
                : try? checkGradients(of: { SignErrorSin()($0) }, at: x)
            verdicts.withLock { $0[i] = report?.inputs[0].verdict }
        }
        let results = verdicts.withLock { $0 }
        for (i, verdict) in results.enumerated() { #expect(verdict == (i % 2 == 0 ? .agree : .adNotOracle), "thread \(i)") }
    }
}
