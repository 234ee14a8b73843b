/// Gathers with one index per position along an axis: `take_along_axis` (NumPy; PyTorch's
/// `gather`) and MXNet's `pick`. Each output element reads one element of the data at a
/// flat position, so both rules go through ``Take`` and ``ScatterAdd`` on the flattened
/// data, and backward adds the cotangent straight into the data's.

/// The flat positions an along-axis gather reads.
enum AlongAxis {
    /// The result's shape for `data` indexed by `indices` (same rank) along `axis`: the
    /// indices' extent on the axis, the two shapes broadcast on the other axes (NumPy).
    static func shape(_ data: [Int], _ indices: [Int], axis: Int, operation: String) -> [Int] {
        precondition(data.count == indices.count,
                     "\(operation): indices of shape \(Shape.describe(indices)) need the rank of the array of shape \(Shape.describe(data))")
        return data.indices.map { d in
            if d == axis { return indices[d] }
            precondition(data[d] == indices[d] || data[d] == 1 || indices[d] == 1,
                         "\(operation): indices of shape \(Shape.describe(indices)) do not broadcast with an array of shape \(Shape.describe(data)) outside axis \(axis)")
            return data[d] == 1 ? indices[d] : data[d]
        }
    }

    /// The row-major position in `data` each output element reads, or `nil` after
    /// reporting a bad index (located in `given`, the indices' shape as the caller gave it).
    static func positions(data: [Int], indices: NDArray, axis: Int, operation: String, given: [Int]? = nil) -> [Int]? {
        let out = shape(data, indices.shape, axis: axis, operation: operation)
        guard let selected = IndexArray.positions(indices, extent: data[axis], operation: operation,
                                                  target: Take.target(axis, data), shape: given) else { return nil }
        let dataStrides = Shape.contiguousStrides(data), indexStrides = Shape.contiguousStrides(indices.shape)
        // Axes of extent 1 broadcast: their coordinate is always 0.
        let ds = data.indices.map { $0 == axis || data[$0] == 1 ? 0 : dataStrides[$0] }
        let ix = indices.shape.indices.map { indices.shape[$0] == 1 ? 0 : indexStrides[$0] }
        let count = Shape.count(out)
        var result: [Int] = []
        result.reserveCapacity(count)
        var coordinate = [Int](repeating: 0, count: out.count)
        var base = 0, index = 0
        for _ in 0 ..< count {
            result.append(base + selected[index] * dataStrides[axis])
            var d = out.count - 1
            while d >= 0 {
                coordinate[d] += 1
                base += ds[d]
                index += ix[d]
                if coordinate[d] < out[d] { break }
                base -= ds[d] * out[d]
                index -= ix[d] * out[d]
                coordinate[d] = 0
                d -= 1
            }
        }
        return result
    }

    /// `data`'s elements at `positions`, shaped `shape`.
    static func gather(_ data: NDArray, _ positions: [Int], shape: [Int]) -> NDArray {
        Kernels.gather(data, outer: 1, inner: 1, positions: positions, shape: shape)
    }

    /// The transpose: the cotangent added at `positions` into zeros of `data`'s shape, as
    /// operators (differentiable again).
    static func transpose(_ cotangent: NDArray, into data: NDArray, positions: [Int]) -> NDArray {
        let updates = cotangent.reshape([cotangent.count])
        let flat = dispatch(ScatterAdd(axis: 0), [NDArray.zeros([data.count], dtype: data.dtype),
                                                  IndexArray.array(positions, shape: [positions.count]), updates])
        return flat.reshape(data.shape)
    }
}

