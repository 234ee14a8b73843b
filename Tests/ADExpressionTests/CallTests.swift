import Testing
@testable import ADExpression
import DualTape

@Suite("Calls: names, positional and keyword arguments")
struct CallTests {
    @Test("unknown functions suggest the nearest name", arguments: [
        ("sine(x)", "unknown function 'sine'; did you mean 'sin'?"),
        ("sigmod(x)", "unknown function 'sigmod'; did you mean 'sigmoid'?"),
        ("expnd_dims(x, 0)", "unknown function 'expnd_dims'; did you mean 'expand_dims'?"),
        ("Exp(x)", "unknown function 'Exp'; did you mean 'exp'?"),
        ("concatenate(x, x)", "unknown function 'concatenate'; did you mean 'concat'?"),
        ("neg(x)", "unknown function 'neg'; did you mean 'negative'?"),
        ("pow(x, 2)", "unknown function 'pow'; did you mean 'power'?"),
        ("frobnicate(x)", "unknown function 'frobnicate'"),
    ])
    func unknownFunctions(source: String, message: String) {
        let error = expressionError(source, Arrays.all)
        #expect(error?.kind == .unknownName)
        #expect(error?.message == message)
        #expect(error?.range.lowerBound == 0)
    }

    @Test("argument errors name the function and point at the argument", arguments: [
        ("sum(x, axes=0)", ExpressionError.Kind.unknownName, "sum has no argument 'axes'; did you mean 'axis'?", 7 ..< 11),
        ("exp(x, base=2)", .unknownName, "exp has no argument 'base'; it takes x", 7 ..< 11),
        ("sum(x, axis=0, axis=1)", .argument, "sum got more than one value for argument 'axis'", 15 ..< 19),
        ("sum(axis=0, x)", .argument, "sum: a positional argument cannot follow a keyword argument", 12 ..< 13),
        ("exp(x, y)", .argument, "exp takes at most 1 argument but 2 were given: exp(x)", 7 ..< 8),
        ("clip(x, 1)", .argument, "clip is missing argument 'a_max': clip(x, a_min, a_max)", 0 ..< 4),
        ("concat(axis=1)", .argument, "concat is missing argument 'arrays': concat(arrays..., axis=0)", 0 ..< 6),
        ("sum(x, keepdims=1)", .argument, "sum: keepdims must be true or false, not 1", 16 ..< 17),
        ("sum(x, axis=0.5)", .argument, "sum: axis must be an integer, not 0.5", 12 ..< 15),
        ("sum(x, axis=y)", .argument, "sum: axis must be an integer or a list of integers such as [2, 3], not y", 12 ..< 13),
        ("expand_dims(x, axis=None)", .argument, "expand_dims: axis must be an integer, not None", 20 ..< 24),
        ("clip(x, -1, 1 + 1)", .argument, "clip: a_max must be a number such as -0.5, not 1 + 1", 12 ..< 17),
        ("clip(x, 1, 0)", .argument, "clip: a_min 1 is greater than a_max 0", 8 ..< 9),
        ("astype(x, float16)", .argument, "astype: dtype must be float32 or float64, not float16", 10 ..< 17),
        ("norm(x, ord=3)", .argument, "norm: ord 3 is not supported (use 1 or 2)", 12 ..< 13),
        ("x[0.5]", .argument, "index: an index must be an integer, not 0.5", 2 ..< 5),
        ("x[y]", .argument, "index: an index must be an integer, not y", 2 ..< 3),
    ])
    func argumentErrors(source: String, kind: ExpressionError.Kind, message: String, range: Range<Int>) {
        let error = expressionError(source, Arrays.all)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.range == range)
    }

    @Test("the same call written positionally, by keyword, and with list or variadic shapes", arguments: [
        ["sum(x, 0, true)", "sum(x, axis=0, keepdims=true)", "sum(x=x, keepdims=true, axis=[0])", "sum(x, [-2], True)"],
        ["reshape(x, [3, 2])", "reshape(x, 3, 2)", "reshape(x, shape=[3, 2])", "reshape(x, -1, 2)", "reshape(x, [3, -1])"],
        ["transpose(x)", "transpose(x, [1, 0])", "transpose(x, 1, 0)", "transpose(x, axes=[-1, 0])", "transpose(x, axes=None)"],
        ["norm(x)", "norm(x, 2)", "norm(x, ord=2, axis=None)", "norm(x, axis=[0, 1])"],
        ["clip(x, -1, 2.5)", "clip(x, a_min=-1, a_max=2.5)", "clip(a_max=2.5, a_min=-1, x=x)", "clip(x, -1, +2.5)"],
        ["astype(x, float32)", "astype(x, dtype=float32)", "cast(x, float32)"],
        ["x + y", "add(x, y)", "add(b=y, a=x)"],
        ["x ^ 2", "power(x, 2)", "x ** 2", "square(x)"],
        ["x < y", "lesser(x, y)", "y > x", "greater(y, x)"],
        ["y @ m", "matmul(y, m)", "dot(y, m)"],
    ])
    func equivalentForms(forms: [String]) throws {
        let reference = try evaluate(forms[0], Arrays.all)
        for form in forms.dropFirst() {
            let value = try evaluate(form, Arrays.all)
            #expect(value.shape == reference.shape, "\(form)")
            #expect(value.dtype == reference.dtype, "\(form)")
            #expect(value.scalars == reference.scalars, "\(form)")
        }
    }

    @Test("names that are not variables")
    func reservedNames() {
        #expect(expressionError("true + x", Arrays.all)?.message == "'true' is an option value (as in keepdims=true or axis=None), not an array")
        #expect(expressionError("sin * 2", Arrays.all)?.message == "'sin' is a function; call it, as in sin(x)")
        #expect(expressionError("sin * 2", Arrays.all)?.kind == .unboundVariable)
    }

    @Test("unbound variables suggest a bound name or how to bind one")
    func unbound() {
        let near = expressionError("sum(xx)", ["x": Arrays.x])
        #expect(near?.kind == .unboundVariable)
        #expect(near?.message == "unbound variable 'xx'; did you mean 'x'?")
        #expect(near?.range == 4 ..< 6)
        #expect(expressionError("x + zeta", ["x": Arrays.x])?.message == "unbound variable 'zeta'; bind it with --var zeta=ARRAY or --var zeta=shape:2x3")
    }

    @Test("variables are listed once, in order of first use, without option words")
    func variables() throws {
        let parsed = try ParsedExpression("sum(b * a, axis=0, keepdims=true) + astype(a, float64) @ c + b")
        #expect(parsed.variables == ["b", "a", "c"])
    }
}
