import DualTape
import DualTapeOracle
import Foundation
import Testing

/// The whole catalog at many random points per operator, in both dtypes: a right rule must
/// never fail; and the same operators with a planted 1e-4 relative error in both rules,
/// which must be caught wherever the derivative is not zero. Off by default; run it with
///
///     make sweep        (DUALTAPE_SWEEP=1000, release, --filter DualTapeOracleTests.CatalogSweepTests)
///
/// `DUALTAPE_SWEEP_SEED` changes the points. Each operator prints one line of counts.
@Suite("Catalog sweep")
struct CatalogSweepTests {
    static let points = ProcessInfo.processInfo.environment["DUALTAPE_SWEEP"].flatMap { Int($0) }
    static let seed = ProcessInfo.processInfo.environment["DUALTAPE_SWEEP_SEED"].flatMap { UInt64($0) } ?? 0

    @Test(.enabled(if: points != nil, "set DUALTAPE_SWEEP=<points per operator> to run the sweep"),
          arguments: OperatorCatalog.entries.flatMap { entry in DType.allCases.map { (entry, $0) } })
    func sweep(_ entry: CatalogEntry, _ dtype: DType) throws {
        let start = ContinuousClock.now
        let report = try checkOperator(entry, points: Self.points ?? 0, dtype: dtype, seed: Self.seed)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let failed = report.cases.reduce(0) { $0 + $1.failed }
        let name = entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)
        print("SWEEP \(name) \(dtype)  " + String(format: "points %5d  failed %d  skipped %d  AGREE %6d  KINK %5d  UNRESOLVED %5d  %6.1f s",
                                                     report.points, failed, report.skipped.count, report.count(.agree),
                                                     report.count(.kink), report.count(.unresolved), seconds))
        #expect(report.passed, "\(report)")
        #expect(report.skipped.isEmpty, "\(report.skipped.prefix(3))")
    }
}

extension CatalogSweepTests {
    /// Second derivatives of every catalog operator (forward over reverse and reverse over
    /// reverse against GSL on the AD gradient), at a quarter of the points, in Float64.
    @Test(.enabled(if: points != nil, "set DUALTAPE_SWEEP=<points per operator> to run the sweep"),
          arguments: OperatorCatalog.entries.filter { $0.info.derivative != .none })
    func secondOrder(_ entry: CatalogEntry) throws {
        let report = try checkOperator(entry, points: max(1, (Self.points ?? 0) / 4), order: 2, seed: Self.seed)
        let name = entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)
        print("ORDER2 \(name) float64  " + String(format: "points %5d  failed %d  skipped %d  AGREE %6d  KINK %5d  UNRESOLVED %5d",
                                                     report.points, report.failures.count, report.skipped.count, report.count(.agree),
                                                     report.count(.kink), report.count(.unresolved)))
        #expect(report.passed, "\(report)")
    }

    /// Every differentiable catalog operator with a 1e-4 relative error planted in both rules:
    /// counts the points where the check fails (catches it). Points where the planted error
    /// cannot show (a zero Jacobian, a subgradient still inside the kink's interval) pass.
    /// An operator with a Float32 output gets 1e-2 (the oracle's resolution there is 1e-4).
    @Test(.enabled(if: points != nil, "set DUALTAPE_SWEEP=<points per operator> to run the sweep"),
          arguments: OperatorCatalog.entries.filter { $0.info.derivative == .smooth || $0.info.derivative == .piecewise }
            .flatMap { entry in DType.allCases.map { (entry, $0) } })
    func sensitivity(_ entry: CatalogEntry, _ dtype: DType) throws {
        let perCase = max(1, (Self.points ?? 0) / entry.cases.count)
        var caught = 0, total = 0, planted = 1e-4
        for c in entry.cases {
            // Through a Float32 output (cast) GSL differentiates a Float32 staircase: its
            // resolution is about 1e-4, so a 1e-2 error is planted there instead.
            // Ones shaped by each input's domain (a matrix of ones is singular; a matrix domain makes it invertible).
            let output = c.op.primal(c.shapes.indices.map { c.domain($0).structured(NDArray.ones(c.shapes[$0])) })
            planted = output.dtype == .float32 ? 1e-2 : 1e-4
            let report = try checkOperator(PlantedRelativeError(base: c.op, factor: 1 + planted), shapes: c.shapes,
                                           points: perCase, dtype: dtype, seed: Self.seed)
            caught += report.failures.count
            total += report.points
        }
        let name = entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)
        print("SENSITIVITY \(name) \(dtype)  planted \(planted)  caught \(caught) of \(total) points ("
              + String(format: "%.1f%%", 100 * Double(caught) / Double(max(total, 1))) + ")")
        #expect(caught > 0, "a planted 1e-4 relative error in \(entry.name) was never caught")
    }
}

/// A catalog operator whose rules are both scaled by `factor`: a planted relative error.
struct PlantedRelativeError: DifferentiableOperator {
    let base: any DifferentiableOperator
    let factor: Double
    var name: String { base.name }
    var arity: Int { base.arity }
    var info: OperatorInfo { base.info }
    func primal(_ inputs: [NDArray]) -> NDArray { base.primal(inputs) }
    func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        try base.jvp(inputs, output: output, tangents: tangents) * factor
    }
    func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        try base.vjp(inputs, output: output, cotangent: cotangent, needed: needed).map { $0.map { $0 * factor } }
    }
}

extension CatalogEntry: CustomTestStringConvertible {
    public var testDescription: String { name }
}