/// `a`'s elements at `indices` along an axis, one index per position (NumPy's
/// `take_along_axis`, PyTorch's `gather`): `indices` has `a`'s rank, and the two shapes
/// broadcast outside the axis. Linear in `a`; the indices are held constant.
///
///     y[..., j, ...] = a[..., indices[..., j, ...], ...]
///     ẏ = take_along_axis(ȧ, indices)          ā = ȳ added at the positions read (scatter_add)
public struct TakeAlongAxis: DifferentiableOperator {
    /// The axis indexed (negative counts from the end).
    public let axis: Int
    /// Gathers along `axis`.
    ///
    /// - Parameter axis: The axis indexed, checked against the array's rank when applied
    ///   (negative counts from the end).
    public init(axis: Int) { self.axis = axis }
    /// "take_along_axis", its catalog and expression-language name.
    public var name: String { "take_along_axis" }
    /// Two inputs: `a` and the index array.
    public var arity: Int { 2 }
    /// `"take_along_axis(axis=1)"`.
    public var description: String { "take_along_axis(axis=\(axis))" }
    /// Linear in `a`; the indices are held constant (an application samples them in [0, n-1]).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .integers(0, 0)], isLinear: true,
                     note: "linear in a; the indices are held constant (whole numbers; negative ones count from the end, as in NumPy). Their domain here is [0, 0]; an application gives [0, n-1] from its shapes")
    }

    func normalizedAxis(_ a: [Int]) -> Int {
        precondition(!a.isEmpty, "\(name): axis \(axis) is out of range for an array of shape [] (it has no axes)")
        return Shape.axis(axis, rank: a.count, operation: name)
    }

    /// The result's shape for `a` and `indices` of these shapes: the indices' extent on the
    /// axis, the broadcast of the two elsewhere. Stops if the ranks differ, the axis is out of
    /// range, or the other extents do not broadcast.
    ///
    /// - Parameters:
    ///   - a: The shape of the array read.
    ///   - indices: The shape of the index array, of `a`'s rank.
    /// - Returns: The output's shape.
    public func outputShape(_ a: [Int], _ indices: [Int]) -> [Int] {
        AlongAxis.shape(a, indices, axis: normalizedAxis(a), operation: name)
    }

    func positions(_ a: [Int], _ indices: NDArray) -> [Int]? {
        AlongAxis.positions(data: a, indices: indices, axis: normalizedAxis(a), operation: name)
    }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// The gathered elements; NaNs of the output's shape and an ``OperatorError`` report for a bad index.
    public func primal(_ a: NDArray, _ indices: NDArray) -> NDArray {
        let shape = outputShape(a.shape, indices.shape)
        guard let positions = positions(a.shape, indices) else { return IndexArray.failed(shape, dtype: a.dtype) }
        return AlongAxis.gather(a, positions, shape: shape)
    }
    /// `take_along_axis(ȧ, indices)`: the same positions read from the tangent.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        dispatch(self, tangents[0] ?? NDArray.zeros(like: inputs[0].withoutAD), inputs[1].withoutAD)
    }
    /// `ȳ` added at the positions read, into zeros of `a`'s shape; `nil` for the indices.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        guard needed[0] else { return [nil, nil] }
        let a = inputs[0]
        guard let positions = positions(a.shape, inputs[1].withoutAD) else { return [IndexArray.failed(a.shape, dtype: a.dtype), nil] }
        return [AlongAxis.transpose(cotangent, into: a, positions: positions), nil]
    }
}

extension TakeAlongAxis: AccumulatingTranspose {
    /// `ā[position(j)] += ȳ[j]`, without the zeros the rule scatters into.
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool {
        guard i == 0 else { return false }
        if let positions = positions(inputs[0].shape, inputs[1]) {
            Kernels.scatterAdd(cotangent, into: &total, outer: 1, inner: 1, positions: positions)
        }
        return true
    }
}

