/// A generator of random values of `Value`, built from choices drawn from a ``DrawSource``.
///
/// Generators compose with `map`, `flatMap`, `filter`, ``oneOf(_:)``, ``frequency(_:)`` and
/// ``sized(_:)``. Since a test case is its choice sequence (see ``DrawSource``), a value made
/// by any composition shrinks without a shrinker of its own.
///
///     let pair = Gen.int(in: 1 ... 4).flatMap { n in Gen.int(in: 0 ... 9).array(count: n) }
public struct Gen<Value>: Sendable {
    private let body: @Sendable (DrawSource) throws -> Value

    /// A generator from a function of the source.
    ///
    /// - Parameter body: Makes one value from choices drawn from the source (with
    ///   ``DrawSource/draw(upTo:_:)`` or other generators' ``generate(_:)``); it may throw
    ///   ``GenerationRejected`` to discard the case.
    public init(_ body: @escaping @Sendable (DrawSource) throws -> Value) {
        self.body = body
    }

    /// One value, drawn from `source`.
    ///
    /// - Parameter source: The source to draw from; its recorded choices grow by this
    ///   generator's.
    /// - Returns: The generated value.
    /// - Throws: ``GenerationRejected`` when no value can be made from the choices (a filter
    ///   out of attempts, too many choices), and any error the generator's body throws.
    public func generate(_ source: DrawSource) throws -> Value { try body(source) }

    /// A value for `seed` and `size`, generated outside a property (for examples and tools).
    ///
    /// - Parameters:
    ///   - seed: The seed of the random choices; the same seed gives the same value.
    ///   - size: The size parameter, 0 ... ``PropertyConfiguration/maxSize`` (the largest by
    ///     default).
    /// - Returns: The generated value.
    /// - Throws: ``GenerationRejected`` when the generator rejects the choices, and any error
    ///   the generator's body throws.
    public func sample(seed: UInt64, size: Int = PropertyConfiguration.maxSize) throws -> Value {
        try body(DrawSource(random: SplitMix64(seed: seed), size: size))
    }

    /// Always `value` (draws nothing).
    ///
    /// - Parameter value: The value every case gets.
    /// - Returns: A generator of `value`.
    public static func constant(_ value: Value) -> Gen where Value: Sendable {
        Gen { _ in value }
    }

    /// The values of this generator transformed by `transform`.
    ///
    /// - Parameter transform: Applied to each generated value; an error it throws ends the
    ///   generation as the generator's own would.
    /// - Returns: A generator of the transformed values.
    public func map<T>(_ transform: @escaping @Sendable (Value) throws -> T) -> Gen<T> {
        Gen<T> { try transform(body($0)) }
    }

    /// A value of the generator that `next` makes from this generator's value.
    ///
    /// - Parameter next: Makes the second generator from the first one's value; both draw
    ///   from the same source, so the pair shrinks together.
    /// - Returns: A generator of the second generator's values.
    public func flatMap<T>(_ next: @escaping @Sendable (Value) throws -> Gen<T>) -> Gen<T> {
        Gen<T> { source in try next(body(source)).generate(source) }
    }

    /// Values that satisfy `predicate`, drawing again up to `maxAttempts` times; after
    /// that the case is discarded (``GenerationRejected``), never accepted unchecked.
    ///
    /// - Parameters:
    ///   - maxAttempts: How many values to draw before giving up; 100 by default.
    ///   - predicate: Whether a value is acceptable.
    /// - Returns: A generator of the values that satisfy `predicate`.
    public func filter(maxAttempts: Int = 100, _ predicate: @escaping @Sendable (Value) -> Bool) -> Gen {
        Gen { source in
            for _ in 0 ..< maxAttempts {
                let value = try body(source)
                if predicate(value) { return value }
            }
            throw GenerationRejected(reason: "filter found no value in \(maxAttempts) attempts")
        }
    }

    /// This generator and `other` together.
    ///
    /// - Parameter other: The generator of the second component, drawn after this one.
    /// - Returns: A generator of pairs.
    public func zip<Other>(_ other: Gen<Other>) -> Gen<(Value, Other)> {
        Gen<(Value, Other)> { source in (try body(source), try other.generate(source)) }
    }

    /// `count` values, each a span labelled `"element"` the shrinker can delete.
    ///
    /// - Parameter count: The number of elements, not negative.
    /// - Returns: A generator of arrays of `count` values.
    public func array(count: Int) -> Gen<[Value]> {
        Gen<[Value]> { source in try (0 ..< count).map { _ in try source.span("element") { try body(source) } } }
    }

