/// Differentiable pieces of matrices that the LAPACK operators' rules are built from:
/// triangles, diagonals, and the symmetric matrix read from one triangle. All are NDArray
/// operations (products with constant masks, sums, reshapes), so rules using them are
/// differentiable again. Every one acts on the last two axes and broadcasts over the others.
extension NDArray {
    /// The extent of the last axis (the order of a square matrix).
    var order: Int { shape[rank - 1] }

    /// The diagonal of each matrix: `[…, n, n]` → `[…, n]`.
    var matrixDiagonal: NDArray { (self * MatrixMask.identity(order, dtype)).sum(axis: rank - 1) }

    /// Diagonal matrices with these diagonals: `[…, n]` → `[…, n, n]`.
    var diagonalMatrix: NDArray {
        let n = order
        return asRow * MatrixMask.identity(n, dtype)
    }

    /// Each vector of the last axis as a row: `[…, n]` → `[…, 1, n]` (scales the columns of a matrix).
    var asRow: NDArray { reshape(Array(shape.dropLast()) + [1, order]) }
    /// Each vector of the last axis as a column: `[…, n]` → `[…, n, 1]` (scales the rows of a matrix).
    var asColumn: NDArray { reshape(Array(shape.dropLast()) + [order, 1]) }

    /// The lower triangle (`k = 0`: with the diagonal; `k = -1`: strictly below it).
    func lowerTriangle(_ k: Int = 0) -> NDArray { self * MatrixMask.lower(shape[rank - 2], order, k: k, dtype) }

    /// The symmetric matrix a routine reads from the lower triangle: `tril(X) + tril(X, -1)ᵀ`.
    var symmetricFromLower: NDArray { lowerTriangle() + lowerTriangle(-1).matrixTransposed }

    /// The transpose (adjoint) of ``symmetricFromLower``: the cotangent of `X` from that of
    /// the symmetric matrix, on the lower triangle only.
    ///
    ///     X̄ = Φ(S̄ + S̄ᵀ),  Φ = lower triangle with the diagonal halved
    var symmetricFromLowerTranspose: NDArray { (self + matrixTransposed).halfDiagonalLower }

    /// `Φ(X)`: the strictly lower triangle plus half the diagonal.
    var halfDiagonalLower: NDArray { self * MatrixMask.lowerHalfDiagonal(order, dtype) }
}

/// Constant masks (no derivative flows into them).
enum MatrixMask {
    /// The `n`×`n` identity.
    static func identity(_ n: Int, _ dtype: DType) -> NDArray { NDArray.eye(n, dtype: dtype) }

    /// Ones on and below the diagonal `k` of an `m`×`n` matrix.
    static func lower(_ m: Int, _ n: Int, k: Int, _ dtype: DType) -> NDArray {
        Kernels.generate(shape: [m, n], dtype: dtype) { i in i % Swift.max(n, 1) - i / Swift.max(n, 1) <= k ? 1 : 0 }
    }

    /// Ones below the diagonal, one half on it.
    static func lowerHalfDiagonal(_ n: Int, _ dtype: DType) -> NDArray {
        Kernels.generate(shape: [n, n], dtype: dtype) { i in
            let d = i % Swift.max(n, 1) - i / Swift.max(n, 1)
            return d < 0 ? 1 : (d == 0 ? 0.5 : 0)
        }
    }

    /// `1 / (wⱼ - wᵢ)` off the diagonal and 0 on it, for the vectors `w` of the last axis
    /// (`[…, n]` → `[…, n, n]`): the divided differences of eigenvalue derivatives.
    static func inverseDifferences(_ w: NDArray) -> NDArray {
        let n = w.order, eye = identity(n, w.dtype)
        let differences = w.asRow - w.asColumn + eye
        return (1 - eye) / differences
    }
}
