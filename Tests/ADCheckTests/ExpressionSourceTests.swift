@testable import ADCheckCore
import ADExpression
import DualTape
import DualTapeTesting
import Testing

/// A shrunk failure of `adcheck random` replays as `adcheck 'EXPRESSION' --var ...`: the
/// expression written in the language must compute exactly what the generated tree computes.
@Suite("Generated expressions written in the language")
struct ExpressionSourceTests {
    @Test("300 generated expressions parse, compile and evaluate to the same values")
    func roundTrip() throws {
        var written = 0
        for seed in 0 ..< 300 as Range<UInt64> {
            guard let value = try? ExpressionGenerator(templates: RandomCommand.templates).cases.sample(seed: seed, size: Int(seed % 101)),
                  let source = ExpressionSource.text(value.expression, constants: value.constants) else { continue }
            written += 1
            var bindings: [String: NDArray] = [:]
            for (i, x) in value.variables.enumerated() {
                let binding = try VariableBinding(parsing: ExpressionSource.binding(i, x), dtype: x.dtype)
                var g = RandomGenerator(seed: 0)
                bindings["x\(i)"] = binding.value(in: .real, generator: &g)
                #expect(bindings["x\(i)"]?.scalars == x.scalars, "x\(i) of \(source)")
            }
            let compiled = try ParsedExpression(source).compile(bindings: bindings, defaultDType: value.variables.first?.dtype ?? .float64)
            let expected = value.value, got = compiled.evaluate(bindings: bindings)
            #expect(got.shape == expected.shape, "\(source)")
            #expect(got.dtype == expected.dtype, "\(source)")
            #expect(got.scalars == expected.scalars, "\(source)\n\(value)")
        }
        #expect(written > 250)
    }

    @Test("a report's formula is the source adcheck replays, array constants aside")
    func reportsReplay() throws {
        var compared = 0
        for seed in 0 ..< 200 as Range<UInt64> {
            guard let value = try? ExpressionGenerator(templates: RandomCommand.templates).cases.sample(seed: seed, size: Int(seed % 101)),
                  value.constants.allSatisfy({ $0.rank == 0 }),
                  let source = ExpressionSource.text(value.expression, constants: value.constants) else { continue }
            compared += 1
            #expect(value.expression.formatted(constants: value.constants) == source)
        }
        #expect(compared > 50)
    }

    @Test("slices with negative steps keep their meaning")
    func negativeSteps() throws {
        let spec = SliceSpec(ranges: [AxisRange(start: 4, count: 3, step: -2)])
        let expression = Expression.apply(Slice(spec), [.variable(0)])
        let source = try #require(ExpressionSource.text(expression, constants: []))
        #expect(source == "x0[4::-2]")
        let x = NDArray([0, 1, 2, 3, 4.0])
        let compiled = try ParsedExpression(source).compile(bindings: ["x0": x])
        #expect(compiled.evaluate([x]).scalars == [4, 2, 0])
    }

    @Test("negative constants are parenthesized; slice_scatter has no spelling")
    func constants() {
        let power = Expression.apply(Power(), [.constant(0), .variable(0)])
        #expect(ExpressionSource.text(power, constants: [NDArray(values: [-0.5], shape: [])]) == "(-0.5) ** x0")
        let nested = Expression.apply(Multiply(), [.apply(Add(), [.variable(0), .variable(1)]), .apply(Negate(), [.variable(0)])])
        #expect(ExpressionSource.text(nested, constants: []) == "(x0 + x1) * (-x0)")
        let scatter = Expression.apply(SliceScatter(SliceSpec(ranges: [AxisRange(start: 0, count: 1, step: 1)]), shape: [2]), [.variable(0)])
        #expect(ExpressionSource.text(scatter, constants: []) == nil)
        #expect(ExpressionSource.literal([1, -2, 0.5, 4], shape: [2, 2]) == "[[1, -2], [0.5, 4]]")
    }

    @Test("negative zero keeps its sign when written and read back")
    func negativeZero() throws {
        #expect(Spelling.number(-0.0) == "-0.0" && Spelling.number(0) == "0")
        let literal = ExpressionSource.literal([-0.0, 0], shape: [2])
        let read = try ParsedExpression(literal).compile(bindings: [:], defaultDType: .float64).evaluate(bindings: [:])
        #expect(read.scalars.map(\.sign) == [.minus, .plus], "\(literal)")
    }
}
