/// Products of arrays beyond matmul: the outer (tensor) product, the Kronecker product and
/// einsum (in `Einsum.swift`). All are bilinear: forward mode applies the product to each
/// tangent in turn, reverse mode its transposes, which are products again.

/// The tensor product: every element of `a` times every element of `b`.
///
///     y[i…, j…] = a[i…] · b[j…]                         shape a.shape + b.shape
///     ẏ = ȧ ⊗ b + a ⊗ ḃ
///     ā[i…] = Σ_j ȳ[i…, j…] · b[j…]   b̄[j…] = Σ_i ȳ[i…, j…] · a[i…]   (matrix-vector products)
///
/// NumPy's `outer` is this product of the flattened operands (``outer(_:_:)``); on any
/// shapes it is NumPy's `multiply.outer`.
public struct Outer: MultilinearOperator {
    /// The tensor product.
    public init() {}
    /// "outer", its catalog and expression-language name.
    public var name: String { "outer" }
    /// Two inputs: `a` and `b`, of any shapes.
    public var arity: Int { 2 }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// `a.shape + b.shape`, every `a[i…]·b[j…]`; stops on different dtypes.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        precondition(a.dtype == b.dtype, "outer: dtypes \(a.dtype) and \(b.dtype) do not match")
        let ones = [Int](repeating: 1, count: b.rank), zeros = [Int](repeating: 0, count: b.rank)
        let rowOnes = [Int](repeating: 1, count: a.rank), rowZeros = [Int](repeating: 0, count: a.rank)
        let column = NDArray(storage: a.storage, shape: a.shape + ones, strides: a.strides + zeros, offset: a.offset)
        let row = NDArray(storage: b.storage, shape: rowOnes + b.shape, strides: rowZeros + b.strides, offset: b.offset)
        return Kernels.zip(column, row, BinaryValue(op: Multiply()), shape: a.shape + b.shape)
    }

    /// `ȳ` contracted with `b` over b's axes (i = 0), or with `a` over a's axes (i = 1).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        let g = cotangent.reshape([a.count, b.count])
        return i == 0 ? matmul(g, b.reshape([b.count])).reshape(a.shape) : matmul(a.reshape([a.count]), g).reshape(b.shape)
    }
}

/// The Kronecker product (NumPy's `kron`): the operand of smaller rank gets leading axes of
/// extent 1; then the result has extent `a.shape[t] · b.shape[t]` along each axis `t`, and
/// its block at `i…` is `a[i…] · b`.
///
///     y[i·p + k, j·q + l] = a[i, j] · b[k, l]           (a [m, n], b [p, q] → [m·p, n·q])
///     ẏ = kron(ȧ, b) + kron(a, ḃ)
///     ā[i, j] = Σ_{k,l} Y[i, k, j, l] · b[k, l]      b̄[k, l] = Σ_{i,j} Y[i, k, j, l] · a[i, j]
///
/// where `Y` is `ȳ` seen as `[m, p, n, q]` (a reshape): both transposes are einsums.
public struct Kron: MultilinearOperator {
    /// The Kronecker product.
    public init() {}
    /// "kron", its catalog and expression-language name.
    public var name: String { "kron" }
    /// Two inputs: `a` and `b`.
    public var arity: Int { 2 }

    /// The operands' shapes with leading 1s to one rank.
    static func padded(_ a: [Int], _ b: [Int]) -> ([Int], [Int]) {
        let rank = Swift.max(a.count, b.count)
        return ([Int](repeating: 1, count: rank - a.count) + a, [Int](repeating: 1, count: rank - b.count) + b)
    }

    /// `[a₀, b₀, a₁, b₁, …]`: the result's shape with each axis split into its two factors.
    static func interleaved(_ a: [Int], _ b: [Int]) -> [Int] { zip(a, b).flatMap { [$0, $1] } }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }

    /// Every block `a[i, j]·b` laid out as NumPy's `kron`; stops on different dtypes.
    public func primal(_ a: NDArray, _ b: NDArray) -> NDArray {
        precondition(a.dtype == b.dtype, "kron: dtypes \(a.dtype) and \(b.dtype) do not match")
        let (sa, sb) = Self.padded(a.shape, b.shape)
        let shape = Self.interleaved(sa, sb)
        let stridesA = [Int](repeating: 0, count: sa.count - a.rank) + a.strides
        let stridesB = [Int](repeating: 0, count: sb.count - b.rank) + b.strides
        let blocks = NDArray(storage: a.storage, shape: Self.interleaved(sa, sa.map { _ in 1 }),
                             strides: Self.interleaved(stridesA, stridesA.map { _ in 0 }), offset: a.offset)
        let tiles = NDArray(storage: b.storage, shape: Self.interleaved(sb.map { _ in 1 }, sb),
                            strides: Self.interleaved(stridesB.map { _ in 0 }, stridesB), offset: b.offset)
        let product = Kernels.zip(blocks, tiles, BinaryValue(op: Multiply()), shape: shape)
        return NDArray(storage: product.storage, shape: zip(sa, sb).map { $0 * $1 })
    }

    /// `ȳ`'s blocks contracted with `b` (i = 0) or with `a` (i = 1), in the shapes of the padded operands.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        let (a, b) = (inputs[0], inputs[1])
        let (sa, sb) = Self.padded(a.shape, b.shape)
        let all = Array(0 ..< 2 * sa.count)
        let ofA = all.filter { $0 % 2 == 0 }, ofB = all.filter { $0 % 2 == 1 }
        let y = cotangent.reshape(Self.interleaved(sa, sb))
        if i == 0 {
            let s = EinsumSubscripts(inputs: [all, ofB], output: ofA)
            return dispatch(Einsum(subscripts: s, outputShape: sa), y, b.reshape(sb)).reshape(a.shape)
        }
        let s = EinsumSubscripts(inputs: [ofA, all], output: ofB)
        return dispatch(Einsum(subscripts: s, outputShape: sb), a.reshape(sa), y).reshape(b.shape)
    }
}

