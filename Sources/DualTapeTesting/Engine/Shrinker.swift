/// Reduces a failing choice sequence to a minimal one, Hypothesis-style.
///
/// Goals, in priority order: the shrunk case still fails; it is small (short choice
/// sequences first, then lexicographically smaller ones — the "shortlex" order, in which a
/// generator's simplest values come from the smallest choices); shrinking ends within its
/// replay budget.
///
/// Each pass edits the best sequence so far and replays it through the generator and the
/// property; an edit is kept when the replay fails again and the choices it *consumed*
/// are shortlex-smaller. The passes, repeated until none improves:
///
///     delete a span (an array element, an expression node), largest first
///     replace a span by a span of its label inside it (a node by one of its sub-expressions)
///     delete a block of 8, 4, 3, 2 or 1 choices   (shorter arrays, fewer nodes)
///     zero a block of 8, 4, 2 or 1 choices       (simplest values: 0, smallest shape, leaf)
///     lower each choice: every smaller value when the bound is small, else binary search
///     lower a small choice by one and delete a later one (a rank or a count with its item)
struct Shrinker {
    /// Replays a candidate: the choices it consumed, their spans and the failure message,
    /// or `nil` when the candidate passes or cannot be generated.
    typealias Attempt = ([UInt64]) -> (choices: [UInt64], spans: [Span], message: String)?

    private(set) var best: [UInt64]
    private var spans: [Span]
    private(set) var message: String
    /// Replays run so far.
    private(set) var replays = 0
    /// Improvements accepted so far.
    private(set) var improvements = 0
    let budget: Int
    private let attempt: Attempt
    private var tried: Set<[UInt64]> = []

    init(choices: [UInt64], spans: [Span], message: String, budget: Int, attempt: @escaping Attempt) {
        best = choices
        self.spans = spans
        self.message = message
        self.budget = budget
        self.attempt = attempt
    }

    /// Whether `a` comes before `b` in shortlex order.
    static func isSimpler(_ a: [UInt64], than b: [UInt64]) -> Bool {
        if a.count != b.count { return a.count < b.count }
        for (x, y) in zip(a, b) where x != y { return x < y }
        return false
    }

    /// Runs the passes until none improves or the budget is spent.
    mutating func run() {
        var improved = true
        while improved && replays < budget {
            improved = false
            improved = deleteSpans() || improved
            improved = hoistSpans() || improved
            improved = deleteBlocks() || improved
            improved = zeroBlocks() || improved
            improved = lowerEach() || improved
            if !improved { improved = lowerAndDelete() }
        }
    }

    /// Replays `candidate`; keeps it if it fails and is simpler. Returns whether it was kept.
    private mutating func consider(_ candidate: [UInt64]) -> Bool {
        guard replays < budget, Self.isSimpler(candidate, than: best), tried.insert(candidate).inserted else { return false }
        replays += 1
        guard let (consumed, consumedSpans, failure) = attempt(candidate), Self.isSimpler(consumed, than: best) else { return false }
        best = consumed
        spans = consumedSpans
        message = failure
        improvements += 1
        return true
    }

    /// The spans of the best sequence, largest first.
    private var spansBySize: [Span] {
        Array(Set(spans)).sorted {
            $0.range.count != $1.range.count ? $0.range.count > $1.range.count : $0.range.lowerBound < $1.range.lowerBound
        }
    }

    private mutating func deleteSpans() -> Bool {
        var improved = false
        var pending = spansBySize
        while let span = pending.first {
            pending.removeFirst()
            guard span.range.upperBound <= best.count else { continue }
            var candidate = best
            candidate.removeSubrange(span.range)
            if consider(candidate) {
                improved = true
                pending = spansBySize
            }
        }
        return improved
    }

    /// Replaces a span by a span of the same label nested in it: a node by one of its
    /// sub-expressions.
    private mutating func hoistSpans() -> Bool {
        var improved = false
        var outer = 0
        while outer < spansBySize.count && replays < budget {
            let ordered = spansBySize
            let parent = ordered[outer]
            let nested = ordered.filter { $0.label == parent.label && $0 != parent && parent.range.contains($0.range) }
            var replaced = false
            for child in nested where parent.range.upperBound <= best.count {
                let candidate = Array(best[..<parent.range.lowerBound]) + Array(best[child.range]) + Array(best[parent.range.upperBound...])
                if consider(candidate) {
                    improved = true
                    replaced = true
                    break
                }
            }
            outer = replaced ? 0 : outer + 1
        }
        return improved
    }

    private mutating func deleteBlocks() -> Bool {
        var improved = false
        for k in [8, 4, 3, 2, 1] {
            var i = best.count - k
            while i >= 0 {
                if i + k <= best.count {
                    var candidate = best
                    candidate.removeSubrange(i ..< i + k)
                    if consider(candidate) { improved = true }
                }
                i -= 1
            }
        }
        return improved
    }

    private mutating func zeroBlocks() -> Bool {
        var improved = false
        for k in [8, 4, 2, 1] {
            var i = 0
            while i + k <= best.count {
                if best[i ..< i + k].contains(where: { $0 != 0 }) {
                    var candidate = best
                    for j in i ..< i + k { candidate[j] = 0 }
                    if consider(candidate) { improved = true }
                }
                i += 1
            }
        }
        return improved
    }

    private mutating func lowerEach() -> Bool {
        var improved = false
        var i = 0
        while i < best.count {
            let value = best[i]
            if value > 0 && lower(at: i, from: value) { improved = true }
            i += 1
        }
        return improved
    }

    /// Lowers a small choice (a rank, a count, a tag) by one together with deleting one of
    /// the next eight choices: what shrinks `[1, 6]` to `[6]`, where lowering the rank alone
    /// loses the extent and deleting alone does not shorten the consumed sequence.
    private mutating func lowerAndDelete() -> Bool {
        var i = 0
        while i < best.count && replays < budget {
            if best[i] > 0 && best[i] <= 16 {
                for j in i + 1 ..< Swift.min(best.count, i + 9) {
                    var candidate = best
                    candidate[i] -= 1
                    candidate.remove(at: j)
                    if consider(candidate) { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// Lowers choice `i`: tries every smaller value for small choices (so the simplest of
    /// a list of special values is found), else binary-searches the smallest failing one.
    private mutating func lower(at i: Int, from value: UInt64) -> Bool {
        func with(_ v: UInt64) -> [UInt64] {
            var candidate = best
            candidate[i] = v
            return candidate
        }
        if value <= 16 {
            for v in 0 ..< value where i < best.count && best[i] == value {
                if consider(with(v)) { return true }
            }
            return false
        }
        var improved = false
        var low: UInt64 = 0, high = value
        while low < high && i < best.count && replays < budget {
            let mid = low + (high - low) / 2
            if consider(with(mid)) {
                improved = true
                // The consumed sequence may differ in length; stop if choice i moved.
                guard i < best.count, best[i] == mid else { return true }
                high = mid
            } else {
                low = mid + 1
            }
        }
        return improved
    }
}
