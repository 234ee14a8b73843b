import Testing
import DualTape
import DualTapeTesting

/// Shrinking reaches the known minimal case of planted failures, through `map`, `flatMap`
/// and `filter`, and a report shows both the original and the shrunk case.
@Suite("Shrinking")
struct EngineShrinkingTests {
    /// The smallest failing integer is found exactly (binary search on the choice).
    @Test func integerShrinksToTheBoundary() throws {
        let report = runProperty("below 500", Gen<Int>.int(in: 0 ... 1000), configuration: .engineTest) { .check($0 < 500, "\($0)") }
        let failure = try #require(report.failure)
        #expect(failure.shrunk == "500")
        #expect(failure.shrunkMessage == "500")
    }

    /// Ranges as wide as `Int` itself draw without overflow, and shrink to their lower bound.
    @Test func fullWidthIntegerRanges() throws {
        let full = Gen<Int>.int(in: Int.min ... Int.max)
        let values = try (0 ..< 64).map { try full.sample(seed: UInt64($0)) }
        #expect(values.contains { $0 < 0 } && values.contains { $0 > 0 })
        let top = Gen<Int>.int(in: Int.max - 1 ... Int.max)
        #expect(Set(try (0 ..< 64).map { try top.sample(seed: UInt64($0)) }) == [Int.max - 1, Int.max])
        let report = runProperty("never negative", full, configuration: .engineTest) { .check($0 >= 0, "\($0)") }
        #expect(try #require(report.failure).shrunk == "\(Int.min)")
    }

    /// A generator that throws anything but a rejection has a bug: the case fails (shrunk,
    /// with a replay token), instead of being discarded in silence.
    @Test func aGeneratorErrorFailsTheCase() throws {
        struct Broken: Error {}
        let gen = Gen<Int>.int(in: 0 ... 100).map { x throws -> Int in
            if x >= 40 { throw Broken() }
            return x
        }
        let report = runProperty("generator with a bug", gen, configuration: .engineTest) { _ in .pass }
        let failure = try #require(report.failure)
        #expect(failure.shrunkMessage.contains("the generator threw"), "\(failure)")
        #expect(report.discarded == 0)
    }

    /// A list whose sum is too large shrinks to one element, the threshold itself.
    @Test func listShrinksToOneElement() throws {
        let gen = Gen<Int>.int(in: 0 ... 1000).array(counts: 0 ... 20)
        let report = runProperty("sum below 100", gen, configuration: .engineTest) { xs in .check(xs.reduce(0, +) < 100, "sum \(xs.reduce(0, +))") }
        let failure = try #require(report.failure)
        #expect(failure.shrunk == "[100]")
        #expect(failure.original != failure.shrunk)
        #expect(failure.description.contains("Original case:") && failure.description.contains("Shrunk case"))
    }

    /// A shape with too many elements shrinks to the shortest one: rank 1, the threshold.
    @Test func shapeShrinksToRankOne() throws {
        let gen = Gen<[Int]>.shape(ShapeLimits(ranks: 0 ... 4, maxExtent: 8, maxCount: 64))
        let report = runProperty("count below 6", gen, configuration: .engineTest) { .check(Shape.count($0) < 6, "count \(Shape.count($0))") }
        let failure = try #require(report.failure)
        #expect(failure.shrunk == "[6]", "\(failure)")
    }

    /// Doubles shrink to the simplest special value that still fails.
    @Test func doubleShrinksToASimpleValue() throws {
        let gen = Gen<Double>.double(in: -3 ... 3, specials: Gen<Double>.simpleValues)
        let report = runProperty("below 1.7", gen, configuration: .engineTest) { .check($0 < 1.7, "\($0)") }
        #expect(try #require(report.failure).shrunk == "2.0")
        // Without special values the position shrinks toward the smallest failing grid point.
        let plain = runProperty("below 1.7 (plain)", Gen<Double>.double(in: 0 ... 4), configuration: .engineTest) { .check($0 < 1.7, "\($0)") }
        let plainFailure = try #require(plain.failure)
        let shrunk = try #require(Double(plainFailure.shrunk))
        #expect(shrunk >= 1.7 && shrunk < 1.7 + 1e-5)
    }

