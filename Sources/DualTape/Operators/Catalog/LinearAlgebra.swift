/// Matrix products, through CBLAS. Bilinear: linear in each argument.

/// `a @ b` for matrices `[m, k] @ [k, n]`, batches `[B, m, k] @ [B, k, n]`, and a batch
/// against one matrix (`[B, m, k] @ [k, n]` or `[m, k] @ [B, k, n]`).
///
///     ẏ = ȧ b + a ḃ          ā = ȳ bᵀ,  b̄ = aᵀ ȳ   (summed over a broadcast batch)
public struct MatMul: DifferentiableOperator {
    /// The operator (it has no attributes); `matmul(a, b)` applies it.
    public init() {}
    /// "matmul", its catalog and expression-language name.
    public var name: String { "matmul" }
    /// Two inputs: `a` and `b`.
    public var arity: Int { 2 }

    /// `a @ b` through BLAS `gemm` (batched or broadcast over a leading batch axis).
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

    /// `ȧ b + a ḃ`, skipping a missing tangent.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        var terms: [NDArray] = []
        if let ta = tangents[0] { terms.append(matmul(ta, b)) }
        if let tb = tangents[1] { terms.append(matmul(a, tb)) }
        return terms.count == 2 ? terms[0] + terms[1] : terms[0]
    }

    /// `ȳ bᵀ` for `a` and `aᵀ ȳ` for `b`, summed over a broadcast batch.
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

extension OperatorCatalog {
    /// Matrix products: `a @ b`, `matmul(a, b)`, `dot(a, b)`.
    static let linearAlgebra: [CatalogEntry] = [
        CatalogEntry(name: "matmul", summary: "matrix product through CBLAS (also dot)", family: .linearAlgebra, cases: [
            CatalogCase(MatMul(), [[2, 3], [3, 4]]), CatalogCase(MatMul(), [[2, 2, 3], [2, 3, 2]]),
            CatalogCase(MatMul(), [[2, 2, 3], [3, 2]]), CatalogCase(MatMul(), [[1, 3], [3, 1]]),
        ], signatures: [MatMul.signature("matmul"), MatMul.signature("dot", summary: "the same as matmul (MXNet's name)")]),
    ]
}

extension MatMul {
    /// `name(a, b)`: the ranks `matmul` accepts, and the result's shape:
    ///
    ///     [k] @ [k] → [1]          [m, k] @ [k] → [m]        [B, m, k] @ [k] → [B, m]
    ///     [k] @ [k, n] → [n]       [k] @ [B, k, n] → [B, n]
    ///     [m, k] @ [k, n] → [m, n] and batches [B, m, k] @ [B, k, n], [B, m, k] @ [k, n], [m, k] @ [B, k, n] → [B, m, n]
    static func signature(_ name: String, summary: String = "matrix product through CBLAS (also dot)") -> CallSignature {
        CallSignature(name, family: .linearAlgebra, [.array("a"), .array("b")], summary: summary, info: MatMul().info) { call throws(CallError) in
            let a = call.shape(0), b = call.shape(1)
            let mismatch = CallError(.shape, "shapes \(Shape.describe(a)) and \(Shape.describe(b)) do not align")
            let shape: [Int], inner: Int
            switch (a.count, b.count) {
            case (1, 1):
                guard a == b else { throw mismatch }
                (shape, inner) = ([1], a[0])
            case (2, 1), (3, 1):
                guard a.last == b[0] else { throw mismatch }
                (shape, inner) = (Array(a.dropLast()), b[0])
            case (1, 2), (1, 3):
                guard a[0] == b[b.count - 2] else { throw mismatch }
                (shape, inner) = (Array(b.dropLast(2)) + [b[b.count - 1]], a[0])
            case (2, 2), (2, 3), (3, 2), (3, 3):
                guard a[a.count - 1] == b[b.count - 2], a.count == 2 || b.count == 2 || a[0] == b[0] else { throw mismatch }
                let batch = a.count == 3 ? [a[0]] : b.count == 3 ? [b[0]] : []
                (shape, inner) = (batch + [a[a.count - 2], b[b.count - 1]], a[a.count - 1])
            default:
                throw CallError(.shape, "shapes \(Shape.describe(a)) and \(Shape.describe(b)) have ranks \(a.count) and \(b.count); matmul takes ranks 1 to 3")
            }
            // The result's elements times the inner extent: the multiply-adds of the product.
            let (work, overflow) = (elementCount(shape) ?? Int.max).multipliedReportingOverflow(by: inner)
            return ResolvedCall(shape: shape, work: overflow ? Int.max : work) { matmul($0[0], $0[1]) }
        }
    }
}
