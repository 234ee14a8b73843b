import Testing

/// Bad input: a clear message on standard error (with a caret under the offending column
/// for an expression or a `--var`), the usage line, the hint to `--help`, and status 64.
@Suite("Bad input")
struct ErrorTests {
    static let checkUsage = "adcheck check <expression> [<options>]"

    func expectError(_ arguments: [String], _ message: String, usage: String = checkUsage, path: String = "adcheck check",
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let run = Run(arguments)
        #expect(run.status == 64, sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(run.stderr == usageError(message, usage, path), sourceLocation: sourceLocation)
    }

    @Test("a parse error shows the expression with a caret and what was expected")
    func parse() {
        expectError(["sum(x * (y + )", "--var", "x=[1]", "--var", "y=[2]"],
                    "expected a number, a variable, a call or '(' but found ')'\n  sum(x * (y + )\n               ^")
        expectError([""], "the expression is empty; expected for example sum(sin(x) * y)\n  \n  ^")
        expectError([String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)],
                    "the expression nests deeper than 200 levels (parentheses, brackets, calls, signs and powers each add one)\n  ..." + String(repeating: "(", count: 76) + "...\n                                           ^")
    }

    @Test("names: unknown functions and operators suggest the nearest; unbound and unused variables")
    func names() {
        expectError(["sn(x)", "--var", "x=[1]"], "unknown function 'sn'; did you mean 'sin'?\n  sn(x)\n  ^~")
        expectError(["x * y", "--var", "x=[1]"], "unbound variable 'y'; did you mean 'x'?\n  x * y\n      ^")
        expectError(["sum(x)", "--var", "x=[1]", "--var", "z=[2]"], "--var binds 'z', but the expression has no variable 'z'; did you mean 'x'?")
        expectError(["sum(x)", "--var", "x=[1]", "--var", "x=[2]"], "--var binds 'x' twice; give each variable one --var")
        expectError(["ops", "sinn"], "Unknown operator 'sinn'. Did you mean 'sin'?", usage: "adcheck ops [<operators> ...] [<options>]", path: "adcheck ops")
    }

    @Test("shape errors name the operator and the shapes")
    func shapes() {
        expectError(["x + y", "--var", "x=[[1,2,3],[4,5,6]]", "--var", "y=[1,2,3,4]"],
                    "add: shapes [2, 3] and [4] cannot be broadcast together\n  x + y\n    ^")
        expectError(["x @ y", "--var", "x=shape:2x3", "--var", "y=shape:4x5"], "matmul: shapes [2, 3] and [4, 5] do not align\n  x @ y\n    ^")
    }

    @Test("bad index values are bad input, in every mode: the operator's message, never a stop")
    func badIndices() {
        let range = "take: index 5 at [1] is out of range for axis 0 (extent 4) of an array of shape [4, 3]. Indices must be whole numbers from -4 to 3 (negative ones count from the end)."
        for mode in [[], ["--mode", "forward"], ["--mode", "reverse"], ["--order", "2"]] {
            expectError(["sum(take(W, idx, axis=0))", "--var", "W=shape:4x3", "--var", "idx=[0,5,1]"] + mode, range)
        }
        expectError(["sum(pick(x, i))", "--var", "x=shape:2x3", "--var", "i=[0.5, 1]"],
                    "pick: index 0.5 at [0] is not a whole number. Indices must be whole numbers from -3 to 2 (negative ones count from the end).")
        expectError(["sum(one_hot(i, 3) * w)", "--var", "i=[3]", "--var", "w=shape:1x3"],
                    "one_hot: index 3 at [0] is out of range for depth 3. Indices must be whole numbers from 0 to 2.")
        expectError(["sum(one_hot(i, 3))", "--var", "i=[1]"],
                    "every variable is held constant (a 0/1 mask, the condition of where, or an integer index array); nothing is left to differentiate")
    }

    @Test("--var: malformed and ragged arrays, bad shapes, numbers out of range, huge shapes")
    func bindings() {
        expectError(["sum(x)", "--var", "x=[1, 2"], "--var: malformed array: unexpected end of input; expected ',' or ']'\n  x=[1, 2\n         ^")
        expectError(["sum(x)", "--var", "x=[[1, 2], [3]]"],
                    "--var: ragged array: a row of length 1 where the first row of this axis has length 2\n  x=[[1, 2], [3]]\n             ^")
        expectError(["sum(x)", "--var", "x=shape:2x0x"],
                    "--var: extent 0 is not allowed; every extent is at least 1 (and at most 1000000)\n  x=shape:2x0x\n            ^")
        expectError(["sum(x)", "--var", "x=[1e999]"], "--var: number '1e999' is out of range (it must be finite and fit the dtype)\n  x=[1e999]\n     ^~~~~")
        expectError(["sum(x)", "--var", "x=[1e39]", "--dtype", "float32"],
                    "--var: number '1e39' is out of range (it must be finite and fit the dtype)\n  x=[1e39]\n     ^~~~")
        expectError(["sum(x)", "--var", "x=shape:100000x100000"],
                    "--var: shape 100000x100000 has 10000000000 elements; the limit is 1000000\n  x=shape:100000x100000\n          ^~~~~~~~~~~~~")
    }

    @Test("option values the check cannot use")
    func optionValues() {
        expectError(["random", "--count", "-5"], "The value '-5' is invalid for '--count <count>'. Please provide an integer from 1 to 100,000.",
                    usage: "adcheck random [<options>]", path: "adcheck random")
        expectError(["sum(x)", "--var", "x=[1]", "--seed", "abc"], "The value 'abc' is invalid for '--seed <seed>'. Please provide a non-negative integer.")
        expectError(["sum(x)", "--var", "x=[1]", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'. Please provide a non-negative integer.")
        expectError(["sum(x)", "--var", "x=[1]", "--step", "0"], "The value '0' is invalid for '--step <step>'. Please provide a number greater than 0 and at most 1.")
        expectError(["sum(x)", "--var", "x=[1]", "--tolerance", "1,x"],
                    "The value '1,x' is invalid for '--tolerance <relative,absolute>'. Please provide one or two non-negative numbers separated by a comma, such as 1e-6,1e-9.")
        expectError(["sum(x)", "--var", "x=[1]", "--order", "3"], "The value '3' is invalid for '--order <order>'. Please provide one of '1' and '2'.")
        expectError(["ops", "--points", "0"], "The value '0' is invalid for '--points <points>'. Please provide an integer from 1 to 1,000.",
                    usage: "adcheck ops [<operators> ...] [<options>]", path: "adcheck ops")
        expectError(["random", "--replay", "5:zz"],
                    "The value '5:zz' is invalid for '--replay <case>'. Please provide SIZE:CHOICES as a failure of 'adcheck random' printed it, such as 12:0.3.1f.",
                    usage: "adcheck random [<options>]", path: "adcheck random")
        expectError(["sum(x)", "--var", "x=[1]", "--jsn"], "Unknown option '--jsn'. Did you mean '--json'?")
        expectError([], "Missing expected argument '<expression>'")
    }

    @Test("points outside the domain and functions without a derivative")
    func undifferentiable() {
        expectError(["sum(log(x))", "--var", "x=[-1, 2]"],
                    "the value of sum(log(x)) is nan at element 0: the point is outside the function's domain. Give other values with --var, or another --seed.")
        expectError(["sum(argmax(x))", "--var", "x=[1, 2]"],
                    "sum(argmax(x)) cannot be differentiated: argmax: has no derivative (argument 0). Use stopGradient or detach() on its result if a constant is meant.")
        expectError(["sum([1, 2])"], "the expression has no variable to differentiate; use one, as in sum(x * [1, 2]) with --var x=[3, 4]")
    }
}
