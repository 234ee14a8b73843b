/// Shape arithmetic shared by every kernel and operator: counts, strides, broadcasting, axes.
public enum Shape {
    /// The number of elements of `shape` (1 for a 0-d shape).
    ///
    /// - Parameter shape: Non-negative extents (the product wraps on overflow; callers
    ///   check extents first).
    /// - Returns: The product of the extents.
    @inlinable public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// Row-major strides of a contiguous array of `shape`.
    ///
    /// - Parameter shape: The extents.
    /// - Returns: One stride per axis, in elements: the last axis has stride 1.
    @inlinable public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        // Ranks 0 and 1 share one buffer each: no allocation on the small-array hot path.
        if shape.count == 1 { return unitStrides }
        if shape.isEmpty { return [] }
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = s
            s &*= shape[axis]
        }
        return strides
    }

    @usableFromInline static let unitStrides = [1]
    /// The shape `[1]` (MXNet's shape of a full reduction and of `x[i]` on a 1-D array), shared.
    @usableFromInline static var unit: [Int] { unitStrides }

    /// NumPy's broadcast of two shapes, or `nil` when they are incompatible.
    ///
    ///     broadcast([2, 3], [3]) == [2, 3];  broadcast([2, 3], [2]) == nil
    ///
    /// - Parameters:
    ///   - a: The first shape.
    ///   - b: The second shape; trailing axes align with `a`'s, and an extent of 1 stretches.
    /// - Returns: The broadcast shape, of the larger rank; `nil` when an axis pair has different
    ///   extents neither of which is 1.
    @inlinable public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        // One side broadcasts to the other unchanged (a scalar, a bias row): no new array.
        if b.count <= a.count && b.elementsEqual(a.suffix(b.count)) || b.allSatisfy({ $0 == 1 }) && b.count <= a.count { return a }
        if a.count <= b.count && a.elementsEqual(b.suffix(a.count)) || a.allSatisfy({ $0 == 1 }) && a.count <= b.count { return b }
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0 ..< rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// Whether `shape` can be broadcast to `target` (NumPy rules, trailing axes aligned).
    ///
    /// Unlike ``broadcast(_:_:)`` only `shape` stretches: `[1, 3]` goes to `[2, 3]`, not back.
    ///
    /// - Parameters:
    ///   - shape: The shape to stretch; of rank at most `target`'s.
    ///   - target: The shape to reach.
    /// - Returns: Whether every axis of `shape` is 1 or equals `target`'s aligned axis.
    @inlinable public static func canBroadcast(_ shape: [Int], to target: [Int]) -> Bool {
        if shape.count > target.count { return false }
        let lead = target.count - shape.count
        for i in 0 ..< shape.count where shape[i] != 1 && shape[i] != target[lead + i] { return false }
        return true
    }

    /// Normalizes a possibly negative axis for an array of `rank`; stops on an axis out of range.
    ///
    /// - Parameters:
    ///   - axis: An axis in `-rank ..< rank` (0 is also accepted for rank 0).
    ///   - rank: The array's rank.
    ///   - operation: The operation's name, for the message when the axis is out of range.
    /// - Returns: The axis in `0 ..< rank`.
    @inlinable public static func axis(_ axis: Int, rank: Int, operation: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < max(rank, 1), "\(operation): axis \(axis) is out of range for an array of rank \(rank)")
        return a
    }

    /// Normalized and sorted axes; `nil` means all axes. A repeated axis stops the program.
    ///
    /// - Parameters:
    ///   - axes: Axes in `-rank ..< rank`, or `nil` for `0 ..< rank`.
    ///   - rank: The array's rank.
    ///   - operation: The operation's name, for the message on a bad axis.
    /// - Returns: The axes in `0 ..< rank`, ascending.
    @inlinable public static func axes(_ axes: [Int]?, rank: Int, operation: String) -> [Int] {
        guard let axes else { return Array(0 ..< rank) }
        let normalized = axes.map { axis($0, rank: rank, operation: operation) }
        precondition(Set(normalized).count == normalized.count, "\(operation): repeated axis in \(axes)")
        return normalized.sorted()
    }

    /// `shape` formatted as MXNet's error messages show it: `[2, 3]`.
    ///
    /// - Parameter shape: The extents (`[]` prints as `[]`).
    /// - Returns: The extents in brackets, separated by `, `.
    @inlinable public static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
