/// One position in a subscript: an integer, a range with an optional step, or everything.
///
///     x[0]            x[1, 2]          x[.all, 1]
///     x[1..<3]        x[2...]          x[.slice(0, nil, 2)]    // Python's 0::2
///     x[-1]           (negative integers count from the end)
public enum IndexItem: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// One position (removes the axis).
    case position(Int)
    /// `start:stop:step` in Python's sense (nil ends are open; negative values count from the end).
    case range(Int?, Int?, Int)
    /// Everything along the axis (Python's `:`).
    case full

    /// An integer literal in a subscript: one position, removing its axis.
    ///
    /// - Parameter value: The position (negative counts from the end).
    public init(integerLiteral value: Int) { self = .position(value) }
}

/// Things that can stand in a subscript: `Int`, Swift ranges, ``IndexItem``.
public protocol IndexConvertible {
    /// This value as the ``IndexItem`` it means in a subscript (a range `a..<b` is
    /// `.range(a, b, 1)`, a closed range `a...b` is `.range(a, b + 1, 1)`).
    var indexItem: IndexItem { get }
}
extension Int: IndexConvertible { public var indexItem: IndexItem { .position(self) } }
extension IndexItem: IndexConvertible { public var indexItem: IndexItem { self } }
extension Range<Int>: IndexConvertible { public var indexItem: IndexItem { .range(lowerBound, upperBound, 1) } }
extension ClosedRange<Int>: IndexConvertible { public var indexItem: IndexItem { .range(lowerBound, upperBound + 1, 1) } }
extension PartialRangeFrom<Int>: IndexConvertible { public var indexItem: IndexItem { .range(lowerBound, nil, 1) } }
extension PartialRangeUpTo<Int>: IndexConvertible { public var indexItem: IndexItem { .range(nil, upperBound, 1) } }
extension PartialRangeThrough<Int>: IndexConvertible { public var indexItem: IndexItem { .range(nil, upperBound + 1, 1) } }

extension NDArray {
    /// MXNet 1.x indexing: integers remove their axis (a 1-D array indexed by an integer
    /// keeps shape `[1]`), ranges keep it; a view, differentiable in both modes.
    ///
    /// Assigning through a subscript writes into this array (copy-on-write); inside a
    /// recording scope that is an error for arrays that are part of the recorded graph.
    ///
    /// - Parameter items: One item per leading axis (an `Int`, a Swift range, `.all` or
    ///   `.slice(start, stop, step)`); missing trailing items select everything. An integer out
    ///   of range, more items than axes, or a zero step stops the program naming the shape.
    public subscript(_ items: IndexConvertible...) -> NDArray {
        get { dispatch(Slice(sliceSpec(items.map(\.indexItem))), self) }
        set { assign(newValue, at: sliceSpec(items.map(\.indexItem))) }
    }

    /// `x[i]`: the same as the variadic subscript, with a fast path for 1-D arrays (a loop over elements).
    ///
    /// - Parameter i: The position along axis 0 (negative counts from the end); out of range
    ///   stops the program naming the shape.
    public subscript(_ i: Int) -> NDArray {
        get { dispatch(Slice(rank == 1 ? positionSpec(i) : sliceSpec([.position(i)])), self) }
        set { assign(newValue, at: rank == 1 ? positionSpec(i) : sliceSpec([.position(i)])) }
    }

    private func positionSpec(_ i: Int) -> SliceSpec {
        let j = i < 0 ? i + shape[0] : i
        precondition(j >= 0 && j < shape[0],
                     "index: index \(i) is out of range for axis 0 of an array of shape \(Shape.describe(shape))")
        return SliceSpec(position: j)
    }

