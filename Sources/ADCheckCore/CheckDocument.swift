// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The JSON form of `adcheck` (the default subcommand) and `adcheck example`: the checks run.
struct ChecksDocument: Codable {
    var tool = "adcheck"
    var version = Commands.version
    /// `check`, or `example seed`.
    var command: String
    var passed: Bool
    var checks: [CheckDocument]
}

/// The JSON form of one check: the point, the value, and per order each variable's
/// derivative by each mode and the oracle with the oracle's full report.
struct CheckDocument: Codable {
    /// A variable and the values it was checked at.
    struct Variable: Codable {
        var name: String
        var shape: [Int]
        var dtype: DType
        /// `given` or `random`.
        var origin: String
        /// The domain random values were sampled in (`real`, `x > 0`, ...); nil when given.
        var domain: String?
        /// False for a 0/1 mask or an index array, held constant.
        var differentiated: Bool
        /// Row-major.
        var values: [Double]
    }

    /// The function's value at the point.
    struct Value: Codable {
        var shape: [Int]
        var dtype: DType
        var values: [Double]
    }

    /// One variable's derivative at one order, by each mode and the oracle.
    struct Derivative: Codable {
        var name: String
        var verdict: Verdict
        /// Elements (or directions) checked.
        var elements: Int
        var modeDifference: Double?
        var oracleDifference: Double?
        var relativeDifference: Double?
        var worstError: Double?
        var worstTolerance: Double?
        /// The block's shape and values, row-major (absent for a check along random directions).
        var shape: [Int]?
        var forward: [Double]?
        var reverse: [Double]?
        var compiled: [Double]?
        var oracle: [Double]?
    }

    /// One order's check.
    struct Order: Codable {
        var order: Int
        var passed: Bool
        var variables: [Derivative]
        /// The oracle's report, element by element (see DualTapeOracle's GradientReport).
        var report: GradientReport
    }

    var title: String
    var expression: String?
    var seed: UInt64
    var modes: [CheckMode]
    var order: Int
    var passed: Bool
    var variables: [Variable]
    var value: Value
    var orders: [Order]
    /// What the reader should know (such as stop_gradient's derivative by definition).
    var notes: [String]

    /// The document of `outcome`.
    init(_ outcome: CheckOutcome) {
        let subject = outcome.subject
        title = subject.title
        expression = subject.expression
        seed = outcome.settings.seed
        modes = outcome.settings.sortedModes
        order = outcome.settings.order
        passed = outcome.passed
        variables = subject.variables.map { v in
            var domain: String?
            if case .random(let d) = v.origin { domain = d.description }
            return Variable(name: v.name, shape: v.value.shape, dtype: v.value.dtype, origin: domain == nil ? "given" : "random",
                            domain: domain, differentiated: v.isDifferentiated, values: v.value.scalars)
        }
        notes = subject.notes
        value = Value(shape: outcome.value.shape, dtype: outcome.value.dtype, values: outcome.value.scalars)
        orders = outcome.reports.map { report in
            Order(order: report.order, passed: report.passed, variables: InputDerivative.all(report, subject).map { input in
                Derivative(name: input.name, verdict: input.verdict, elements: input.report.elements.count,
                           modeDifference: input.modeDifference, oracleDifference: input.oracleDifference,
                           relativeDifference: input.relativeDifference, worstError: input.report.worst?.error,
                           worstTolerance: input.report.worst?.tolerance, shape: input.shape,
                           forward: input.forward, reverse: input.reverse, compiled: input.compiled, oracle: input.oracle)
            }, report: report)
        }
    }
}
