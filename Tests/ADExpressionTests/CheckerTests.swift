import Testing
@testable import ADExpression
import DualTape

/// Shapes checked before evaluation agree with the shapes DualTape produces, and every
/// operation DualTape would stop on is an ``ExpressionError`` instead.
@Suite("Checker: shapes, dtypes and limits")
struct CheckerTests {
    @Test("result shapes, checked and evaluated", arguments: [
        ("x + y", [2, 3]), ("x * 2", [2, 3]), ("2 - y", [3]), ("s * x", [2, 3]), ("x / s", [2, 3]),
        ("-x^2", [2, 3]), ("x > 0", [2, 3]), ("where(x > 0, x, y)", [2, 3]), ("where(1, s, y)", [3]),
        ("maximum(x, 0)", [2, 3]), ("minimum(y, x)", [2, 3]), ("clip(x, -1, 1)", [2, 3]),
        ("sum(x)", [1]), ("sum(x, axis=1)", [2]), ("sum(x, axis=-1, keepdims=true)", [2, 1]), ("sum(b, axis=[0, 2])", [3]),
        ("mean(b, axis=1)", [2, 4]), ("prod(y)", [1]), ("max(x, axis=0)", [3]), ("min(b, keepdims=true)", [1, 1, 1]),
        ("norm(x, ord=1, axis=1)", [2]), ("argmax(x)", [1]), ("argmax(x, keepdims=true)", [1, 1]), ("argmax(b, axis=2)", [2, 3]),
        ("prod_others(x, axis=1)", [2, 3]), ("sum(s)", [1]),
        ("reshape(x, 6)", [6]), ("reshape(b, -1, 4)", [6, 4]), ("reshape(s, [])", []), ("reshape(s, 1, 1)", [1, 1]),
        ("transpose(b)", [4, 3, 2]), ("transpose(b, [1, 0, 2])", [3, 2, 4]), ("expand_dims(y, 0)", [1, 3]),
        ("expand_dims(y, axis=-1)", [3, 1]), ("squeeze(reshape(x, 1, 2, 1, 3))", [2, 3]), ("squeeze(reshape(x, 1, 6), axis=0)", [6]),
        ("broadcast_to(y, [4, 2, 3])", [4, 2, 3]), ("flatten(b)", [2, 12]), ("flatten(s)", [1, 1]), ("flatten(y)", [3, 1]),
        ("concat(x, x, axis=0)", [4, 3]), ("concat(x, x[:, 0:1] * 2, axis=1)", [2, 4]), ("stack(y, y, y)", [3, 3]),
        ("stack(x, x, axis=-1)", [2, 3, 2]), ("astype(x, float32)", [2, 3]),
        ("y @ y", [1]), ("x @ y", [2]), ("b @ v", [2, 3]), ("y @ m", [4]), ("v @ transpose(b, [0, 2, 1])", [2, 3]),
        ("x @ m", [2, 4]), ("b @ transpose(b, [0, 2, 1])", [2, 3, 3]), ("b @ transpose(m)", [2, 3, 3]), ("x @ b", [2, 2, 4]),
        ("x[0]", [3]), ("y[0]", [1]), ("x[1, 2]", [1]), ("x[:, 1]", [2]), ("x[:, 1:]", [2, 2]), ("x[-1, ::-2]", [2]),
        ("b[1:, :2, ::3]", [1, 2, 2]), ("y[5:-10:-1]", [3]), ("y[100:]", nil), ("y[::9007199254740992]", [1]),
        ("2 ^ 10", []), ("[[1, 2]] @ [[3], [4]]", [1, 1]),
    ] as [(String, [Int]?)])
    func shapes(source: String, shape: [Int]?) throws {
        let compiled: CompiledExpression
        do {
            compiled = try ParsedExpression(source).compile(bindings: Arrays.all)
        } catch {
            #expect(shape == nil, "\(error)")
            return
        }
        #expect(compiled.shape == shape)
        let value = compiled.evaluate(bindings: Arrays.all)
        #expect(value.shape == compiled.shape)
        #expect(value.dtype == compiled.dtype)
    }

