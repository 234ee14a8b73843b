/// Indexing and slicing as in MXNet 1.x: `a[0]` on a 1-D array has shape `[1]`, `a[1]` on a
/// 2-D array is a row, ranges take steps. A slice is a view; its transpose scatters the
/// cotangent into zeros.

/// The elements an index selects along one axis: `count` elements from `start` by `step`.
public struct AxisRange: Sendable, Hashable {
    /// The index of the first element selected, normalized (0 ..< extent: not from the end).
    public var start: Int
    /// How many elements are selected; -1 for the whole axis (`:`), resolved against the
    /// array's extent when the slice is applied.
    public var count: Int
    /// The distance between selected elements: 1 for a contiguous range, negative to walk
    /// the axis backwards (Python's `::-1`); not 0.
    public var step: Int
    /// `count` elements from `start` by `step` along an axis.
    ///
    /// - Parameters:
    ///   - start: The first element's index, normalized (not counted from the end).
    ///   - count: The number of elements, or -1 for the whole axis.
    ///   - step: The distance between elements (negative walks backwards).
    public init(start: Int, count: Int, step: Int) {
        self.start = start
        self.count = count
        self.step = step
    }
}

/// A normalized slice of an array: one range per axis, and the axes an integer index removed.
public struct SliceSpec: Sendable, Hashable, CustomStringConvertible {
    /// One range per axis of the array sliced, in axis order.
    public var ranges: [AxisRange]
    /// Axes indexed by an integer, removed from the result.
    public var squeezed: [Int]

    /// A slice from its ranges and the axes integer indices removed.
    ///
    /// - Parameters:
    ///   - ranges: One range per axis of the array it applies to (a range of count 1 for an
    ///     integer index).
    ///   - squeezed: The axes indexed by an integer, removed from the result (default none);
    ///     when every axis is removed the result has shape `[1]`, as MXNet's.
    public init(ranges: [AxisRange], squeezed: [Int] = []) {
        self.ranges = ranges
        self.squeezed = squeezed
    }

    /// The element `i` of a 1-D array, indexed by an integer.
    init(position i: Int) {
        ranges = [AxisRange(start: i, count: 1, step: 1)]
        squeezed = Self.firstAxis
    }

    private static let firstAxis = [0]

    /// The index of the one element this spec selects from a 1-D array, if it is such a spec.
    var singleElement: Int? {
        ranges.count == 1 && ranges[0].count == 1 ? ranges[0].start : nil
    }

    /// `count` elements from `start` along `axis`, everything along the other axes.
    static func along(axis: Int, rank: Int, start: Int, count: Int) -> SliceSpec {
        SliceSpec(ranges: (0 ..< rank).map { $0 == axis ? AxisRange(start: start, count: count, step: 1) : AxisRange(start: 0, count: -1, step: 1) })
    }

    /// The ranges with "everything" (`count == -1`) resolved against `shape`.
    func resolved(_ shape: [Int]) -> [AxisRange] {
        precondition(ranges.count == shape.count, "slice: \(ranges.count) ranges for an array of shape \(Shape.describe(shape))")
        return zip(ranges, shape).map { r, d in r.count < 0 ? AxisRange(start: 0, count: d, step: 1) : r }
    }

    /// The shape of the selected block before integer-indexed axes are removed.
    func blockShape(_ shape: [Int]) -> [Int] { resolved(shape).map(\.count) }

    /// The result's shape: the block without the squeezed axes, `[1]` if nothing is left (MXNet).
    func outputShape(_ shape: [Int]) -> [Int] {
        let block = blockShape(shape)
        let out = block.indices.filter { !squeezed.contains($0) }.map { block[$0] }
        return out.isEmpty && !block.isEmpty ? [1] : out
    }

    /// Python's subscripts (`0, 1:3, ::-1`), as the expression language reads them back; a
    /// negative step's stop is left out when it falls before the first element (Python would
    /// read a negative stop from the end).
    public var description: String {
        ranges.enumerated().map { axis, r in
            if squeezed.contains(axis) { return String(r.start) }
            if r.count < 0 { return ":" }
            let stop = r.start + r.count * r.step
            if r.step == 1 { return "\(r.start):\(stop)" }
            return stop < 0 ? "\(r.start)::\(r.step)" : "\(r.start):\(stop):\(r.step)"
        }.joined(separator: ", ")
    }
}

