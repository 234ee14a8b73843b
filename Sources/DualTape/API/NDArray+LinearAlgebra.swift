/// Matrix and vector products through CBLAS.
///
///     matmul(A, B)  [m, k] @ [k, n] → [m, n];  batches [B, m, k] @ [B, k, n]
///     dot(v, w)     vectors → shape [1];  matrix · vector → [m]
///
/// A vector operand is treated as a row (on the left) or a column (on the right) and that
/// axis removed from the result; a batch may meet one matrix on either side. Shapes that do
/// not align stop the program naming both.
///
///     ẏ = ȧ b + a ḃ          ā = ȳ bᵀ,  b̄ = aᵀ ȳ   (summed over a broadcast batch)
///
/// - Parameters:
///   - a: The left factor: a vector `[k]`, a matrix `[m, k]` or a batch `[B, m, k]`.
///   - b: The right factor, of `a`'s dtype: `[k]`, `[k, n]` or `[B, k, n]`.
/// - Returns: The product, with vector axes removed (`[m, k] @ [k]` has shape `[m]`).
public func matmul(_ a: NDArray, _ b: NDArray) -> NDArray {
    switch (a.rank, b.rank) {
    case (1, 1):
        precondition(a.shape == b.shape, "matmul: shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align")
        return dispatch(MatMul(), [a.reshape([1, a.count]), b.reshape([b.count, 1])]).reshape([1])
    case (2, 1), (3, 1):
        precondition(a.shape[a.rank - 1] == b.shape[0], "matmul: shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align")
        return dispatch(MatMul(), [a, b.reshape([b.count, 1])]).reshape(Array(a.shape.dropLast()))
    case (1, 2), (1, 3):
        precondition(a.shape[0] == b.shape[b.rank - 2], "matmul: shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align")
        var out = Array(b.shape.dropLast(2))
        out.append(b.shape[b.rank - 1])
        return dispatch(MatMul(), [a.reshape([1, a.count]), b]).reshape(out)
    default:
        return dispatch(MatMul(), a, b)
    }
}

/// MXNet's `dot`: the same as ``matmul(_:_:)`` for the ranks it supports.
///
/// - Parameters:
///   - a: The left factor (rank 1 to 3).
///   - b: The right factor (rank 1 to 3), of `a`'s dtype.
/// - Returns: `matmul(a, b)`.
public func dot(_ a: NDArray, _ b: NDArray) -> NDArray { matmul(a, b) }

extension NDArray {
    /// `self @ other`: the matrix product ``matmul(_:_:)`` with this array on the left.
    ///
    /// - Parameter other: The right factor: `[k]`, `[k, n]` or `[B, k, n]`.
    /// - Returns: The product, with vector axes removed.
    public func matmul(_ other: NDArray) -> NDArray { DualTape.matmul(self, other) }
    /// MXNet's `dot`: the same as ``matmul(_:)``.
    ///
    /// - Parameter other: The right factor: `[k]`, `[k, n]` or `[B, k, n]`.
    /// - Returns: `matmul(self, other)`.
    public func dot(_ other: NDArray) -> NDArray { DualTape.matmul(self, other) }
}
