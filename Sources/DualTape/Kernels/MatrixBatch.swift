/// Matrices for LAPACK: one matrix `[m, n]` or a batch `[B, m, n]`, read row-major, and what
/// can go wrong with one of them.

/// The matrices of an array of rank 2 (one) or 3 (a batch along the first axis), contiguous.
struct MatrixBatch {
    /// The values, contiguous from offset 0.
    let array: NDArray
    /// The number of matrices (1 for rank 2).
    let count: Int
    let rows: Int
    let columns: Int
    /// The leading batch shape: `[]` or `[B]`.
    let batchShape: [Int]

    init(_ x: NDArray) {
        precondition(x.rank == 2 || x.rank == 3, "matrix batch of rank \(x.rank)")
        array = x.contiguous()
        batchShape = x.rank == 3 ? [x.shape[0]] : []
        count = x.rank == 3 ? x.shape[0] : 1
        rows = x.shape[x.rank - 2]
        columns = x.shape[x.rank - 1]
    }

    /// Elements per matrix.
    var size: Int { rows * columns }

    /// The first element of matrix `i` (row-major); a single matrix serves every `i`.
    func item<T: NDScalar>(_ i: Int, _: T.Type) -> UnsafeMutablePointer<T> {
        array.storage.pointer(as: T.self) + (count == 1 ? 0 : i * size)
    }

    /// The first non-finite element of matrix `i` among those `read` selects (a triangle), as
    /// (row, column), if any.
    func firstNonFinite<T: NDScalar>(_ i: Int, _: T.Type, where read: (Int, Int) -> Bool = { _, _ in true }) -> (Int, Int)? {
        let p = item(i, T.self)
        for k in 0 ..< size where !p[k].isFinite {
            let (r, c) = (k / columns, k % columns)
            if read(r, c) { return (r, c) }
        }
        return nil
    }
}

/// What stopped a factorization of one matrix of a batch.
enum MatrixProblem: Equatable {
    /// Element (row, column) of matrix `item` is NaN or infinite.
    case nonFinite(item: Int, row: Int, column: Int, value: Double)
    /// The routine returned `info > 0` for matrix `item` (its meaning depends on the routine).
    case info(item: Int, Int)

    /// The matrix at fault.
    var item: Int {
        switch self {
        case .nonFinite(let item, _, _, _), .info(let item, _): return item
        }
    }

    /// `" (batch item 2)"` for a batch, nothing for one matrix.
    func location(batched: Bool) -> String { batched ? " (batch item \(item))" : "" }
}

extension Kernels {
    /// A row-major `[rows, columns]` matrix at `source` copied column-major into `destination`
    /// (leading dimension `rows`). With the extents swapped it copies a column-major matrix
    /// back to row-major.
    static func transposeCopy<T: NDScalar>(_ source: UnsafePointer<T>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<T>) {
        // Blocks of 32×32 keep both sides in cache for large matrices.
        let block = 32
        var r0 = 0
        while r0 < rows {
            let r1 = min(r0 + block, rows)
            var c0 = 0
            while c0 < columns {
                let c1 = min(c0 + block, columns)
                for r in r0 ..< r1 {
                    for c in c0 ..< c1 { destination[c * rows + r] = source[r * columns + c] }
                }
                c0 = c1
            }
            r0 = r1
        }
    }

    /// An array of `shape` filled with NaN (what an operator returns for data it cannot use).
    static func nan(_ shape: [Int], dtype: DType) -> NDArray { filled(.nan, shape: shape, dtype: dtype) }
}
