import DualTape
import Foundation
import Testing

/// The code of CompiledFunctions.md (DualTape's catalog).
@Suite("Article: Compiled functions")
struct CompiledSnippets {
    @Test func traceOnceReplay() throws {
        let printed = try capture {
            // snippet: compiled-basics
            let f = try Autograd.compile(example: NDArray([1.0, 2, 3])) { x in
                (tanh(x) * exp(-x * x) + sin(x)).sum()
            }
            let x = NDArray([0.5, -1, 2])
            let (value, gradient) = try f.valueWithGradient(x)   // traced here, the first time
            let again = try f.valueWithGradient(x * 2)           // replayed: no closure, no tape
            print(value.scalars, gradient.scalars)
            print(again.gradient.scalars)
            let eager = try valueWithGradient(at: x) { (tanh($0) * exp(-$0 * $0) + sin($0)).sum() }
            print(eager.gradient.scalars)
            // end-snippet
            let tolerance = 4096 * Double.ulpOfOne * eager.gradient.scalars.map(Swift.abs).max()!
            for (a, b) in zip(gradient.scalars, eager.gradient.scalars) { #expect(Swift.abs(a - b) <= tolerance) }
        }
        try expectOutput(of: "compiled-basics", printed: printed)
    }

    @Test func whatTheCompilerDid() throws {
        let printed = try capture {
            // snippet: compiled-statistics
            let f = try Autograd.compile(example: NDArray.linspace(-1, 1, count: 100_000)) { x in
                (tanh(x) * exp(-x * x) + sin(x)).sum()
            }
            _ = try f.gradient(NDArray.linspace(-1, 1, count: 100_000))
            let s = f.gradientTraceStatistics[0]
            print(s.tracedInstructions, "instructions traced,", s.optimizedInstructions, "after the passes")
            print(s.steps, "replay step(s) on the", s.path, "path,", s.guards, "guards")
            print(s.passes.map(\.name))
            // end-snippet
        }
        try expectOutput(of: "compiled-statistics", printed: printed)
    }

    @Test func guardsAndRetracing() throws {
        let printed = try capture {
            // snippet: compiled-guards
            @Sendable func f(_ a: NDArray) -> NDArray {
                var b = a * 2
                while b.norm().asScalar() < 1000 { b = b * 2 }   // a guard per comparison
                return b.sum().asScalar() >= 0 ? b[0] : b[1]      // and one on the branch
            }
            let compiled = try Autograd.compile(example: NDArray([0.9273255, -0.45468742], dtype: .float32)) { f($0) }
            for a in [[0.9273255, -0.45468742], [100, 50], [-3, 1], [0.9, -0.4]] {
                let g = try compiled.gradient(NDArray(a, dtype: .float32))
                print(a, "->", g.scalars, "traces:", compiled.gradientTraceStatistics.count)
            }
            // end-snippet
        }
        try expectOutput(of: "compiled-guards", printed: printed)
    }

    @Test func strictMode() throws {
        let printed = try capture {
            // snippet: compiled-strict
            let strict = try Autograd.compile(example: NDArray([1.0, 2]), mode: .strict) { x in
                x.sum().asScalar() > 0 ? (x * x).sum() : exp(x).sum()
            }
            print(try strict.gradient(NDArray([3.0, 4])).scalars)        // same branch: replayed
            do {
                _ = try strict.gradient(NDArray([-3.0, 1]))      // the other branch
            } catch AutogradError.staleTrace(let message) {
                print(message)
            }
            // end-snippet
        }
        try expectOutput(of: "compiled-strict", printed: printed)
    }

    @Test func exactValuesAndShapes() throws {
        let printed = try capture {
            // snippet: compiled-exact-values
            let scaled = try Autograd.compile(example: NDArray([2.0])) { x in
                x * Double(x.asScalar())                         // the value used as a number
            }
            print(try scaled(NDArray([3.0])).scalars, scaled.valueTraceStatistics.count)   // a guard failed: traced again
            let strict = try Autograd.compile(example: NDArray([1.0, 2]), mode: .strict) { $0 * 2 }
            do {
                _ = try strict(NDArray([1.0, 2, 3]))             // another shape
            } catch AutogradError.compiledInputMismatch(let message) {
                print(message)
            }
            // end-snippet
        }
        try expectOutput(of: "compiled-exact-values", printed: printed)
    }

    @Test func transforms() throws {
        let printed = try capture {
            // snippet: compiled-transforms
            let W = NDArray([[0.5, -1, 2], [1.5, 0.25, -0.75]])
            let layer = try Autograd.compile(example: NDArray([0.3, -0.1, 0.8])) { x in tanh(matmul(W, x)) }
            let x = NDArray([-0.4, 0.9, 0.2])
            print(try layer.jacobian(x).shape)                                       // [2, 3]
            print(try layer.vjp(x, cotangent: NDArray([1.0, -1])).cotangent)
            print(try layer.jvp(x, tangent: NDArray([1.0, 0, 0])).tangent)
            let energy = try Autograd.compile(example: x) { x in (x * x * x).sum() }
            print(try energy.hessianVectorProduct(x, vector: NDArray([1.0, 0, 0])))   // 6x ∘ v
            // end-snippet
        }
        try expectOutput(of: "compiled-transforms", printed: printed)
    }

    /// The README shows the guards snippet.
    @Test func readmeShowsTheGuards() throws {
        let readme = try String(contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        let article = try Article(file: "README.md", text: readme)
        let region = try #require(try SnippetRegion.all().first { $0.name == "compiled-guards" })
        #expect(article.blocks.contains { $0.language == "swift" && $0.code == region.code })
    }
}
