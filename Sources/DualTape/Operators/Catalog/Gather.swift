/// Integer indexing: `take` (NumPy), `scatter_add` (its transpose, PyTorch's `index_add`),
/// `take_along_axis` (PyTorch's `gather`), MXNet's `pick`, and `one_hot`.
///
/// Index arrays hold whole numbers in a floating dtype (DualTape's arrays are Float32 or
/// Float64; Float32 holds every whole number up to 2²⁴ exactly). They are never
/// differentiated (their domain is ``Domain/integers(_:_:)``: a step off an integer leaves
/// it), and their values are data, checked when the operator runs: an index that is out of
/// range, not a whole number, or NaN is reported as an ``OperatorError`` (the Swift API
/// throws it) and the result is NaN. Negative indices count from the end of the axis, as
/// in NumPy (`-1` is the last element); `one_hot` takes `0 ..< depth` only.
///
/// Selection by a boolean mask (`x[mask]`) is not an operator: its result's shape depends
/// on the mask's values, and every shape here follows from shapes alone (the expression
/// language checks shapes before it computes anything). `where(mask, x, 0)` keeps the
/// shape and zeroes the rest; `x.take(mask.flatnonzero())` selects the elements, with
/// `flatnonzero` computed from values (a constant, no derivative).

/// Reading index arrays into positions along an axis.
enum IndexArray {
    /// The positions `indices` names (row-major) along an axis of `extent`, negative ones
    /// counted from the end when `negatives`; `nil` after reporting an ``OperatorError`` for
    /// the first bad index (`operation` names the operator, `target` what is indexed and its
    /// extent: `axis 0 (extent 4) of an array of shape [4, 3]`).
    /// Messages locate the bad index in `shape` (the indices' own shape by default).
    static func positions(_ indices: NDArray, extent: Int, negatives: Bool = true, operation: String,
                          target: @autoclosure () -> String, shape: [Int]? = nil) -> [Int]? {
        // Positions read from a traced array are a guard of the trace (a compiled function's
        // rule may keep them; a replay with other index values traces again).
        if indices.ad != nil { IndexGuard.record(indices, operation: operation) }
        var result: [Int] = []
        result.reserveCapacity(indices.count)
        let low = negatives ? -extent : 0
        var k = 0, bad: (position: Int, value: Double)?
        indices.forEachOffset { offset in
            guard bad == nil else { return }
            let v = indices.storage.double(at: offset)
            if v == v.rounded(), v >= Double(low), v < Double(extent) {
                let i = Int(v)
                result.append(i < 0 ? i + extent : i)
            } else {
                bad = (k, v)
            }
            k += 1
        }
        guard let bad else { return result }
        let located = shape ?? indices.shape
        let at = located.isEmpty ? "" : " at \(Shape.describe(multiIndex(bad.position, located)))"
        let value = bad.value == bad.value.rounded() && Swift.abs(bad.value) < 1e15 ? String(Int(bad.value)) : String(describing: bad.value)
        let problem: String
        if bad.value.isNaN {
            problem = "index nan\(at) is not a number"
        } else if bad.value.isFinite && bad.value != bad.value.rounded() {
            problem = "index \(value)\(at) is not a whole number"
        } else {
            problem = "index \(value)\(at) is out of range for \(target())"
        }
        let remedy = extent == 0 ? "The axis is empty: no index is valid."
            : "Indices must be whole numbers from \(low) to \(extent - 1)\(negatives ? " (negative ones count from the end)" : "")."
        OperatorError.report(OperatorError(operation, problem, remedy: remedy))
        return nil
    }

