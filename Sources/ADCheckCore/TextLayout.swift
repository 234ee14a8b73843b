// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import Foundation

/// The text forms of numbers and arrays in `adcheck`'s output, all within 80 columns.
enum TextLayout {
    /// The widest line.
    static let width = 80

    /// NumPy's `str()` of `values` shaped `shape`, as DualTape prints an array (without
    /// MXNet's `<NDArray ...>` line): `[[ 4.  8.]\n [12. 16.]]`.
    static func numpy(_ values: [Double], shape: [Int], dtype: DType = .float64) -> String {
        numpy(NDArray(values: values, shape: shape, dtype: dtype))
    }

    /// NumPy's `str()` of `array`.
    static func numpy(_ array: NDArray) -> String {
        // `description` is "\n" + the values + "\n<NDArray 2x2 @cpu(0)>".
        var lines = array.description.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.isEmpty == true { lines.removeFirst() }
        if lines.last?.hasPrefix("<NDArray") == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `label` in a gutter of `gutter` columns, then `text` with its continuation lines
    /// aligned under its first; or, when that would pass 80 columns, the label alone and the
    /// text below it, indented by `gutter` capped at 4.
    static func labeled(_ label: String, _ text: String, gutter: Int) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let column = max(gutter, label.count + 1)
        if column + (lines.map(\.count).max() ?? 0) <= width {
            let pad = String(repeating: " ", count: column)
            return lines.enumerated().map { i, line in
                (i == 0 ? label + String(repeating: " ", count: column - label.count) : pad) + line
            }.map(\.trimmingTrailingSpaces)
        }
        let indent = String(repeating: " ", count: min(gutter, 4))
        return [label] + lines.map { (indent + $0).trimmingTrailingSpaces }
    }

    /// `x` in scientific notation with `digits` decimals; `-` for nil, `nan`, `inf`, `-inf`.
    static func sci(_ x: Double?, digits: Int = 1) -> String {
        guard let x else { return "-" }
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)e", x)
    }

    /// A number in its shortest form that reads back the same: `0.001`, `1e-07`, `4`.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// `[2, 3]`.
    static func shape(_ shape: [Int]) -> String { Shape.describe(shape) }

    /// `text` broken at spaces into lines of at most 80 columns (a word longer than that
    /// gets a line of its own); the first line keeps `text`'s indentation, the others get `indent`.
    static func wrap(_ text: String, indent: String = "  ") -> [String] {
        var lines: [String] = [], current = String(text.prefix { $0 == " " })
        var isEmpty = true
        for word in text.split(separator: " ") {
            if isEmpty {
                current += word
            } else if current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += " " + word
            }
            isEmpty = false
        }
        if !isEmpty { lines.append(current) }
        return lines
    }

    /// `1,000,000`.
    static func count(_ n: Int) -> String {
        let digits = Array(String(n))
        var result = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
            result.append(d)
        }
        return result
    }

    /// `1 element`, `4 elements`.
    static func plural(_ n: Int, _ noun: String) -> String { "\(count(n)) \(noun)\(n == 1 ? "" : "s")" }
}

extension String {
    /// The string without trailing spaces.
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// A table whose columns are as wide as their widest cell, separated by two spaces.
struct TextTable {
    /// Where a column's cells go.
    enum Alignment { case left, right }

    var titles: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    /// A table with these titles and alignments, and no rows yet.
    init(_ columns: [(String, Alignment)]) {
        titles = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    /// The widths of the columns: the widest of the title and the cells.
    var widths: [Int] {
        titles.indices.map { c in ([titles[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
    }

    /// The title line, then a line per row.
    var lines: [String] {
        let widths = self.widths
        return ([titles] + rows).map { format($0, widths) }
    }

    /// `cells` padded to `widths` (right-aligned columns are padded on the left).
    func format(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells.indices, cells).map { c, cell in
            let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
            return alignments[c] == .right ? pad + cell : cell + pad
        }.joined(separator: "  ").trimmingTrailingSpaces
    }
}
