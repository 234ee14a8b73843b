// snippet: getting-started-ten-lines
import DualTape
// end-snippet
import Foundation
import Testing

/// The code of GettingStarted.md (DualTape's catalog). Its first snippet is also the README's
/// "Ten lines" block.
@Suite("Article: Getting started")
struct GettingStartedSnippets {
    @Test func tenLines() throws {
        let printed = try capture {
            // snippet: getting-started-ten-lines
            var x = NDArray([[1, 2], [3, 4]], dtype: .float32)
            x.attachGrad()
            let y = Autograd.record { 2 * x * x }          // recorded, define-by-run
            try y.backward()
            print(x.grad!)                                  // [[ 4.  8.] [12. 16.]] — printed as MXNet prints
            let (value, slope) = try jvp(at: x.detach(), tangent: NDArray.ones([2, 2], dtype: .float32)) { 2 * $0 * $0 }
            let h = try hessian(at: NDArray([1.0, 2])) { ($0 * $0 * $0).sum() }   // forward over reverse
            let j = try jacobian(at: NDArray([0.5, 1]), mode: .forward) { sin($0) * $0 }
            // end-snippet
            #expect(value.scalars == [2, 8, 18, 32])
            #expect(slope.scalars == [4, 8, 12, 16])
            #expect(h.scalars == [6, 0, 0, 12])
            #expect(j.mode == .forward && j.matrix.shape == [2, 2])
        }
        try expectOutput(of: "getting-started-ten-lines", printed: printed)
    }

    /// The README shows the same ten lines.
    @Test func readmeShowsTheTenLines() throws {
        let readme = try String(contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        let article = try Article(file: "README.md", text: readme)
        let region = try #require(try SnippetRegion.all().first { $0.name == "getting-started-ten-lines" })
        #expect(article.blocks.first { $0.language == "swift" }?.code == region.code)
    }

    @Test func arrays() throws {
        let printed = capture {
            // snippet: getting-started-arrays
            let a = NDArray([[1, 2], [3, 4]], dtype: .float32)   // MXNet's default dtype
            let b = NDArray([0.5, 1, 2])                          // Float64, DualTape's default
            print(a)
            print(b.shape, b.dtype, b.scalars)
            print(b.sum().asScalar())                             // a Swift value: no longer an array
            // end-snippet
            #expect(a.dtype == .float32)
        }
        try expectOutput(of: "getting-started-arrays", printed: printed)
    }

    @Test func reverseMode() throws {
        let printed = try capture {
            // snippet: getting-started-reverse
            var x = NDArray([[1, 2], [3, 4]], dtype: .float32)
            x.attachGrad()                       // x.grad is zeros until a backward pass
            let y = Autograd.record { 2 * x * x }
            try y.backward()                     // head gradient: ones of y's shape
            print(x.grad!)
            do {
                try y.backward()                 // the first pass freed the graph
            } catch {
                print(error)
            }
            // end-snippet
        }
        try expectOutput(of: "getting-started-reverse", printed: printed)
    }

    @Test func forwardMode() throws {
        let printed = try capture {
            var x = NDArray([[1, 2], [3, 4]], dtype: .float32)
            x.attachGrad()
            // snippet: getting-started-jvp
            let (value, slope) = try jvp(at: x.detach(), tangent: NDArray.ones([2, 2], dtype: .float32)) { 2 * $0 * $0 }
            print(value)
            print(slope)                          // J·v with v = ones: 4x
            // end-snippet
        }
        try expectOutput(of: "getting-started-jvp", printed: printed)
    }

    @Test func secondOrder() throws {
        let printed = try capture {
            // snippet: getting-started-hessian
            let h = try hessian(at: NDArray([1.0, 2])) { ($0 * $0 * $0).sum() }
            print(h)                              // diag(6x)
            // end-snippet
        }
        try expectOutput(of: "getting-started-hessian", printed: printed)
    }

    @Test func jacobians() throws {
        let printed = try capture {
            // snippet: getting-started-jacobian
            let j = try jacobian(at: NDArray([0.5, 1]), mode: .forward) { sin($0) * $0 }
            print(j.mode)
            print(j.matrix)                       // diag(sin x + x cos x)
            let k = try jacobian(at: NDArray([0.5, 1, 2])) { ($0 * $0).sum() }
            print(k.mode, k.matrix.shape)         // one output: .automatic chose reverse mode
            // end-snippet
            #expect(abs(j.matrix.scalars[0] - (Foundation.sin(0.5) + 0.5 * Foundation.cos(0.5))) < 1e-15)
        }
        try expectOutput(of: "getting-started-jacobian", printed: printed)
    }

    @Test func functionalGradient() throws {
        let printed = try capture {
            // snippet: getting-started-gradient
            let x = NDArray([[1.0, 2], [3, 4]])
            let g = try gradient(at: x) { (2 * $0 * $0).sum() }
            let (value, dx) = try valueWithGradient(at: x) { ($0 * $0).sum() }
            print(g.scalars, value.scalars, dx.scalars)
            // end-snippet
        }
        try expectOutput(of: "getting-started-gradient", printed: printed)
    }
}
