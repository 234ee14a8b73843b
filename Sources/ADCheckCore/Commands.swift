// SPDX-License-Identifier: GPL-3.0-or-later
import ADExpression
import CommandLineKit

/// The command tree of `adcheck`, as data: what is parsed, and what every help page says.
enum Commands {
    /// What `--version` prints.
    static let version = "adcheck 0.1.0"

    /// The manual page `--generate-manual` prints (checked in as `adcheck.1`; `make manual`
    /// regenerates it). Its date belongs to the version above: change them together.
    static let manual = ManualPage(date: "December 4, 2026", sections: [
        ("EXIT STATUS", "0 when every check agrees (AGREE, KINK and UNRESOLVED pass), 1 when a check fails (MODES DISAGREE or AD ≠ ORACLE), 64 for bad input: an unknown option, a malformed value or binding, an expression that does not parse or whose shapes do not fit. adcheck never traps on its input."),
        ("EXAMPLES", """
            The gradient of an expression at given values, at random values of given shapes, and to second order:
                adcheck 'sum(2*x*x)' --var 'x=[[1,2],[3,4]]'
                adcheck 'norm(tanh(W @ x + b))' --var W=shape:4x3 --var x=shape:3 --var b=shape:4 --seed 7
                adcheck 'x[0] * sin(x[1])' --var 'x=[0.5, -1.25]' --order 2
            Two operators of the catalog at 64 points each, then the list of every operator:
                adcheck ops softmax logsumexp --points 64
                adcheck ops --list
            A thousand random compositions, and the seed tutorial as JSON:
                adcheck random --count 1000 --seed 3
                adcheck example seed --json
            """),
        ("SEE ALSO", "adcheck help expressions (the expression language), adcheck ops --list (every operator with its calls, domains, kinks and conventions), and the DualTape README."),
    ])

    /// `adcheck`: the default subcommand checks an expression.
    static let tool = Command(
        "adcheck",
        abstract: "Compare forward mode, reverse mode, compiled functions and a GSL numerical oracle on derivatives.",
        discussion: "Checks the derivatives of an expression (the default subcommand), of every operator of the catalog (ops), of random compositions of operators (random) or of the seed tutorial (example seed). Exit status: 0 when every check agrees, 1 when a check fails, 64 for bad input.",
        version: version,
        subcommands: [check, ops, random, example],
        defaultSubcommand: "check",
        topics: [HelpTopic("expressions", abstract: "The expression language: grammar, functions, limits, examples.",
                           text: ExpressionLanguage.helpText)],
        manual: manual)

    /// `adcheck check` (the default): one expression.
    static let check = Command(
        "check",
        abstract: "Check the derivatives of an expression: forward mode, reverse mode, the compiled function and the GSL oracle.",
        discussion: "Bind every variable with --var: NAME=ARRAY gives its values, NAME=shape:2x3 samples them from the seed inside the domain the expression needs (log(x) wants x > 0). Prints the value, then for each variable the gradient (the Jacobian for a non-scalar result) by reverse mode, forward mode, the compiled function (Autograd.compile, strict, its vjp row by row) and the oracle, their largest differences, the tolerance and a verdict: AGREE, KINK and UNRESOLVED pass, MODES DISAGREE and AD ≠ ORACLE fail. See 'adcheck help expressions' for the language.",
        arguments: [Argument("expression", help: "The expression to differentiate, such as 'sum(sin(x) * y)'.")],
        options: [
            .value("var", valueName: "binding", repeatable: true,
                   help: "Bind a variable: NAME=ARRAY, as in x=[[1,2],[3,4]], or NAME=shape:2x3 for seeded random values."),
            SharedOptions.order(default: "1", help: "The highest derivative order: 2 adds the Hessian check."),
            SharedOptions.mode,
            SharedOptions.dtype(default: "float64", help: "The element type of the variables."),
            SharedOptions.seed,
            SharedOptions.tolerance,
            SharedOptions.step,
            SharedOptions.json,
        ])

