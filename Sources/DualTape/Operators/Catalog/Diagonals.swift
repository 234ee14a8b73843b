/// Diagonals: taking one (a view), writing one into zeros (its transpose), NumPy's `diag`
/// for both directions, and the trace. All linear; each declares its map and its transpose,
/// so every order of derivative is exact.

/// Where the diagonal `offset` of axes `(axis1, axis2)` lies in an array of `shape`, as NumPy
/// defines it: element `k` is at `(k, k + offset)` for `offset ≥ 0` and `(k - offset, k)`
/// otherwise, and the diagonal becomes the last axis of the result.
public struct DiagonalSpec: Sendable, Hashable, CustomStringConvertible {
    /// The diagonal: 0 the main one, positive above it (towards larger `axis2` indices).
    public let offset: Int
    /// The axis of the diagonal's rows (negative counts from the end).
    public let axis1: Int
    /// The axis of the diagonal's columns (negative counts from the end).
    public let axis2: Int

    /// The diagonal `offset` of axes `axis1` and `axis2` (checked against an array's rank
    /// when used).
    ///
    /// - Parameters:
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
    public init(offset: Int = 0, axis1: Int = 0, axis2: Int = 1) {
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2
    }

    /// The two axes normalized for an array of `rank`, stopping on misuse with `operation`'s name.
    func axes(rank: Int, _ operation: String) -> (Int, Int) {
        precondition(rank >= 2, "\(operation): needs an array of at least 2 axes, got rank \(rank)")
        let a1 = Shape.axis(axis1, rank: rank, operation: operation), a2 = Shape.axis(axis2, rank: rank, operation: operation)
        precondition(a1 != a2, "\(operation): axis1 \(axis1) and axis2 \(axis2) are the same axis of a rank-\(rank) array")
        return (a1, a2)
    }

    /// The length of the diagonal in an array of `shape`.
    func length(_ shape: [Int], _ operation: String) -> Int {
        let (a1, a2) = axes(rank: shape.count, operation)
        let n = offset >= 0 ? Swift.min(shape[a1], shape[a2] - offset) : Swift.min(shape[a1] + offset, shape[a2])
        return Swift.max(n, 0)
    }

    /// The shape of the diagonal of an array of `shape`: the other axes, then the diagonal.
    func diagonalShape(_ shape: [Int], _ operation: String) -> [Int] {
        let (a1, a2) = axes(rank: shape.count, operation)
        return shape.indices.filter { $0 != a1 && $0 != a2 }.map { shape[$0] } + [length(shape, operation)]
    }

    /// The diagonal of `x` as a view (no copy).
    func view(_ x: NDArray, _ operation: String) -> NDArray {
        let (a1, a2) = axes(rank: x.rank, operation)
        let others = x.shape.indices.filter { $0 != a1 && $0 != a2 }
        let n = length(x.shape, operation)
        let start = n == 0 ? 0 : (offset >= 0 ? offset * x.strides[a2] : -offset * x.strides[a1])
        return NDArray(storage: x.storage, shape: others.map { x.shape[$0] } + [n],
                       strides: others.map { x.strides[$0] } + [x.strides[a1] + x.strides[a2]], offset: x.offset + start)
    }

    /// `"offset=0, axis1=-2, axis2=-1"`.
    public var description: String { "offset=\(offset), axis1=\(axis1), axis2=\(axis2)" }
}

/// The diagonal `offset` of axes `(axis1, axis2)` (NumPy's `diagonal`, default the main
/// diagonal of the first two axes), as the last axis of a view.
///
///     transpose: write the cotangent on the diagonal of zeros (``DiagonalScatter``)
public struct Diagonal: LinearOperator {
    /// Which diagonal.
    public let spec: DiagonalSpec
    /// The diagonal `offset` of axes `axis1` and `axis2`.
    ///
    /// - Parameters:
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
    public init(offset: Int = 0, axis1: Int = 0, axis2: Int = 1) { spec = DiagonalSpec(offset: offset, axis1: axis1, axis2: axis2) }
    /// "diagonal", the catalog and expression-language name.
    public var name: String { "diagonal" }
    /// One input.
    public var arity: Int { 1 }
    /// `"diagonal(offset=0, axis1=0, axis2=1)"`.
    public var description: String { "diagonal(\(spec))" }
    /// A view of the diagonal, its axis last (NumPy's order).
    public func primal(_ inputs: [NDArray]) -> NDArray { spec.view(inputs[0], name) }
    /// The cotangent written on the diagonal of zeros of the input's shape (``DiagonalScatter``).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [dispatch(DiagonalScatter(shape: inputs[0].shape, offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2), cotangent)]
    }
}

