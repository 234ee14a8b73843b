import DualTape
import DualTapeTesting
import Testing

// The code of PropertyBasedTesting.md (DualTapeTesting's catalog).

// snippet: properties-in-a-test
@Test func softmaxSumsToOneWithinRounding() {
    checkProperty("softmax sums to 1 within rounding", Gen<NDArray>.ndarray(ranks: 1 ... 1)) { x in
        let total = softmax(x).sum().scalars[0]
        return .check(abs(total - 1) <= Double(x.count) * Double.ulpOfOne, "sum \(total)")
    }
}
// end-snippet

// snippet: properties-gradient-test
@Test func gatedProductDerivatives() {
    checkGradientProperties(of: { xs in (xs[0] * sigmoid(xs[1])).sum() }, shapes: [[3], [3]])
}
// end-snippet

@Suite("Article: Property-based testing")
struct PropertyTestingSnippets {
    @Test func generators() throws {
        let printed = try capture {
            // snippet: properties-generators
            let shapes = Gen<[Int]>.shape()
            let pairs = Gen<[[Int]]>.broadcastCompatible(count: 2)
            let digits = Gen.int(in: 0 ... 9).array(counts: 0 ... 4)
            let near = Gen.double(in: -1 ... 1, specials: [0, 1])
            for seed: UInt64 in 1 ... 5 {
                print(try shapes.sample(seed: seed), try pairs.sample(seed: seed), try digits.sample(seed: seed),
                      try near.sample(seed: seed))
            }
            print(try Gen<NDArray>.ndarray(shape: [2, 3], domain: .positive).sample(seed: 1))
            // end-snippet
        }
        try expectOutput(of: "properties-generators", printed: printed)
    }

    @Test func composition() throws {
        let printed = try capture {
            // snippet: properties-compose
            let square = Gen.int(in: 1 ... 4).flatMap { n in Gen<NDArray>.ndarray(shape: [n, n]) }
            let symmetric = square.map { ($0 + $0.T) / 2 }
            let nonzero = Gen.double(in: -2 ... 2).filter { $0 != 0 }
            let s = try symmetric.sample(seed: 5)
            print(s.shape, s.scalars == s.T.contiguous().scalars, try nonzero.sample(seed: 5))
            // end-snippet
        }
        try expectOutput(of: "properties-compose", printed: printed)
    }

    @Test func aFailingProperty() throws {
        try withConsole { console in
            // snippet: properties-softmax
            let arrays = Gen<NDArray>.ndarray(ranks: 1 ... 1)
            let sumsToOne: (NDArray) -> CaseOutcome = { x in
                let total = softmax(x).sum().scalars[0]
                return .check(total == 1, "sum \(total)")
            }
            let report = runProperty("softmax sums to 1", arrays, sumsToOne)
            print(report)
            // end-snippet
            #expect(!report.passed)
            try expectOutput(of: "properties-softmax", printed: console.take())
            // snippet: properties-replay
            let token = report.failure!.replayToken
            let replay = PropertyConfiguration(replay: token)
            let again = runProperty("softmax sums to 1", arrays, configuration: replay, sumsToOne)
            print(again.cases, again.failure!.shrunkMessage)
            // end-snippet
            try expectOutput(of: "properties-replay", printed: console.take())
        }
    }

    @Test func aLocalMinimum() throws {
        let printed = capture {
            // snippet: properties-local-minimum
            let lists = Gen.int(in: 0 ... 1000).array(counts: 0 ... 10)
            print(runProperty("sums stay below 1000", lists) { xs in .check(xs.reduce(0, +) < 1000, "sum \(xs.reduce(0, +))") })
            // end-snippet
        }
        try expectOutput(of: "properties-local-minimum", printed: printed)
    }

    @Test func environment() throws {
        let printed = capture {
            // snippet: properties-environment
            let campaign = PropertyConfiguration(iterations: 100)
                .applyingEnvironment(["DUALTAPE_PROPERTY_SCALE": "8", "DUALTAPE_PROPERTY_SEED": "0x2a"])
            print(campaign.iterations, campaign.seed)
            // end-snippet
        }
        try expectOutput(of: "properties-environment", printed: printed)
    }

    @Test func derivatives() throws {
        let printed = capture {
            // snippet: properties-gradients
            let inputs = Gen<NDArray>.ndarray(shape: [3]).array(count: 2)
            print(runGradientProperties(of: { xs in (xs[0] * sigmoid(xs[1])).sum() }, inputs: inputs))
            // end-snippet
        }
        try expectOutput(of: "properties-gradients", printed: printed)
    }
}
