/// Where linear-algebra operators are sampled: matrices with a structure that keeps the
/// operator well defined and well conditioned at every sampled point, however the samplers
/// draw the elements (special values such as all zeros included).
///
/// Samplers draw elements in `[-1, 1]` as for an interval, then call ``Domain/structured(_:)``,
/// which builds each matrix (the last two axes, `[m, n]`) from those elements `M`. Elements
/// outside `[-1, 1]` are clamped first, so the guarantees below hold for any draw.
public enum MatrixStructure: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Strictly diagonally dominant, so invertible with a small condition number (solve, inv,
    /// det, triangular solve); the diagonal's signs follow `M`'s, so determinants of both signs occur.
    ///
    ///     A = M + (n + 1) · diag(sᵢ),  sᵢ = 1 if mᵢᵢ ≥ 0 else -1        (|aᵢᵢ| ≥ n > Σⱼ≠ᵢ |aᵢⱼ|)
    case invertible
    /// Symmetric positive definite, eigenvalues in `[1, n + 1]` (cholesky).
    ///
    ///     A = M Mᵀ / n + I
    case positiveDefinite
    /// Symmetric with eigenvalues at least 1 apart (eigh), by Weyl's inequality (‖E‖₂ ≤ n).
    ///
    ///     A = E + diag(dᵢ),  E = (M + Mᵀ) / 2,  dᵢ = (2n + 1) (i − (n − 1) / 2)
    case symmetric
    /// Any shape, singular values at least 1 apart and at least 1 (svd, qr), by Weyl's
    /// inequality for singular values (‖M‖₂ ≤ r = √(m n)).
    ///
    ///     A = M + D,  Dᵢᵢ = sᵢ (2r + 1) (k − i),  i < k = min(m, n),  sᵢ as for `invertible`
    case fullRank

    /// The structure in words (`"invertible matrices"`), for the catalog and `adcheck ops`.
    public var description: String {
        switch self {
        case .invertible: return "invertible matrices"
        case .positiveDefinite: return "symmetric positive definite matrices"
        case .symmetric: return "symmetric matrices with distinct eigenvalues"
        case .fullRank: return "matrices with distinct nonzero singular values"
        }
    }

    /// The matrix built from the `m`×`n` elements `e` (row-major).
    func build(_ e: [Double], rows m: Int, columns n: Int) -> [Double] {
        let x = e.map { Swift.min(1, Swift.max(-1, $0)) }
        var a = x
        let k = Swift.min(m, n)
        func sign(_ i: Int) -> Double { x[i * n + i] >= 0 ? 1 : -1 }
        switch self {
        case .invertible:
            for i in 0 ..< k { a[i * n + i] += sign(i) * Double(n + 1) }
        case .positiveDefinite:
            for i in 0 ..< m {
                for j in 0 ..< m where j < n {
                    var s = 0.0
                    for t in 0 ..< n { s += x[i * n + t] * x[j * n + t] }
                    a[i * n + j] = s / Double(n) + (i == j ? 1 : 0)
                }
            }
        case .symmetric:
            for i in 0 ..< m {
                for j in 0 ..< n where i < n && j < m { a[i * n + j] = (x[i * n + j] + x[j * n + i]) / 2 }
            }
            for i in 0 ..< k { a[i * n + i] += Double(2 * n + 1) * (Double(i) - Double(n - 1) / 2) }
        case .fullRank:
            let r = Double(m * n).squareRoot()
            for i in 0 ..< k { a[i * n + i] += sign(i) * (2 * r + 1) * Double(k - i) }
        }
        return a
    }
}

extension Domain {
    /// `x` with each matrix of its last two axes given this domain's structure (see
    /// ``MatrixStructure``); `x` itself for the elementwise domains and for arrays of rank
    /// below 2. Every sampler calls it after drawing the elements.
    ///
    /// - Parameter x: Sampled elements (in `[-1, 1]` for a matrix domain), a batch of
    ///   matrices in its last two axes.
    /// - Returns: An array of `x`'s shape with the structure (or `x` itself).
    public func structured(_ x: NDArray) -> NDArray {
        guard case .matrix(let structure) = self, x.rank >= 2 else { return x }
        let m = x.shape[x.rank - 2], n = x.shape[x.rank - 1], size = m * n
        guard size > 0 else { return x }
        let values = x.scalars
        var result: [Double] = []
        result.reserveCapacity(values.count)
        for start in stride(from: 0, to: values.count, by: size) {
            result += structure.build(Array(values[start ..< start + size]), rows: m, columns: n)
        }
        return NDArray(values: result, shape: x.shape, dtype: x.dtype)
    }
}
