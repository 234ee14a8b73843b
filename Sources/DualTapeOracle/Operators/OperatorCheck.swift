// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// Checks one catalog operator: every case, at its special points (zeros, declared kinks,
/// ties, interval ends) and at random points of its declared domains, until `points`
/// points in all. The modes (forward and reverse by default; add ``CheckMode/compiled`` for
/// the compiled function) are checked against each other and GSL at every point.
///
/// - Operators declaring `.zero` must give exactly zero in every mode (GSL is not asked:
///   `stopGradient` is the identity in value and zero in derivative by definition).
/// - Operators declaring `.none` must throw `AutogradError.noDerivative` in every mode.
/// - Inputs a case does not differentiate (`Domain.isDifferentiated` is false: the condition of
///   `where`, an index array) are held constant, sampled inside their domain.
///
/// A point where the check cannot run (a non-finite value there, or an option the check
/// rejects) is listed in ``OperatorReport/skipped`` instead of failing; a check where no
/// point could run does not pass (``OperatorReport/passed`` is false).
///
/// - Parameters:
///   - entry: The catalog entry; each of its cases (attributes and input shapes) is checked.
///   - points: The number of points over all cases: the special points first (all of them,
///     even when they are more), then random points, spread over the cases in turn.
///   - dtype: The inputs' dtype, float64 by default (float32: the oracle is promoted to
///     Float64 unless `options` says otherwise).
///   - order: 1 for first derivatives, 2 for second derivatives.
///   - seed: The seed of the random points, combined with the operator's name and the case
///     index, so a report can be replayed.
///   - options: The gradient check's options; `wrt` is set per case by the check itself.
///   - modes: The modes to check, forward and reverse by default (add ``CheckMode/compiled``).
/// - Returns: A summary per case, with the full report of every failed point.
/// - Throws: ``GradientCheckError/invalidOption(_:)`` when the entry has no cases, and
///   `AutogradError` when AD refuses to differentiate an operator that declares a derivative.
public func checkOperator(_ entry: CatalogEntry, points: Int = 16, dtype: DType = .float64, order: Int = 1,
                          seed: UInt64 = 0, options: GradientCheckOptions = GradientCheckOptions(),
                          modes: Set<CheckMode> = [.forward, .reverse]) throws -> OperatorReport {
    guard !entry.cases.isEmpty else {
        throw GradientCheckError.invalidOption("checkOperator: the catalog entry \(entry.name) has no cases to check; give it at least one CatalogCase")
    }
    return try OperatorChecker(name: entry.name, cases: entry.cases, points: points, dtype: dtype, order: order, seed: seed, options: options,
                        modes: modes).run()
}

/// Checks an operator (a user's, or a catalog operator with chosen attributes) on inputs of
/// the given shapes; see ``checkOperator(_:points:dtype:order:seed:options:modes:)``.
///
/// - Parameters:
///   - op: The operator, with its attributes set; its `info` gives the domains, kinks and
///     derivative kind the points are drawn from.
///   - shapes: One shape per input, `op.arity` of them.
///   - points: The number of points: the special points, then random ones up to this count.
///   - dtype: The inputs' dtype, float64 by default.
///   - order: 1 for first derivatives, 2 for second derivatives.
///   - seed: The seed of the random points.
///   - options: The gradient check's options; `wrt` is set by the check itself.
///   - modes: The modes to check, forward and reverse by default (add ``CheckMode/compiled``).
/// - Returns: The report, with one case.
/// - Throws: ``GradientCheckError/invalidOption(_:)`` when `shapes` does not hold `op.arity`
///   shapes, and `AutogradError` when AD refuses to differentiate an operator that declares
///   a derivative.
public func checkOperator(_ op: some DifferentiableOperator, shapes: [[Int]], points: Int = 16, dtype: DType = .float64,
                          order: Int = 1, seed: UInt64 = 0, options: GradientCheckOptions = GradientCheckOptions(),
                          modes: Set<CheckMode> = [.forward, .reverse]) throws -> OperatorReport {
    guard shapes.count == op.arity else {
        throw GradientCheckError.invalidOption("checkOperator: \(op.name) takes \(op.arity) inputs, \(shapes.count) shapes given")
    }
    return try OperatorChecker(name: op.name, cases: [CatalogCase(op, shapes)], points: points, dtype: dtype, order: order,
                               seed: seed, options: options, modes: modes).run()
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
    var modes: Set<CheckMode> = [.forward, .reverse]

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
                    report = try checkGradients(of: { testCase.op.apply($0) }, at: inputs, modes: modes, order: order, options: caseOptions)
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

    /// An operator without a derivative passes when every mode refuses with `noDerivative`.
    private func checkNoDerivative(_ info: OperatorInfo) throws -> OperatorReport {
        var summaries: [CaseSummary] = [], notes: [String] = []
        for (c, testCase) in cases.enumerated() {
            var g = RandomGenerator(seed: seed ^ stableHash("\(name) \(c)"))
            let inputs = PointSampler(testCase, dtype: dtype).random(&g)
            let forwardRefuses = refuses { _ = try jvp(at: inputs, tangents: inputs.map { NDArray.ones(like: $0) }) { testCase.op.apply($0) } }
            let reverseRefuses = refuses { _ = try vjp(at: inputs) { testCase.op.apply($0) }.pullback(NDArray.ones(like: testCase.op.apply(inputs))) }
            var ok = forwardRefuses && reverseRefuses
            var compiled = ""
            if modes.contains(.compiled) {
                let op = testCase.op
                let compiledRefuses = refuses {
                    let f = try Autograd.compile(examples: inputs, mode: .strict) { op.apply($0) }
                    _ = try f.vjp(inputs, cotangent: NDArray.ones(like: op.apply(inputs)))
                }
                ok = ok && compiledRefuses
                compiled = ", compiled \(compiledRefuses ? "refuses" : "DOES NOT refuse")"
            }
            summaries.append(CaseSummary(description: testCase.description, points: 1, failed: ok ? 0 : 1, counts: [:]))
            notes.append("\(testCase): declares no derivative; forward \(forwardRefuses ? "refuses" : "DOES NOT refuse"), reverse \(reverseRefuses ? "refuses" : "DOES NOT refuse")\(compiled) with noDerivative")
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