/// Zeros of `shape` with the input written on the diagonal `offset` of axes `(axis1, axis2)`:
/// the transpose of ``Diagonal`` (the input has the diagonal's shape).
///
///     transpose: take the diagonal of the cotangent
public struct DiagonalScatter: LinearOperator {
    /// The shape of the result.
    public let shape: [Int]
    /// Which diagonal is written.
    public let spec: DiagonalSpec
    /// Zeros of `shape` with the input on its diagonal `offset` of axes `axis1` and `axis2`.
    ///
    /// - Parameters:
    ///   - shape: The result's shape; the input must have the shape of its diagonal (the other
    ///     axes, then the diagonal's length).
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
    public init(shape: [Int], offset: Int = 0, axis1: Int = 0, axis2: Int = 1) {
        self.shape = shape
        spec = DiagonalSpec(offset: offset, axis1: axis1, axis2: axis2)
    }
    /// "diagonal_scatter", its catalog and expression-language name.
    public var name: String { "diagonal_scatter" }
    /// One input.
    public var arity: Int { 1 }
    /// `"diagonal_scatter(offset=…) into [3, 3]"`.
    public var description: String { "diagonal_scatter(\(spec)) into \(Shape.describe(shape))" }
    /// Zeros of `shape` with the input on the diagonal; stops when the input is not the diagonal's shape.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        let expected = spec.diagonalShape(shape, name)
        precondition(x.shape == expected,
                     "diagonal_scatter: a value of shape \(Shape.describe(x.shape)) does not fit the diagonal (\(spec)) of shape \(Shape.describe(expected)) of an array of shape \(Shape.describe(shape))")
        let result = Kernels.filled(0, shape: shape, dtype: x.dtype)
        switch x.dtype {
        case .float32: Kernels.update(spec.view(result, name), from: x, Kernels.Overwrite(), Float.self)
        case .float64: Kernels.update(spec.view(result, name), from: x, Kernels.Overwrite(), Double.self)
        }
        return result
    }
    /// The diagonal of the cotangent (``Diagonal``).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [dispatch(Diagonal(offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2), cotangent)]
    }
}

/// NumPy's `diag`: a 1-D input becomes the square matrix with it on the diagonal `k`; a 2-D
/// input gives its diagonal `k`. Linear.
///
///     transpose: the diagonal `k` of the cotangent (1-D input); the cotangent written on the
///                diagonal `k` of zeros of the input's shape (2-D input)
public struct Diag: LinearOperator {
    /// The diagonal: 0 the main one, positive above it.
    public let k: Int
    /// NumPy's `diag` with diagonal `k`.
    ///
    /// - Parameter k: The diagonal: 0 the main one (default), positive above it, negative below.
    public init(k: Int = 0) { self.k = k }
    /// "diag", its catalog and expression-language name.
    public var name: String { "diag" }
    /// One input.
    public var arity: Int { 1 }
    /// `"diag(k=0)"`.
    public var description: String { "diag(k=\(k))" }
    /// A 1-D input on the diagonal `k` of a square matrix, or a 2-D input's diagonal `k`.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        switch x.rank {
        case 1:
            let n = x.shape[0] + Swift.abs(k)
            return DiagonalScatter(shape: [n, n], offset: k).primal([x])
        case 2:
            return Diagonal(offset: k).primal([x])
        default:
            preconditionFailure("diag: needs a 1-D or 2-D array, got shape \(Shape.describe(x.shape))")
        }
    }
    /// For a 1-D input the cotangent's diagonal `k`; for a 2-D input the cotangent on diagonal `k` of zeros.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let x = inputs[0]
        return [x.rank == 1 ? dispatch(Diag(k: k), cotangent) : dispatch(DiagonalScatter(shape: x.shape, offset: k), cotangent)]
    }
}

