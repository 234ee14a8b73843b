// The code of DualTapeTesting's landing page (DualTapeTesting.docc/DualTapeTesting.md): two
// property tests as a user writes them, run here as tests of this target.

// snippet: landing-testing
import DualTape
import DualTapeTesting
import Testing

@Test func mySoftplusIsRight() {
    checkOperatorProperties(Softplus())
}

@Test func myFunctionIsRight() {
    checkGradientProperties(of: { xs in (sin(xs[0]) * xs[1]).sum() }, shapes: [[3], [3]])
}
// end-snippet
