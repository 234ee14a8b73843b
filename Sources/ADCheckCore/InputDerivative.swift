// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// One variable's part of a gradient report, arranged for people: its derivative block by
/// each mode and by the oracle (when every element was checked), and the largest differences.
///
/// The block is the gradient, shaped like the variable, when the checked function has one
/// element; otherwise a matrix, one row per element of the function (of the gradient, at
/// order 2: the Hessian) and one column per element of the variable.
struct InputDerivative {
    let name: String
    let report: InputReport
    /// The block's shape; `nil` for a check along random directions.
    let shape: [Int]?
    /// The block's values, row-major: per mode (nil for a mode not checked) and the oracle's
    /// central rule (NaN where it gave no value).
    let forward: [Double]?
    let reverse: [Double]?
    let compiled: [Double]?
    let oracle: [Double]?
    /// The largest difference between two modes, `|forward − reverse|` and `|compiled − eager|`
    /// (eager: reverse, or forward without it); nil with one mode.
    let modeDifference: Double?
    /// The largest `|ad − oracle|` over the elements the oracle decided (kinks and unresolved
    /// elements left out), and the same divided by the largest `|oracle|` there.
    let oracleDifference: Double?
    let relativeDifference: Double?

    var verdict: Verdict { report.verdict }

    /// The parts of `report` for each differentiated variable of `subject`.
    static func all(_ report: GradientReport, _ subject: CheckSubject) -> [InputDerivative] {
        report.inputs.map { InputDerivative($0, name: subject.variables[$0.index].name, of: report) }
    }

    /// Input `input` of `report`, called `name`.
    init(_ input: InputReport, name: String, of report: GradientReport) {
        self.name = name
        self.report = input
        let elements = input.elements
        let m = Shape.count(report.outputShape), n = Shape.count(input.shape)
        if report.directions == nil {
            let shape = report.order == 1 && m == 1 ? input.shape : [m, n]
            var forward = [Double](repeating: .nan, count: m * n), reverse = forward, compiled = forward, oracle = forward
            for e in elements {
                guard let out = e.outputIndex, let inp = e.inputIndex else { continue }
                let k = flatIndex(out, report.outputShape) * n + flatIndex(inp, input.shape)
                guard k >= 0 && k < m * n else { continue }
                forward[k] = e.forward ?? .nan
                reverse[k] = e.reverse ?? .nan
                compiled[k] = e.compiled ?? .nan
                oracle[k] = e.oracle ?? .nan
            }
            self.shape = shape
            self.forward = report.modes.contains(.forward) ? forward : nil
            self.reverse = report.modes.contains(.reverse) ? reverse : nil
            self.compiled = report.modes.contains(.compiled) ? compiled : nil
            self.oracle = oracle
        } else {
            (shape, forward, reverse, compiled, oracle) = (nil, nil, nil, nil, nil)
        }

        let pairs = elements.flatMap { e in
            [(e.forward, e.reverse), (e.compiled, e.reverse ?? e.forward)].compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        }
        modeDifference = pairs.isEmpty ? nil : pairs.map { Swift.abs($0 - $1) }.map { $0.isNaN ? .infinity : $0 }.max()
        let decided = elements.filter { $0.verdict != .kink && $0.verdict != .unresolved && $0.oracle != nil }
        var largest = 0.0, reference = 0.0
        for e in decided {
            let fd = e.oracle ?? 0
            for ad in [e.forward, e.reverse, e.compiled].compactMap({ $0 }) {
                let d = Swift.abs(ad - fd)
                largest = max(largest, d.isNaN ? .infinity : d)
            }
            reference = max(reference, Swift.abs(fd))
        }
        oracleDifference = decided.isEmpty ? nil : largest
        relativeDifference = decided.isEmpty ? nil : (reference > 0 ? largest / reference : (largest > 0 ? .infinity : 0))
    }
}

/// The row-major flat index of `index` in `shape`.
func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}