/// The sum of the diagonal `offset` of axes `(axis1, axis2)`, by default the last two axes
/// (a trace per matrix of a batch; NumPy's `np.trace` defaults to the first two, the same for
/// a matrix). A matrix's trace has shape `[1]`, as MXNet's full reductions.
///
///     y = Σ_k x[k, k + offset]          transpose: ȳ written along the diagonal of zeros
public struct Trace: LinearOperator {
    /// Which diagonal is summed.
    public let spec: DiagonalSpec
    /// The trace of the diagonal `offset` of axes `axis1` and `axis2` (by default the last two).
    ///
    /// - Parameters:
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default -2.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default -1.
    public init(offset: Int = 0, axis1: Int = -2, axis2: Int = -1) { spec = DiagonalSpec(offset: offset, axis1: axis1, axis2: axis2) }
    /// "trace", its catalog and expression-language name.
    public var name: String { "trace" }
    /// One input.
    public var arity: Int { 1 }
    /// `"trace(offset=0, axis1=-2, axis2=-1)"`.
    public var description: String { "trace(\(spec))" }

    /// The output shape for an input of `shape`: the other axes, or `[1]` when there are none.
    func outputShape(_ shape: [Int]) -> [Int] {
        let others = Array(spec.diagonalShape(shape, name).dropLast())
        return others.isEmpty ? Shape.unit : others
    }

    /// The sum of the diagonal's elements, one per batch position.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let diagonal = spec.view(inputs[0], name)
        return Kernels.reduce(diagonal, axes: [diagonal.rank - 1], .sum).reshape(outputShape(inputs[0].shape))
    }
    /// `ȳ` written along the diagonal of zeros of the input's shape.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        let x = inputs[0]
        let diagonalShape = spec.diagonalShape(x.shape, name)
        let spread = cotangent.reshape(Array(diagonalShape.dropLast()) + [1]).broadcast(to: diagonalShape)
        return [dispatch(DiagonalScatter(shape: x.shape, offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2), spread)]
    }
}

// MARK: - Swift API

