import Foundation
import Testing

/// The examples are executables; their checks are tests.
@Suite("Examples")
struct ExampleTests {
    @Test func customOperatorExampleChecksPass() throws {
        let executable = try #require(builtExecutable("CustomOperator"), "build the example first (swift build)")
        let result = try run(executable)
        #expect(result.status == 0, "output: \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("all checks passed"))
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("logsumexp([1000.0, 1001.0, 999.5]) = 1001.46436878410"))
    }
}
