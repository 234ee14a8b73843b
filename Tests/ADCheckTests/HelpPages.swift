/// Every help page, pinned: what `adcheck help <subcommand>` (and `-h`, `--help`) prints.
enum HelpPages {
    static let root = """
            OVERVIEW: Compare forward mode, reverse mode, compiled functions and a GSL
            numerical oracle on derivatives.

            Checks the derivatives of an expression (the default subcommand), of every
            operator of the catalog (ops), of random compositions of operators (random) or
            of the seed tutorial (example seed). Exit status: 0 when every check agrees, 1
            when a check fails, 64 for bad input.

            USAGE: adcheck <subcommand>

            OPTIONS:
              --version               Show the version.
              --generate-manual       Print the manual page (mdoc) on standard output.
              -h, --help              Show help information.

            SUBCOMMANDS:
              check (default)         Check the derivatives of an expression: forward mode,
                                      reverse mode, the compiled function and the GSL
                                      oracle.
              ops                     Check every operator of the catalog in every mode, at
                                      first and second order.
              random                  Check random compositions of catalog operators; shrink
                                      a failure to a minimal case.
              example                 Check the functions of an example.

            HELP TOPICS:
              expressions             The expression language: grammar, functions, limits,
                                      examples.

              See 'adcheck help <subcommand>' for detailed help.
            """

    static let check = """
            OVERVIEW: Check the derivatives of an expression: forward mode, reverse mode,
            the compiled function and the GSL oracle.

            Bind every variable with --var: NAME=ARRAY gives its values, NAME=shape:2x3
            samples them from the seed inside the domain the expression needs (log(x) wants
            x > 0). Prints the value, then for each variable the gradient (the Jacobian for
            a non-scalar result) by reverse mode, forward mode, the compiled function
            (Autograd.compile, strict, its vjp row by row) and the oracle, their largest
            differences, the tolerance and a verdict: AGREE, KINK and UNRESOLVED pass, MODES
            DISAGREE and AD ≠ ORACLE fail. See 'adcheck help expressions' for the language.

            USAGE: adcheck check <expression> [<options>]

            ARGUMENTS:
              <expression>            The expression to differentiate, such as 'sum(sin(x) *
                                      y)'.

            OPTIONS:
              --var <binding>         Bind a variable: NAME=ARRAY, as in x=[[1,2],[3,4]], or
                                      NAME=shape:2x3 for seeded random values.
              --order <order>         The highest derivative order: 2 adds the Hessian
                                      check. (values: 1, 2; default: 1)
              --mode <mode>           The AD modes to check: all (forward, reverse and the
                                      compiled function), both (forward and reverse, eager),
                                      or one. (values: forward, reverse, compiled, both,
                                      all; default: all)
              --dtype <dtype>         The element type of the variables. (values: float32,
                                      float64; default: float64)
              -s, --seed <seed>       The seed of random values, directions and cases (a
                                      non-negative integer). (default: 0)
              --tolerance <relative,absolute>
                                      The oracle tolerance's floors, R or R,A: R times
                                      max(|ad|,|fd|) (default 1e-7) and A times the largest
                                      |f(x)| (default 1e-10).
              --step <step>           The oracle's step relative to max(1, |x|), at most 1
                                      (default 0.001).
              --json                  Print one JSON document instead of text (schema in the
                                      README).
              --version               Show the version.
              -h, --help              Show help information.
            """

