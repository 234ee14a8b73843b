import DualTape
import Foundation
import Testing

/// The code of KinksAndPoles.md (DualTape's catalog), and the check that its table of kinks
/// is the catalog's: one row per declared kink, with the catalog's words.
@Suite("Article: Derivatives at kinks and poles")
struct KinksSnippets {
    static let article = "Sources/DualTape/DualTape.docc/KinksAndPoles.md"

    @Test func elementwise() throws {
        let printed = try capture {
            // snippet: kinks-elementwise
            /// The derivative of an elementwise function at x, by forward and by reverse mode.
            func slopes(_ f: (NDArray) -> NDArray, at x: Double) throws -> (forward: Double, reverse: Double) {
                let point = NDArray([x])
                let forward = try jvp(at: point, tangent: NDArray([1.0]), f).tangent.scalars[0]
                let reverse = try gradient(at: point) { f($0).sum() }.scalars[0]
                return (forward, reverse)
            }
            let points: [(String, (NDArray) -> NDArray, Double)] = [
                ("relu", relu, 0), ("abs", abs, 0), ("clip(x, -0.5, 0.5)", { $0.clip(-0.5, 0.5) }, 0.5),
                ("leaky_relu(x, alpha: 0.2)", { leakyRelu($0, alpha: 0.2) }, 0), ("elu", { elu($0) }, 0),
                ("selu", selu, 0), ("floor", floor, 2), ("round", round, 0.5),
                ("sqrt", sqrt, 0), ("log", log, 0), ("cbrt", cbrt, 0), ("arcsin", arcsin, 1), ("lgamma", lgamma, 0),
            ]
            for (name, f, x) in points {
                let (forward, reverse) = try slopes(f, at: x)
                print("\(name) at \(x): forward \(forward), reverse \(reverse)")
            }
            // end-snippet
        }
        try expectOutput(of: "kinks-elementwise", printed: printed)
    }

    @Test func binary() throws {
        let printed = try capture {
            // snippet: kinks-binary
            /// ∂f/∂a and ∂f/∂b at (a, b), by reverse mode.
            func partials(_ f: (NDArray, NDArray) -> NDArray, at a: Double, _ b: Double) throws -> [Double] {
                try gradient(at: [NDArray([a]), NDArray([b])]) { f($0[0], $0[1]).sum() }.map { $0.scalars[0] }
            }
            let points: [(String, (NDArray, NDArray) -> NDArray, Double, Double)] = [
                ("maximum", maximum, 1, 1), ("minimum", minimum, 1, 1), ("hypot", hypot, 0, 0),
                ("fmod", fmod, 6, 3), ("mod", mod, -6, 3), ("copysign", copysign, 0, -1),
                ("power", { $0 ** $1 }, 0, 0), ("power", { $0 ** $1 }, 0, 2), ("xlogy", xlogy, 0, 0),
                ("logaddexp", logaddexp, .infinity, .infinity), ("arctan2", arctan2, 0, 0),
            ]
            for (name, f, a, b) in points {
                print("\(name) at (\(a), \(b)):", try partials(f, at: a, b))
            }
            // end-snippet
            // Forward mode gives the same partials (NaN where reverse mode gives NaN).
            for (name, f, a, b) in points {
                let reverse = try partials(f, at: a, b)
                for k in 0 ..< 2 {
                    let tangents = [NDArray([k == 0 ? 1.0 : 0]), NDArray([k == 1 ? 1.0 : 0])]
                    let forward = try jvp(at: [NDArray([a]), NDArray([b])], tangents: tangents) { f($0[0], $0[1]) }.tangent.scalars[0]
                    #expect(forward == reverse[k] || (forward.isNaN && reverse[k].isNaN), "\(name) partial \(k)")
                }
            }
        }
        try expectOutput(of: "kinks-binary", printed: printed)
    }

