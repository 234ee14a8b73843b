import XCTest
import DualTape
import DualTapeTesting

/// The checks run from XCTest as well (a failure there is reported through `XCTFail` at the
/// caller's line). The project's own tests use Swift Testing; this one shows the other path.
final class XCTestUsageTests: XCTestCase {
    func testOperatorPropertiesFromXCTest() {
        let report = checkOperatorProperties(Tanh(), iterations: 30)
        XCTAssertTrue(report.passed, report.description)
        XCTAssertEqual(report.cases, 30)
    }

    func testGradientPropertiesFromXCTest() {
        let report = checkGradientProperties(of: { xs in (sin(xs[0]) * xs[1]).sum() }, shapes: [[3], [3]], iterations: 30)
        XCTAssertTrue(report.passed, report.description)
    }
}
