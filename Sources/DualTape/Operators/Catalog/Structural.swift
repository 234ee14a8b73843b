/// Structural operators: linear maps that move elements without arithmetic. Each declares
/// its map (a view where possible, so no copy) and the transpose of that map.

/// A new shape for the same elements (also `expandDims`, `squeeze`, `flatten`).
///
///     transpose: reshape back to the input's shape
public struct Reshape: LinearOperator {
    /// The result's shape, every extent explicit (no -1).
    public let shape: [Int]
    /// The reshape to `shape`: a view of a contiguous input, a copy otherwise. Stops if the
    /// element counts differ.
    ///
    ///     ẏ = reshape(ẋ, shape)          x̄ = reshape(ȳ, shape of x)
    ///
    /// - Parameter shape: The new extents; their product must be the input's element count.
    public init(_ shape: [Int]) { self.shape = shape }
    /// "reshape", its catalog and expression-language name.
    public var name: String { "reshape" }
    /// One input.
    public var arity: Int { 1 }
    /// `"reshape([3, 2])"`.
    public var description: String { "reshape(\(Shape.describe(shape)))" }
    /// A view with the new shape (a contiguous copy first if the input is strided); stops when the
    /// counts differ.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(Shape.count(shape) == x.count,
                     "reshape: cannot reshape an array of shape \(Shape.describe(x.shape)) (\(x.count) elements) to \(Shape.describe(shape))")
        let source = x.isContiguous ? x : Kernels.copy(x)
        return NDArray(storage: source.storage, shape: shape, strides: Shape.contiguousStrides(shape), offset: source.offset)
    }
    /// The cotangent reshaped back to the input's shape.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [cotangent.reshape(inputs[0].shape)]
    }
}

/// Axes permuted: `y.shape[i] = x.shape[perm[i]]` (a view).
///
///     transpose: the inverse permutation
public struct Transpose: LinearOperator {
    /// `perm`: axis `i` of the result is axis `perm[i]` of the input.
    public let permutation: [Int]
    /// The axes permuted by `permutation` (a view); stops if it is not a permutation of the
    /// input's axes.
    ///
    ///     ẏ = transpose(ẋ, perm)          x̄ = transpose(ȳ, perm⁻¹)
    ///
    /// - Parameter permutation: Each of `0 ..< rank` once (no negative axes).
    public init(_ permutation: [Int]) { self.permutation = permutation }
    /// "transpose", its catalog and expression-language name.
    public var name: String { "transpose" }
    /// One input.
    public var arity: Int { 1 }
    /// `"transpose([1, 0])"`: the name with the permutation.
    public var description: String { "transpose(\(permutation))" }
    /// A view with the axes permuted; stops unless the axes are a permutation of the input's.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(permutation.sorted() == Array(0 ..< x.rank),
                     "transpose: axes \(permutation) are not a permutation of the axes of an array of shape \(Shape.describe(x.shape))")
        return NDArray(storage: x.storage, shape: permutation.map { x.shape[$0] },
                       strides: permutation.map { x.strides[$0] }, offset: x.offset)
    }
    /// The cotangent with the inverse permutation.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return [cotangent.transposed(inverse)]
    }
}

/// NumPy broadcasting to `shape` (a view with zero strides on the broadcast axes).
///
///     transpose: sum over the broadcast axes (unbroadcast)
public struct BroadcastTo: LinearOperator {
    /// The result's shape.
    public let shape: [Int]
    /// Broadcasting to `shape` (a view); stops if the input's shape does not broadcast to it.
    ///
    ///     ẏ = broadcast_to(ẋ, shape)          x̄ = ȳ summed over the broadcast axes
    ///
    /// - Parameter shape: The target shape: the input's rank or more, with the input's extents
    ///   or 1s right-aligned under it (NumPy's rules).
    public init(_ shape: [Int]) { self.shape = shape }
    /// "broadcast_to", its catalog and expression-language name.
    public var name: String { "broadcast_to" }
    /// One input.
    public var arity: Int { 1 }
    /// `"broadcast_to([2, 3])"`.
    public var description: String { "broadcast_to(\(Shape.describe(shape)))" }
    /// A view with zero strides on the broadcast axes; stops when the shapes do not broadcast.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(Shape.canBroadcast(x.shape, to: shape),
                     "broadcast_to: cannot broadcast shape \(Shape.describe(x.shape)) to \(Shape.describe(shape))")
        return NDArray(storage: x.storage, shape: shape, strides: Kernels.broadcastStrides(x, to: shape), offset: x.offset)
    }
    /// The cotangent summed over the broadcast axes (unbroadcast).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [unbroadcast(cotangent, to: inputs[0].shape)]
    }
}

