import DualTape

/// Functions that move elements without arithmetic: new shapes, permuted or inserted axes,
/// broadcasting, joining, and dtype conversion.
extension FunctionTable {
    static let structural: [FunctionDefinition] = [
        reshape, transpose, expandDims, squeeze, broadcastTo, flatten, concat, stack, astype("astype"), astype("cast"),
    ]

    /// `reshape(x, shape)`: `reshape(x, [2, 3])` or `reshape(x, 2, 3)`; one extent may be -1.
    static let reshape = FunctionDefinition("reshape", .structural, [Parameter("x", .array), Parameter("shape", .integers)],
                                            summary: "new shape, same elements; one extent may be -1") { call throws(ExpressionError) in
        let x = call.shape(0), count = elementCount(x) ?? 0
        let target = try call.integers("shape") ?? []
        let inferred = target.indices.filter { target[$0] == -1 }
        if let bad = target.first(where: { $0 < -1 || $0 == 0 }) {
            throw call.fail(.shape, "extent \(bad) in \(Shape.describe(target)) is not allowed (extents are positive; one may be -1)", at: call.range(of: "shape"))
        }
        guard inferred.count <= 1 else { throw call.fail(.shape, "only one extent of \(Shape.describe(target)) can be -1", at: call.range(of: "shape")) }
        var resolved = target
        let known = elementCount(target.filter { $0 != -1 })
        if let i = inferred.first, let known, count % known == 0 { resolved[i] = count / known }
        guard let total = elementCount(resolved), total == count, !resolved.contains(-1) else {
            throw call.fail(.shape, "cannot reshape an array of shape \(Shape.describe(x)) (\(count) elements) to \(Shape.describe(target))",
                            at: call.range(of: "shape"))
        }
        let shape = resolved
        return Operation(shape: shape) { $0[0].reshape(shape) }
    }

    /// `transpose(x, axes=None)`: axes permuted (reversed by default).
    static let transpose = FunctionDefinition("transpose", .structural, [Parameter("x", .array), Parameter("axes", .integers, default: "None")],
                                              summary: "axes permuted (reversed by default)") { call throws(ExpressionError) in
        let x = call.shape(0)
        var permutation = Array(x.indices.reversed())
        if let given = try call.integers("axes") {
            permutation = []
            for a in given { permutation.append(try call.axis(a, of: x, argument: "axes")) }
            guard permutation.sorted() == Array(x.indices) else {
                throw call.fail(.shape, "axes \(Shape.describe(given)) are not a permutation of the axes of an array of shape \(Shape.describe(x))",
                                at: call.range(of: "axes"))
            }
        }
        let axes = permutation
        return Operation(shape: axes.map { x[$0] }) { $0[0].transposed(axes) }
    }

    /// `expand_dims(x, axis)`: a new axis of extent 1.
    static let expandDims = FunctionDefinition("expand_dims", .structural, [Parameter("x", .array), Parameter("axis", .integer)],
                                               summary: "a new axis of extent 1") { call throws(ExpressionError) in
        var shape = call.shape(0)
        let axis = try call.axis(try call.integer("axis") ?? 0, of: shape, argument: "axis", extra: 1)
        shape.insert(1, at: axis)
        return Operation(shape: shape) { $0[0].expandDims(axis: axis) }
    }

    /// `squeeze(x, axis=None)`: axes of extent 1 removed (the given ones, or all).
    static let squeeze = FunctionDefinition("squeeze", .structural, [Parameter("x", .array), Parameter("axis", .axes, default: "None")],
                                            summary: "axes of extent 1 removed") { call throws(ExpressionError) in
        let x = call.shape(0)
        let axes = try call.axes("axis", of: x)
        for a in axes ?? [] where x[a] != 1 {
            throw call.fail(.shape, "axis \(a) of shape \(Shape.describe(x)) has extent \(x[a]), not 1", at: call.range(of: "axis"))
        }
        let removed = Set(axes ?? x.indices.filter { x[$0] == 1 })
        return Operation(shape: x.indices.filter { !removed.contains($0) }.map { x[$0] }) { $0[0].squeeze(axes: axes) }
    }

    /// `broadcast_to(x, shape)`: NumPy broadcasting to `shape`.
    static let broadcastTo = FunctionDefinition("broadcast_to", .structural, [Parameter("x", .array), Parameter("shape", .integers)]) { call throws(ExpressionError) in
        let x = call.shape(0), target = try call.integers("shape") ?? []
        guard target.allSatisfy({ $0 > 0 }), Shape.canBroadcast(x, to: target) else {
            throw call.fail(.shape, "cannot broadcast shape \(Shape.describe(x)) to \(Shape.describe(target))", at: call.range(of: "shape"))
        }
        return Operation(shape: target) { $0[0].broadcast(to: target) }
    }

    /// `flatten(x)`: all axes after the first merged, `[n, ...] → [n, rest]` (MXNet).
    static let flatten = FunctionDefinition("flatten", .structural, [Parameter("x", .array)],
                                            summary: "all axes after the first merged: [n, ...] to [n, rest]") { call throws(ExpressionError) in
        let x = call.shape(0)
        return Operation(shape: x.isEmpty ? [1, 1] : [x[0], x.dropFirst().reduce(1, *)]) { $0[0].flatten() }
    }

    /// `concat(a, b, ..., axis=0)`: arrays joined along an existing axis.
    static let concat = FunctionDefinition("concat", .structural, [Parameter("arrays", .arrays), Parameter("axis", .integer, default: "0")]) { call throws(ExpressionError) in
        let first = call.shape(0)
        let shapes = call.operands.map { Shape.describe($0.shape) }.joined(separator: ", ")
        guard !first.isEmpty else { throw call.fail(.shape, "cannot join arrays of shape [] along an axis (stack joins them along a new one)") }
        let axis = try call.axis(try call.integer("axis") ?? 0, of: first, argument: "axis")
        var shape = first
        shape[axis] = 0
        for operand in call.operands {
            let s = operand.shape
            guard s.count == first.count, s.indices.allSatisfy({ $0 == axis || s[$0] == first[$0] }) else {
                throw call.fail(.shape, "shapes \(shapes) do not match except along axis \(axis)")
            }
            shape[axis] += s[axis]
        }
        return Operation(shape: shape) { NDArray.concat($0, axis: axis) }
    }

    /// `stack(a, b, ..., axis=0)`: arrays of one shape joined along a new axis.
    static let stack = FunctionDefinition("stack", .structural, [Parameter("arrays", .arrays), Parameter("axis", .integer, default: "0")],
                                          summary: "arrays of one shape joined along a new axis") { call throws(ExpressionError) in
        var shape = call.shape(0)
        guard call.operands.allSatisfy({ $0.shape == shape }) else {
            throw call.fail(.shape, "shapes \(call.operands.map { Shape.describe($0.shape) }.joined(separator: ", ")) are not all equal")
        }
        let axis = try call.axis(try call.integer("axis") ?? 0, of: shape, argument: "axis", extra: 1)
        shape.insert(call.operands.count, at: axis)
        return Operation(shape: shape) { NDArray.stack($0, axis: axis) }
    }

    /// `astype(x, dtype)` (also spelled `cast`, the catalog's name): dtype conversion.
    static func astype(_ name: String) -> FunctionDefinition {
        FunctionDefinition(name, .structural, [Parameter("x", .array), Parameter("dtype", .dtype)],
                           summary: "conversion to float32 or float64") { call throws(ExpressionError) in
            let dtype = try call.dtype("dtype") ?? .float64
            return Operation(shape: call.shape(0), dtype: dtype) { $0[0].astype(dtype) }
        }
    }
}
