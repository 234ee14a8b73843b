// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import Foundation

extension GradientReport: CustomStringConvertible {
    /// A readable report, at most 80 columns: settings, a row per input, the elements that
    /// did not simply agree (at most 10), and the worst element with all its evidence.
    public var description: String {
        var lines: [String] = []
        let strategy = directions.map { "\($0) random direction\($0 == 1 ? "" : "s")" } ?? "full Jacobian"
        lines.append("Gradient check (order \(order); \(modes.map(\.rawValue).joined(separator: ", ")); \(strategy)): \(passed ? "PASSED" : "FAILED")")
        lines.append("oracle: GSL in \(oracle.precision)\(oracle.promoted ? " (Float32 promoted)" : ""), step \(short(oracle.relativeStep))*max(1,|x|)")
        let formulas = tolerance.formulas
        lines.append("tolerance: " + formulas[0])
        lines.append(contentsOf: formulas.dropFirst().map { "           " + $0 })
        if modes.contains(.compiled) { lines.append("           " + tolerance.compiledFormula) }
        lines.append("")
        lines.append(row([("input", 6), ("shape", 12), ("dtype", 8), ("checks", -7), ("verdict", 15), ("worst error", -11), ("tolerance", -10)]))
        for input in inputs {
            let worst = input.worst
            lines.append(row([("x\(input.index)", 6), (shapeText(input.shape), 12), (input.dtype.rawValue, 8), ("\(input.elements.count)", -7),
                              (input.verdict.rawValue, 15), (sci(worst?.error, digits: 2), -11), (sci(worst?.tolerance, digits: 2), -10)]))
        }
        lines.append("")
        lines.append(Verdict.allCases.filter { count($0) > 0 }.map { "\($0.rawValue) \(count($0))" }.joined(separator: ", "))

        let notable = elements.filter { $0.verdict != .agree }.sorted { ElementReport.lessSevere($1, $0) }
        if !notable.isEmpty {
            lines.append("")
            lines += notableTable(notable.prefix(10))
            if notable.count > 10 { lines.append("... and \(notable.count - 10) more (see the JSON report)") }
        }
        if let worst {
            lines.append("")
            lines.append(contentsOf: worst.evidence(title: "worst"))
        }
        if let seed { lines.append("seed: \(seed) (replay with GradientCheckOptions(seed: \(seed)))") }
        for note in notes { lines.append(contentsOf: wrap("note: " + note, width: 80, indent: "  ")) }
        return lines.joined(separator: "\n")
    }
}

extension GradientReport {
    /// The rows of the elements that did not simply agree. With the compiled mode the values
    /// get two decimals and the error and tolerance one digit, to stay within 80 columns.
    func notableTable(_ notable: ArraySlice<ElementReport>) -> [String] {
        guard modes.contains(.compiled) else {
            return [row([("element", 15), ("forward", -10), ("reverse", -10), ("oracle", -10), ("error", -7), ("tol", -7), ("verdict", 0)])]
                + notable.map { e in
                    row([(e.compactLocation, 15), (sci(e.forward, digits: 3), -10), (sci(e.reverse, digits: 3), -10),
                         (sci(e.oracle, digits: 3), -10), (sci(e.error, digits: 1), -7), (sci(e.tolerance, digits: 1), -7),
                         (e.verdict.rawValue, 0)])
                }
        }
        return [row([("element", 13), ("forward", -9), ("reverse", -9), ("compiled", -9), ("oracle", -9), ("error", -5), ("tol", -5),
                     ("verdict", 0)])]
            + notable.map { e in
                row([(e.compactLocation, 13), (sci(e.forward, digits: 2), -9), (sci(e.reverse, digits: 2), -9),
                     (sci(e.compiled, digits: 2), -9), (sci(e.oracle, digits: 2), -9), (sci(e.error, digits: 0), -5),
                     (sci(e.tolerance, digits: 0), -5), (e.verdict.rawValue, 0)])
            }
    }
}

extension ElementReport {
    /// The element's evidence, one fact per line (at most 80 columns).
    func evidence(title: String) -> [String] {
        var lines = ["\(title): \(location)  \(verdict.rawValue)"]
        var values: [String] = []
        if let forward { values.append("forward \(sci(forward, digits: 9))") }
        if let reverse { values.append("reverse \(sci(reverse, digits: 9))") }
        if !values.isEmpty { lines.append("  " + values.joined(separator: "   ")) }
        if let compiled { lines.append("  compiled \(sci(compiled, digits: 9))") }
        if let oracle {
            lines.append("  oracle  \(sci(oracle, digits: 9)) ± \(sci(oracleError, digits: 1))" + (step.map { " (step \(sci($0, digits: 1)))" } ?? ""))
        }
        if let rightDerivative, let leftDerivative {
            lines.append("  one-sided: left \(sci(leftDerivative, digits: 6)), right \(sci(rightDerivative, digits: 6))")
        }
        lines.append("  error \(sci(error, digits: 2)), tolerance \(sci(tolerance, digits: 2))")
        if !detail.isEmpty { lines.append(contentsOf: wrap(detail, width: 78, indent: "").map { "  " + $0 }) }
        return lines
    }

    /// The location without spaces, for table rows (`y[0,2]/x1[1]`, `x1:dir2`).
    var compactLocation: String {
        if let direction { return "x\(input):dir\(direction)" }
        let out = (outputIndex ?? []).map(String.init).joined(separator: ",")
        let inp = (inputIndex ?? []).map(String.init).joined(separator: ",")
        return "y[\(out)]/x\(input)[\(inp)]"
    }
}

/// Cells padded to their widths (negative: right-aligned; 0: as is), joined by spaces.
func row(_ cells: [(String, Int)]) -> String {
    cells.map { text, width in
        let pad = String(repeating: " ", count: max(0, abs(width) - text.count))
        return width < 0 ? pad + text : (width == 0 ? text : text + pad)
    }.joined(separator: " ").trimmingTrailingSpaces()
}

/// `[2, 3]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// Scientific notation with `digits` decimals; "-" for nil, "inf"/"nan" for non-finite.
func sci(_ x: Double?, digits: Int = 3) -> String {
    guard let x else { return "-" }
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.\(digits)e", x)
}

/// `text` broken at spaces into lines of at most `width` columns, continuation lines indented.
func wrap(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if candidate.count > width && !current.isEmpty {
            lines.append(current)
            current = indent + word
        } else {
            current = candidate
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
