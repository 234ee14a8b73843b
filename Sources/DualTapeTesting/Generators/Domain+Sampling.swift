import DualTape

/// Where inputs are sampled inside an operator's declared ``Domain``, away from the edges
/// where a finite-difference step would leave it, with the domain's special values.
extension Domain {
    /// The interval values are sampled from (for `.nonzero`, the magnitudes; for `.mask`, `[0, 1]`;
    /// for `.integers`, its range).
    public var samplingInterval: ClosedRange<Double> {
        switch self {
        case .real: return -3 ... 3
        case .positive: return 0.1 ... 4
        case .nonzero: return 0.25 ... 3
        case .interval(let low, let high): return low ... high
        case .mask: return 0 ... 1
        case .matrix: return -1 ... 1
        case .integers(let low, let high): return Double(low) ... Double(high)
        }
    }

    /// A value of the domain to evaluate an operator at when only its output's shape matters:
    /// 1 where the domain holds it, else its low end (index 0 of an index array).
    public var shapeProbe: Double {
        if contains(1) { return 1 }
        switch self {
        case .integers(let low, _): return Double(low)
        case .interval(let low, _): return low
        default: return 1
        }
    }

    /// Whether `x` is safely inside the domain for an operator input computed by another
    /// operator (in an expression tree): finite, at most `limit` in magnitude, and for
    /// `.positive` and `.nonzero` at least 0.05 away from 0. Never for `.matrix`: an element
    /// cannot tell whether its matrix has the structure, so such inputs are always leaves.
    ///
    /// - Parameters:
    ///   - x: A value computed by another operator.
    ///   - limit: The largest magnitude accepted; 1e4 by default.
    /// - Returns: Whether `x` may stand as an input in this domain.
    public func isInterior(_ x: Double, limit: Double = 1e4) -> Bool {
        guard x.isFinite, Swift.abs(x) <= limit, contains(x) else { return false }
        switch self {
        case .positive: return x >= 0.05
        case .nonzero: return Swift.abs(x) >= 0.05
        case .matrix: return false
        default: return true
        }
    }

    /// The domain's special values, simplest first: the simple values it contains, then
    /// `extra` (an operator's kinks), then an interval's ends.
    ///
    /// Only values inside both the domain and ``samplingInterval`` are kept, each once. A
    /// `.mask` gives `[0, 1]` and `.integers` its ends, ignoring `extra`; `.nonzero` ignores
    /// `extra` too and lists positive magnitudes only.
    ///
    /// - Parameter extra: Further special values, such as an operator's declared kinks.
    /// - Returns: The special values, simplest first, without duplicates.
    public func specialValues(adding extra: [Double] = []) -> [Double] {
        var values: [Double]
        switch self {
        case .mask: return [0, 1]
        case .integers(let low, let high): return low == high ? [Double(low)] : [Double(low), Double(high)]
        case .nonzero: values = Gen<Double>.simpleValues.filter { $0 > 0 }
        case .interval(let low, let high): values = Gen<Double>.simpleValues + extra + [low, high]
        default: values = Gen<Double>.simpleValues + extra
        }
        let interval = samplingInterval
        var seen = Set<Double>()
        return values.filter { interval.contains($0) && contains($0) && seen.insert($0).inserted }
    }
}

extension Gen where Value == Double {
    /// A value inside `domain`, special values (`extra` among them) with some probability.
    ///
    /// For a continuous domain, special values are picked with probability 0.15 while
    /// generating; `.nonzero` values get a random sign, `.integers` shrink toward the low end,
    /// a `.mask` is 0 or 1.
    ///
    /// - Parameters:
    ///   - domain: The domain the values lie in (drawn from its `samplingInterval`).
    ///   - extra: Further special values, such as kinks; those outside the domain are dropped.
    /// - Returns: A generator of values in `domain`.
    public static func value(in domain: Domain, extraSpecials extra: [Double] = []) -> Gen {
        Gen { source in try drawValue(source, domain, extra) }
    }

    /// The drawing behind ``value(in:extraSpecials:)``, for imperative generators.
    ///
    /// - Parameters:
    ///   - source: The source to draw from.
    ///   - domain: The domain the value lies in.
    ///   - extra: Further special values, such as kinks.
    /// - Returns: A value in `domain`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func drawValue(_ source: DrawSource, _ domain: Domain, _ extra: [Double]) throws -> Double {
        switch domain {
        case .mask:
            return try source.drawBool() ? 1 : 0
        case .integers(let low, let high):
            // Shrinks toward the low end (0 for an index).
            return Double(try source.int(in: low ... high))
        case .nonzero:
            let negative = try source.drawBool()
            let magnitude = try drawDouble(source, domain.samplingInterval, domain.specialValues(adding: extra.map(Swift.abs)), 0.15)
            return negative ? -magnitude : magnitude
        default:
            return try drawDouble(source, domain.samplingInterval, domain.specialValues(adding: extra), 0.15)
        }
    }
}
