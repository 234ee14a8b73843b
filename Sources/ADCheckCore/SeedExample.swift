// SPDX-License-Identifier: GPL-3.0-or-later
import CommandLineKit
import DualTape

/// `adcheck example seed`: the functions of the seed tutorial (MXNet's autograd tutorial),
/// checked in forward mode, reverse mode, compiled, and against the GSL oracle.
enum SeedExample {
    /// The tutorial's `f`: double `a` until the norm reaches 1000, then take `b[0]` or `b[1]`
    /// by the sign of the sum. Ordinary Swift control flow on the values, as in the tutorial.
    ///
    ///     f(a) = 2ᵏ·a[0] if sum(a) ≥ 0, else 2ᵏ·a[1],   k the first with ‖2ᵏ·a‖ ≥ 1000
    static func f(_ a: NDArray) -> NDArray {
        var b = a * 2
        while b.norm().asScalar() < 1000 {
            b = b * 2
        }
        return b.sum().asScalar() >= 0 ? b[0] : b[1]
    }

    /// The points `f` is checked at: the tutorial's input, then one point per branch and
    /// loop count, each at least 5% away from a threshold of the norm and from sum = 0.
    static let points: [(label: String, values: [Double])] = [
        ("the tutorial's input", [0.9273255, -0.45468742]),
        ("a point where sum(a) >= 0 and the loop runs 10 times", [-0.3, 0.8]),
        ("a point where sum(a) < 0, so f returns b[1]", [0.2, -0.9]),
        ("a point where the loop runs 8 times", [1.5, 2.5]),
    ]

    /// The subjects: `Y = 2*X*X` at the tutorial's X, then `f` at each point.
    static func subjects(_ dtype: DType) -> [(heading: String, subject: CheckSubject)] {
        let x = NDArray(values: [1, 2, 3, 4], shape: [2, 2], dtype: dtype)
        let y = CheckSubject(title: "Y = 2 * X * X", expression: nil,
                             variables: [CheckVariable(name: "X", value: x, origin: .given, isDifferentiated: true)],
                             function: { 2 * $0[0] * $0[0] })
        var subjects = [("Y = 2 * X * X, recorded in the tutorial's first cell; Y.backward() gives X.grad = 4 * X, the sum of the Jacobian's rows.", y)]
        for (label, values) in points {
            let a = NDArray(values: values, shape: [2], dtype: dtype)
            let subject = CheckSubject(title: "c = f(a)", expression: nil,
                                       variables: [CheckVariable(name: "a", value: a, origin: .given, isDifferentiated: true)],
                                       function: { f($0[0]) })
            subjects.append(("c = f(a) at \(label).", subject))
        }
        return subjects
    }

    /// Checks every subject and prints the reports, the oracle's settings once, and a verdict.
    static func run(_ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
        let settings = try CheckSettings(invocation)
        var outcomes: [(heading: String, outcome: CheckOutcome)] = []
        for (heading, subject) in subjects(settings.dtype ?? .float32) {
            do {
                outcomes.append((heading, try CheckRunner.run(subject, settings)))
            } catch {
                throw invocation.error(error.message)
            }
        }
        let passed = outcomes.allSatisfy(\.outcome.passed)
        if invocation.flag("json") {
            console.out.write(JSONOutput.text(ChecksDocument(command: "example seed", passed: passed, checks: outcomes.map { CheckDocument($0.outcome) })))
            return passed ? .success : .failure
        }
        var lines = TextLayout.wrap("adcheck example seed: the functions of the seed tutorial, MXNet's autograd tutorial, checked in forward mode, reverse mode, compiled (through guards on its loop and branch) and against the GSL oracle. f is piecewise linear: its loop count changes where the norm of 2^k*a crosses 1000, and its branch where sum(a) changes sign; the points are away from both, where f is differentiable.")
        for (i, entry) in outcomes.enumerated() {
            lines += ["", String(repeating: "=", count: TextLayout.width)] + TextLayout.wrap("\(i + 1). \(entry.heading)", indent: "   ")
            lines += [""] + CheckText.lines(entry.outcome, settings: false)
        }
        lines += ["", String(repeating: "=", count: TextLayout.width)]
        lines += CheckText.settings(outcomes.flatMap(\.outcome.reports))
        lines.append(passed
            ? "PASSED: all \(outcomes.count) checks agree."
            : "FAILED: \(outcomes.filter { !$0.outcome.passed }.count) of \(outcomes.count) checks do not agree.")
        lines.forEach(console.line)
        return passed ? .success : .failure
    }
}
