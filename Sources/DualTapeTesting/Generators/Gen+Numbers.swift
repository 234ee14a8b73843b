/// Floating-point values that shrink to simple numbers.
///
/// A double is two choices: a *tag* and a *position*. A tag below the number of special
/// values selects one of them (listed simplest first: 0, 1, 0.5, ..., then kinks and
/// boundaries); the largest tag means "anywhere", and the position places the value on a
/// grid of 2²⁰ steps across the interval. While generating, a special value is picked
/// with probability `specialProbability`; while shrinking, lowering the tag tries each
/// special value in turn, and lowering the position moves toward the interval's start.
///
///     value = tag < k ? specials[tag] : low + (high - low) · position / 2²⁰
extension Gen where Value == Double {
    /// The number of grid steps across an interval.
    static let gridSteps: UInt64 = 1 << 20

    /// A double in `interval`, or one of `specials` (those outside the interval are dropped).
    ///
    /// - Parameters:
    ///   - interval: A finite interval (a precondition); values lie on its 2²⁰-step grid.
    ///   - specials: Values to try first, simplest first; duplicates are dropped.
    ///   - specialProbability: The chance of a special value while generating; 0.15 by default.
    /// - Returns: A generator of doubles.
    public static func double(in interval: ClosedRange<Double>, specials: [Double] = [], specialProbability: Double = 0.15) -> Gen {
        precondition(interval.lowerBound.isFinite && interval.upperBound.isFinite, "Gen.double: the interval must be finite")
        var seen = Set<Double>()
        let candidates = specials.filter { interval.contains($0) && seen.insert($0).inserted }
        return Gen { source in try drawDouble(source, interval, candidates, specialProbability) }
    }

    /// The drawing behind ``double(in:specials:specialProbability:)``, for imperative generators.
    ///
    /// Unlike ``double(in:specials:specialProbability:)`` it does not filter `specials`: pass
    /// only values inside `interval`.
    ///
    /// - Parameters:
    ///   - source: The source to draw from (two choices: the tag and the position).
    ///   - interval: A finite interval.
    ///   - specials: Values to try first, simplest first.
    ///   - specialProbability: The chance of a special value while generating.
    /// - Returns: A special value or a grid point of `interval`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawDouble(_ source: DrawSource, _ interval: ClosedRange<Double>, _ specials: [Double], _ specialProbability: Double) throws -> Double {
        let k = UInt64(specials.count)
        let tag = try source.draw(upTo: k) { random in
            k > 0 && random.nextUnit() < specialProbability ? random.next(upTo: k - 1) : k
        }
        let position = try source.draw(upTo: gridSteps)
        if tag < k { return specials[Int(tag)] }
        let (low, high) = (interval.lowerBound, interval.upperBound)
        return Swift.min(high, low + (high - low) * (Double(position) / Double(gridSteps)))
    }

    /// The simple values every numeric generator tries first, simplest first.
    public static let simpleValues: [Double] = [0, 1, 0.5, -1, -0.5, 2, -2, 0.25, 1.5, -1.5, 3, -3]
}
