// snippet: landing-oracle
import DualTape
import DualTapeOracle
// end-snippet
import Testing

/// The code of DualTapeOracle's landing page (DualTapeOracle.docc/DualTapeOracle.md).
@Suite("Landing page: DualTapeOracle")
struct LandingOracleSnippets {
    @Test func overview() throws {
        let printed = try capture {
            // snippet: landing-oracle
            // A table of forward, reverse and GSL's value, error, tolerance and verdict per element.
            let report = try checkGradients(of: { (x: NDArray) in tanh(x) * x }, at: NDArray([0.3, -1.2]), order: 2)
            print(report.passed)     // AGREE, KINK (a valid subgradient) and UNRESOLVED pass
            // end-snippet
        }
        try expectOutput(of: "landing-oracle", printed: printed)
    }
}
