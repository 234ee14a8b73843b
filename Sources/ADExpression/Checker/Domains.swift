import DualTape

/// Where each variable should be sampled: the catalog domain of every operator the variable
/// is a direct argument of (`log(x)` → x > 0, `1 / x` → x ≠ 0, `where(c, a, b)` → c a 0/1
/// mask, `take(w, i, axis=0)` → i integers in `[0, n-1]`), intersected over its uses;
/// `.real` elsewhere. A variable reached only through other operations (`log(x + 1)`) gets
/// no requirement: the tool reports NaN for it, not a wrong derivative.
///
/// Before shapes are known a call's domains are its signature's; after the shape check a
/// call may give its own (``ResolvedCall/domains``: an index's range follows from the shape
/// it indexes), passed as `calls`, node by node.
enum DomainInference {
    static func domains(_ tree: SyntaxTree, _ resolution: Resolution, variables: [String],
                        calls: [Int: [Domain]] = [:]) -> [String: Domain] {
        var domains = Dictionary(uniqueKeysWithValues: variables.map { ($0, Domain.real) })
        for node in resolution.calls.keys.sorted() {
            let call = resolution.calls[node]!
            for (k, operand) in call.operands.enumerated() {
                guard case .name(let variable) = tree[operand].kind, let current = domains[variable] else { continue }
                var domain = calls[node].map { k < $0.count ? $0[k] : .real } ?? call.function.info.domain(k)
                // A constant whole exponent accepts any base (x^3 at negative x); other exponents keep the catalog's base domain.
                if call.function.name == "power", k == 0, isWholeNumber(call.operands[1], tree) { domain = .real }
                domains[variable] = current.intersected(with: domain)
            }
        }
        return domains
    }

    /// Whether `node` is a whole number, possibly negated (`2`, `-1`).
    static func isWholeNumber(_ node: Int, _ tree: SyntaxTree) -> Bool {
        var i = node
        while case .negation(let operand) = tree[i].kind { i = operand }
        guard case .number(let value) = tree[i].kind else { return false }
        return value == value.rounded()
    }
}

extension Domain {
    /// The ranges ``VariableBinding`` samples this domain from (mask and real aside).
    var samplingRanges: [ClosedRange<Double>] {
        switch self {
        case .real: return [-2 ... 2]
        case .positive: return [0.2 ... 3]
        case .nonzero: return [-2 ... -0.5, 0.5 ... 2]
        case .interval(let low, let high): return low <= high ? [low ... high] : []
        case .mask: return [0 ... 1]
        case .integers(let low, let high): return low <= high ? [Double(low) ... Double(high)] : []
        case .matrix: return [-1 ... 1]
        }
    }

    /// The values both domains allow, as far as one domain can say it: `.real` is neutral,
    /// x > 0 within x ≠ 0 is x > 0, a mask survives where 0 and 1 are allowed, integers keep
    /// the longest run of their whole numbers the other allows, and otherwise the widest
    /// common part of the sampling ranges (the positive one on a tie). Domains with nothing
    /// in common keep `self`.
    func intersected(with other: Domain) -> Domain {
        switch (self, other) {
        case (.real, _): return other
        case (_, .real): return self
        case _ where self == other: return self
        case (.integers(let low, let high), _): return Self.integers(low, high, within: other) ?? self
        case (_, .integers(let low, let high)): return Self.integers(low, high, within: self) ?? self
        // A matrix structure cannot be combined with an elementwise domain: the structure wins.
        case (.matrix, _): return self
        case (_, .matrix): return other
        case (.positive, .nonzero), (.nonzero, .positive): return .positive
        case (.mask, _): return other.contains(0) && other.contains(1) ? .mask : self
        case (_, .mask): return contains(0) && contains(1) ? .mask : self
        default:
            var best: ClosedRange<Double>?
            for a in samplingRanges {
                for b in other.samplingRanges where a.overlaps(b) {
                    let common = a.clamped(to: b)
                    if common.upperBound - common.lowerBound >= (best.map { $0.upperBound - $0.lowerBound } ?? -1) { best = common }
                }
            }
            guard let best else { return self }
            return best == 0.2 ... 3 ? .positive : .interval(best.lowerBound, best.upperBound)
        }
    }

    /// The longest run of whole numbers in `[low, high]` that `domain` contains (the higher
    /// one on a tie, so an index stays an index), or `nil` when there is none.
    private static func integers(_ low: Int, _ high: Int, within domain: Domain) -> Domain? {
        let bounds: [ClosedRange<Double>]
        switch domain {
        case .real: return .integers(low, high)
        case .positive: bounds = [1 ... Double(Swift.max(high, 1))]
        case .nonzero: bounds = [Double(Swift.min(low, -1)) ... -1, 1 ... Double(Swift.max(high, 1))]
        case .interval(let a, let b): bounds = a <= b ? [a.rounded(.up) ... Swift.max(a.rounded(.up), b.rounded(.down))] : []
        case .mask: bounds = [0 ... 1]
        case .integers(let a, let b): bounds = [Double(a) ... Double(b)]
        case .matrix: return nil
        }
        var best: Domain?, bestWidth = -1.0
        for range in bounds {
            let lo = Swift.max(Double(low), range.lowerBound), hi = Swift.min(Double(high), range.upperBound)
            guard lo <= hi, domain.contains(lo), domain.contains(hi), hi - lo >= bestWidth else { continue }
            best = .integers(Int(lo), Int(hi))
            bestWidth = hi - lo
        }
        return best
    }
}