    @Test("shape errors name the operator and the shapes", arguments: [
        ("x + v", "add: shapes [2, 3] and [4] cannot be broadcast together", 2 ..< 3),
        ("x @ x", "matmul: shapes [2, 3] and [2, 3] do not align", 2 ..< 3),
        ("s @ y", "matmul: shapes [] and [3] have ranks 0 and 1; matmul takes ranks 1 to 3", 2 ..< 3),
        ("b @ transpose(b)", "matmul: shapes [2, 3, 4] and [4, 3, 2] do not align", 2 ..< 3),
        ("where(y > 0, x, v)", "where: shapes [3], [2, 3], [4] cannot be broadcast together", 0 ..< 5),
        ("sum(x, axis=2)", "sum: axis 2 is out of range for an array of shape [2, 3] (valid axes are -2 to 1)", 12 ..< 13),
        ("sum(s, axis=0)", "sum: axis 0 is out of range for an array of shape [] (it has no axes)", 12 ..< 13),
        ("sum(x, axis=[1, -1])", "sum: axis [1, -1] repeats an axis of an array of shape [2, 3]", 12 ..< 19),
        ("argmax(x, axis=-3)", "argmax: axis -3 is out of range for an array of shape [2, 3] (valid axes are -2 to 1)", 15 ..< 17),
        ("expand_dims(x, 3)", "expand_dims: axis 3 is out of range for an array of shape [2, 3] (valid axes are -3 to 2)", 15 ..< 16),
        ("squeeze(x, axis=0)", "squeeze: axis 0 of shape [2, 3] has extent 2, not 1", 16 ..< 17),
        ("reshape(x, 4, 2)", "reshape: cannot reshape an array of shape [2, 3] (6 elements) to [4, 2]", 11 ..< 15),
        ("reshape(x, -1, 4)", "reshape: cannot reshape an array of shape [2, 3] (6 elements) to [-1, 4]", 11 ..< 16),
        ("reshape(x, -1, -1)", "reshape: only one extent of [-1, -1] can be -1", 11 ..< 17),
        ("reshape(x, 0, 6)", "reshape: extent 0 in [0, 6] is not allowed (extents are positive; one may be -1)", 11 ..< 15),
        ("transpose(x, axes=[0, 0])", "transpose: axes [0, 0] are not a permutation of the axes of an array of shape [2, 3]", 18 ..< 24),
        ("broadcast_to(x, [3, 3])", "broadcast_to: cannot broadcast shape [2, 3] to [3, 3]", 16 ..< 22),
        ("concat(x, y, axis=0)", "concat: shapes [2, 3], [3] do not match except along axis 0", 0 ..< 6),
        ("concat(s, s)", "concat: cannot join arrays of shape [] along an axis (stack joins them along a new one)", 0 ..< 6),
        ("stack(x, y)", "stack: shapes [2, 3], [3] are not all equal", 0 ..< 5),
        ("x[2]", "index: index 2 is out of range for axis 0 of an array of shape [2, 3]", 2 ..< 3),
        ("x[0, -4]", "index: index -4 is out of range for axis 1 of an array of shape [2, 3]", 5 ..< 7),
        ("x[0, 0, 0]", "index: too many indices: 3 for an array of shape [2, 3]", 1 ..< 2),
        ("s[0]", "index: too many indices: 1 for an array of shape []", 1 ..< 2),
        ("x[::0]", "index: slice step cannot be zero", 2 ..< 5),
        ("x[2:1]", "index: the result would be empty (shape [0, 3]); empty arrays are not supported", 1 ..< 2),
        ("[] + x", "the array literal is empty (shape [0]); empty arrays are not supported", 0 ..< 2),
    ])
    func shapeErrors(source: String, message: String, range: Range<Int>) {
        let error = expressionError(source, Arrays.all)
        #expect(error?.kind == .shape)
        #expect(error?.message == message)
        #expect(error?.range == range)
    }

    @Test("numbers take the dtype of the arrays they meet; mixed dtypes are an error")
    func dtypes() throws {
        let x32 = Arrays.x.astype(.float32)
        let compiled = try ParsedExpression("2.5 * x + [1, 2, 3] - 1e-3").compile(bindings: ["x": x32])
        #expect(compiled.dtype == .float32)
        #expect(compiled.evaluate(bindings: ["x": x32]).dtype == .float32)
        #expect(try ParsedExpression("2 + 3").compile(types: [:]).dtype == .float64)
        #expect(try ParsedExpression("2 + 3").compile(types: [:], defaultDType: .float32).dtype == .float32)
        #expect(try ParsedExpression("astype(x, float32) * 2").compile(bindings: Arrays.all).dtype == .float32)
        #expect(try ParsedExpression("astype(1, float32) * 2").compile(types: [:]).dtype == .float32)
        let mixed = expressionError("astype(x, float32) + x", Arrays.all)
        #expect(mixed?.kind == .dtype)
        #expect(mixed?.message == "add: dtypes float32 and float64 do not match (convert one with astype(x, float32))")
        #expect(mixed?.range == 19 ..< 20)
    }

    @Test("arrays beyond the limits are refused before anything is allocated", arguments: [
        ("broadcast_to(s, [1000000, 1000000])", "broadcast_to: the result would have 1000000000000 elements (shape [1000000, 1000000]); the limit is 1000000"),
        ("broadcast_to(s, [4294967296, 4294967296])", "broadcast_to: the result would have more than 9223372036854775807 elements (shape [4294967296, 4294967296]); the limit is 1000000"),
        ("reshape(broadcast_to(s, [1000]), [1000, 1, 1])[0]", nil),
        ("reshape(s, [" + Array(repeating: "1", count: 33).joined(separator: ", ") + "])", "reshape: the result would have 33 axes; the limit is 32"),
        ("broadcast_to(s, [1000, 1000]) @ broadcast_to(s, [1000, 1000])",
         "matmul: evaluating the expression takes more than 1000000000 element operations (the limit)"),
        ("prod_others(broadcast_to(s, [2000]))",
         "prod_others: groups of 2000 elements in an array of shape [2000] need a 1×2000×2000 derivative matrix; the limit is 1000000 elements"),
    ] as [(String, String?)])
    func limits(source: String, message: String?) {
        let error = expressionError(source, Arrays.all)
        #expect(error?.message == message)
        if message != nil { #expect(error?.kind == .limit) }
    }

    @Test("compile checks the types it is given, without values")
    func typesOnly() throws {
        let parsed = try ParsedExpression("sum(x @ w, axis=1)")
        let compiled = try parsed.compile(types: ["x": ArrayType([5, 3]), "w": ArrayType([3, 2])])
        #expect(compiled.shape == [5])
        #expect(compiled.types == ["x": ArrayType([5, 3]), "w": ArrayType([3, 2])])
        #expect(throws: ExpressionError.self) { try parsed.compile(types: ["x": ArrayType([5, 3]), "w": ArrayType([2, 3])]) }
        let empty = #expect(throws: ExpressionError.self) { try parsed.compile(types: ["x": ArrayType([0, 3]), "w": ArrayType([3, 2])]) }
        #expect(empty?.message == "variable 'x' is empty (shape [0, 3]); empty arrays are not supported")
    }
}