    static let ops = """
            OVERVIEW: Check every operator of the catalog in every mode, at first and second
            order.

            Each operator is checked at its special points (zeros, kinks, ties, the ends of
            its domain) and at random points of its domain. Every point compares forward
            mode, reverse mode and the GSL oracle, so both eager modes always run, and the
            compiled function too unless --mode is forward, reverse or both; --mode chooses
            the columns shown and the exit status.

            USAGE: adcheck ops [<operators> ...] [<options>]

            ARGUMENTS:
              <operators> ...         The operators to check, by catalog name (default:
                                      all).

            OPTIONS:
              --order <order>         The highest derivative order checked. (values: 1, 2;
                                      default: 2)
              --points <points>       Points per operator and order (1 to 1000). (default:
                                      16)
              --mode <mode>           The AD modes to check: all (forward, reverse and the
                                      compiled function), both (forward and reverse, eager),
                                      or one. (values: forward, reverse, compiled, both,
                                      all; default: all)
              --dtype <dtype>         The element type of the points. (values: float32,
                                      float64; default: float64)
              -s, --seed <seed>       The seed of random values, directions and cases (a
                                      non-negative integer). (default: 0)
              --tolerance <relative,absolute>
                                      The oracle tolerance's floors, R or R,A: R times
                                      max(|ad|,|fd|) (default 1e-7) and A times the largest
                                      |f(x)| (default 1e-10).
              --step <step>           The oracle's step relative to max(1, |x|), at most 1
                                      (default 0.001).
              --json                  Print one JSON document instead of text (schema in the
                                      README).
              --progress              Show progress on standard error even when it is not a
                                      terminal.
              --list                  List the operators with their calls, domains, kinks
                                      and conventions instead of checking them.
              --version               Show the version.
              -h, --help              Show help information.
            """

    static let random = """
            OVERVIEW: Check random compositions of catalog operators; shrink a failure to a
            minimal case.

            Generates well-typed expressions over the catalog (shapes that broadcast, inputs
            inside each operator's domain) and checks each as the default subcommand does. A
            failure is shrunk to a minimal expression, printed with commands that replay it.
            A failure where an operator sees an input at one of its kinks is counted as a
            kink, not a failure: there AD returns the operator's convention, which need not
            be the derivative of the composition. Operators whose derivative is zero by
            declaration (sign, comparisons, stop_gradient) are left out; ops checks them.

            USAGE: adcheck random [<options>]

            OPTIONS:
              --count <count>         The number of expressions (1 to 100000). (default:
                                      100)
              -s, --seed <seed>       The seed of random values, directions and cases (a
                                      non-negative integer). (default: 0)
              --dtype <dtype>         The element type; by default drawn per expression,
                                      float64 four times in five. (values: float32, float64)
              --order <order>         The highest derivative order checked. (values: 1, 2;
                                      default: 1)
              --mode <mode>           The AD modes to check: all (forward, reverse and the
                                      compiled function), both (forward and reverse, eager),
                                      or one. (values: forward, reverse, compiled, both,
                                      all; default: all)
              --tolerance <relative,absolute>
                                      The oracle tolerance's floors, R or R,A: R times
                                      max(|ad|,|fd|) (default 1e-7) and A times the largest
                                      |f(x)| (default 1e-10).
              --step <step>           The oracle's step relative to max(1, |x|), at most 1
                                      (default 0.001).
              --replay <case>         Check only the case a failure printed (SIZE:CHOICES).
              --json                  Print one JSON document instead of text (schema in the
                                      README).
              --progress              Show progress on standard error even when it is not a
                                      terminal.
              --version               Show the version.
              -h, --help              Show help information.
            """

    static let example = """
            OVERVIEW: Check the functions of an example.

            USAGE: adcheck example <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              seed                    Check the functions of the seed tutorial, MXNet's
                                      autograd tutorial.

              See 'adcheck help example <subcommand>' for detailed help.
            """

    static let seed = """
            OVERVIEW: Check the functions of the seed tutorial, MXNet's autograd tutorial.

            Y = 2*X*X at X = [[1,2],[3,4]], and the tutorial's f(a), which doubles a until
            its norm reaches 1000 and returns a[0] or a[1] by the sign of the sum, at the
            tutorial's input [0.9273255, -0.45468742] and three more points. f is piecewise
            linear: its loop count changes where the norm crosses a threshold and its branch
            where the sum changes sign; the points are away from both.

            USAGE: adcheck example seed [<options>]

            OPTIONS:
              --order <order>         The highest derivative order: 2 adds the Hessian
                                      check. (values: 1, 2; default: 1)
              --mode <mode>           The AD modes to check: all (forward, reverse and the
                                      compiled function), both (forward and reverse, eager),
                                      or one. (values: forward, reverse, compiled, both,
                                      all; default: all)
              --dtype <dtype>         The element type (the tutorial's is float32). (values:
                                      float32, float64; default: float32)
              --json                  Print one JSON document instead of text (schema in the
                                      README).
              --version               Show the version.
              -h, --help              Show help information.
            """
}