/// Arrays joined along an existing axis (`stack` is `expandDims` then `concat`).
///
///     transpose: the cotangent sliced back into the pieces
public struct Concat: LinearOperator {
    /// The axis joined along (negative counts from the end).
    public let axis: Int
    /// The number of arrays joined: the operator's arity.
    public let count: Int
    /// Joining `count` arrays along `axis`; they must have one dtype and one rank, and equal
    /// extents off the axis (it stops otherwise).
    ///
    ///     ẏ = concat(ẋ₀, ẋ₁, …)          x̄ᵢ = the slice of ȳ where xᵢ went
    ///
    /// - Parameters:
    ///   - axis: The axis joined along, checked against the arrays' rank when applied.
    ///   - count: How many arrays are joined (at least 1).
    public init(axis: Int, count: Int) {
        self.axis = axis
        self.count = count
    }
    /// "concat", its catalog and expression-language name.
    public var name: String { "concat" }
    /// `count`: one input per array joined.
    public var arity: Int { count }
    /// `"concat(axis=0)"`.
    public var description: String { "concat(axis=\(axis))" }
    /// The arrays copied one after another along the axis; stops on different dtypes or other extents.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let first = inputs[0]
        let a = Shape.axis(axis, rank: first.rank, operation: name)
        var shape = first.shape
        shape[a] = 0
        for x in inputs {
            precondition(x.dtype == first.dtype, "concat: dtypes \(first.dtype) and \(x.dtype) do not match")
            precondition(x.rank == first.rank && (0 ..< x.rank).allSatisfy { $0 == a || x.shape[$0] == first.shape[$0] },
                         "concat: shapes \(inputs.map { Shape.describe($0.shape) }.joined(separator: ", ")) do not match except along axis \(axis)")
            shape[a] += x.shape[a]
        }
        let out = Storage(dtype: first.dtype, count: Shape.count(shape))
        let result = NDArray(storage: out, shape: shape)
        var start = 0
        for x in inputs {
            Kernels.write(x, into: result, slice: SliceSpec.along(axis: a, rank: x.rank, start: start, count: x.shape[a]))
            start += x.shape[a]
        }
        return result
    }
    /// The cotangent sliced back into the pieces, for the inputs needed.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let a = Shape.axis(axis, rank: cotangent.rank, operation: name)
        var start = 0
        return inputs.enumerated().map { i, x in
            defer { start += x.shape[a] }
            return needed[i] ? dispatch(Slice(SliceSpec.along(axis: a, rank: x.rank, start: start, count: x.shape[a])), cotangent) : nil
        }
    }
}

/// Conversion to another dtype, linear; its transpose converts back.
public struct Cast: LinearOperator {
    /// The result's dtype.
    public let dtype: DType
    /// Conversion to `dtype` (rounding to nearest when narrowing to float32; the input itself
    /// when it has that dtype already).
    ///
    ///     ẏ = cast(ẋ, dtype)          x̄ = cast(ȳ, dtype of x)
    ///
    /// - Parameter dtype: The dtype converted to.
    public init(_ dtype: DType) { self.dtype = dtype }
    /// "cast", its catalog and expression-language name.
    public var name: String { "cast" }
    /// One input.
    public var arity: Int { 1 }
    /// `"cast(float32)"`.
    public var description: String { "cast(\(dtype))" }
    /// The elements converted to `dtype` (rounded to nearest when narrowing).
    public func primal(_ inputs: [NDArray]) -> NDArray { Kernels.cast(inputs[0], to: dtype) }
    /// The cotangent converted back to the input's dtype.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [cotangent.astype(inputs[0].dtype)]
    }
}

