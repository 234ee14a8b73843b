/// Reductions in MXNet's style: `x.sum()` has shape `[1]`, axes may be given one or several,
/// `keepDims` keeps reduced axes with extent 1.
extension NDArray {
    /// Sum over `axes` (all when `nil`).
    ///
    ///     ẏ = Σ ẋ          x̄ = broadcast(ȳ)
    ///
    /// - Parameters:
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The sums, in this array's dtype.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Sum(axes: axes, keepDims: keepDims), self) }
    /// Sum over one axis.
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The sums along `axis`, in this array's dtype.
    public func sum(axis: Int, keepDims: Bool = false) -> NDArray { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes` (all when `nil`): the ``Mean`` operator, linear, with the values of
    /// `sum(axes:) / n`, `n` the number of elements reduced into each result.
    ///
    ///     ẏ = Σ ẋ / n          x̄ = broadcast(ȳ) / n
    ///
    /// - Parameters:
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The means, in this array's dtype.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Mean(axes: axes, keepDims: keepDims), self) }
    /// Mean over one axis.
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The means along `axis`, in this array's dtype.
    public func mean(axis: Int, keepDims: Bool = false) -> NDArray { mean(axes: [axis], keepDims: keepDims) }

    /// Product over `axes` (all when `nil`).
    ///
    /// The derivative is the product of the other elements, exact when some are zero (no
    /// division by `x`).
    ///
    ///     x̄ᵢ = ȳ · Π_{j≠i} xⱼ
    ///
    /// - Parameters:
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The products, in this array's dtype.
    public func prod(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Prod(axes: axes, keepDims: keepDims), self) }
    /// Product over one axis (see ``prod(axes:keepDims:)``).
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The products along `axis`, in this array's dtype.
    public func prod(axis: Int, keepDims: Bool = false) -> NDArray { prod(axes: [axis], keepDims: keepDims) }

    /// Largest element over `axes` (all when `nil`); tied maxima share the derivative equally.
    ///
    /// A NaN in the reduced elements gives NaN. Sharing at ties is a valid subgradient, as in
    /// PyTorch's `amax` and JAX (MXNet gives each tied element the full derivative).
    ///
    ///     x̄ = ȳ · [x = y] / #{x = y}
    ///
    /// - Parameters:
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The maxima, in this array's dtype.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Max(axes: axes, keepDims: keepDims), self) }
    /// Largest element over one axis (see ``max(axes:keepDims:)``).
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The maxima along `axis`, in this array's dtype.
    public func max(axis: Int, keepDims: Bool = false) -> NDArray { max(axes: [axis], keepDims: keepDims) }

    /// Smallest element over `axes` (all when `nil`); tied minima share the derivative equally.
    ///
    ///     x̄ = ȳ · [x = y] / #{x = y}
    ///
    /// - Parameters:
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The minima, in this array's dtype.
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray { dispatch(Min(axes: axes, keepDims: keepDims), self) }
    /// Smallest element over one axis (see ``min(axes:keepDims:)``).
    ///
    /// - Parameters:
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The minima along `axis`, in this array's dtype.
    public func min(axis: Int, keepDims: Bool = false) -> NDArray { min(axes: [axis], keepDims: keepDims) }

    /// Index of the largest element along `axis` (of the flattened array when `nil`).
    ///
    /// The first maximum wins a tie, and the first NaN wins over numbers. The indices are
    /// whole numbers in this array's dtype. There is no derivative: differentiating through
    /// argmax throws ``AutogradError/noDerivative(operator:argument:)`` from the transform.
    ///
    /// - Parameters:
    ///   - axis: The axis to search (negative counts from the end), or `nil` (the default) to
    ///     search the flattened array, giving shape `[1]`.
    ///   - keepDims: Whether the searched axis stays with extent 1 (default `false`).
    /// - Returns: Whole-number indices in this array's dtype, of the reduced shape.
    public func argmax(axis: Int? = nil, keepDims: Bool = false) -> NDArray { dispatch(ArgMax(axis: axis, keepDims: keepDims), self) }

    /// The `ord`-norm over `axes` (all when `nil`): L2 by default, L1 with `ord: 1`.
    ///
    ///     ‖x‖₂ = √Σx²      ‖x‖₁ = Σ|x|
    ///
    /// The L2 norm's derivative `x / ‖x‖₂` is 0 at the zero vector (a valid subgradient, where
    /// MXNet, PyTorch and JAX give NaN); the L1 norm is `abs(x).sum(...)`, derivative `sign(x)`.
    ///
    ///     x̄ = ȳ · x / y  (0 where y = 0)
    ///
    /// - Parameters:
    ///   - ord: 2 (the default) or 1; any other value stops the program.
    ///   - axes: The axes to reduce (negative count from the end), or `nil` (the default) for
    ///     all of them, which gives shape `[1]` (or all ones with `keepDims`).
    ///   - keepDims: Whether reduced axes stay with extent 1 (default `false`: removed).
    /// - Returns: The norms, in this array's dtype.
    public func norm(ord: Int = 2, axes: [Int]? = nil, keepDims: Bool = false) -> NDArray {
        switch ord {
        case 2: return dispatch(Norm(axes: axes, keepDims: keepDims), self)
        case 1: return NDArray.abs(self).sum(axes: axes, keepDims: keepDims)
        default: preconditionFailure("norm: ord \(ord) is not supported (use 1 or 2)")
        }
    }
    /// The `ord`-norm over one axis (see ``norm(ord:axes:keepDims:)``).
    ///
    /// - Parameters:
    ///   - ord: 2 (the default) or 1.
    ///   - axis: The axis to reduce (negative counts from the end).
    ///   - keepDims: Whether it stays with extent 1 (default `false`: removed).
    /// - Returns: The norms along `axis`, in this array's dtype.
    public func norm(ord: Int = 2, axis: Int, keepDims: Bool = false) -> NDArray { norm(ord: ord, axes: [axis], keepDims: keepDims) }

    /// The value of a one-element array, as a NumPy-like scalar of this array's dtype.
    ///
    /// Inside a compiled function being traced, comparisons made on the scalar become guards
    /// of the trace, located at the caller's `file` and `line` (leave them to their defaults).
    ///
    /// - Parameters:
    ///   - file: The caller's file, named by a stale-trace error.
    ///   - line: The caller's line, named by a stale-trace error.
    /// - Returns: The value with this array's dtype.
    public func asScalar(file: StaticString = #fileID, line: UInt = #line) -> Scalar {
        precondition(count == 1, "asScalar: the array has shape \(Shape.describe(shape)) (\(count) elements); asScalar needs exactly one")
        return Scalar(storage.double(at: offset), dtype: dtype, origin: ScalarOrigin.of(self, file: file, line: line))
    }
}
