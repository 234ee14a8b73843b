/// One-hot encoding: each index becomes a row of `depth` zeros with a one at the index.
/// The output is in the indices' floating dtype. Zero derivative: the output is constant
/// between whole numbers, and indices are held constant anyway.
///
///     y[..., k] = 1 if indices[...] == k else 0        (k in 0 ..< depth)
///     ẏ = 0          x̄ = 0
///
/// An index outside `0 ..< depth` (negative ones included), not a whole number, or NaN is
/// an error (``OperatorError``), where JAX and MXNet give a row of zeros.
public struct OneHot: ZeroDerivativeOperator {
    /// The length of each one-hot row.
    public let depth: Int
    /// Rows of `depth` (at least 1).
    ///
    /// - Parameter depth: The number of classes: the length of each row, at least 1 (stops
    ///   otherwise); indices must lie in `0 ..< depth`.
    public init(depth: Int) {
        precondition(depth >= 1, "one_hot: depth must be at least 1, got \(depth)")
        self.depth = depth
    }
    /// "one_hot", its catalog and expression-language name.
    public var name: String { "one_hot" }
    /// One input: the index array.
    public var arity: Int { 1 }
    /// `"one_hot(depth=5)"`.
    public var description: String { "one_hot(depth=\(depth))" }
    /// Indices sampled in [0, depth-1]; zero derivative (an index out of range is an error).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.integers(0, depth - 1)], derivative: .zero,
                     note: "the indices are held constant (whole numbers in [0, depth-1]; out of range is an error, where JAX and MXNet give zeros)")
    }

    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }
    /// `indices.shape + [depth]` zeros with a one at each index; NaNs and a report for a bad index.
    public func primal(_ indices: NDArray) -> NDArray {
        let shape = indices.shape + [depth]
        guard let positions = IndexArray.positions(indices, extent: depth, negatives: false, operation: name,
                                                   target: "depth \(depth)") else {
            return IndexArray.failed(shape, dtype: indices.dtype)
        }
        let out = Kernels.filled(0, shape: shape, dtype: indices.dtype)
        for (row, k) in positions.enumerated() { out.storage.set(row * depth + k, 1) }
        return out
    }
}

// MARK: - Expression spelling

extension OneHot: CallSpelling {
    /// The depth, positionally: `one_hot(i, 3)`.
    public var spelling: Spelling { .call(name, after: [String(depth)]) }
}
