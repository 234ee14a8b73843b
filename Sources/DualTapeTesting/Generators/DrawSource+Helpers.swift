/// Small drawing helpers that generators written imperatively share. Each keeps the
/// engine's rule: the smallest choice gives the simplest result.
extension DrawSource {
    /// An integer in `range`, uniform while generating (the lower bound is the simplest).
    ///
    /// - Parameter range: The integers allowed; its width must fit in an `Int`.
    /// - Returns: An integer in `range`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public func int(in range: ClosedRange<Int>) throws -> Int {
        range.lowerBound + Int(try draw(upTo: UInt64(range.upperBound - range.lowerBound)))
    }

    /// An integer in `range` that is the lower bound with probability `probability` while
    /// generating (so small values such as extent 1 are common, not rare).
    ///
    /// - Parameters:
    ///   - range: The integers allowed; its width must fit in an `Int`.
    ///   - probability: The chance of the lower bound while generating, in `0 ... 1`; the
    ///     rest is uniform over `range` (the lower bound included).
    /// - Returns: An integer in `range`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public func int(in range: ClosedRange<Int>, lowerBoundProbability probability: Double) throws -> Int {
        let width = UInt64(range.upperBound - range.lowerBound)
        return range.lowerBound + Int(try draw(upTo: width) { random in
            random.nextUnit() < probability ? 0 : random.next(upTo: width)
        })
    }

    /// An element of `elements`, uniform while generating (the first is the simplest).
    ///
    /// - Parameter elements: The values to choose from, at least one (a precondition).
    /// - Returns: One of `elements`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public func element<T>(of elements: [T]) throws -> T {
        precondition(!elements.isEmpty, "DrawSource.element: no elements")
        return elements[Int(try draw(upTo: UInt64(elements.count - 1)))]
    }

    /// A permutation of `0 ..< n`, uniform while generating (Fisher–Yates; the identity is
    /// the simplest).
    ///
    /// - Parameter n: The number of elements permuted, not negative.
    /// - Returns: The permuted indices `0 ..< n`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public func permutation(_ n: Int) throws -> [Int] {
        var p = Array(0 ..< n)
        var i = n - 1
        while i > 0 {
            let j = i - (try int(in: 0 ... i))
            p.swapAt(i, j)
            i -= 1
        }
        return p
    }

    /// A subset of `0 ..< n`, each member with `probability` while generating (empty is the simplest).
    ///
    /// - Parameters:
    ///   - n: The size of the set chosen from, not negative.
    ///   - probability: The chance of each member while generating; 0.5 by default.
    /// - Returns: The members, increasing.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public func subset(_ n: Int, probability: Double = 0.5) throws -> [Int] {
        try (0 ..< n).filter { _ in try drawBool(probability: probability) }
    }
}