    /// Arrays whose length is drawn from `counts` (shorter is simpler).
    ///
    /// - Parameter counts: The lengths allowed, from a non-negative lower bound.
    /// - Returns: A generator of arrays whose length lies in `counts`.
    public func array(counts: ClosedRange<Int>) -> Gen<[Value]> {
        Gen<Int>.int(in: counts).flatMap { self.array(count: $0) }
    }

    /// This generator with the size parameter replaced by `size`.
    ///
    /// - Parameter size: The size its values are generated at, 0 ...
    ///   ``PropertyConfiguration/maxSize``; the outer size is restored afterwards.
    /// - Returns: A generator of the same values at the fixed size.
    public func resized(_ size: Int) -> Gen {
        Gen { source in
            let outer = source.size
            source.size = size
            defer { source.size = outer }
            return try body(source)
        }
    }
}

extension Gen {
    /// A value of one of `generators`, equally likely (earlier ones are simpler).
    ///
    /// - Parameter generators: The alternatives, at least one (a precondition).
    /// - Returns: A generator that draws an index, then a value of that generator.
    public static func oneOf(_ generators: [Gen]) -> Gen {
        precondition(!generators.isEmpty, "Gen.oneOf: needs at least one generator")
        return Gen { source in
            let i = try source.draw(upTo: UInt64(generators.count - 1))
            return try generators[Int(i)].generate(source)
        }
    }

    /// A value of one of `generators`, chosen with probability proportional to its weight
    /// (earlier ones are simpler; a weight of 0 is never chosen while generating).
    ///
    /// - Parameter weighted: The alternatives with their weights: at least one, weights not
    ///   negative, at least one positive (a precondition).
    /// - Returns: A generator that draws a weighted index, then a value of that generator.
    public static func frequency(_ weighted: [(Int, Gen)]) -> Gen {
        precondition(!weighted.isEmpty && weighted.allSatisfy { $0.0 >= 0 } && weighted.contains { $0.0 > 0 },
                     "Gen.frequency: needs non-negative weights, at least one positive")
        let total = UInt64(weighted.reduce(0) { $0 + $1.0 })
        return Gen { source in
            let i = try source.draw(upTo: UInt64(weighted.count - 1)) { random in
                var pick = random.next(upTo: total - 1)
                for (index, (weight, _)) in weighted.enumerated() {
                    if pick < UInt64(weight) { return UInt64(index) }
                    pick -= UInt64(weight)
                }
                return UInt64(weighted.count - 1)
            }
            return try weighted[Int(i)].1.generate(source)
        }
    }

    /// A generator that depends on the size parameter (0 ... ``PropertyConfiguration/maxSize``),
    /// which grows over the cases of a run: small cases first.
    ///
    /// - Parameter make: Makes the generator for a size.
    /// - Returns: A generator that reads the size, then generates with `make(size)`.
    public static func sized(_ make: @escaping @Sendable (Int) -> Gen) -> Gen {
        Gen { source in try make(source.size).generate(source) }
    }

    /// An element of `elements` (earlier ones are simpler).
    ///
    /// - Parameter elements: The values to choose from, at least one (a precondition).
    /// - Returns: A generator of the elements.
    public static func element(of elements: [Value]) -> Gen where Value: Sendable {
        precondition(!elements.isEmpty, "Gen.element: needs at least one element")
        return Gen { source in elements[Int(try source.draw(upTo: UInt64(elements.count - 1)))] }
    }
}

extension Gen where Value == Int {
    /// An integer in `range`, uniform (values nearer the lower bound are simpler).
    ///
    /// - Parameter range: The integers allowed, any range up to `Int.min ... Int.max`.
    /// - Returns: A generator of integers in `range`.
    public static func int(in range: ClosedRange<Int>) -> Gen {
        // The width and the offset in wrapping arithmetic: exact for every range of Int.
        let width = UInt64(truncatingIfNeeded: range.upperBound) &- UInt64(truncatingIfNeeded: range.lowerBound)
        return Gen { source in range.lowerBound &+ Int(truncatingIfNeeded: try source.draw(upTo: width)) }
    }
}

extension Gen where Value == Bool {
    /// `true` with `probability` (false is the simpler).
    ///
    /// - Parameter probability: The chance of `true` while generating, in `0 ... 1`; 0.5 by
    ///   default.
    /// - Returns: A generator of `Bool`s.
    public static func bool(probability: Double = 0.5) -> Gen {
        Gen { try $0.drawBool(probability: probability) }
    }
}
