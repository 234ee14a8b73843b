import DualTape

/// Shapes for array tests: 0-d arrays and size-1 axes are common (they are where
/// broadcasting and reduction rules go wrong), and shapes stay small so a case is cheap.
public struct ShapeLimits: Sendable, Hashable {
    /// The allowed ranks.
    public var ranks: ClosedRange<Int>
    /// The largest extent of an axis.
    public var maxExtent: Int
    /// The most elements in one array.
    public var maxCount: Int

    /// Limits on generated shapes; the defaults are those ``sized(_:ranks:)`` reaches at the
    /// largest size.
    ///
    /// - Parameters:
    ///   - ranks: The allowed ranks, from 0 (a scalar) up; 0 ... 4 by default.
    ///   - maxExtent: The largest extent of an axis, at least 1; 5 by default.
    ///   - maxCount: The most elements in one array, at least 1; 48 by default.
    public init(ranks: ClosedRange<Int> = 0 ... 4, maxExtent: Int = 5, maxCount: Int = 48) {
        precondition(ranks.lowerBound >= 0 && maxExtent >= 1 && maxCount >= 1, "ShapeLimits: invalid limits")
        self.ranks = ranks
        self.maxExtent = maxExtent
        self.maxCount = maxCount
    }

    /// Limits that grow with the size parameter (0 ... 100): rank up to 4, extents up to 5.
    ///
    ///     rank ≤ 1 + size/25,   extent ≤ 2 + 3·size/100,   count ≤ 8 + 40·size/100
    ///
    /// - Parameters:
    ///   - size: The size parameter, 0 ... ``PropertyConfiguration/maxSize``.
    ///   - ranks: The ranks allowed at any size (the rank bound never drops below its lower
    ///     bound); 0 ... 4 by default.
    /// - Returns: The limits at `size`.
    public static func sized(_ size: Int, ranks: ClosedRange<Int> = 0 ... 4) -> ShapeLimits {
        let maxRank = Swift.max(ranks.lowerBound, Swift.min(ranks.upperBound, 1 + size / 25))
        return ShapeLimits(ranks: ranks.lowerBound ... maxRank, maxExtent: 2 + size * 3 / 100, maxCount: 8 + size * 40 / 100)
    }
}

extension Gen where Value == [Int] {
    /// A shape within `limits`, or within limits that grow with the size parameter.
    ///
    /// - Parameters:
    ///   - limits: Fixed limits, or `nil` for ``ShapeLimits/sized(_:ranks:)`` at the case's size.
    ///   - ranks: The ranks allowed when `limits` is `nil` (ignored otherwise); 0 ... 4 by default.
    /// - Returns: A generator of shapes.
    public static func shape(_ limits: ShapeLimits? = nil, ranks: ClosedRange<Int> = 0 ... 4) -> Gen {
        Gen { source in try drawShape(source, limits ?? .sized(source.size, ranks: ranks)) }
    }

    /// The drawing behind ``shape(_:ranks:)``: rank first, then each extent, with extent 1
    /// drawn a quarter of the time and the element count kept within the limits.
    ///
    /// - Parameters:
    ///   - source: The source to draw from.
    ///   - limits: The ranks, extents and element count allowed.
    /// - Returns: A shape within `limits`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawShape(_ source: DrawSource, _ limits: ShapeLimits) throws -> [Int] {
        let rank = try source.int(in: limits.ranks)
        var shape: [Int] = []
        var count = 1
        for _ in 0 ..< rank {
            let room = Swift.max(1, Swift.min(limits.maxExtent, limits.maxCount / count))
            let extent = try source.int(in: 1 ... room, lowerBoundProbability: 0.25)
            shape.append(extent)
            count *= extent
        }
        return shape
    }
}

extension Gen where Value == [[Int]] {
    /// `count` shapes that broadcast together (NumPy rules), from a generated result shape.
    ///
    ///     [[2, 3], [3]]   [[2, 1], [1, 3]]   [[], [4]]   [[2, 3], [2, 3], [1]]
    ///
    /// - Parameters:
    ///   - count: The number of operands, at least 1.
    ///   - limits: Limits on the result shape, or `nil` for ``ShapeLimits/sized(_:ranks:)``
    ///     at the case's size.
    /// - Returns: A generator of `count` shapes that broadcast together.
    public static func broadcastCompatible(count: Int, _ limits: ShapeLimits? = nil) -> Gen {
        Gen { source in
            let result = try Gen<[Int]>.drawShape(source, limits ?? .sized(source.size))
            return try drawShapes(source, broadcastingTo: result, count: count)
        }
    }

    /// `count` shapes whose broadcast is exactly `result`.
    ///
    /// - Parameters:
    ///   - result: The shape the operands broadcast to.
    ///   - count: The number of operands, at least 1.
    /// - Returns: A generator of `count` shapes broadcasting to `result`.
    public static func broadcasting(to result: [Int], count: Int) -> Gen {
        Gen { source in try drawShapes(source, broadcastingTo: result, count: count) }
    }

    /// The drawing behind ``broadcasting(to:count:)``: each operand drops some leading axes
    /// and sets some axes to 1; the last operand is then widened where no operand covers
    /// an axis of the result. Choosing nothing gives `count` copies of `result`.
    ///
    /// - Parameters:
    ///   - source: The source to draw from.
    ///   - result: The shape the operands broadcast to.
    ///   - count: The number of operands, at least 1.
    /// - Returns: `count` shapes whose broadcast is `result`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawShapes(_ source: DrawSource, broadcastingTo result: [Int], count: Int) throws -> [[Int]] {
        precondition(count >= 1, "Gen.broadcasting(to: \(result), count: \(count)): count must be at least 1")
        let rank = result.count
        var drops: [Int] = [], ones: [[Bool]] = []
        for _ in 0 ..< count {
            let drop = try source.int(in: 0 ... rank, lowerBoundProbability: 0.6)
            drops.append(drop)
            ones.append(try (0 ..< rank).map { axis in axis >= drop ? try source.drawBool(probability: 0.2) : false })
        }
        // Widen the last operand wherever the result's axis is not covered.
        let last = count - 1
        for axis in 0 ..< rank {
            let covered = (0 ..< count).contains { i in axis >= drops[i] && (!ones[i][axis] || result[axis] == 1) }
            if !covered {
                drops[last] = Swift.min(drops[last], axis)
                ones[last][axis] = false
            }
        }
        return (0 ..< count).map { i in (drops[i] ..< rank).map { ones[i][$0] ? 1 : result[$0] } }
    }
}