/// NumPy's `outer`: the product of every element of `a` with every element of `b`, as a
/// matrix `[a.count, b.count]` (both are flattened first).
///
///     outer(u, v)[i, j] = u[i] · v[j]
///     ẏ = outer(u̇, v) + outer(u, v̇)          ū = ȳ v,  v̄ = ȳᵀ u
///
/// - Parameters:
///   - a: An array of any shape (flattened).
///   - b: An array of any shape (flattened), of `a`'s dtype.
/// - Returns: The matrix `[a.count, b.count]`.
public func outer(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Outer(), a.reshape([a.count]), b.reshape([b.count])) }

/// NumPy's `kron`: the Kronecker product, block `i…` of the result being `a[i…] · b` (the
/// operand of smaller rank gets leading axes of extent 1).
///
///     kron([[1, 2], [3, 4]], I₂) = [[1, 0, 2, 0], [0, 1, 0, 2], [3, 0, 4, 0], [0, 3, 0, 4]]
///     ẏ = kron(ȧ, b) + kron(a, ḃ)     (bilinear; the transposes contract the blocks)
///
/// - Parameters:
///   - a: The array whose elements scale the blocks.
///   - b: The block, of `a`'s dtype.
/// - Returns: An array of the larger rank whose extents are the products of the operands'
///   (after padding the smaller rank with leading 1s).
public func kron(_ a: NDArray, _ b: NDArray) -> NDArray { dispatch(Kron(), a, b) }

extension CallSignature {
    /// `outer(a, b)`: NumPy's, of the flattened arrays.
    static let outer = CallSignature("outer", family: .linearAlgebra, [.array("a"), .array("b")],
                                     summary: "outer product of the flattened arrays, [a.size, b.size]", info: Outer().info) { call throws(CallError) in
        let m = Shape.count(call.shape(0)), n = Shape.count(call.shape(1))
        return ResolvedCall(shape: [m, n]) { DualTape.outer($0[0], $0[1]) }
    }

    /// `kron(a, b)`: NumPy's Kronecker product.
    static let kron = CallSignature("kron", family: .linearAlgebra, [.array("a"), .array("b")],
                                    summary: "Kronecker product (NumPy's kron)", info: Kron().info) { call throws(CallError) in
        let (sa, sb) = Kron.padded(call.shape(0), call.shape(1))
        var shape: [Int] = []
        for (p, q) in zip(sa, sb) {
            let (extent, overflow) = p.multipliedReportingOverflow(by: q)
            guard !overflow else { throw CallError(.limit, "the result would have an axis of more than \(Int.max) elements") }
            shape.append(extent)
        }
        return ResolvedCall(shape: shape) { DualTape.kron($0[0], $0[1]) }
    }
}

extension OperatorCatalog {
    /// Products of two arrays besides matmul: outer, kron, einsum.
    static let products: [CatalogEntry] = [
        CatalogEntry(name: "outer", summary: "outer (tensor) product; NumPy's outer flattens first", family: .linearAlgebra, cases: [
            CatalogCase(Outer(), [[3], [2]]), CatalogCase(Outer(), [[4], [1]]),
        ], signatures: [.outer]),
        CatalogEntry(name: "kron", summary: "Kronecker product", family: .linearAlgebra, cases: [
            CatalogCase(Kron(), [[2, 2], [2, 3]]), CatalogCase(Kron(), [[3], [2, 2]]), CatalogCase(Kron(), [[2, 1, 2], [2, 2]]),
        ], signatures: [.kron]),
        CatalogEntry(name: "einsum", summary: "NumPy's einsum of one or two arrays through BLAS", family: .linearAlgebra, cases: [
            einsumCase("ij,jk->ik", [[2, 3], [3, 4]]), einsumCase("bij,bjk->bik", [[2, 2, 3], [2, 3, 2]]),
            einsumCase("ij->ji", [[2, 3]]), einsumCase("ii->", [[3, 3]]), einsumCase("ii->i", [[3, 3]]),
            einsumCase("i,j->ij", [[2], [3]]), einsumCase("ij->i", [[2, 3]]), einsumCase("ij,ij->ij", [[2, 3], [2, 3]]),
            einsumCase("bii,bi->b", [[2, 3, 3], [2, 3]]), einsumCase("ijk,kj", [[2, 3, 2], [2, 3]]),
        ], signatures: [.einsum]),
    ]

    /// An einsum case with its expression-language call (`einsum(ij_jk_ik, a0, a1)`).
    static func einsumCase(_ notation: String, _ shapes: [[Int]]) -> CatalogCase {
        let word = notation.replacing("->", with: "_").replacing(",", with: "_")
        let operands = shapes.indices.map { "a\($0)" }.joined(separator: ", ")
        return CatalogCase(Einsum(notation, shapes: shapes), shapes, call: "einsum(\(word), \(operands))")
    }
}

// MARK: - Expression spelling

extension Outer: CallSpelling {
    /// None: the language's `outer` is NumPy's, of the flattened operands, and the tensor
    /// product of higher ranks would need the operands' shapes to be written (a reshape).
    public var spelling: Spelling {
        .unwritable("the language's outer flattens its operands (NumPy's); the tensor product of higher ranks has no call")
    }
}
