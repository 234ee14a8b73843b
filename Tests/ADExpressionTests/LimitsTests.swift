import Testing
import ADExpression

@Suite("Documented limits")
struct LimitsTests {
    @Test("the limits the help text documents")
    func values() {
        #expect(ExpressionLimits.maximumDepth == 200)
        #expect(ExpressionLimits.maximumElements == 1_000_000)
        #expect(ExpressionLimits.maximumRank == 32)
    }
}