extension OperatorCatalog {
    /// The structural operators above. Slices are written `x[...]` in the language, so they
    /// have no signature; reshape also answers to `expand_dims`, `squeeze` and `flatten`,
    /// concat to `stack`, and cast to `astype`.
    static let structural: [CatalogEntry] = [
        CatalogEntry(name: "reshape", summary: "new shape, same elements (also expand_dims, squeeze, flatten)", family: .structural,
                     cases: [CatalogCase(Reshape([3, 2]), [[2, 3]], call: "reshape(a0, [3, 2])")],
                     signatures: [Reshape.signature, Reshape.expandDims, Reshape.squeeze, Reshape.flatten]),
        CatalogEntry(name: "transpose", summary: "axes permuted", family: .structural,
                     cases: [CatalogCase(Transpose([2, 0, 1]), [[2, 3, 4]], call: "transpose(a0, [2, 0, 1])")], signatures: [Transpose.signature]),
        CatalogEntry(name: "broadcast_to", summary: "NumPy broadcasting", family: .structural,
                     cases: [CatalogCase(BroadcastTo([2, 3]), [[3]], call: "broadcast_to(a0, [2, 3])")], signatures: [BroadcastTo.signature]),
        CatalogEntry(name: "concat", summary: "join along an axis (also stack)", family: .structural,
                     cases: [CatalogCase(Concat(axis: 1, count: 2), [[2, 2], [2, 3]], call: "concat(a0, a1, axis=1)")],
                     signatures: [Concat.signature, Concat.stack]),
        CatalogEntry(name: "cast", summary: "dtype conversion", family: .structural,
                     cases: [CatalogCase(Cast(.float32), [[3]], call: "cast(a0, float32)")], signatures: [Cast.signature("astype"), Cast.signature("cast")]),
        CatalogEntry(name: "slice", summary: "indexing and slicing, a view (also split)", family: .structural, cases: [
            CatalogCase(Slice(SliceSpec(ranges: [AxisRange(start: 1, count: 1, step: 1)])), [[3]]),
            CatalogCase(Slice(SliceSpec(ranges: [AxisRange(start: 0, count: 2, step: 2), AxisRange(start: 1, count: 1, step: 1)], squeezed: [1])), [[4, 3]]),
        ]),
        CatalogEntry(SliceScatter(SliceSpec(ranges: [AxisRange(start: 2, count: 2, step: -1)]), shape: [4]),
                     "zeros with the input written at a slice (the transpose of slice)", family: .structural, shapes: [[2]]),
    ]
}

extension Reshape {
    /// `reshape(x, shape)`: `reshape(x, [2, 3])` or `reshape(x, 2, 3)`; one extent may be -1.
    static let signature = CallSignature("reshape", family: .structural, [.array("x"), CallParameter("shape", .integers)],
                                         summary: "new shape, same elements; one extent may be -1") { call throws(CallError) in
        let x = call.shape(0), count = elementCount(x) ?? 0
        let target = try call.integers("shape") ?? []
        let inferred = target.indices.filter { target[$0] == -1 }
        if let bad = target.first(where: { $0 < -1 || $0 == 0 }) {
            throw CallError(.shape, "extent \(bad) in \(Shape.describe(target)) is not allowed (extents are positive; one may be -1)", argument: "shape")
        }
        guard inferred.count <= 1 else { throw CallError(.shape, "only one extent of \(Shape.describe(target)) can be -1", argument: "shape") }
        var resolved = target
        let known = elementCount(target.filter { $0 != -1 })
        if let i = inferred.first, let known, known > 0, count % known == 0 { resolved[i] = count / known }
        guard let total = elementCount(resolved), total == count, !resolved.contains(-1) else {
            throw CallError(.shape, "cannot reshape an array of shape \(Shape.describe(x)) (\(count) elements) to \(Shape.describe(target))", argument: "shape")
        }
        let shape = resolved
        return ResolvedCall(shape: shape) { $0[0].reshape(shape) }
    }

    /// `expand_dims(x, axis)`: a new axis of extent 1.
    static let expandDims = CallSignature("expand_dims", family: .structural, [.array("x"), .integer("axis")],
                                          summary: "a new axis of extent 1") { call throws(CallError) in
        var shape = call.shape(0)
        let axis = try call.axis("axis", of: shape, extra: 1) ?? 0
        shape.insert(1, at: axis)
        return ResolvedCall(shape: shape) { $0[0].expandDims(axis: axis) }
    }

    /// `squeeze(x, axis=None)`: axes of extent 1 removed (the given ones, or all).
    static let squeeze = CallSignature("squeeze", family: .structural, [.array("x"), .axes("axis")],
                                       summary: "axes of extent 1 removed") { call throws(CallError) in
        let x = call.shape(0)
        let axes = try call.axes("axis", of: x)
        for a in axes ?? [] where x[a] != 1 {
            throw CallError(.shape, "axis \(a) of shape \(Shape.describe(x)) has extent \(x[a]), not 1", argument: "axis")
        }
        let removed = Set(axes ?? x.indices.filter { x[$0] == 1 })
        return ResolvedCall(shape: x.indices.filter { !removed.contains($0) }.map { x[$0] }) { $0[0].squeeze(axes: axes) }
    }

    /// `flatten(x)`: all axes after the first merged, `[n, ...] → [n, rest]` (MXNet).
    static let flatten = CallSignature("flatten", family: .structural, [.array("x")],
                                       summary: "all axes after the first merged: [n, ...] to [n, rest]") { call throws(CallError) in
        let x = call.shape(0)
        return ResolvedCall(shape: x.isEmpty ? [1, 1] : [x[0], x.dropFirst().reduce(1, *)]) { $0[0].flatten() }
    }
}