    /// The multi-index of row-major position `k` in an array of `shape`.
    static func multiIndex(_ k: Int, _ shape: [Int]) -> [Int] {
        var rest = k
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// NaNs of `shape`: the result of an operator that reported bad indices.
    static func failed(_ shape: [Int], dtype: DType) -> NDArray { Kernels.filled(.nan, shape: shape, dtype: dtype) }

    /// Positions as an index array (Float64 holds them exactly), for rules written as operators.
    static func array(_ positions: [Int], shape: [Int]) -> NDArray {
        NDArray(values: positions.map(Double.init), shape: shape, dtype: .float64)
    }
}

/// Elements of `a` at `indices` along an axis (NumPy's `take`; `axis: nil` reads `a`
/// flattened). The result has `a`'s shape with the axis replaced by the indices' shape.
/// Linear in `a`; the indices are held constant.
///
///     y[o, j, i] = a[o, indices[j], i]            (o: axes before, i: axes after)
///     ẏ = take(ȧ, indices)          ā = scatter_add(zeros like a, indices, ȳ)
public struct Take: DifferentiableOperator {
    /// The axis indexed (negative counts from the end); `nil`: `a` flattened.
    public let axis: Int?
    /// Takes along `axis`, or from the array flattened when `axis` is `nil`.
    ///
    /// - Parameter axis: The axis indexed (negative counts from the end), checked against the
    ///   array's rank when applied; `nil` (the default) reads the array flattened, NumPy's
    ///   `axis=None`.
    public init(axis: Int? = nil) { self.axis = axis }
    /// "take", its catalog and expression-language name.
    public var name: String { "take" }
    /// Two inputs: `a` and the index array.
    public var arity: Int { 2 }
    /// `"take(axis=0)"`, or `"take(axis=None)"` for the flattened array.
    public var description: String { "take(axis=\(axis.map(String.init) ?? "None"))" }
    /// Linear in `a`; the indices are held constant (an application samples them in range).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .integers(0, 0)], isLinear: true,
                     note: "linear in a; the indices are held constant (whole numbers; negative ones count from the end, as in NumPy; an index out of range is an error, not clipped). Their domain here is [0, 0], valid for any axis; an application gives [0, n-1] from its shapes")
    }

    /// `a`'s layout around the indexed axis: `(outer, extent, inner)` and the axis (0 for `nil`).
    func layout(_ a: [Int]) -> (axis: Int?, outer: Int, extent: Int, inner: Int) {
        guard let axis else { return (nil, 1, Shape.count(a), 1) }
        precondition(!a.isEmpty, "\(name): axis \(axis) is out of range for an array of shape [] (it has no axes)")
        let k = Shape.axis(axis, rank: a.count, operation: name)
        let (outer, inner) = Kernels.around(a, axis: k)
        return (k, outer, a[k], inner)
    }

    /// The result's shape for `a` and `indices` of these shapes: `a`'s shape with the axis
    /// replaced by the indices' shape (the indices' shape itself when `axis` is `nil`).
    /// Stops if the axis is out of range.
    ///
    /// - Parameters:
    ///   - a: The shape of the array read.
    ///   - indices: The shape of the index array (any rank).
    /// - Returns: The output's shape.
    public func outputShape(_ a: [Int], _ indices: [Int]) -> [Int] {
        guard let k = layout(a).axis else { return indices }
        return Array(a[..<k]) + indices + Array(a[(k + 1)...])
    }

    /// What an index selects in, for messages: `axis 0 (extent 4) of an array of shape [4, 3]`.
    static func target(_ axis: Int?, _ a: [Int]) -> String {
        guard let axis else { return "an array of shape \(Shape.describe(a)), flattened (\(Shape.count(a)) elements)" }
        return "axis \(axis) (extent \(a[axis])) of an array of shape \(Shape.describe(a))"
    }

    /// `primal(inputs[0], inputs[1])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0], inputs[1]) }
    /// `a`'s slices at `indices` along the axis; NaNs and an ``OperatorError`` report for a bad index.
    public func primal(_ a: NDArray, _ indices: NDArray) -> NDArray {
        let l = layout(a.shape), shape = outputShape(a.shape, indices.shape)
        guard let positions = IndexArray.positions(indices, extent: l.extent, operation: name,
                                                   target: Self.target(l.axis, a.shape)) else {
            return IndexArray.failed(shape, dtype: a.dtype)
        }
        return Kernels.gather(a, outer: l.outer, inner: l.inner, positions: positions, shape: shape)
    }
    /// `take(ȧ, indices)`: the same slices of the tangent.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        dispatch(self, tangents[0] ?? NDArray.zeros(like: inputs[0].withoutAD), inputs[1].withoutAD)
    }
    /// `scatter_add(zeros like a, indices, ȳ)`; `nil` for the indices.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        guard needed[0] else { return [nil, nil] }
        let a = inputs[0], indices = inputs[1].withoutAD
        if let axis { return [dispatch(ScatterAdd(axis: axis), [NDArray.zeros(a.shape, dtype: a.dtype), indices, cotangent]), nil] }
        let flat = dispatch(ScatterAdd(axis: 0), [NDArray.zeros([a.count], dtype: a.dtype), indices, cotangent])
        return [flat.reshape(a.shape), nil]
    }
}

extension Take: AccumulatingTranspose {
    /// `ā[o, indices[j], i] += ȳ[o, j, i]`, without the zeros the rule scatters into.
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool {
        guard i == 0 else { return false }
        let l = layout(inputs[0].shape)
        guard let positions = IndexArray.positions(inputs[1], extent: l.extent, operation: name, target: Take.target(l.axis, inputs[0].shape)) else { return true }
        Kernels.scatterAdd(cotangent, into: &total, outer: l.outer, inner: l.inner, positions: positions)
        return true
    }
}