/// `x[spec]`, a view; linear.
///
///     transpose: scatter the cotangent into zeros of the input's shape (``SliceScatter``)
public struct Slice: LinearOperator {
    /// The elements taken: a range per axis and the axes removed.
    public let spec: SliceSpec
    /// The slice `x[spec]`; the spec must have one range per axis of the array it is applied
    /// to (it stops otherwise).
    ///
    ///     ẏ = ẋ[spec]          x̄ = slice_scatter(ȳ, spec, shape of x)
    ///
    /// - Parameter spec: The normalized slice (``NDArray``'s subscripts build it from Python's).
    public init(_ spec: SliceSpec) { self.spec = spec }
    /// "slice", its catalog name (the expression language writes it `x[...]`).
    public var name: String { "slice" }
    /// One input.
    public var arity: Int { 1 }
    /// `"slice[0:2, ::-1]"`: the name with the normalized ranges.
    public var description: String { "slice[\(spec)]" }
    /// `primal(inputs[0])`.
    public func primal(_ inputs: [NDArray]) -> NDArray { primal(inputs[0]) }
    /// A view of the slice (no copy); `x[i]` of a 1-D array is a one-element view.
    public func primal(_ x: NDArray) -> NDArray {
        if let element = spec.singleElement, x.rank == 1 {
            // x[i] on a 1-D array (a loop over scalars): a one-element view, no allocation.
            return NDArray(storage: x.storage, shape: Shape.unit, strides: Shape.unitStrides, offset: x.offset + element * x.strides[0])
        }
        let view = Kernels.blockView(x, spec)
        let shape = spec.outputShape(x.shape)
        if view.shape == shape { return view }
        let keep = view.shape.indices.filter { !spec.squeezed.contains($0) }
        if keep.isEmpty { return NDArray(storage: view.storage, shape: [1], strides: [1], offset: view.offset) }
        return NDArray(storage: view.storage, shape: keep.map { view.shape[$0] }, strides: keep.map { view.strides[$0] }, offset: view.offset)
    }
    /// The cotangent written at the slice in zeros of the input's shape (``SliceScatter``).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [dispatch(SliceScatter(spec, shape: inputs[0].shape), cotangent)]
    }
}

/// Zeros of `shape` with the input written at `spec`: the transpose of ``Slice``; linear.
///
///     transpose: slice the cotangent
public struct SliceScatter: LinearOperator {
    /// Where the input is written.
    public let spec: SliceSpec
    /// The shape of the result (the shape of the array the slice was taken from).
    public let shape: [Int]
    /// Zeros of `shape` with the input written at `spec`; the input must have the slice's
    /// shape.
    ///
    ///     ẏ = slice_scatter(ẋ, spec, shape)          x̄ = ȳ[spec]
    ///
    /// - Parameters:
    ///   - spec: The normalized slice, one range per axis of `shape`.
    ///   - shape: The result's shape.
    public init(_ spec: SliceSpec, shape: [Int]) {
        self.spec = spec
        self.shape = shape
    }
    /// "slice_scatter", its catalog name (the expression language cannot write it).
    public var name: String { "slice_scatter" }
    /// One input.
    public var arity: Int { 1 }
    /// `"slice_scatter[0:2] into [4]"`.
    public var description: String { "slice_scatter[\(spec)] into \(Shape.describe(shape))" }
    /// Zeros of `shape` with the input written at the slice; stops when the input does not fit it.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        let x = inputs[0]
        precondition(x.shape == spec.outputShape(shape),
                     "slice_scatter: a value of shape \(Shape.describe(x.shape)) does not fit the slice [\(spec)] of shape \(Shape.describe(spec.outputShape(shape)))")
        let result = Kernels.filled(0, shape: shape, dtype: x.dtype)
        Kernels.write(x, into: result, slice: spec)
        return result
    }
    /// The cotangent's slice (``Slice``).
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], needed: [Bool]) -> [NDArray?] {
        [dispatch(Slice(spec), cotangent)]
    }
}

extension Kernels {
    /// The block `spec` selects, as a view (integer-indexed axes still present, extent 1).
    static func blockView(_ x: NDArray, _ spec: SliceSpec) -> NDArray {
        let ranges = spec.resolved(x.shape)
        var offset = x.offset
        var strides = x.strides
        for (axis, r) in ranges.enumerated() {
            precondition(r.count >= 0 && (r.count == 0 || (r.start >= 0 && r.start < x.shape[axis] && r.start + (r.count - 1) * r.step < x.shape[axis] && r.start + (r.count - 1) * r.step >= 0)),
                         "slice: index [\(spec)] is out of range for an array of shape \(Shape.describe(x.shape))")
            if r.count > 0 { offset += r.start * x.strides[axis] }
            strides[axis] = x.strides[axis] * r.step
        }
        return NDArray(storage: x.storage, shape: ranges.map(\.count), strides: strides, offset: offset)
    }

    /// Writes `x`'s elements (row-major) into the block `spec` selects in `destination`,
    /// whose storage the caller owns.
    static func write(_ x: NDArray, into destination: NDArray, slice spec: SliceSpec) {
        let block = blockView(destination, spec)
        precondition(block.count == x.count,
                     "slice assignment: a value of shape \(Shape.describe(x.shape)) does not fit a slice of shape \(Shape.describe(block.shape))")
        precondition(x.dtype == destination.dtype, "slice assignment: dtypes \(x.dtype) and \(destination.dtype) do not match")
        switch x.dtype {
        case .float32: update(block, from: x, Overwrite(), Float.self)
        case .float64: update(block, from: x, Overwrite(), Double.self)
        }
    }
}

extension Slice: AccumulatingTranspose {
    /// `total[spec] += ȳ`: the scatter into zeros, added where it lands.
    func addTranspose(of cotangent: NDArray, into total: inout NDArray, input i: Int, inputs: [NDArray]) -> Bool {
        total.addInPlace(cotangent, at: spec)
        return true
    }
}

// MARK: - Expression spelling

extension Slice: CallSpelling {
    /// `x[0, 1:3, ::-1]`; a slice of a 0-d array selects it whole (the language has no `x[]`).
    public var spelling: Spelling { spec.ranges.isEmpty ? .operand : .indexed(spec.description) }
}

extension SliceScatter: CallSpelling {
    /// None: the language writes slices, not their transposes.
    public var spelling: Spelling { .unwritable("slice_scatter (the transpose of a slice) has no syntax in the language") }
}