extension Transpose {
    /// `transpose(x, axes=None)`: axes permuted (reversed by default).
    static let signature = CallSignature("transpose", family: .structural, [.array("x"), CallParameter("axes", .integers, default: "None")],
                                         summary: "axes permuted (reversed by default)") { call throws(CallError) in
        let x = call.shape(0)
        var permutation = Array(x.indices.reversed())
        if let given = try call.integers("axes") {
            permutation = []
            for a in given { permutation.append(try CallArguments.normalize(a, of: x, argument: "axes")) }
            guard permutation.sorted() == Array(x.indices) else {
                throw CallError(.shape, "axes \(Shape.describe(given)) are not a permutation of the axes of an array of shape \(Shape.describe(x))", argument: "axes")
            }
        }
        let axes = permutation
        return ResolvedCall(shape: axes.map { x[$0] }) { $0[0].transposed(axes) }
    }
}

extension BroadcastTo {
    /// `broadcast_to(x, shape)`: NumPy broadcasting to `shape`.
    static let signature = CallSignature("broadcast_to", family: .structural, [.array("x"), CallParameter("shape", .integers)],
                                         summary: "NumPy broadcasting") { call throws(CallError) in
        let x = call.shape(0), target = try call.integers("shape") ?? []
        guard target.allSatisfy({ $0 > 0 }), Shape.canBroadcast(x, to: target) else {
            throw CallError(.shape, "cannot broadcast shape \(Shape.describe(x)) to \(Shape.describe(target))", argument: "shape")
        }
        return ResolvedCall(shape: target) { $0[0].broadcast(to: target) }
    }
}

extension Concat {
    /// `concat(a, b, ..., axis=0)`: arrays joined along an existing axis.
    static let signature = CallSignature("concat", family: .structural, [CallParameter("arrays", .arrays), .integer("axis", default: "0")],
                                         summary: "join along an axis (also stack)") { call throws(CallError) in
        let first = call.shape(0)
        let shapes = call.shapes.map { Shape.describe($0) }.joined(separator: ", ")
        guard !first.isEmpty else { throw CallError(.shape, "cannot join arrays of shape [] along an axis (stack joins them along a new one)") }
        let axis = try call.axis("axis", of: first) ?? 0
        var shape = first
        shape[axis] = 0
        for s in call.shapes {
            guard s.count == first.count, s.indices.allSatisfy({ $0 == axis || s[$0] == first[$0] }) else {
                throw CallError(.shape, "shapes \(shapes) do not match except along axis \(axis)")
            }
            shape[axis] += s[axis]
        }
        return ResolvedCall(shape: shape) { NDArray.concat($0, axis: axis) }
    }

    /// `stack(a, b, ..., axis=0)`: arrays of one shape joined along a new axis.
    static let stack = CallSignature("stack", family: .structural, [CallParameter("arrays", .arrays), .integer("axis", default: "0")],
                                     summary: "arrays of one shape joined along a new axis") { call throws(CallError) in
        var shape = call.shape(0)
        guard call.shapes.allSatisfy({ $0 == shape }) else {
            throw CallError(.shape, "shapes \(call.shapes.map { Shape.describe($0) }.joined(separator: ", ")) are not all equal")
        }
        let axis = try call.axis("axis", of: shape, extra: 1) ?? 0
        shape.insert(call.shapes.count, at: axis)
        return ResolvedCall(shape: shape) { NDArray.stack($0, axis: axis) }
    }
}

extension Cast {
    /// `astype(x, dtype)` (also spelled `cast`, the catalog's name): dtype conversion.
    static func signature(_ name: String) -> CallSignature {
        CallSignature(name, family: .structural, [.array("x"), CallParameter("dtype", .dtype)],
                      summary: "conversion to float32 or float64") { call throws(CallError) in
            let dtype = try call.dtype("dtype") ?? .float64
            return ResolvedCall(shape: call.shape(0), dtype: dtype) { $0[0].astype(dtype) }
        }
    }
}

// MARK: - Expression spelling

extension Reshape: CallSpelling {
    /// `reshape(x, [3, 2])`.
    public var spelling: Spelling { .call(name, after: [Shape.describe(shape)]) }
}

extension Transpose: CallSpelling {
    /// `transpose(x, [1, 0])`.
    public var spelling: Spelling { .call(name, after: [Shape.describe(permutation)]) }
}

extension BroadcastTo: CallSpelling {
    /// `broadcast_to(x, [2, 3])`.
    public var spelling: Spelling { .call(name, after: [Shape.describe(shape)]) }
}

extension Concat: CallSpelling {
    /// `concat(a, b, axis=1)`.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"]) }
}

extension Cast: CallSpelling {
    /// `cast(x, float32)`.
    public var spelling: Spelling { .call(name, after: [dtype.rawValue]) }
}
