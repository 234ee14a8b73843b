// snippet: tutorial-seed-1
import DualTape
// end-snippet
// snippet: tutorial-seed-2
import DualTape
// end-snippet
// snippet: tutorial-seed-3
import DualTape
// end-snippet
// snippet: tutorial-seed-4
import DualTape
import DualTapeOracle
// end-snippet
// snippet: tutorial-seed-5
import DualTape
// end-snippet
// snippet: tutorial-seed-6
import DualTape
// end-snippet
import Testing

/// The code of the tutorial "Differentiate the seed's f(a)" (DualTape's catalog,
/// `DifferentiateTheSeed.tutorial`): each step shows a whole file, one region here, and
/// `Resources/tutorial-seed-N.swift` in the catalog holds the same code. Each test runs its
/// step and checks the values the step's text states.
@Suite("Tutorial: Differentiate the seed's f(a)")
struct SeedTutorialSnippets {
    /// What the steps print, with the tutorial's numbers: f(a) = 1024·a₀ (the loop doubles
    /// 2a nine times before its norm reaches 1000, and a₀ + a₁ ≥ 0 picks b[0]).
    static let value: Float = 1024 * 0.9273255

    @Test func step1TheFunction() throws {
        // snippet: tutorial-seed-1
        func f(_ a: NDArray) -> NDArray {
            var b = a * 2
            while b.norm().asScalar() < 1000 {
                b = b * 2
            }
            if b.sum().asScalar() >= 0 {
                return b[0]
            } else {
                return b[1]
            }
        }
        // end-snippet
        let y = f(NDArray([0.9273255, -0.45468742], dtype: .float32))
        #expect(y.shape == [1] && y.scalars == [Double(Self.value)])
    }

    @Test func step2RecordAndBackward() throws {
        try withConsole { console in
            // snippet: tutorial-seed-2
            func f(_ a: NDArray) -> NDArray {
                var b = a * 2
                while b.norm().asScalar() < 1000 {
                    b = b * 2
                }
                if b.sum().asScalar() >= 0 {
                    return b[0]
                } else {
                    return b[1]
                }
            }

            var a = NDArray([0.9273255, -0.45468742], dtype: .float32)
            a.attachGrad()
            let c = Autograd.record { f(a) }
            try c.backward()
            print(a.grad!)
            // end-snippet
            #expect(c.scalars == [Double(Self.value)])
            #expect(a.grad!.scalars == [1024, 0])
            #expect(console.take().contains("<NDArray 2 @cpu(0)>"))
        }
    }

    @Test func step3TheOtherBranch() throws {
        // snippet: tutorial-seed-3
        func f(_ a: NDArray) -> NDArray {
            var b = a * 2
            while b.norm().asScalar() < 1000 {
                b = b * 2
            }
            if b.sum().asScalar() >= 0 {
                return b[0]
            } else {
                return b[1]
            }
        }

        var a = NDArray([-0.9273255, 0.45468742], dtype: .float32)
        a.attachGrad()
        let c = Autograd.record { f(a) }
        try c.backward()
        print(a.grad!)
        // end-snippet
        #expect(c.scalars == [Double(Float(1024 * 0.45468742))])
        #expect(a.grad!.scalars == [0, 1024])
    }

    @Test func step4CheckAgainstTheOracle() throws {
        let printed = try capture {
            // snippet: tutorial-seed-4
            func f(_ a: NDArray) -> NDArray {
                var b = a * 2
                while b.norm().asScalar() < 1000 {
                    b = b * 2
                }
                if b.sum().asScalar() >= 0 {
                    return b[0]
                } else {
                    return b[1]
                }
            }

            let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
            let report = try checkGradients(of: f, at: a)
            print(report)
            // end-snippet
            #expect(report.passed)
            #expect(report.inputs.count == 1)
        }
        #expect(printed.contains("PASSED"))
    }

    @Test func step5Compile() throws {
        // snippet: tutorial-seed-5
        @Sendable func f(_ a: NDArray) -> NDArray {
            var b = a * 2
            while b.norm().asScalar() < 1000 {
                b = b * 2
            }
            if b.sum().asScalar() >= 0 {
                return b[0]
            } else {
                return b[1]
            }
        }

        let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        let compiled = try Autograd.compile(example: a, f)
        let (value, gradient) = try compiled.valueWithGradient(a)
        print(value, gradient)
        // end-snippet
        #expect(value.scalars == [Double(Self.value)])
        #expect(gradient.scalars == [1024, 0])
    }

    @Test func step6GuardsRetrace() throws {
        // snippet: tutorial-seed-6
        @Sendable func f(_ a: NDArray) -> NDArray {
            var b = a * 2
            while b.norm().asScalar() < 1000 {
                b = b * 2
            }
            if b.sum().asScalar() >= 0 {
                return b[0]
            } else {
                return b[1]
            }
        }

        let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
        let compiled = try Autograd.compile(example: a, f)
        print(try compiled.gradient(a))
        print(try compiled.gradient(NDArray([-0.9273255, 0.45468742], dtype: .float32)))
        print(try compiled.gradient(NDArray([0.001, 0.002], dtype: .float32)))
        // end-snippet
        #expect(try compiled.gradient(a).scalars == [1024, 0])
        #expect(try compiled.gradient(NDArray([-0.9273255, 0.45468742], dtype: .float32)).scalars == [0, 1024])
        // |2a| = 0.00447: 2a doubled 18 more times reaches 1172, so f = 2¹⁹·a₀.
        #expect(try compiled.gradient(NDArray([0.001, 0.002], dtype: .float32)).scalars == [524_288, 0])
    }
}
