/// How the Swift API of the LAPACK operators batches over any number of leading axes: the
/// operators themselves take one matrix `[m, n]` or one batch axis `[B, m, n]` (as `matmul`
/// does), and these helpers flatten the leading axes into that one and restore them.
enum MatrixBatching {
    /// `x` `[…, m, n]` with its leading axes flattened into one (none when it has none).
    static func flatten(_ x: NDArray) -> NDArray {
        x.rank <= 3 ? x : x.reshape([Shape.count(Array(x.shape.dropLast(2)))] + x.shape.suffix(2))
    }

    /// The leading axes of `[…, m, n]`.
    static func leading(_ shape: [Int]) -> [Int] { Array(shape.dropLast(2)) }

    /// `y` (flattened as ``flatten(_:)`` did) with the leading axes `lead` restored in front of
    /// its `trailing` axes.
    static func restore(_ y: NDArray, leading lead: [Int], trailing: Int) -> NDArray {
        let shape = lead + y.shape.suffix(trailing)
        return y.shape == shape ? y : y.reshape(shape)
    }

    /// Checks that `a` holds square matrices `[…, n, n]`, or stops naming `operation`.
    static func requireSquare(_ operation: String, _ a: NDArray) {
        precondition(a.rank >= 2 && a.shape[a.rank - 1] == a.shape[a.rank - 2],
                     "\(operation): expects square matrices [..., n, n], got shape \(Shape.describe(a.shape))")
    }

    /// Applies `op` (a solve of `A X = B`) to `a` `[…, n, n]` and `b`: a vector `[n]`, or
    /// matrices `[…, n, k]` whose leading axes equal `a`'s or one side has none (NumPy 2's
    /// rule: only a 1-D `b` is a vector).
    static func solve(_ operation: String, _ a: NDArray, _ b: NDArray, _ op: (NDArray, NDArray) -> NDArray) -> NDArray {
        requireSquare(operation, a)
        let n = a.shape[a.rank - 1]
        if b.rank == 1 {
            precondition(b.shape[0] == n, "\(operation): a of shape \(Shape.describe(a.shape)) and b of shape \(Shape.describe(b.shape)) do not align")
            let x = op(flatten(a), b.reshape([n, 1]))
            return x.reshape(leading(a.shape) + [n])
        }
        let la = leading(a.shape), lb = leading(b.shape)
        precondition(b.rank >= 2 && b.shape[b.rank - 2] == n && (la == lb || la.isEmpty || lb.isEmpty),
                     "\(operation): a of shape \(Shape.describe(a.shape)) and b of shape \(Shape.describe(b.shape)) do not align (b is [n], or [..., n, k] with a's leading axes or none)")
        return restore(op(flatten(a), flatten(b)), leading: la.isEmpty ? lb : la, trailing: 2)
    }

    /// Checks the operands of a solve operator (`[n, n]` or `[B, n, n]` against `[n, k]` or
    /// `[B, n, k]`, one side possibly unbatched), or stops naming `operation`.
    static func requireSystem(_ operation: String, _ a: NDArray, _ b: NDArray) {
        precondition(a.dtype == b.dtype, "\(operation): dtypes \(a.dtype) and \(b.dtype) do not match")
        precondition((a.rank == 2 || a.rank == 3) && (b.rank == 2 || b.rank == 3)
                        && a.shape[a.rank - 1] == a.shape[a.rank - 2] && b.shape[b.rank - 2] == a.shape[a.rank - 1]
                        && (a.rank == 2 || b.rank == 2 || a.shape[0] == b.shape[0]),
                     "\(operation): shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align ([B, n, n] or [n, n] against [B, n, k] or [n, k])")
    }

    /// Checks the operand of a one-input operator (`[m, n]` or `[B, m, n]`), or stops naming `operation`.
    static func requireMatrices(_ operation: String, _ a: NDArray, square: Bool) {
        precondition((a.rank == 2 || a.rank == 3) && (!square || a.shape[a.rank - 1] == a.shape[a.rank - 2]),
                     "\(operation): expects \(square ? "square matrices [n, n] or [B, n, n]" : "matrices [m, n] or [B, m, n]"), got shape \(Shape.describe(a.shape))")
    }
}
