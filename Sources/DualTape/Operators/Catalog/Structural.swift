/// Structural operators: linear maps that move elements without arithmetic. Each declares
/// its map (a view where possible, so no copy) and the transpose of that map.

/// A new shape for the same elements (also `expandDims`, `squeeze`, `flatten`).
///
///     transpose: reshape back to the input's shape
public struct Reshape: LinearOperator {
    public let shape: [Int]
    public init(_ shape: [Int]) { self.shape = shape }
    public var name: String { "reshape" }
    public var arity: Int { 1 }
    public var description: String { "reshape(\(Shape.describe(shape)))" }
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(Shape.count(shape) == x.count,
                     "reshape: cannot reshape an array of shape \(Shape.describe(x.shape)) (\(x.count) elements) to \(Shape.describe(shape))")
        let source = x.isContiguous ? x : Kernels.copy(x)
        return NDArray(storage: source.storage, shape: shape, strides: Shape.contiguousStrides(shape), offset: source.offset)
    }
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [cotangent.reshape(inputs[0].shape)]
    }
}

/// Axes permuted: `y.shape[i] = x.shape[perm[i]]` (a view).
///
///     transpose: the inverse permutation
public struct Transpose: LinearOperator {
    public let permutation: [Int]
    public init(_ permutation: [Int]) { self.permutation = permutation }
    public var name: String { "transpose" }
    public var arity: Int { 1 }
    public var description: String { "transpose(\(permutation))" }
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(permutation.sorted() == Array(0 ..< x.rank),
                     "transpose: axes \(permutation) are not a permutation of the axes of an array of shape \(Shape.describe(x.shape))")
        return NDArray(storage: x.storage, shape: permutation.map { x.shape[$0] },
                       strides: permutation.map { x.strides[$0] }, offset: x.offset)
    }
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
    public let shape: [Int]
    public init(_ shape: [Int]) { self.shape = shape }
    public var name: String { "broadcast_to" }
    public var arity: Int { 1 }
    public var description: String { "broadcast_to(\(Shape.describe(shape)))" }
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(Shape.canBroadcast(x.shape, to: shape),
                     "broadcast_to: cannot broadcast shape \(Shape.describe(x.shape)) to \(Shape.describe(shape))")
        return NDArray(storage: x.storage, shape: shape, strides: Kernels.broadcastStrides(x, to: shape), offset: x.offset)
    }
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [unbroadcast(cotangent, to: inputs[0].shape)]
    }
}

/// Arrays joined along an existing axis (`stack` is `expandDims` then `concat`).
///
///     transpose: the cotangent sliced back into the pieces
public struct Concat: LinearOperator {
    public let axis: Int
    public let count: Int
    public init(axis: Int, count: Int) {
        self.axis = axis
        self.count = count
    }
    public var name: String { "concat" }
    public var arity: Int { count }
    public var description: String { "concat(axis=\(axis))" }
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
    public let dtype: DType
    public init(_ dtype: DType) { self.dtype = dtype }
    public var name: String { "cast" }
    public var arity: Int { 1 }
    public var description: String { "cast(\(dtype))" }
    public func primal(_ inputs: [NDArray]) -> NDArray { Kernels.cast(inputs[0], to: dtype) }
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [cotangent.astype(inputs[0].dtype)]
    }
}
