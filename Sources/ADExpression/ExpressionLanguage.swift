/// The documentation of the language, as `adcheck help expressions` prints it: grammar,
/// precedence, functions (listed from the function table, so never out of date),
/// variables, limits and examples. Every line fits in 80 columns.
public enum ExpressionLanguage {
    /// The names that can be called, in help order.
    public static var functionNames: [String] { FunctionTable.names }

    /// The whole help text.
    public static var helpText: String {
        [overview, grammar, precedence, functions, semantics, variables, limits, examples].joined(separator: "\n\n")
    }

    static let overview = """
        OVERVIEW: The expression language of adcheck.

        An expression is a function of the variables bound with --var, written as in
        NumPy: arithmetic with broadcasting, the catalog's operators called by name,
        indexing and slicing. adcheck differentiates it in forward and reverse mode
        and compares both with a GSL numerical oracle.
        """

    /// The exact grammar, in EBNF (`{ }` repeats, `[ ]` is optional).
    public static let grammar = """
        GRAMMAR:
          expression = sum [ compare sum ]             (comparisons do not chain)
          compare    = "<" | "<=" | ">" | ">=" | "==" | "!="
          sum        = product { ( "+" | "-" ) product }
          product    = unary { ( "*" | "/" | "@" ) unary }
          unary      = ( "-" | "+" ) unary | power
          power      = postfix [ ( "^" | "**" ) unary ]
          postfix    = primary { "[" index { "," index } "]" }
          index      = expression | slice
          slice      = [ expression ] ":" [ expression ] [ ":" [ expression ] ]
          primary    = number | name | call | array | "(" expression ")"
          call       = name "(" [ argument { "," argument } [ "," ] ] ")"
          argument   = [ name "=" ] expression
          array      = "[" [ element { "," element } [ "," ] ] "]"
          element    = array | { "+" | "-" } number
          number     = digits [ "." [ digits ] ] [ exponent ] | "." digits [ exponent ]
          exponent   = ( "e" | "E" ) [ "+" | "-" ] digits
          name       = ( letter | "_" ) { letter | digit | "_" }      (ASCII)
          Spaces may separate any two tokens.
        """

    static let precedence = """
        PRECEDENCE (tightest first, as in Python and NumPy):
          f(x)  x[i]              calls, indexing and slicing
          ^  **                   power, right-associative: 2^3^2 is 2^9
          -x  +x                  signs: -x^2 is -(x^2), and 2^-1 is 0.5
          *  /  @                 multiply, divide, matrix product (left to right)
          +  -                    add, subtract (left to right)
          <  <=  >  >=  ==  !=    comparisons, giving 0/1 masks; a < b < c is an error
          The operators call add, subtract, multiply, divide, power, matmul,
          negative, lesser, lesser_equal, greater, greater_equal, equal, not_equal.
        """

    /// One line per function, `signature  summary`, summaries aligned and wrapped at 80; the
    /// summaries' column is at most 47 (so they keep 33 columns), and a signature too long
    /// for it has its summary on the lines below.
    static var functions: String {
        var lines = ["FUNCTIONS (positional or keyword arguments; x... takes one or more arrays):"]
        let column = Swift.min(4 + (FunctionTable.all.map(\.signature.count).max() ?? 0) + 2, 47)
        for family in FunctionDefinition.Family.allCases {
            lines.append("  \(family.rawValue):")
            for function in FunctionTable.all where function.family == family {
                var line = "    " + function.signature
                if line.count > column - 2 {
                    lines.append(line)
                    line = ""
                }
                for word in function.summary.split(separator: " ") {
                    if line.count < column {
                        line += String(repeating: " ", count: column - line.count) + word
                    } else if line.count + 1 + word.count <= 80 {
                        line += " " + word
                    } else {
                        lines.append(line)
                        line = String(repeating: " ", count: column) + word
                    }
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    static let semantics = """
        ARGUMENTS AND RESULTS:
          Options are constants: axis=0, axis=[0, 1], axis=None, keepdims=true,
          ord=1, dtype=float32; a shape is [2, 3] or, last in the call, 2, 3.
          einsum's subscripts are one word, _ standing for both ',' and '->':
          einsum(ij_jk_ik, a, b) is NumPy's einsum('ij,jk->ik', a, b).
          Numbers and array literals take the dtype of the arrays they meet.
          Shapes follow MXNet: x[0] of a 1-D array and a reduction to no axes at all
          have shape [1]. Slices take Python's start:stop:step with constant bounds.
          Comparisons and sign have zero derivative; argmax has none.
          Index arrays (take, take_along_axis, pick, scatter_add, one_hot) hold
          whole numbers, negative ones counting from the end; they are held
          constant, and an index out of range is bad input (exit status 64).
        """

    static let variables = """
        VARIABLES:
          --var NAME=ARRAY       a literal array: x=[[1,2],[3,4]], s=2.5
          --var NAME=shape:2x3   seeded random values of that shape, sampled where the
                                 expression needs them when the variable is a direct
                                 argument: x > 0 in [0.2, 3] for log(x) and sqrt(x),
                                 x != 0 in +-[0.5, 2] for a divisor, 0 or 1 for the
                                 condition of where, [-20, 20] for exp(x),
                                 [-1.4, 1.4] for tan(x), whole numbers in
                                 [0, n-1] for an index into an axis of extent
                                 n (take(w, i, axis=0)); anywhere else [-2, 2].
        """

    static let limits = """
        LIMITS (beyond them adcheck refuses the input with exit status 64):
          100,000 characters; 200 levels of nesting (each parenthesis, bracket,
          call, sign and power adds one); 1,000,000 elements and 32 axes for every
          array, intermediate results included; 1,000,000,000 element operations
          for one evaluation. Empty arrays are refused.
        """

    static let examples = """
        EXAMPLES:
          sum(sin(x) * y)                          x=shape:2x3  y=[1, 2, 3]
          -x^2 + 2*x - 1                           elementwise, same shape as x
          sum(log(x) @ w, axis=1)                  x=shape:2x3  w=shape:3x4
          norm(x, ord=1, axis=1, keepdims=true)    L1 norm of each row
          where(x > 0, x, 0.1 * x)                 leaky relu
          sum(x[:, 1:3] ^ 2) / mean(x[0])          slices and reductions
          concat(x, stack(y, y), axis=0)           x=shape:1x3  y=shape:3
          clip(tanh(x), -0.5, 0.5) + reshape(x, 3, 2)[0, 1]
        """
}