extension NDArray {
    /// The diagonal `offset` of axes `axis1` and `axis2`, as the last axis of a view (NumPy's
    /// `diagonal`).
    ///
    ///     transpose: the cotangent written on the diagonal of zeros of `self`'s shape
    ///
    /// - Parameters:
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
    /// - Returns: A view of `self` whose shape is the other axes, then the diagonal's length
    ///   (0 when `offset` is past the edge).
    public func diagonal(offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray {
        dispatch(Diagonal(offset: offset, axis1: axis1, axis2: axis2), self)
    }

    /// The sum of the diagonal `offset` of axes `axis1` and `axis2` (by default the last two:
    /// one trace per matrix).
    ///
    ///     y = Σ_k x[k, k + offset]          x̄ = ȳ written along the diagonal of zeros
    ///
    /// - Parameters:
    ///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
    ///   - axis1: The axis of the diagonal's rows (negative counts from the end); default -2.
    ///   - axis2: The axis of the diagonal's columns, another than `axis1`; default -1.
    /// - Returns: The other axes' shape, or `[1]` for a matrix (as MXNet's full reductions).
    public func trace(offset: Int = 0, axis1: Int = -2, axis2: Int = -1) -> NDArray {
        dispatch(Trace(offset: offset, axis1: axis1, axis2: axis2), self)
    }
}

/// The diagonal `offset` of `x`'s axes `axis1` and `axis2`, as the last axis (NumPy's `diagonal`).
///
///     transpose: the cotangent written on the diagonal of zeros of `x`'s shape
///
/// - Parameters:
///   - x: An array of at least 2 axes.
///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
/// - Returns: A view of `x`: the other axes, then the diagonal.
public func diagonal(_ x: NDArray, offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray {
    x.diagonal(offset: offset, axis1: axis1, axis2: axis2)
}

/// The trace of `x` over axes `axis1` and `axis2` (by default the last two), diagonal `offset`.
///
///     y = Σ_k x[k, k + offset]          x̄ = ȳ written along the diagonal of zeros
///
/// - Parameters:
///   - x: An array of at least 2 axes (a matrix or a batch of them).
///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
///   - axis1: The axis of the diagonal's rows (negative counts from the end); default -2.
///   - axis2: The axis of the diagonal's columns, another than `axis1`; default -1.
/// - Returns: One trace per matrix: the other axes' shape, or `[1]` for a matrix.
public func trace(_ x: NDArray, offset: Int = 0, axis1: Int = -2, axis2: Int = -1) -> NDArray {
    x.trace(offset: offset, axis1: axis1, axis2: axis2)
}

/// NumPy's `diag`: the square matrix with the 1-D `x` on its diagonal `k`, or the diagonal
/// `k` of the 2-D `x`.
///
///     diag([1, 2]) == [[1, 0], [0, 2]],  diag([[1, 2], [3, 4]]) == [1, 4]
///
/// Linear; its transpose is `diag` in the other direction. Stops on an input of another rank.
///
/// - Parameters:
///   - x: A 1-D or a 2-D array.
///   - k: The diagonal: 0 the main one (default), positive above it, negative below.
/// - Returns: For a 1-D `x` of length n, the `(n + |k|) × (n + |k|)` matrix; for a 2-D `x`, its
///   diagonal `k`.
public func diag(_ x: NDArray, k: Int = 0) -> NDArray { dispatch(Diag(k: k), x) }

/// Zeros of `shape` with `x` written on the diagonal `offset` of axes `axis1` and `axis2`
/// (the transpose of ``diagonal(_:offset:axis1:axis2:)``). Stops if `x`'s shape is not the
/// diagonal's.
///
///     transpose: the diagonal of the cotangent
///
/// - Parameters:
///   - x: The values, of the diagonal's shape (the other axes of `shape`, then its length).
///   - shape: The result's shape.
///   - offset: The diagonal: 0 the main one (default), positive above it (towards larger `axis2` indices), negative below.
///   - axis1: The axis of the diagonal's rows (negative counts from the end); default 0.
///   - axis2: The axis of the diagonal's columns, another than `axis1`; default 1.
/// - Returns: An array of `shape`, zero off that diagonal.
public func diagonalScatter(_ x: NDArray, shape: [Int], offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray {
    dispatch(DiagonalScatter(shape: shape, offset: offset, axis1: axis1, axis2: axis2), x)
}

// MARK: - Catalog

extension OperatorCatalog {
    /// diagonal, diagonal_scatter, diag and trace.
    static let diagonals: [CatalogEntry] = [
        CatalogEntry(name: "diagonal", summary: "a diagonal of two axes, as the last axis (a view)", family: .structural, cases: [
            CatalogCase(Diagonal(), [[3, 3]]),
            CatalogCase(Diagonal(offset: 1), [[3, 4]], call: "diagonal(a0, offset=1)"),
            CatalogCase(Diagonal(offset: -1, axis1: 2, axis2: 0), [[3, 2, 4]], call: "diagonal(a0, offset=-1, axis1=2, axis2=0)"),
        ], signatures: [diagonalSignature]),
        CatalogEntry(name: "diagonal_scatter", summary: "zeros with the input on a diagonal (the transpose of diagonal)", family: .structural, cases: [
            CatalogCase(DiagonalScatter(shape: [3, 3]), [[3]], call: "diagonal_scatter(a0, shape=[3, 3])"),
            CatalogCase(DiagonalScatter(shape: [3, 2, 4], offset: -1, axis1: 2, axis2: 0), [[2, 3]],
                        call: "diagonal_scatter(a0, shape=[3, 2, 4], offset=-1, axis1=2, axis2=0)"),
        ], signatures: [diagonalScatterSignature]),
        CatalogEntry(name: "diag", summary: "1-D: the square matrix with it on a diagonal; 2-D: a diagonal", family: .structural, cases: [
            CatalogCase(Diag(), [[3]]),
            CatalogCase(Diag(k: 1), [[2]], call: "diag(a0, k=1)"),
            CatalogCase(Diag(), [[3, 3]]),
            CatalogCase(Diag(k: -1), [[3, 2]], call: "diag(a0, k=-1)"),
        ], signatures: [diagSignature]),
        CatalogEntry(name: "trace", summary: "sum of a diagonal of two axes (default the last two)", family: .reduction, cases: [
            CatalogCase(Trace(), [[3, 3]]),
            CatalogCase(Trace(offset: 1), [[2, 3, 3]], call: "trace(a0, offset=1)"),
            CatalogCase(Trace(offset: -1, axis1: 0, axis2: 2), [[3, 2, 4]], call: "trace(a0, offset=-1, axis1=0, axis2=2)"),
        ], signatures: [traceSignature]),
    ]

    /// The diagonal `offset=…, axis1=…, axis2=…` of a call on an array of `shape`, or why not.
    private static func diagonalSpec(_ call: CallArguments, _ shape: [Int], axis1 default1: Int, axis2 default2: Int) throws(CallError) -> DiagonalSpec {
        guard shape.count >= 2 else {
            throw CallError(.shape, "needs an array of at least 2 axes, not one of shape \(Shape.describe(shape))")
        }
        let a1 = try call.axis("axis1", of: shape) ?? (default1 < 0 ? default1 + shape.count : default1)
        let a2 = try call.axis("axis2", of: shape) ?? (default2 < 0 ? default2 + shape.count : default2)
        guard a1 != a2 else { throw CallError(.argument, "axis1 and axis2 must be different axes", argument: "axis2") }
        return DiagonalSpec(offset: try call.integer("offset") ?? 0, axis1: a1, axis2: a2)
    }

    static let diagonalSignature = CallSignature(
        "diagonal", family: .structural,
        [.array("x"), .integer("offset", default: "0"), .integer("axis1", default: "0"), .integer("axis2", default: "1")],
        summary: "a diagonal of two axes, as the last axis (a view)", info: Diagonal().info
    ) { call throws(CallError) in
        let x = call.shape(0)
        let spec = try diagonalSpec(call, x, axis1: 0, axis2: 1)
        return ResolvedCall(shape: spec.diagonalShape(x, "diagonal")) { Diagonal(offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2).apply($0) }
    }

    static let diagonalScatterSignature = CallSignature(
        "diagonal_scatter", family: .structural,
        [.array("x"), CallParameter("shape", .integers), .integer("offset", default: "0"), .integer("axis1", default: "0"), .integer("axis2", default: "1")],
        summary: "zeros of shape with x on a diagonal (the transpose of diagonal)", info: DiagonalScatter(shape: [1, 1]).info
    ) { call throws(CallError) in
        guard let shape = try call.integers("shape"), shape.allSatisfy({ $0 >= 0 }) else {
            throw CallError(.argument, "shape must be a list of non-negative integers such as [3, 3]", argument: "shape")
        }
        let spec = try diagonalSpec(call, shape, axis1: 0, axis2: 1)
        let expected = spec.diagonalShape(shape, "diagonal_scatter")
        guard call.shape(0) == expected else {
            throw CallError(.shape, "x of shape \(Shape.describe(call.shape(0))) does not fit the diagonal of shape \(Shape.describe(expected)) of an array of shape \(Shape.describe(shape))")
        }
        return ResolvedCall(shape: shape) { DiagonalScatter(shape: shape, offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2).apply($0) }
    }

    static let diagSignature = CallSignature(
        "diag", family: .structural, [.array("v"), .integer("k", default: "0")],
        summary: "1-D: the square matrix with it on diagonal k; 2-D: its diagonal k", info: Diag().info
    ) { call throws(CallError) in
        let v = call.shape(0), k = try call.integer("k") ?? 0
        switch v.count {
        case 1:
            let n = v[0] + Swift.abs(k)
            return ResolvedCall(shape: [n, n]) { Diag(k: k).apply($0) }
        case 2:
            return ResolvedCall(shape: DiagonalSpec(offset: k).diagonalShape(v, "diag")) { Diag(k: k).apply($0) }
        default:
            throw CallError(.shape, "needs a 1-D or 2-D array, not one of shape \(Shape.describe(v))")
        }
    }

    static let traceSignature = CallSignature(
        "trace", family: .reduction,
        [.array("x"), .integer("offset", default: "0"), .integer("axis1", default: "-2"), .integer("axis2", default: "-1")],
        summary: "sum of a diagonal of two axes (default the last two)", info: Trace().info
    ) { call throws(CallError) in
        let x = call.shape(0)
        let spec = try diagonalSpec(call, x, axis1: -2, axis2: -1)
        let op = Trace(offset: spec.offset, axis1: spec.axis1, axis2: spec.axis2)
        return ResolvedCall(shape: op.outputShape(x)) { op.apply($0) }
    }
}

// MARK: - Expression spelling

extension DiagonalSpec {
    /// `offset=…, axis1=…, axis2=…` for a call.
    var callOptions: [String] { ["offset=\(offset)", "axis1=\(axis1)", "axis2=\(axis2)"] }
}

extension Diagonal: CallSpelling {
    /// `offset=…, axis1=…, axis2=…`.
    public var spelling: Spelling { .call(name, after: spec.callOptions) }
}

extension DiagonalScatter: CallSpelling {
    /// `shape=[…], offset=…, axis1=…, axis2=…`.
    public var spelling: Spelling { .call(name, after: ["shape=\(Shape.describe(shape))"] + spec.callOptions) }
}

extension Diag: CallSpelling {
    /// `k=…`.
    public var spelling: Spelling { .call(name, after: ["k=\(k)"]) }
}

extension Trace: CallSpelling {
    /// `offset=…, axis1=…, axis2=…`.
    public var spelling: Spelling { .call(name, after: spec.callOptions) }
}
