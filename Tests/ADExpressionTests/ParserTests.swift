import Testing
@testable import ADExpression

@Suite("Parser: precedence, literals, syntax errors, depth")
struct ParserTests {
    @Test("precedence and associativity as in Python and NumPy", arguments: [
        ("-x^2", "(-(x ^ 2))"),
        ("2^3^2", "(2 ^ (3 ^ 2))"),
        ("x ** y ** z", "(x ^ (y ^ z))"),
        ("2^-1", "(2 ^ (-1))"),
        ("x^-y^2", "(x ^ (-(y ^ 2)))"),
        ("a - b - c", "((a - b) - c)"),
        ("a / b * c", "((a / b) * c)"),
        ("a + b * c", "(a + (b * c))"),
        ("a @ b + c", "((a @ b) + c)"),
        ("a * b @ c", "((a * b) @ c)"),
        ("-a @ b", "((-a) @ b)"),
        ("2 * -x", "(2 * (-x))"),
        ("--x", "(-(-x))"),
        ("+x", "x"),
        ("a < b + 1", "(a < (b + 1))"),
        ("a - 1 >= -b", "((a - 1) >= (-b))"),
        ("x == y", "(x == y)"),
        ("x != 0", "(x != 0)"),
        ("(a + b) * c", "((a + b) * c)"),
        ("-x[0]^2", "(-(x[0] ^ 2))"),
        ("x[1:3, ::2, :, -1]", "x[1:3, ::2, :, (-1)]"),
        ("x[:-1][0]", "x[:(-1)][0]"),
        ("f(g(x), axis=0)[1]", "f(g(x), axis=0)[1]"),
        ("f()", "f()"),
        ("f(x,)", "f(x)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(try parenthesized(source) == expected)
    }

    @Test("number forms", arguments: [("1.", 1.0), (".5", 0.5), ("1e3", 1000.0), ("1.5E-2", 0.015), ("2.e1", 20.0), ("007", 7.0)])
    func numbers(source: String, value: Double) throws {
        let tree = try Parser.parse(source)
        guard case .number(let parsed) = tree[tree.root].kind else { Issue.record("not a number"); return }
        #expect(parsed == value)
    }

    @Test("array literals: shapes, signs, trailing commas", arguments: [
        ("[[1, 2], [3, 4]]", [2, 2], [1.0, 2, 3, 4]),
        ("[-1, +2, - 3,]", [3], [-1.0, 2, -3]),
        ("[]", [0], []),
        ("[[]]", [1, 0], []),
        ("[[[1], [2]]]", [1, 2, 1], [1.0, 2]),
    ])
    func literals(source: String, shape: [Int], values: [Double]) throws {
        let tree = try Parser.parse(source)
        guard case .literal(let parsedValues, let parsedShape) = tree[tree.root].kind else { Issue.record("not a literal"); return }
        #expect(parsedShape == shape)
        #expect(parsedValues == values)
    }

    @Test("syntax errors say what was expected and point at the column", arguments: [
        ("", "the expression is empty; expected for example sum(sin(x) * y)", 0 ..< 0),
        ("x +", "expected an expression but found the end of the expression", 3 ..< 3),
        ("(x + 1", "expected ')' to close the '(' at column 1 but found the end of the expression", 6 ..< 6),
        ("sin(x", "expected ',' or ')' to close the '(' at column 4 but found the end of the expression", 5 ..< 5),
        ("x[1", "expected ',' or ']' to close the '[' at column 2 but found the end of the expression", 3 ..< 3),
        ("x[]", "expected an index such as 0, -1, 1:3 or ::2 but found ']'", 2 ..< 3),
        ("x)", "expected an operator or the end of the expression but found ')'", 1 ..< 2),
        ("x = 1", "expected an operator or the end of the expression but found '='; use '==' to compare", 2 ..< 3),
        ("* x", "expected a number, a variable, a call or '(' but found '*'", 0 ..< 1),
        ("2x", "'2x' is not a number; write 2*x to multiply", 0 ..< 2),
        ("1.2.3", "'1.2.3' is not a number", 0 ..< 5),
        ("x.T", "unexpected character '.'; the language has no methods: write transpose(x), not x.T", 1 ..< 2),
        ("x ! y", "unexpected character '!'; '!=' compares", 2 ..< 3),
        ("x % 2", "unexpected character '%'; the language has + - * / ^ @ and comparisons", 2 ..< 3),
        ("a < b < c", "comparisons cannot be chained; write (a < b) * (b < c) for both", 6 ..< 7),
        ("f(x y)", "expected ',' or ')' to close the '(' at column 2 but found 'y'", 4 ..< 5),
    ])
    func syntaxErrors(source: String, message: String, range: Range<Int>) {
        let error = expressionError(source)
        #expect(error?.kind == .syntax)
        #expect(error?.message == message)
        #expect(error?.range == range)
    }

    @Test("malformed literals and numbers are literal errors", arguments: [
        ("[[1, 2], [3]]", "ragged array literal: a row of 1 element where the first row at this depth has 2", 9 ..< 12),
        ("[1, [2]]", "ragged array literal: a number at depth 2 where the first number is at depth 1", 5 ..< 6),
        ("[1, []]", "ragged array literal: a row where a number was expected (the first element at this depth is a number)", 4 ..< 6),
        ("[[1], 2]", "ragged array literal: a number where a row was expected (other elements at this depth are rows)", 6 ..< 7),
        ("[x, 1]", "array literals hold numbers only, like [[1, 2], [3, 4]]; join arrays with stack(a, b) or concat(a, b)", 1 ..< 2),
        ("1e999 * x", "number '1e999' is out of range (the largest is about 1.8e308)", 0 ..< 5),
    ])
    func literalErrors(source: String, message: String, range: Range<Int>) {
        let error = expressionError(source)
        #expect(error?.kind == .literal)
        #expect(error?.message == message)
        #expect(error?.range == range)
    }

    @Test("the caret snippet marks the offending columns")
    func snippet() {
        let error = expressionError("x + y", ["x": Arrays.x, "y": Arrays.v])
        #expect(error?.description == """
            add: shapes [2, 3] and [4] cannot be broadcast together
              x + y
                ^
            """)
        #expect(expressionError("sine(x)")?.snippet == "  sine(x)\n  ^~~~")
        #expect(expressionError("x\t+\n")?.snippet == "  x + \n      ^")
    }

    @Test("a long expression is shown as a window around the error")
    func longSnippet() {
        let source = String(repeating: "x + ", count: 40) + "$" + String(repeating: " + x", count: 40)
        let error = expressionError(source)
        let line = "...+ x + x + x + x + x + x + x + x + x + $ + x + x + x + x + x + x + x + x + x ..."
        #expect(error?.snippet == "  " + line + "\n  " + String(repeating: " ", count: 41) + "^")
    }

    @Test("200 levels of nesting parse; 201 and 10,000 are refused without deep recursion")
    func depth() throws {
        _ = try Parser.parse(String(repeating: "(", count: 199) + "x" + String(repeating: ")", count: 199))
        let limit = "the expression nests deeper than 200 levels (parentheses, brackets, calls, signs and powers each add one)"
        for n in [201, 10_000] {
            let error = expressionError(String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n))
            #expect(error?.kind == .limit)
            #expect(error?.message == limit)
        }
        #expect(expressionError(String(repeating: "-", count: 10_000) + "x")?.message == limit)
        #expect(expressionError(String(repeating: "[", count: 10_000))?.message == limit)
        #expect(expressionError(String(repeating: "sum(", count: 10_000))?.message == limit)
        #expect(expressionError("x" + String(repeating: "^x", count: 10_000))?.message == limit)
    }

    @Test("a chain of 10,000 operators is a loop, not recursion")
    func longChain() throws {
        let source = "x" + String(repeating: " + x", count: 9_999)
        let value = try evaluate(source, ["x": Arrays.y])
        expectValues(value, [5_000, -10_000, 20_000], shape: [3])
        let indexed = try evaluate("x" + String(repeating: "[0]", count: 5_000), ["x": Arrays.y])
        expectValues(indexed, [0.5], shape: [1])
    }

    @Test("expressions longer than the limit are refused")
    func length() {
        let error = expressionError(String(repeating: "1", count: ExpressionLimits.maximumLength + 1))
        #expect(error?.kind == .limit)
        #expect(error?.message == "the expression has 100001 characters; the limit is 100000")
    }
}

@Suite("Characters outside ASCII in messages and snippets")
struct CharacterDisplayTests {
    @Test("printable characters are quoted with their code point; others are shown by code point only", arguments: [
        ("x × y", "unexpected character '×' (U+00D7); use '*' to multiply", "  x × y\n    ^"),
        ("é", "unexpected character 'é' (U+00E9)", "  é\n  ^"),
        ("\u{301}x", "unexpected character U+0301", "  ?x\n  ^"),
        ("x +\u{0} y", "unexpected character U+0000", "  x +? y\n     ^"),
    ])
    func shown(source: String, message: String, snippet: String) {
        let error = expressionError(source)
        #expect(error?.message == message)
        #expect(error?.snippet == snippet)
    }
}