/// `a` with `updates` added at `indices` along an axis: the transpose of ``Take`` (PyTorch's
/// `index_add`). `updates` has `a`'s shape with the axis replaced by the indices' shape;
/// repeated indices add up. Linear in `a` and `updates`; the indices are held constant.
///
///     y = a;  y[o, indices[j], i] += updates[o, j, i]
///     ẏ = scatter_add(ȧ, indices, u̇)          ā = ȳ,   ū = take(ȳ, indices, axis)
public struct ScatterAdd: DifferentiableOperator {
    /// The axis indexed (negative counts from the end).
    public let axis: Int
    /// Adds along `axis`.
    ///
    /// - Parameter axis: The axis indexed (negative counts from the end), checked against
    ///   the array's rank when applied; default 0.
    public init(axis: Int = 0) { self.axis = axis }
    /// "scatter_add", its catalog and expression-language name.
    public var name: String { "scatter_add" }
    /// Three inputs: `a`, the index array and the updates.
    public var arity: Int { 3 }
    /// `"scatter_add(axis=0)"`.
    public var description: String { "scatter_add(axis=\(axis))" }
    /// Linear in `a` and the updates; the indices are held constant (repeated ones accumulate).
    public var info: OperatorInfo {
        OperatorInfo(domains: [.real, .integers(0, 0), .real], isLinear: true,
                     note: "linear in a and updates; the indices are held constant (whole numbers; negative ones count from the end), repeated ones add up. Their domain here is [0, 0]; an application gives [0, n-1] from its shapes")
    }

    /// A copy of `a` with each update added at its index; NaNs and a report for a bad index.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let (a, indices, updates) = (inputs[0], inputs[1], inputs[2])
        let take = Take(axis: axis), l = take.layout(a.shape)
        precondition(a.dtype == updates.dtype, "scatter_add: dtypes \(a.dtype) and \(updates.dtype) do not match")
        let expected = take.outputShape(a.shape, indices.shape)
        precondition(updates.shape == expected,
                     "scatter_add: updates of shape \(Shape.describe(updates.shape)) do not fit indices of shape \(Shape.describe(indices.shape)) into an array of shape \(Shape.describe(a.shape)) along axis \(axis) (they need shape \(Shape.describe(expected)))")
        guard let positions = IndexArray.positions(indices, extent: l.extent, operation: name,
                                                   target: Take.target(l.axis, a.shape)) else {
            return IndexArray.failed(a.shape, dtype: a.dtype)
        }
        var result = Kernels.copy(a)
        Kernels.scatterAdd(updates, into: &result, outer: l.outer, inner: l.inner, positions: positions)
        return result
    }
    /// `scatter_add(ȧ, indices, u̇)`, a missing tangent counting as zero.
    public func jvp(_ inputs: [NDArray], output: NDArray, tangents: [NDArray?]) throws -> NDArray {
        let indices = inputs[1].withoutAD
        guard let tu = tangents[2] else { return tangents[0] ?? NDArray.zeros(like: output.withoutAD) }
        return dispatch(self, [tangents[0] ?? NDArray.zeros(like: inputs[0].withoutAD), indices, tu])
    }
    /// `ȳ` for `a`, `take(ȳ, indices)` for the updates, `nil` for the indices.
    public func vjp(_ inputs: [NDArray], output: NDArray, cotangent: NDArray, needed: [Bool]) throws -> [NDArray?] {
        [needed[0] ? cotangent : nil, nil, needed[2] ? dispatch(Take(axis: axis), cotangent, inputs[1].withoutAD) : nil]
    }
}

extension ScatterAdd: AccumulatingTranspose {
    /// `ā += ȳ`, and `ū[o, j, i] += ȳ[o, indices[j], i]` (the gather added in place).
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool {
        switch i {
        case 0:
            total.addInPlace(cotangent, at: nil)
        case 2:
            let l = Take(axis: axis).layout(inputs[0].shape)
            guard let positions = IndexArray.positions(inputs[1], extent: l.extent, operation: name, target: Take.target(l.axis, inputs[0].shape)) else { return true }
            Kernels.gatherAdd(cotangent, into: &total, outer: l.outer, inner: l.inner, positions: positions)
        default:
            return false
        }
        return true
    }
}

// MARK: - Expression spelling

extension Take: CallSpelling {
    /// `axis=…` when given (none: the flattened array).
    public var spelling: Spelling { .call(name, after: axis.map { ["axis=\($0)"] } ?? []) }
}

extension ScatterAdd: CallSpelling {
    /// `axis=…`.
    public var spelling: Spelling { .call(name, after: ["axis=\(axis)"]) }
}
