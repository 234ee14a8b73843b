// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// Checks one catalog operator: every case, at its special points (zeros, declared kinks,
/// ties, interval ends) and at random points of its declared domains, until `points`
/// points in all. Both modes are checked against each other and GSL at every point.
///
/// - Operators declaring `.zero` must give exactly zero in both modes (GSL is not asked:
///   `stopGradient` is the identity in value and zero in derivative by definition).
/// - Operators declaring `.none` must throw `AutogradError.noDerivative` in both modes.
/// - Inputs a case does not differentiate (`Domain.isDifferentiated` is false: the condition of
///   `where`, an index array) are held constant, sampled inside their domain.
public func checkOperator(_ entry: CatalogEntry, points: Int = 16, dtype: DType = .float64, order: Int = 1,
                          seed: UInt64 = 0, options: GradientCheckOptions = GradientCheckOptions()) throws -> OperatorReport {
    try OperatorChecker(name: entry.name, cases: entry.cases, points: points, dtype: dtype, order: order, seed: seed, options: options).run()
}

/// Checks an operator (a user's, or a catalog operator with chosen attributes) on inputs of
/// the given shapes; see ``checkOperator(_:points:dtype:order:seed:options:)``.
public func checkOperator(_ op: some DifferentiableOperator, shapes: [[Int]], points: Int = 16, dtype: DType = .float64,
                          order: Int = 1, seed: UInt64 = 0, options: GradientCheckOptions = GradientCheckOptions()) throws -> OperatorReport {
    guard shapes.count == op.arity else {
        throw GradientCheckError.invalidOption("checkOperator: \(op.name) takes \(op.arity) inputs, \(shapes.count) shapes given")
    }
    return try OperatorChecker(name: op.name, cases: [CatalogCase(op, shapes)], points: points, dtype: dtype, order: order,
                               seed: seed, options: options).run()
}

/// One operator check.
struct OperatorChecker {
    let name: String
    let cases: [CatalogCase]
    let points: Int
    let dtype: DType
    let order: Int
    let seed: UInt64
    let options: GradientCheckOptions

    func run() throws -> OperatorReport {
        let info = cases[0].op.info
        if info.derivative == .none { return try checkNoDerivative(info) }

        var summaries: [CaseSummary] = [], failures: [OperatorFailure] = [], skipped: [String] = []
        var generators = cases.indices.map { RandomGenerator(seed: seed ^ stableHash("\(name) \($0)")) }
        let samplers = cases.map { PointSampler($0, dtype: dtype) }
        var planned = cases.indices.map { samplers[$0].specials(&generators[$0]) }
        let specialCount = planned.reduce(0) { $0 + $1.count }
        for n in 0 ..< max(0, points - specialCount) {
            let c = n % cases.count
            planned[c].append(("random", samplers[c].random(&generators[c])))
        }

        for (c, testCase) in cases.enumerated() {
            let caseInfo = testCase.op.info
            var caseOptions = options
            caseOptions.wrt = testCase.shapes.indices.filter { testCase.domain($0).isDifferentiated }
            caseOptions.declaredZero = caseInfo.derivative == .zero
            if caseOptions.wrt?.isEmpty == true && caseOptions.declaredZero {
                // Every input held constant (one_hot's indices): both modes must still give exact
                // zeros with respect to them; GSL is not consulted, so nothing is perturbed.
                caseOptions.wrt = Array(testCase.shapes.indices)
            }
            var summary = CaseSummary(description: testCase.description, points: 0, failed: 0, counts: [:])
            for (label, inputs) in planned[c] {
                let report: GradientReport
                do {
                    report = try checkGradients(of: { testCase.op.apply($0) }, at: inputs, order: order, options: caseOptions)
                } catch let error as GradientCheckError {
                    skipped.append("\(testCase), \(label): \(error)")
                    continue
                }
                summary.points += 1
                summary.counts.merge(report.counts, uniquingKeysWith: +)
                if !report.passed {
                    summary.failed += 1
                    failures.append(OperatorFailure(caseDescription: testCase.description, point: label,
                                                    inputs: inputs.map(\.scalars), report: report))
                }
            }
            summaries.append(summary)
        }
        var notes: [String] = []
        if info.derivative == .zero { notes.append("declared zero derivative: both modes must give exactly 0") }
        if !info.note.isEmpty { notes.append(info.note) }
        return OperatorReport(name: name, derivative: info.derivative, points: summaries.reduce(0) { $0 + $1.points },
                              cases: summaries, failures: failures, skipped: skipped, notes: notes)
    }

    /// An operator without a derivative passes when both modes refuse with `noDerivative`.
    private func checkNoDerivative(_ info: OperatorInfo) throws -> OperatorReport {
        var summaries: [CaseSummary] = [], notes: [String] = []
        for (c, testCase) in cases.enumerated() {
            var g = RandomGenerator(seed: seed ^ stableHash("\(name) \(c)"))
            let inputs = PointSampler(testCase, dtype: dtype).random(&g)
            let forwardRefuses = refuses { _ = try jvp(at: inputs, tangents: inputs.map { NDArray.ones(like: $0) }) { testCase.op.apply($0) } }
            let reverseRefuses = refuses { _ = try vjp(at: inputs) { testCase.op.apply($0) }.pullback(NDArray.ones(like: testCase.op.apply(inputs))) }
            let ok = forwardRefuses && reverseRefuses
            summaries.append(CaseSummary(description: testCase.description, points: 1, failed: ok ? 0 : 1, counts: [:]))
            notes.append("\(testCase): declares no derivative; forward \(forwardRefuses ? "refuses" : "DOES NOT refuse"), reverse \(reverseRefuses ? "refuses" : "DOES NOT refuse") with noDerivative")
        }
        return OperatorReport(name: name, derivative: info.derivative, points: summaries.count, cases: summaries,
                              failures: [], skipped: [], notes: notes)
    }

    /// Whether `body` throws `AutogradError.noDerivative`.
    private func refuses(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as AutogradError {
            if case .noDerivative = error { return true }
            return false
        } catch {
            return false
        }
    }
}

/// FNV-1a of `text`: a seed that does not change between runs.
func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
}