    /// `adcheck ops`: the operator catalog.
    static let ops = Command(
        "ops",
        abstract: "Check every operator of the catalog in every mode, at first and second order.",
        discussion: "Each operator is checked at its special points (zeros, kinks, ties, the ends of its domain) and at random points of its domain. Every point compares forward mode, reverse mode and the GSL oracle, so both eager modes always run, and the compiled function too unless --mode is forward, reverse or both; --mode chooses the columns shown and the exit status.",
        arguments: [Argument("operators", help: "The operators to check, by catalog name (default: all).", isOptional: true, isRepeating: true)],
        options: [
            SharedOptions.order(default: "2", help: "The highest derivative order checked."),
            .value("points", type: .integer, default: "16", help: "Points per operator and order (1 to 1000)."),
            SharedOptions.mode,
            SharedOptions.dtype(default: "float64", help: "The element type of the points."),
            SharedOptions.seed,
            SharedOptions.tolerance,
            SharedOptions.step,
            SharedOptions.json,
            SharedOptions.progress,
            .flag("list", help: "List the operators with their calls, domains, kinks and conventions instead of checking them."),
        ])

    /// `adcheck random`: random compositions of operators.
    static let random = Command(
        "random",
        abstract: "Check random compositions of catalog operators; shrink a failure to a minimal case.",
        discussion: "Generates well-typed expressions over the catalog (shapes that broadcast, inputs inside each operator's domain) and checks each as the default subcommand does. A failure is shrunk to a minimal expression, printed with commands that replay it. A failure where an operator sees an input at one of its kinks is counted as a kink, not a failure: there AD returns the operator's convention, which need not be the derivative of the composition. Operators whose derivative is zero by declaration (sign, comparisons, stop_gradient) are left out; ops checks them.",
        options: [
            .value("count", type: .integer, default: "100", help: "The number of expressions (1 to 100000)."),
            SharedOptions.seed,
            .value("dtype", type: .choice(["float32", "float64"]),
                   help: "The element type; by default drawn per expression, float64 four times in five."),
            SharedOptions.order(default: "1", help: "The highest derivative order checked."),
            SharedOptions.mode,
            SharedOptions.tolerance,
            SharedOptions.step,
            .value("replay", valueName: "case", help: "Check only the case a failure printed (SIZE:CHOICES)."),
            SharedOptions.json,
            SharedOptions.progress,
        ])

    /// `adcheck example`: the examples, as subcommands.
    static let example = Command(
        "example",
        abstract: "Check the functions of an example.",
        subcommands: [seedExample])

    /// `adcheck example seed`: the seed tutorial.
    static let seedExample = Command(
        "seed",
        abstract: "Check the functions of the seed tutorial, MXNet's autograd tutorial.",
        discussion: "Y = 2*X*X at X = [[1,2],[3,4]], and the tutorial's f(a), which doubles a until its norm reaches 1000 and returns a[0] or a[1] by the sign of the sum, at the tutorial's input [0.9273255, -0.45468742] and three more points. f is piecewise linear: its loop count changes where the norm crosses a threshold and its branch where the sum changes sign; the points are away from both.",
        options: [
            SharedOptions.order(default: "1", help: "The highest derivative order: 2 adds the Hessian check."),
            SharedOptions.mode,
            SharedOptions.dtype(default: "float32", help: "The element type (the tutorial's is float32)."),
            SharedOptions.json,
        ])
}

/// Options several subcommands share, declared once so they read the same everywhere.
enum SharedOptions {
    static let seed = Option.value("seed", short: "s", default: "0",
                                   help: "The seed of random values, directions and cases (a non-negative integer).")
    static let mode = Option.value("mode", type: .choice(["forward", "reverse", "compiled", "both", "all"]), default: "all",
                                   help: "The AD modes to check: all (forward, reverse and the compiled function), both (forward and reverse, eager), or one.")
    static let tolerance = Option.value("tolerance", valueName: "relative,absolute",
                                        help: "The oracle tolerance's floors, R or R,A: R times max(|ad|,|fd|) (default 1e-7) and A times the largest |f(x)| (default 1e-10).")
    static let step = Option.value("step", type: .number,
                                   help: "The oracle's step relative to max(1, |x|), at most 1 (default 0.001).")
    static let json = Option.flag("json", help: "Print one JSON document instead of text (schema in the README).")
    static let progress = Option.flag("progress", help: "Show progress on standard error even when it is not a terminal.")

    /// `--order 1|2`, the highest derivative order checked.
    static func order(default value: String, help: String) -> Option {
        .value("order", type: .choice(["1", "2"]), default: value, help: help)
    }

    /// `--dtype float32|float64`.
    static func dtype(default value: String, help: String) -> Option {
        .value("dtype", type: .choice(["float32", "float64"]), default: value, help: help)
    }
}
