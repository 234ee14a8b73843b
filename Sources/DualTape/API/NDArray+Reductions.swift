/// Reductions in MXNet's style: `x.sum()` has shape `[1]`, axes may be given one or several,
/// `keepDims` keeps reduced axes with extent 1.
extension NDArray {
    /// Sum over `axes` (all when `nil`).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Sum(axes: axes, keepDims: keepDims), self) }
    /// Sum over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> NDArray { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes` (all when `nil`): the ``Mean`` operator, linear, with the values of
    /// `sum(axes:) / n`.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Mean(axes: axes, keepDims: keepDims), self) }
    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> NDArray { mean(axes: [axis], keepDims: keepDims) }

    /// Product over `axes` (all when `nil`).
    public func prod(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Prod(axes: axes, keepDims: keepDims), self) }
    public func prod(axis: Int, keepDims: Bool = false) -> NDArray { prod(axes: [axis], keepDims: keepDims) }

    /// Largest element over `axes` (all when `nil`).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Max(axes: axes, keepDims: keepDims), self) }
    public func max(axis: Int, keepDims: Bool = false) -> NDArray { max(axes: [axis], keepDims: keepDims) }

    /// Smallest element over `axes` (all when `nil`).
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Min(axes: axes, keepDims: keepDims), self) }
    public func min(axis: Int, keepDims: Bool = false) -> NDArray { min(axes: [axis], keepDims: keepDims) }

    /// Index of the largest element along `axis` (of the flattened array when `nil`).
    public func argmax(axis: Int? = nil, keepDims: Bool = false) -> NDArray { dispatch(ArgMax(axis: axis, keepDims: keepDims), self) }

    /// The `ord`-norm over `axes` (all when `nil`): L2 by default, L1 with `ord: 1`.
    ///
    ///     ‖x‖₂ = √Σx²      ‖x‖₁ = Σ|x|
    public func norm(ord: Int = 2, axes: [Int]? = nil, keepDims: Bool = false) -> NDArray {
        switch ord {
        case 2: return dispatch(Norm(axes: axes, keepDims: keepDims), self)
        case 1: return NDArray.abs(self).sum(axes: axes, keepDims: keepDims)
        default: preconditionFailure("norm: ord \(ord) is not supported (use 1 or 2)")
        }
    }
    public func norm(ord: Int = 2, axis: Int, keepDims: Bool = false) -> NDArray { norm(ord: ord, axes: [axis], keepDims: keepDims) }

    /// The value of a one-element array, as a NumPy-like scalar of this array's dtype.
    ///
    /// Inside a compiled function being traced, comparisons made on the scalar become guards
    /// of the trace, located at the caller's `file` and `line` (leave them to their defaults).
    public func asScalar(file: StaticString = #fileID, line: UInt = #line) -> Scalar {
        precondition(count == 1, "asScalar: the array has shape \(Shape.describe(shape)) (\(count) elements); asScalar needs exactly one")
        return Scalar(storage.double(at: offset), dtype: dtype, origin: ScalarOrigin.of(self, file: file, line: line))
    }
}