    @Test func reductions() throws {
        let printed = try capture {
            // snippet: kinks-reductions
            print("max, ties:", try gradient(at: NDArray([1.0, 3, 3, 2])) { $0.max() }.scalars)
            print("min, ties:", try gradient(at: NDArray([1.0, 1, 2])) { $0.min() }.scalars)
            print("norm at 0:", try gradient(at: NDArray([0.0, 0, 0])) { $0.norm() }.scalars)
            print("its Hessian:", try hessian(at: NDArray([0.0, 0])) { $0.norm() }.scalars)
            print("prod, one zero:", try gradient(at: NDArray([0.0, 2, 3])) { $0.prod() }.scalars)
            print("prod, two zeros:", try gradient(at: NDArray([0.0, 2, 0, -1.5])) { $0.prod() }.scalars)
            print("std, equal elements:", try gradient(at: NDArray([2.0, 2, 2])) { $0.std() }.scalars)
            print("normalize at 0:", try jacobian(at: NDArray([0.0, 0])) { normalize($0) }.matrix.scalars)
            // end-snippet
        }
        try expectOutput(of: "kinks-reductions", printed: printed)
    }

    @Test func noDerivative() throws {
        let printed = try capture {
            // snippet: kinks-errors
            let s = NDArray([[2.0, 0], [0, 2]])                  // a repeated eigenvalue
            print(try gradient(at: s) { try eigvalsh($0).sum() }.scalars)
            do {
                _ = try gradient(at: s) { try eigh($0).vectors.sum() }
            } catch {
                print(error)
            }
            do {
                _ = try gradient(at: NDArray([1.0, 3])) { $0.argmax(axis: 0) }
            } catch {
                print(error)
            }
            // end-snippet
        }
        try expectOutput(of: "kinks-errors", printed: printed)
    }

    /// The article's table of kinks is the catalog's: a row per declared kink, in catalog order,
    /// whose first three cells are the operator's name, the kink's `at` and its `returns`.
    @Test func kinkTableListsEveryKinkOfTheCatalog() throws {
        let rows = try table(under: "## Kinks")
        let expected = OperatorCatalog.entries.flatMap { entry in entry.info.kinks.map { ["`\(entry.name)`", $0.at, $0.returns] } }
        #expect(!expected.isEmpty)
        let got = rows.map { Array($0.prefix(3)) }
        for row in expected where !got.contains(row) {
            Issue.record("\(Self.article): no row for the kink \(row.joined(separator: " | ")) of the catalog")
        }
        for row in got where !expected.contains(row) {
            Issue.record("\(Self.article): the row \(row.joined(separator: " | ")) is no kink of the catalog")
        }
        #expect(got == expected, "the rows follow the catalog's order")
    }

    /// Every operator named in the first column of the other conventions' table exists.
    @Test func conventionTableNamesCatalogOperators() throws {
        let rows = try table(under: "## Poles, domain ends and other conventions")
        #expect(rows.count >= 10)
        let names = Set(OperatorCatalog.entries.map(\.name))
        for row in rows {
            for name in row[0].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard name.hasPrefix("`") && name.hasSuffix("`") else {
                    Issue.record("\(Self.article): the first cell names operators in backticks, found \(name)")
                    continue
                }
                let bare = String(name.dropFirst().dropLast())
                if !names.contains(bare) { Issue.record("\(Self.article): \(bare) is no catalog operator") }
            }
        }
    }

    /// The rows of the first table after `heading`, cells unescaped (`\|` is `|`), header and
    /// rule dropped.
    private func table(under heading: String) throws -> [[String]] {
        let text = try String(contentsOf: PackageRoot.url.appendingPathComponent(Self.article), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: heading), "\(Self.article) has no section '\(heading)'")
        var rows: [[String]] = []
        var inTable = false
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("|") else {
                if inTable { break }
                continue
            }
            inTable = true
            rows.append(cells(line))
        }
        return Array(rows.dropFirst(2))
    }

    private func cells(_ line: String) -> [String] {
        var cells: [String] = [], current = "", escaped = false
        for character in line.dropFirst() {
            if escaped {
                current.append(character == "|" ? "|" : "\\\(character)")
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        return cells
    }
}