/// MXNet's `pick`: one element of `data` along an axis for each position of the other
/// axes, chosen by `index` (of `data`'s shape without the axis, or with extent 1 there).
/// The axis is removed (MXNet's `[1]` when nothing is left), or kept with extent 1.
/// Linear in `data`; the index is held constant.
///
///     y[o, i] = data[o, index[o, i], i]
///     ẏ = pick(ḋ, index)          d̄ = ȳ added at the positions read (scatter_add)
///
/// MXNet clips an index out of range by default (`mode='clip'`); here it is an error, as
/// in `take`, and negative indices count from the end.
public struct Pick: DifferentiableOperator {
    /// The axis picked along (negative counts from the end).
    public let axis: Int
    /// Whether the axis stays, with extent 1.
    public let keepDims: Bool
    /// Picks along `axis` (the last by default), removing it unless `keepDims`.
    ///
    /// - Parameters:
    ///   - axis: The axis picked along (negative counts from the end); default -1.
    ///   - keepDims: Whether the axis stays, with extent 1 (default `false`: removed, and a
    ///     1-D `data` gives `[1]`).
    public init(axis: Int = -1, keepDims: Bool = false) {
        self.axis = axis
        self.keepDims = keepDims
    }
    /// "pick", its catalog and expression-language name.
    public var name: String { "pick" }
    /// Two inputs: `data` and the index array.
    public var arity: Int { 2 }
    /// `"pick(axis=-1)"`, with `", keepdims=true"` when the axis stays.
    public var description: String { "pick(axis=\(axis)\(keepDims ? ", keepdims=true" : ""))" }
    /// Linear in `data`; the index is held constant (an application samples it in [0, n-1]).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .integers(0, 0)], isLinear: true,
                     note: "linear in data; the index is held constant (whole numbers; negative ones count from the end; out of range is an error where MXNet clips). Its domain here is [0, 0]; an application gives [0, n-1] from its shapes")
    }

    /// `data`'s shape with extent 1 on the axis, and the axis.
    func kept(_ data: [Int]) -> (shape: [Int], axis: Int) {
        precondition(!data.isEmpty, "\(name): axis \(axis) is out of range for an array of shape [] (it has no axes)")
        let k = Shape.axis(axis, rank: data.count, operation: name)
        var shape = data
        shape[k] = 1
        return (shape, k)
    }

    /// The shapes `index` may have for `data` of this shape: without the axis, or with extent 1 there.
    ///
    /// - Parameter data: The shape of the array picked from (at least one axis).
    /// - Returns: The shape without the axis (`[]` for a 1-D `data`, where `[1]` also fits),
    ///   then the shape with extent 1 on the axis.
    public func indexShapes(_ data: [Int]) -> [[Int]] {
        let (shape, k) = kept(data)
        var removed = shape
        removed.remove(at: k)
        return removed.isEmpty ? [[], [1]] : [removed, shape]
    }

    /// The result's shape for `data` and `index` of these shapes; stops if `index`'s shape is
    /// not one of ``indexShapes(_:)``.
    ///
    /// - Parameters:
    ///   - data: The shape of the array picked from.
    ///   - index: The shape of the index array.
    /// - Returns: `data`'s shape without the axis (`[1]` if nothing is left), or with extent
    ///   1 there when ``keepDims``.
    public func outputShape(_ data: [Int], _ index: [Int]) -> [Int] {
        precondition(indexShapes(data).contains(index),
                     "\(name): an index of shape \(Shape.describe(index)) does not fit an array of shape \(Shape.describe(data)) along axis \(axis) (it needs shape \(Shape.describe(indexShapes(data)[0])))")
        let (shape, k) = kept(data)
        if keepDims { return shape }
        var removed = shape
        removed.remove(at: k)
        return removed.isEmpty ? [1] : removed
    }

    func positions(_ data: [Int], _ index: NDArray) -> [Int]? {
        let (shape, k) = kept(data)
        return AlongAxis.positions(data: data, indices: index.reshape(shape), axis: k, operation: name, given: index.shape)
    }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// One element per position along the axis; NaNs and an ``OperatorError`` report for a bad index.
    public func primal(_ data: NDArray, _ index: NDArray) -> NDArray {
        let shape = outputShape(data.shape, index.shape)
        guard let positions = positions(data.shape, index) else { return IndexArray.failed(shape, dtype: data.dtype) }
        return AlongAxis.gather(data, positions, shape: shape)
    }
    /// `pick(ḋ, index)`: the same positions read from the tangent.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        dispatch(self, tangents[0] ?? NDArray.zeros(like: inputs[0].withoutAD), inputs[1].withoutAD)
    }
    /// `ȳ` added at the positions read, into zeros of `data`'s shape; `nil` for the index.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        guard needed[0] else { return [nil, nil] }
        let data = inputs[0]
        guard let positions = positions(data.shape, inputs[1].withoutAD) else { return [IndexArray.failed(data.shape, dtype: data.dtype), nil] }
        return [AlongAxis.transpose(cotangent, into: data, positions: positions), nil]
    }
}

extension Pick: AccumulatingTranspose {
    /// `d̄[position(j)] += ȳ[j]`, without the zeros the rule scatters into.
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool {
        guard i == 0 else { return false }
        if let positions = positions(inputs[0].shape, inputs[1].withoutAD) {
            Kernels.scatterAdd(cotangent, into: &total, outer: 1, inner: 1, positions: positions)
        }
        return true
    }
}

// MARK: - Expression spelling

extension TakeAlongAxis: CallSpelling {
    /// `axis=…`.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"]) }
}

extension Pick: CallSpelling {
    /// `axis=…` and `keepdims=true` when kept.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"] + (keepDims ? ["keepdims=true"] : [])) }
}
