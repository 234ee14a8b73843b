/// Matrix products, through CBLAS. Bilinear: linear in each argument.

/// `a @ b` for matrices `[m, k] @ [k, n]`, batches `[B, m, k] @ [B, k, n]`, and a batch
/// against one matrix (`[B, m, k] @ [k, n]` or `[m, k] @ [B, k, n]`).
///
///     ẏ = ȧ b + a ḃ          ā = ȳ bᵀ,  b̄ = aᵀ ȳ   (summed over a broadcast batch)
public struct MatMul: DifferentiableOperator {
    public init() {}
    public var name: String { "matmul" }
    public var arity: Int { 2 }

    public func primal(_ inputs: [NDArray]) -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        precondition(a.dtype == b.dtype, "matmul: dtypes \(a.dtype) and \(b.dtype) do not match")
        precondition((2 ... 3).contains(a.rank) && (2 ... 3).contains(b.rank) && a.shape[a.rank - 1] == b.shape[b.rank - 2]
                        && (a.rank == 2 || b.rank == 2 || a.shape[0] == b.shape[0]),
                     "matmul: shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not align")
        switch (a.rank, b.rank) {
        case (2, 2):
            return Kernels.matmul2D(a, b)
        case (3, 2) where a.isContiguous:
            // One GEMM for the whole batch: [B·m, k] @ [k, n].
            let flat = NDArray(storage: a.storage, shape: [a.shape[0] * a.shape[1], a.shape[2]], strides: [a.shape[2], 1], offset: a.offset)
            return Kernels.matmul2D(flat, b).reshape([a.shape[0], a.shape[1], b.shape[1]])
        default:
            let batch = a.rank == 3 ? a.shape[0] : b.shape[0]
            let m = a.shape[a.rank - 2], n = b.shape[b.rank - 1]
            let out = Storage(dtype: a.dtype, count: batch * m * n)
            let result = NDArray(storage: out, shape: [batch, m, n])
            for i in 0 ..< batch {
                let ai = a.rank == 3 ? a.batchItem(i) : a, bi = b.rank == 3 ? b.batchItem(i) : b
                Kernels.write(Kernels.matmul2D(ai, bi), into: result,
                              slice: SliceSpec(ranges: [AxisRange(start: i, count: 1, step: 1), AxisRange(start: 0, count: -1, step: 1), AxisRange(start: 0, count: -1, step: 1)]))
            }
            return result
        }
    }

    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        var terms: [NDArray] = []
        if let ta = tangents[0] { terms.append(matmul(ta, b)) }
        if let tb = tangents[1] { terms.append(matmul(a, tb)) }
        return terms.count == 2 ? terms[0] + terms[1] : terms[0]
    }

    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent g: NDArray, needed: [Bool]) throws -> [NDArray?] {
        let (a, b) = (inputs[0], inputs[1])
        return [needed[0] ? unbroadcast(matmul(g, b.matrixTransposed), to: a.shape) : nil,
                needed[1] ? unbroadcast(matmul(a.matrixTransposed, g), to: b.shape) : nil]
    }
}

extension NDArray {
    /// Item `i` of a 3-D array's first axis, as a 2-D view.
    func batchItem(_ i: Int) -> NDArray {
        NDArray(storage: storage, shape: [shape[1], shape[2]], strides: [strides[1], strides[2]], offset: offset + i * strides[0])
    }

    /// The last two axes swapped (a view), as a differentiable operation.
    var matrixTransposed: NDArray {
        var perm = Array(0 ..< rank)
        perm.swapAt(rank - 1, rank - 2)
        return transposed(perm)
    }
}
