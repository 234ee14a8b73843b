import DualTape

/// Where each variable should be sampled: the catalog domain of every operator the variable
/// is a direct argument of (`log(x)` → x > 0, `1 / x` → x ≠ 0, `where(c, a, b)` → c a 0/1
/// mask), intersected over its uses; `.real` elsewhere. A variable reached only through
/// other operations (`log(x + 1)`) gets no requirement: the tool reports NaN for it, not a
/// wrong derivative.
enum DomainInference {
    static func domains(_ tree: SyntaxTree, _ resolution: Resolution, variables: [String]) -> [String: Domain] {
        var domains = Dictionary(uniqueKeysWithValues: variables.map { ($0, Domain.real) })
        for node in resolution.calls.keys.sorted() {
            let call = resolution.calls[node]!
            for (k, operand) in call.operands.enumerated() {
                guard case .name(let variable) = tree[operand].kind, let current = domains[variable] else { continue }
                var domain = call.function.info.domain(k)
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
        case .matrix: return [-1 ... 1]
        }
    }

    /// The values both domains allow, as far as one domain can say it: `.real` is neutral,
    /// x > 0 within x ≠ 0 is x > 0, a mask survives where 0 and 1 are allowed, and otherwise
    /// the widest common part of the sampling ranges (the positive one on a tie), a matrix
    /// structure over an elementwise domain. Domains with nothing in common keep `self`.
    func intersected(with other: Domain) -> Domain {
        switch (self, other) {
        case (.real, _): return other
        case (_, .real): return self
        case _ where self == other: return self
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
}
