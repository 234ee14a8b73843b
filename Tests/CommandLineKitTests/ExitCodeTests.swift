import Testing
import CommandLineKit

@Suite("Exit codes")
struct ExitCodeTests {
    @Test("0 success, 1 failed check, 64 bad input")
    func values() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
        #expect(ExitCode.usage.rawValue == 64)
    }
}