    /// Shrinking goes through `map` and `flatMap`: pairs (n, list of n) shrink together.
    @Test func shrinkingThroughFlatMap() throws {
        let gen = Gen<Int>.int(in: 0 ... 10).flatMap { n in Gen<Int>.int(in: 0 ... 50).array(count: n).map { (n, $0) } }
        let report = runProperty("no element above 30", gen, configuration: .engineTest, describe: { "\($0.1)" }) { _, xs in
            .check(xs.allSatisfy { $0 <= 30 }, "max \(xs.max() ?? 0)")
        }
        #expect(try #require(report.failure).shrunk == "[31]")
    }

    /// An expression tree shrinks to the fewest nodes: the planted bug is "a tree with sin".
    @Test func expressionTreeShrinksToOneNode() throws {
        let gen = ExpressionGenerator(maxNodes: 6).cases
        let report = runProperty("no sin", gen, configuration: .engineTest(300)) { c in
            .check(!c.expression.operators.contains { $0.name == "sin" }, "contains sin")
        }
        let failure = try #require(report.failure)
        #expect(failure.shrunk == "f = sin(x0)\nx0 = [0] (shape [], float64)")
    }

    /// A filter that rejects everything ends the run with "gave up", never with an unchecked value.
    @Test func impossibleFilterGivesUp() {
        let gen = Gen<Int>.int(in: 0 ... 10).filter(maxAttempts: 5) { $0 > 10 }
        let report = runProperty("impossible", gen, configuration: .engineTest(20)) { _ in .fail("never reached") }
        #expect(report.failure == nil)
        #expect(report.gaveUp != nil)
        #expect(!report.passed)
        #expect(report.cases == 0)
    }

    /// A filter that sometimes passes keeps only values that satisfy it, and its cases shrink.
    @Test func filterKeepsItsPromise() throws {
        let even = Gen<Int>.int(in: 0 ... 1000).filter { $0 % 2 == 0 }
        var seen = 0
        let report = runProperty("even and below 300", even, configuration: .engineTest) { x in
            seen += 1
            if x % 2 != 0 { return .fail("odd \(x) passed the filter") }
            return .check(x < 300, "\(x)")
        }
        #expect(try #require(report.failure).shrunk == "300")
        #expect(seen > 1)
    }

    /// Classified cases are counted, not failed; discards are counted.
    @Test func classificationsAreCounted() {
        let report = runProperty("classify", Gen<Int>.int(in: 0 ... 3), configuration: .engineTest(200)) { x in
            x == 0 ? .classified("zero") : (x == 1 ? .discard("one") : .pass)
        }
        #expect(report.passed)
        #expect(report.cases == 200)
        #expect((report.classified["zero"] ?? 0) > 20)
        #expect(report.discarded > 20)
    }

    /// oneOf and frequency: weight 0 never chosen; every other alternative appears.
    @Test func choiceCombinators() throws {
        let gen = Gen<String>.frequency([(0, .constant("never")), (1, .constant("rare")), (5, .constant("common"))])
        let values = try (0 ..< 300).map { try gen.sample(seed: UInt64($0)) }
        #expect(!values.contains("never"))
        #expect(values.contains("rare") && values.contains("common"))
        #expect(values.filter { $0 == "common" }.count > values.filter { $0 == "rare" }.count)
        let one = Gen<Int>.oneOf([.constant(1), .constant(2), .constant(3)])
        #expect(Set(try (0 ..< 100).map { try one.sample(seed: UInt64($0)) }) == [1, 2, 3])
        let sized = Gen<Int>.sized { Gen<Int>.constant($0) }
        #expect(try sized.sample(seed: 0, size: 37) == 37)
        #expect(try sized.resized(5).sample(seed: 0, size: 37) == 5)
    }
}
