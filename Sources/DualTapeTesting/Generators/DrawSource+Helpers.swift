/// Small drawing helpers that generators written imperatively share. Each keeps the
/// engine's rule: the smallest choice gives the simplest result.
extension DrawSource {
    /// An integer in `range` (the lower bound is the simplest).
    public func int(in range: ClosedRange<Int>) throws -> Int {
        range.lowerBound + Int(try draw(upTo: UInt64(range.upperBound - range.lowerBound)))
    }

    /// An integer in `range` that is the lower bound with probability `probability` while
    /// generating (so small values such as extent 1 are common, not rare).
    public func int(in range: ClosedRange<Int>, lowerBoundProbability probability: Double) throws -> Int {
        let width = UInt64(range.upperBound - range.lowerBound)
        return range.lowerBound + Int(try draw(upTo: width) { random in
            random.nextUnit() < probability ? 0 : random.next(upTo: width)
        })
    }

    /// An element of `elements` (the first is the simplest).
    public func element<T>(of elements: [T]) throws -> T {
        precondition(!elements.isEmpty, "DrawSource.element: no elements")
        return elements[Int(try draw(upTo: UInt64(elements.count - 1)))]
    }

    /// A permutation of `0 ..< n` (the identity is the simplest).
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
    public func subset(_ n: Int, probability: Double = 0.5) throws -> [Int] {
        try (0 ..< n).filter { _ in try drawBool(probability: probability) }
    }
}
