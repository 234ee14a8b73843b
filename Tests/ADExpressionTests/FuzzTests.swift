import Testing
@testable import ADExpression
import DualTape

/// Whatever it is given, the expression pipeline returns a value or a typed error with a
/// message and a range inside the input: it never traps and never hangs. Values that are
/// bad data for an operator (an index out of range) are an ``OperatorError`` from
/// `evaluateReportingErrors` and from both AD modes. Valid generated expressions are also
/// evaluated in both AD modes, which must agree.
@Suite("Fuzz: parser, checker and evaluator never trap")
struct FuzzTests {
    static let bindings: [String: NDArray] = {
        var g = RandomGenerator(seed: 5)
        return [
            "x": VariableBinding.sample(.real, shape: [2, 3], generator: &g), "y": VariableBinding.sample(.real, shape: [3], generator: &g),
            "s": VariableBinding.sample(.positive, shape: [], generator: &g), "m": VariableBinding.sample(.real, shape: [3, 2], generator: &g),
            "v": VariableBinding.sample(.nonzero, shape: [2], generator: &g), "c": VariableBinding.sample(.mask, shape: [2, 3], generator: &g),
            "p": VariableBinding.sample(.positive, shape: [2, 3], generator: &g),
        ]
    }()

    /// How far inputs got through the pipeline.
    struct Tally {
        var inputs = 0, parsed = 0, compiled = 0, differentiated = 0, refusedData = 0
    }

    /// Runs `source` through the pipeline, checking every outcome.
    static func run(_ source: String, _ tally: inout Tally, differentiate: Bool = false) {
        tally.inputs += 1
        do {
            let parsed = try ParsedExpression(source)
            tally.parsed += 1
            #expect(Set(parsed.variables) == Set(parsed.domains.keys))
            let compiled = try parsed.compile(bindings: bindings)
            tally.compiled += 1
            let value: NDArray
            do {
                value = try compiled.evaluateReportingErrors(compiled.variables.map { bindings[$0]! })
            } catch {
                // The values are bad data for an operator (take(x, y) with real y): a message, no trap.
                #expect(error is OperatorError && !"\(error)".isEmpty, "\(source): \(error)")
                tally.refusedData += 1
                return
            }
            #expect(value.shape == compiled.shape, "\(source)")
            #expect(value.dtype == compiled.dtype, "\(source)")
            if differentiate && !compiled.variables.isEmpty && agreement(compiled, source) { tally.differentiated += 1 }
        } catch {
            expectWellFormed(error, source)
        }
    }

    static func expectWellFormed(_ error: ExpressionError, _ source: String) {
        #expect(!error.message.isEmpty)
        #expect(error.source == source)
        #expect(error.range.lowerBound >= 0 && error.range.upperBound <= source.count, "\(error.range) in \(source.count) characters")
        #expect(error.description.hasPrefix(error.message + "\n  "))
    }

    /// Whether forward and reverse mode could both run, checking `⟨u, J v⟩ = ⟨Jᵀu, v⟩` when the values are finite.
    static func agreement(_ f: CompiledExpression, _ source: String) -> Bool {
        let inputs = f.variables.map { bindings[$0]! }
        var g = RandomGenerator(seed: stableSeed(source))
        let tangents = inputs.map { NDArray.normal(shape: $0.shape, generator: &g) }
        do {
            let (value, tangent) = try jvp(at: inputs, tangents: tangents) { f.evaluate($0) }
            let u = NDArray.normal(shape: value.shape, dtype: value.dtype, generator: &g)
            let (_, pullback) = try vjp(at: inputs) { f.evaluate($0) }
            let cotangents = try pullback(u)
            #expect(tangent.shape == value.shape)
            #expect(zip(cotangents, inputs).allSatisfy { $0.shape == $1.shape })
            let terms = zip(u.scalars, tangent.scalars).map { $0 * $1 }
                + zip(cotangents, tangents).flatMap { zip($0.scalars, $1.scalars).map { $0 * $1 } }
            guard terms.allSatisfy(\.isFinite) else { return true }
            let forward = zip(u.scalars, tangent.scalars).reduce(0) { $0 + $1.0 * $1.1 }
            let reverse = zip(cotangents, tangents).reduce(0.0) { s, pair in s + zip(pair.0.scalars, pair.1.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
            let scale = terms.reduce(0) { $0 + Swift.abs($1) }
            let rel = f.dtype == .float32 ? 1e-4 : 1e-10
            #expect(isClose(forward, reverse, rel: rel, abs: rel * scale), "\(source): \(forward) vs \(reverse)")
            return true
        } catch is AutogradError {
            return false  // argmax has no derivative: the transform says so
        } catch is OperatorError {
            return false  // a matrix the operator cannot use (cholesky of a random matrix): the transform says so
        } catch {
            Issue.record("\(source): \(error)")
            return false
        }
    }

    @Test("at least 10,000 random, truncated, mutated, generated and pathological inputs")
    func expressions() {
        let clock = ContinuousClock()
        let start = clock.now
        var inputs = FuzzInputs(seed: 2026)
        var tally = Tally()
        for source in inputs.randomText(3_000) { Self.run(source, &tally) }
        for source in FuzzInputs.truncations { Self.run(source, &tally) }
        for source in inputs.mutations(4_000) { Self.run(source, &tally) }
        for _ in 0 ..< 2_500 { Self.run(inputs.generated(depth: 4), &tally, differentiate: true) }
        for source in FuzzInputs.seeds { Self.run(source, &tally, differentiate: true) }
        for source in FuzzInputs.pathological { Self.run(source, &tally) }
        #expect(tally.inputs >= 10_000)
        // Every kind of outcome is exercised, not just syntax errors.
        #expect(tally.parsed > 2_000)
        #expect(tally.compiled > 800)
        #expect(tally.differentiated > 300)
        // A hang guard for the whole run (debug build), not a timing assertion on any input.
        #expect(clock.now - start < .seconds(120))
        print("fuzz: \(tally.inputs) inputs, \(tally.parsed) parsed, \(tally.compiled) evaluated, \(tally.differentiated) differentiated in \(clock.now - start)")
    }

    @Test("--var arguments: random, truncated and mutated")
    func bindings() {
        var inputs = FuzzInputs(seed: 64)
        let seeds = ["x=[[1,2],[3,4]]", "x=shape:2x3", "y=-2.5", "w=shape:1000x1000", "z=[[[1],[2]],[[3],[4]]]"]
        var arguments = seeds.flatMap { seed in (0 ... seed.count).map { String(seed.prefix($0)) } }
        arguments += inputs.randomText(1_000).map { "x=" + $0 }
        arguments += (0 ..< 1_000).map { _ in
            var characters = Array(inputs.pick(seeds))
            let i = inputs.below(characters.count)
            characters.insert(contentsOf: inputs.pick(["x", "0", "[", "]", ",", "1e999", "99999999999999999999", "shape:", "x0x"]), at: i)
            return String(characters)
        }
        for argument in arguments {
            do {
                let binding = try VariableBinding(parsing: argument)
                var g = RandomGenerator(seed: 1)
                let value = binding.value(in: .positive, generator: &g)
                #expect(value.shape == binding.shape)
                #expect(value.count <= ExpressionLimits.maximumElements)
            } catch {
                Self.expectWellFormed(error, argument)
            }
        }
        #expect(arguments.count >= 2_000)
    }
}
