import Testing
@testable import ADExpression
import DualTape

@Suite("--var NAME=ARRAY and NAME=shape:2x3")
struct VariableBindingTests {
    @Test("literal arrays, with their shapes and dtypes")
    func literals() throws {
        let matrix = try VariableBinding(parsing: "x=[[1,2],[3,4.5]]")
        #expect(matrix.name == "x")
        #expect(matrix.shape == [2, 2])
        guard case .array(let array) = matrix.source else { Issue.record("not an array"); return }
        #expect(array.scalars == [1, 2, 3, 4.5])
        let scalar = try VariableBinding(parsing: "_s2=-2.5e-1", dtype: .float32)
        #expect(scalar.shape == [])
        var g = RandomGenerator(seed: 1)
        let value = scalar.value(in: .positive, generator: &g)
        #expect(value.dtype == .float32)
        #expect(value.scalars == [-0.25])
    }

    @Test("random shapes, sampled inside the domain")
    func random() throws {
        let binding = try VariableBinding(parsing: "w=shape:2x3x4")
        guard case .random(let shape) = binding.source else { Issue.record("not random"); return }
        #expect(shape == [2, 3, 4])
        var g = RandomGenerator(seed: 3)
        let value = binding.value(in: .positive, generator: &g)
        #expect(value.shape == [2, 3, 4])
        #expect(value.scalars.allSatisfy { $0 >= 0.2 && $0 <= 3 })
    }

    @Test("errors point into the argument", arguments: [
        ("x", ExpressionError.Kind.binding, "expected NAME=ARRAY or NAME=shape:2x3, as in x=[[1,2],[3,4]]", 0 ..< 1),
        ("=1", .binding, "'' is not a variable name (letters, digits and '_', not starting with a digit)", 0 ..< 0),
        ("2x=1", .binding, "'2x' is not a variable name (letters, digits and '_', not starting with a digit)", 0 ..< 2),
        ("x-y=1", .binding, "'x-y' is not a variable name (letters, digits and '_', not starting with a digit)", 0 ..< 3),
        ("true=1", .binding, "'true' is reserved for option values and cannot name a variable", 0 ..< 4),
        ("x=shape:2x0x", .binding, "extent 0 is not allowed; every extent is at least 1 (and at most 1000000)", 10 ..< 11),
        ("x=shape:2x3x", .binding, "expected a positive integer extent but found the end; a shape looks like shape:2x3", 12 ..< 12),
        ("x=shape:", .binding, "expected a positive integer extent but found the end; a shape looks like shape:2x3", 8 ..< 8),
        ("x=shape:2*3", .binding, "expected 'x' between extents but found '*'; a shape looks like shape:2x3", 9 ..< 10),
        ("x=shape:-2", .binding, "expected a positive integer extent but found '-'; a shape looks like shape:2x3", 8 ..< 9),
        ("x=shape:99999999999999999999", .binding, "extent 99999999999999999999 is not allowed; every extent is at least 1 (and at most 1000000)", 8 ..< 28),
        ("x=shape:100000x100000", .limit, "shape 100000x100000 has 10000000000 elements; the limit is 1000000", 8 ..< 21),
        ("x=shape:" + Array(repeating: "1", count: 33).joined(separator: "x"), .limit, "a shape has at most 32 extents", 72 ..< 73),
        ("x=[[1,2],[3]]", .literal, "ragged array: a row of length 1 where the first row of this axis has length 2", 9 ..< 10),
        ("x=[1, a]", .literal, "malformed array: 'a' is not a number", 6 ..< 7),
        ("x=[1e999]", .literal, "number '1e999' is out of range (it must be finite and fit the dtype)", 3 ..< 8),
        ("x=", .literal, "malformed array: empty input; expected a number or '['", 2 ..< 2),
        ("x=[]", .literal, "the array is empty; empty arrays are not supported", 2 ..< 4),
        ("é=[1]", .binding, "'é' is not a variable name (letters, digits and '_', not starting with a digit)", 0 ..< 1),
    ])
    func errors(argument: String, kind: ExpressionError.Kind, message: String, range: Range<Int>) {
        do {
            _ = try VariableBinding(parsing: argument)
            Issue.record("\(argument) was accepted")
        } catch {
            #expect(error.kind == kind)
            #expect(error.message == message)
            #expect(error.range == range)
            #expect(error.source == argument)
        }
    }

    @Test("a float32 literal that does not fit is out of range")
    func float32Range() {
        #expect(throws: ExpressionError.self) { try VariableBinding(parsing: "x=[1e39]", dtype: .float32) }
    }
}
