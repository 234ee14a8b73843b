// snippet: landing-dualtape
import DualTape
// end-snippet
import Testing

/// The code of DualTape's landing page (DualTape.docc/DualTape.md).
@Suite("Landing page: DualTape")
struct LandingDualTapeSnippets {
    @Test func overview() throws {
        let printed = try capture {
            // snippet: landing-dualtape
            var x = NDArray([[1, 2], [3, 4]], dtype: .float32)
            x.attachGrad()
            let y = Autograd.record { 2 * x * x }
            try y.backward()
            print(x.grad!)
            let h = try hessian(at: NDArray([1.0, 2])) { ($0 * $0 * $0).sum() }
            print(h)
            // end-snippet
        }
        try expectOutput(of: "landing-dualtape", printed: printed)
    }
}
