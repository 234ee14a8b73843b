import Testing
import DualTape
import DualTapeTesting

/// A property run is fixed by its seed alone, and a failure replays exactly.
@Suite("Determinism from a seed")
struct EngineDeterminismTests {
    @Test func sameSeedSameStream() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0 ..< 8).map { _ in a.next() }
        #expect(xs == (0 ..< 8).map { _ in b.next() })
        #expect(xs != (0 ..< 8).map { _ in c.next() })
    }

    /// SplitMix64's published first outputs for seed 0 (the reference C implementation).
    @Test func splitMixMatchesTheReference() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    /// A split stream differs from its parent's continuation and from a second split.
    @Test func splitStreamsAreIndependent() {
        var root = SplitMix64(seed: 7)
        var left = root.split(), right = root.split()
        let l = (0 ..< 4).map { _ in left.next() }, r = (0 ..< 4).map { _ in right.next() }
        let rest = (0 ..< 4).map { _ in root.next() }
        #expect(l != r && l != rest && r != rest)
        var again = SplitMix64(seed: 7)
        var leftAgain = again.split()
        #expect((0 ..< 4).map { _ in leftAgain.next() } == l)
    }

    /// The same seed gives the same expression trees, values and all; another seed does not.
    @Test func generatorsAreDeterministic() throws {
        let gen = ExpressionGenerator().cases
        let first = try (0 ..< 20).map { try gen.sample(seed: UInt64($0), size: 80).description }
        let second = try (0 ..< 20).map { try gen.sample(seed: UInt64($0), size: 80).description }
        #expect(first == second)
        #expect(Set(first).count >= 18)
    }

    /// Two runs of a failing property find and shrink the same case; another seed finds another.
    @Test func failingRunsReplayExactly() throws {
        let gen = Gen<[Int]>.shape(ShapeLimits(ranks: 0 ... 4, maxExtent: 6, maxCount: 200))
        func run(_ seed: UInt64) -> PropertyReport {
            runProperty("count below 7", gen, configuration: .engineTest(200, seed: seed)) { shape in
                .check(Shape.count(shape) < 7, "count \(Shape.count(shape))")
            }
        }
        let a = try #require(run(1).failure), b = try #require(run(1).failure), c = try #require(run(2).failure)
        #expect(a.original == b.original && a.shrunk == b.shrunk && a.choices == b.choices && a.caseIndex == b.caseIndex)
        #expect(a.original != c.original || a.caseIndex != c.caseIndex)
        #expect(a.seed == 1)
        #expect(a.description.contains("DUALTAPE_PROPERTY_SEED=1"))
    }

    /// The replay token of a failure runs exactly its shrunk case, and only for its property.
    @Test func replayTokenRunsTheShrunkCase() throws {
        let gen = Gen<Int>.int(in: 0 ... 1000)
        let name = "below 500"
        let property: (Int) -> CaseOutcome = { .check($0 < 500, "\($0) is not below 500") }
        let failure = try #require(runProperty(name, gen, configuration: .engineTest(100), property).failure)
        #expect(failure.shrunk == "500")
        let replayed = runProperty(name, gen, configuration: .engineTest(100, replay: failure.replayToken), property)
        #expect(replayed.cases == 1)
        #expect(replayed.failure?.shrunk == "500")
        #expect(replayed.failure?.original == "500")
        // Another property ignores the token and runs its own cases.
        let other = runProperty("another", gen, configuration: .engineTest(30, replay: failure.replayToken)) { _ in .pass }
        #expect(other.cases == 30)
    }

    /// Seeds are read in decimal and hexadecimal; junk is refused.
    @Test func seedsParse() {
        #expect(PropertyConfiguration.parseSeed("42") == 42)
        #expect(PropertyConfiguration.parseSeed("0x2A") == 42)
        #expect(PropertyConfiguration.parseSeed("forty-two") == nil)
        let environment = ["DUALTAPE_PROPERTY_SEED": "0x10", "DUALTAPE_PROPERTY_CASES": "77"]
        let config = PropertyConfiguration(iterations: 5, seed: 1).applyingEnvironment(environment)
        #expect(config.seed == 16 && config.iterations == 77)
        let scaled = PropertyConfiguration(iterations: 25).applyingEnvironment(["DUALTAPE_PROPERTY_SCALE": "1.5"])
        #expect(scaled.iterations == 38)
        let fixed = PropertyConfiguration.engineTest(5).applyingEnvironment(["DUALTAPE_PROPERTY_CASES": "77"])
        #expect(fixed.iterations == 5)
    }
}
