import Testing

/// `adcheck <expression>`: the value, each variable's derivative by reverse mode, forward
/// mode and the oracle, the differences, tolerances and verdicts, and the exit status.
@Suite("Checking an expression")
struct CheckCommandTests {
    @Test("the seed's first function: value, gradient by both modes and the oracle, table, verdict")
    func gradient() {
        let run = Run(["sum(2*x*x)", "--var", "x=[[1,2],[3,4]]"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.maskedStdout == """
            expression  sum(2*x*x)
            x           [2, 2] float64, given
                        [[1. 2.]
                         [3. 4.]]
            value       [1] float64
                        [60.]

            order 1: the gradient, checked element by element
            gradient with respect to x, shape [2, 2]
              reverse   [[ 4.  8.]
                         [12. 16.]]
              forward   [[ 4.  8.]
                         [12. 16.]]
              compiled  [[ 4.  8.]
                         [12. 16.]]
              oracle    [[ 4.  8.]
                         [12. 16.]]

            variable  |modes|  |ad-oracle|  relative  worst err  tolerance  verdict
            x         #.#e##      #.#e##   #.#e##    #.#e##    #.#e##  AGREE
            order 1: PASSED (AGREE 4)

            oracle: GSL's central rule in float64, step 0.001*max(1,|x|)
            tolerance: |ad-fd| <= 4*abserr + 1e-10*S + 1e-7*max(|ad|,|fd|)
                       |fwd-rev| <= 256*u*T   (u: unit roundoff of the AD dtype)
                       |cmp-rev| <= 256*u*T   (compiled against eager)
            PASSED: forward mode, reverse mode, the compiled function and the oracle agree.

            """)
    }

    @Test("--order 2 adds the Hessian check")
    func hessian() {
        let run = Run(["x[0] * sin(x[1])", "--var", "x=[0.5, -1.25]", "--order", "2"])
        #expect(run.status == 0)
        #expect(run.maskedStdout == """
            expression  x[0] * sin(x[1])
            x           [2] float64, given
                        [ 0.5  -1.25]
            value       [1] float64
                        [-0.47449231]

            order 1: the gradient, checked element by element
            gradient with respect to x, shape [2]
              reverse   [-0.94898462  0.15766118]
              forward   [-0.94898462  0.15766118]
              compiled  [-0.94898462  0.15766118]
              oracle    [-0.94898462  0.15766118]

            variable  |modes|  |ad-oracle|  relative  worst err  tolerance  verdict
            x         #.#e##      #.#e##   #.#e##    #.#e##    #.#e##  AGREE
            order 1: PASSED (AGREE 2)

            order 2: the Hessian, checked element by element
            Hessian with respect to x, [2, 2]: a row and a column per element of x
              reverse   [[0.         0.31532236]
                         [0.31532236 0.47449231]]
              forward   [[0.         0.31532236]
                         [0.31532236 0.47449231]]
              compiled  [[0.         0.31532236]
                         [0.31532236 0.47449231]]
              oracle    [[0.         0.31532236]
                         [0.31532236 0.47449231]]

            variable  |modes|  |ad-oracle|  relative  worst err  tolerance  verdict
            x         #.#e##      #.#e##   #.#e##    #.#e##    #.#e##  AGREE
            order 2: PASSED (AGREE 4)

            oracle: GSL's central rule in float64, step 0.001*max(1,|x|)
            tolerance: |ad-fd| <= 4*abserr + 1e-10*S + 1e-7*max(|ad|,|fd|)
                       |fwd-rev| <= 256*u*T   (u: unit roundoff of the AD dtype)
                       |cmp-rev| <= 256*u*T   (compiled against eager)
            note: order 2: the checked function is the AD gradient of <u, f> (u = 1);
              forward is forward over reverse, reverse is reverse over reverse, compiled is
              the compiled vjp of that gradient
            PASSED: forward mode, reverse mode, the compiled function and the oracle agree.

            """)
    }

    @Test("a non-scalar result: the Jacobian, one mode")
    func jacobianOneMode() {
        let run = Run(["sin(x) * y", "--var", "x=[1,2]", "--var", "y=[0.5,-1]", "--mode", "reverse"])
        #expect(run.status == 0)
        #expect(run.maskedStdout == """
            expression  sin(x) * y
            x           [2] float64, given
                        [1. 2.]
            y           [2] float64, given
                        [ 0.5 -1. ]
            value       [2] float64
                        [ 0.42073549 -0.90929743]

            order 1: the Jacobian, checked element by element
            Jacobian with respect to x, [2, 2]: a row per element of the value, a column per
              element of x
              reverse   [[0.27015115 0.        ]
                         [0.         0.41614684]]
              oracle    [[0.27015115 0.        ]
                         [0.         0.41614684]]
            Jacobian with respect to y, [2, 2]: a row per element of the value, a column per
              element of y
              reverse   [[0.84147098 0.        ]
                         [0.         0.90929743]]
              oracle    [[0.84147098 0.        ]
                         [0.         0.90929743]]

            variable  |fwd-rev|  |ad-oracle|  relative  worst err  tolerance  verdict
            x                 -      #.#e##   #.#e##    #.#e##    #.#e##  AGREE
            y                 -      #.#e##   #.#e##    #.#e##    #.#e##  AGREE
            order 1: PASSED (AGREE 8)

            oracle: GSL's central rule in float64, step 0.001*max(1,|x|)
            tolerance: |ad-fd| <= 4*abserr + 1e-10*S + 1e-7*max(|ad|,|fd|)
                       |fwd-rev| <= 256*u*T   (u: unit roundoff of the AD dtype)
            PASSED: reverse mode and the oracle agree.

            """)
    }

    @Test("a disagreement fails with status 1 and the oracle's evidence")
    func disagreement() {
        let run = Run(["sum(stop_gradient(x) * x)", "--var", "x=[1,2]"])
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let lines = run.maskedStdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("x         #.#e##      #.#e##   #.#e##    #.#e##    #.#e##  AD ≠ ORACLE"))
        #expect(lines.contains("  oracle    [2. 4.]"))
        #expect(lines.contains("  reverse   [1. 2.]"))
        #expect(lines.contains("order 1: FAILED (AD ≠ ORACLE 2)"))
        #expect(lines.contains("details of order 1, from the oracle's report:"))
        #expect(lines.contains("note: stop_gradient is the identity in value with derivative 0 by definition;"))
        #expect(lines.last(where: { !$0.isEmpty }) == "FAILED: a derivative does not agree; see the verdicts above.")
    }

    @Test("shape: values are sampled from the seed in the domain; masks are held constant")
    func randomValues() {
        let first = Run(["sum(where(c, log(x), x))", "--var", "c=shape:3", "--var", "x=shape:3", "--seed", "7"])
        let again = Run(["sum(where(c, log(x), x))", "--var", "c=shape:3", "--var", "x=shape:3", "--seed", "7"])
        let other = Run(["sum(where(c, log(x), x))", "--var", "c=shape:3", "--var", "x=shape:3", "--seed", "8"])
        #expect(first.status == 0)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("c           [3] float64, random 0/1 mask (seed 7), held constant"))
        #expect(lines.contains("x           [3] float64, random (seed 7, domain: x > 0)"))
        #expect(lines.contains("note: held constant: input 0"))
    }

    @Test("index arrays are whole numbers in range, held constant; the data's gradient adds up at repeated indices")
    func indexArrays() {
        let given = Run(["sum(take(W, idx, axis=0))", "--var", "W=shape:4x3", "--var", "idx=[0,2,0]"])
        #expect(given.status == 0)
        let lines = given.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("idx         [3] float64, given, held constant (a 0/1 mask or an index array)"))
        #expect(lines.contains("  reverse   [[2. 2. 2.]"))
        #expect(lines.contains("note: held constant: input 1"))
        let sampled = Run(["sum(take(W, idx, axis=0)^2)", "--var", "W=shape:4x3", "--var", "idx=shape:5", "--seed", "3"])
        #expect(sampled.status == 0)
        #expect(sampled.stdout.contains("idx         [5] float64, random integers in [0, 3] (seed 3), held constant"))
        for mode in ["forward", "reverse"] {
            let run = Run(["sum(take_along_axis(x, i, axis=1) * y)", "--var", "x=shape:2x3", "--var", "i=shape:2x4",
                           "--var", "y=shape:2x4", "--mode", mode, "--order", "2"])
            #expect(run.status == 0, "\(mode): \(run.stderr)")
        }
    }

    @Test("a large variable is checked along random directions")
    func directions() {
        let run = Run(["sum(sin(x))", "--var", "x=shape:200x100", "--dtype", "float32"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("order 1: the gradient, checked along 3 random directions per variable"))
        #expect(lines.contains("x (20,000 elements): <u, J v> for random u and v"))
        #expect(lines.contains("            (20,000 elements; --json prints them)"))
        #expect(lines.contains("order 1: PASSED (AGREE 3)"))
    }

    @Test("every line of a report fits in 80 columns")
    func width() {
        for arguments in [["norm(tanh(W @ x + b))", "--var", "W=shape:4x3", "--var", "x=shape:3", "--var", "b=shape:4", "--seed", "7", "--order", "2"],
                          ["sum(stop_gradient(x) * x)", "--var", "x=[1,2]"], ["x @ y", "--var", "x=shape:9x9", "--var", "y=shape:9"]] {
            let run = Run(arguments)
            for line in run.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        }
    }
}
