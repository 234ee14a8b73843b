/// Integer indexing in NumPy's and MXNet's names. Index arrays hold whole numbers in a
/// floating dtype; a bad index (out of range, not whole, NaN) is bad data, so these
/// functions throw its ``OperatorError`` instead of stopping. Negative indices count from
/// the end of the axis, as in NumPy.
extension NDArray {
    /// The elements at `indices` along `axis` (NumPy's `take`); `axis: nil` reads this array
    /// flattened. The result has this array's shape with the axis replaced by the indices'
    /// shape. Differentiable in this array (the gradient adds up at repeated indices).
    ///
    ///     let table = NDArray([[1, 2], [3, 4], [5, 6]])
    ///     try table.take(NDArray([2, 0, 2]), axis: 0)     // [[5, 6], [1, 2], [5, 6]]
    ///
    ///     y[o, j, i] = x[o, indices[j], i]
    ///
    /// - Parameters:
    ///   - indices: Whole numbers (in this array's dtype) in `-n ..< n` for an axis of extent
    ///     `n`; any shape. They have no derivative.
    ///   - axis: The axis to index (negative counts from the end), or `nil` (the default) to
    ///     index this array flattened.
    /// - Returns: This array's shape with `axis` replaced by `indices.shape` (just
    ///   `indices.shape` when `axis` is nil).
    /// - Throws: ``OperatorError`` when an index is out of range, not a whole number, or NaN
    ///   (the error names the first such index and its position).
    public func take(_ indices: NDArray, axis: Int? = nil) throws -> NDArray {
        try withOperatorErrors { dispatch(Take(axis: axis), self, indices) }
    }

    /// The elements at `indices` along `axis`, one index per position (NumPy's
    /// `take_along_axis`): `indices` has this array's rank, and the two shapes broadcast
    /// outside the axis.
    ///
    ///     y[..., j, ...] = x[..., indices[..., j, ...], ...]
    ///
    /// - Parameters:
    ///   - indices: Whole numbers in `-n ..< n` (`n` the axis's extent), of this array's rank;
    ///     outside `axis` its extents and this array's broadcast against each other.
    ///   - axis: The axis to index (negative counts from the end).
    /// - Returns: The broadcast shape of the two outside `axis`, with `indices`'s extent along it.
    /// - Throws: ``OperatorError`` when an index is out of range, not a whole number, or NaN
    ///   (the error names the first such index and its position).
    public func takeAlongAxis(_ indices: NDArray, axis: Int) throws -> NDArray {
        try withOperatorErrors { dispatch(TakeAlongAxis(axis: axis), self, indices) }
    }

    /// PyTorch's name for ``takeAlongAxis(_:axis:)`` (`torch.gather(x, dim, index)`).
    ///
    /// - Parameters:
    ///   - indices: Whole numbers along `axis`, of this array's rank (see ``takeAlongAxis(_:axis:)``).
    ///   - axis: PyTorch's `dim`: the axis to index (negative counts from the end).
    /// - Returns: The elements at `indices`, of `indices`'s extent along `axis` (see
    ///   ``takeAlongAxis(_:axis:)``).
    /// - Throws: ``OperatorError`` when an index is out of range, not a whole number, or NaN
    ///   (the error names the first such index and its position).
    public func gather(_ indices: NDArray, axis: Int) throws -> NDArray {
        try takeAlongAxis(indices, axis: axis)
    }

    /// MXNet's `pick`: for each position of the other axes, the element `index` chooses along
    /// `axis` (`index` has this array's shape without the axis). The axis is removed, or
    /// kept with extent 1 when `keepDims`. An index out of range is an error (MXNet clips).
    ///
    ///     let scores = NDArray([[1, 2, 3], [4, 5, 6]])
    ///     try scores.pick(NDArray([2, 0]))                // [3, 4]
    ///
    ///     y[o, i] = x[o, index[o, i], i]
    ///
    /// - Parameters:
    ///   - index: Whole numbers in `-n ..< n` along `axis`, of this array's shape without
    ///     `axis` (MXNet's kept axis of extent 1 is accepted too).
    ///   - axis: The axis to choose along; the last by default.
    ///   - keepDims: Whether the result keeps `axis` with extent 1 (default `false`).
    /// - Returns: The chosen elements, of this array's shape without `axis` (with extent 1
    ///   there when `keepDims`).
    /// - Throws: ``OperatorError`` when an index is out of range, not a whole number, or NaN
    ///   (the error names the first such index and its position).
    public func pick(_ index: NDArray, axis: Int = -1, keepDims: Bool = false) throws -> NDArray {
        try withOperatorErrors { dispatch(Pick(axis: axis, keepDims: keepDims), self, index) }
    }

    /// This array with `updates` added at `indices` along `axis` (PyTorch's `index_add`, the
    /// transpose of ``take(_:axis:)``): `updates` has this array's shape with the axis
    /// replaced by the indices' shape, and repeated indices add up. Differentiable in this
    /// array and in `updates`.
    ///
    ///     y = x;  y[o, indices[j], i] += updates[o, j, i]
    ///
    /// - Parameters:
    ///   - indices: Whole numbers in `-n ..< n` along `axis`; any shape, no derivative.
    ///   - updates: The values to add, of this array's dtype and of this array's shape with
    ///     `axis` replaced by `indices.shape`.
    ///   - axis: The axis the indices address (default 0).
    /// - Returns: An array of this array's shape and dtype.
    /// - Throws: ``OperatorError`` when an index is out of range, not a whole number, or NaN
    ///   (the error names the first such index and its position).
    public func scatterAdd(_ indices: NDArray, _ updates: NDArray, axis: Int = 0) throws -> NDArray {
        try withOperatorErrors { dispatch(ScatterAdd(axis: axis), [self, indices, updates]) }
    }

    /// One-hot rows of `depth` for the indices in this array, in its dtype: shape
    /// `shape + [depth]`. Zero derivative. Indices must be whole numbers in `0 ..< depth`.
    ///
    ///     try NDArray([1, 0]).oneHot(depth: 3)            // [[0, 1, 0], [1, 0, 0]]
    ///
    /// - Parameter depth: The length of each one-hot row, at least 1.
    /// - Returns: An array of shape `shape + [depth]` holding 0 and 1.
    /// - Throws: ``OperatorError`` when an index is outside `0 ..< depth` (negative indices are
    ///   not accepted here), not a whole number, or NaN.
    public func oneHot(depth: Int) throws -> NDArray {
        try withOperatorErrors { dispatch(OneHot(depth: depth), self) }
    }

    /// The flat (row-major) positions of the nonzero elements, as a 1-D index array in this
    /// array's dtype (NumPy's `flatnonzero`). Computed from the values: a constant, with no
    /// derivative. With a 0/1 mask of `x`'s shape, `x.take(mask.flatnonzero())` is NumPy's
    /// `x[mask]` (whose shape depends on the mask's values, so it is no operator of its own).
    public func flatnonzero() -> NDArray {
        let values = scalars
        let positions = values.indices.filter { values[$0] != 0 }
        return NDArray(values: positions.map(Double.init), shape: [positions.count], dtype: dtype)
    }

    /// For each axis, the coordinates of the nonzero elements along it (NumPy's `nonzero`),
    /// as 1-D index arrays in this array's dtype. A constant, with no derivative.
    public func nonzero() -> [NDArray] {
        let flat = flatnonzero().scalars.map { Int($0) }
        return shape.indices.map { axis in
            let coordinates = flat.map { Double(IndexArray.multiIndex($0, shape)[axis]) }
            return NDArray(values: coordinates, shape: [coordinates.count], dtype: dtype)
        }
    }
}