    /// The normalized slice for `items` (missing trailing items select everything).
    ///
    /// The resolution the subscripts use, with Python's clamping of range ends.
    ///
    /// - Parameter items: At most `rank` items, one per leading axis.
    /// - Returns: One ``AxisRange`` per axis, and the axes integers remove.
    public func sliceSpec(_ items: [IndexItem]) -> SliceSpec {
        precondition(items.count <= rank,
                     "index: \(items.count) indices for an array of shape \(Shape.describe(shape))")
        var ranges: [AxisRange] = []
        var squeezed: [Int] = []
        for axis in 0 ..< rank {
            let extent = shape[axis]
            switch axis < items.count ? items[axis] : .full {
            case .full:
                ranges.append(AxisRange(start: 0, count: extent, step: 1))
            case .position(let i):
                let j = i < 0 ? i + extent : i
                precondition(j >= 0 && j < extent,
                             "index: index \(i) is out of range for axis \(axis) of an array of shape \(Shape.describe(shape))")
                ranges.append(AxisRange(start: j, count: 1, step: 1))
                squeezed.append(axis)
            case .range(let start, let stop, let step):
                precondition(step != 0, "index: slice step cannot be zero")
                ranges.append(Self.pythonRange(start, stop, step, extent: extent))
            }
        }
        return SliceSpec(ranges: ranges, squeezed: squeezed)
    }

    /// Python's slice semantics (clamping, negative indices, negative steps).
    static func pythonRange(_ start: Int?, _ stop: Int?, _ step: Int, extent: Int) -> AxisRange {
        func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.max(low, Swift.min(v, high)) }
        // A step longer than the axis selects what a step of the axis's length selects; clamping
        // it keeps every offset computation far from overflow.
        let step = step > 0 ? Swift.min(step, Swift.max(extent, 1)) : Swift.max(step, -Swift.max(extent, 1))
        let start = start.map { clamp($0, -extent - 1, extent + 1) }, stop = stop.map { clamp($0, -extent - 1, extent + 1) }
        let lo: Int, hi: Int
        if step > 0 {
            lo = start.map { clamp($0 < 0 ? $0 + extent : $0, 0, extent) } ?? 0
            hi = stop.map { clamp($0 < 0 ? $0 + extent : $0, 0, extent) } ?? extent
            let count = hi > lo ? (hi - lo + step - 1) / step : 0
            return AxisRange(start: count > 0 ? lo : 0, count: count, step: step)
        } else {
            lo = start.map { clamp($0 < 0 ? $0 + extent : $0, -1, extent - 1) } ?? extent - 1
            hi = stop.map { clamp($0 < 0 ? $0 + extent : $0, -1, extent - 1) } ?? -1
            let count = lo > hi ? (lo - hi - step - 1) / -step : 0
            return AxisRange(start: count > 0 ? lo : 0, count: count, step: step)
        }
    }

    /// Writes `value` (broadcast to the slice's shape) into the slice `spec` of this array.
    mutating func assign(_ value: NDArray, at spec: SliceSpec) {
        if let node = tapeNode, !node.isLeaf, ADContext.current.recording {
            preconditionFailure("index assignment: this array is part of the graph being recorded; assigning into it would make its gradients wrong. Assign before or after recording, or compute a new array (e.g. with where)")
        }
        let target = spec.outputShape(shape)
        let block = spec.blockShape(shape)
        let v = value.dtype == dtype ? value.withoutAD : Kernels.cast(value, to: dtype)
        let source: NDArray
        if Shape.canBroadcast(v.shape, to: target) {
            source = NDArray(storage: v.storage, shape: target, strides: Kernels.broadcastStrides(v, to: target), offset: v.offset)
        } else if Shape.count(v.shape) == Shape.count(block) {
            source = v
        } else {
            preconditionFailure("index assignment: a value of shape \(Shape.describe(value.shape)) does not fit a slice of shape \(Shape.describe(target))")
        }
        makeUniqueContiguous()
        Kernels.write(source, into: self, slice: spec)
    }
}

extension IndexConvertible where Self == IndexItem {
    /// Everything along an axis (Python's `:`): `x[.all, 1]`.
    public static var all: IndexItem { .full }
    /// Python's `start:stop:step`: `x[.slice(nil, nil, 2)]`.
    ///
    /// - Parameters:
    ///   - start: The first position, or `nil` for the start of the axis (its end when `step`
    ///     is negative); negative counts from the end; clamped to the axis as in Python.
    ///   - stop: The position before which to stop (exclusive), or `nil` to run to the end.
    ///   - step: The stride, non-zero (default 1); negative walks the axis backwards.
    /// - Returns: The ``IndexItem`` `.range(start, stop, step)`.
    public static func slice(_ start: Int?, _ stop: Int?, _ step: Int = 1) -> IndexItem { .range(start, stop, step) }
}
