/// Where generators take their random choices from, and where those choices are recorded.
///
/// Every generator, however it is composed, ends in calls to ``draw(upTo:_:)``: a bounded
/// integer choice. The source records each choice, so a test case *is* its choice sequence.
/// That is the idea of Hypothesis's engine, and it is what makes shrinking generic: the
/// shrinker edits the sequence (deletes, zeroes, lowers choices) and replays it through the
/// same generator, so every `map`, `flatMap` and `filter` shrinks for free and a shrunk
/// case is always one the generator can produce.
///
/// Generators are written so that a smaller choice means a simpler value (0 is the
/// simplest), and so that *any* choice sequence gives a valid value: when a replayed
/// sequence runs out, the source answers 0; a replayed choice above its bound is clamped.
public final class DrawSource {
    /// The choices made so far, each within the bound it was drawn with.
    public private(set) var choices: [UInt64] = []
    /// The size parameter of this test case (0 ... ``PropertyConfiguration/maxSize``).
    public internal(set) var size: Int

    private var random: SplitMix64?
    private let prefix: [UInt64]
    private let maxChoices: Int

    /// A source that generates fresh choices from `random`.
    ///
    /// - Parameters:
    ///   - random: The generator the choices come from.
    ///   - size: The size parameter, 0 ... ``PropertyConfiguration/maxSize``.
    ///   - maxChoices: The most choices one case may draw before it is rejected; 20,000 by default.
    public init(random: SplitMix64, size: Int, maxChoices: Int = 20_000) {
        self.random = random
        self.size = size
        prefix = []
        self.maxChoices = maxChoices
    }

    /// A source that replays `choices` (then answers 0).
    ///
    /// - Parameters:
    ///   - choices: The recorded choices; each is clamped to the bound it is drawn with.
    ///   - size: The size parameter the case was generated at.
    ///   - maxChoices: The most choices one case may draw before it is rejected; 20,000 by default.
    public init(replaying choices: [UInt64], size: Int, maxChoices: Int = 20_000) {
        random = nil
        self.size = size
        prefix = choices
        self.maxChoices = maxChoices
    }

    /// Ranges of choices that belong together (an array element, an expression node), with
    /// a label, innermost closed first: the shrinker deletes them whole and replaces a span
    /// by a nested one of the same label (a node by one of its sub-expressions).
    public private(set) var spans: [Span] = []

    /// Runs `body`, marking the choices it draws as one span labelled `label`.
    ///
    /// A body that draws fewer than two choices leaves no span (there is nothing to delete
    /// whole that deleting single choices would not).
    ///
    /// - Parameters:
    ///   - label: What the span generates (`"node"`, `"element"`); the shrinker replaces a
    ///     span only by a nested one of the same label.
    ///   - body: Draws from this source.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func span<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let start = choices.count
        let value = try body()
        if choices.count > start + 1 { spans.append(Span(range: start ..< choices.count, label: label)) }
        return value
    }

    /// Whether this source replays a recorded sequence rather than generating.
    public var isReplaying: Bool { random == nil }

    /// A choice in `0 ... bound`. When generating, `distribution` picks it (uniform by
    /// default); when replaying, the recorded choice is used. Either way it is recorded.
    ///
    /// - Parameters:
    ///   - bound: The largest choice, inclusive; 0 is the simplest.
    ///   - distribution: Proposes a choice from the random generator while generating (a
    ///     proposal above `bound` is clamped); `nil` for uniform. Not used when replaying.
    /// - Returns: The recorded choice, in `0 ... bound`.
    /// - Throws: ``GenerationRejected`` when the case has already drawn `maxChoices` choices.
    public func draw(upTo bound: UInt64, _ distribution: ((inout SplitMix64) -> UInt64)? = nil) throws -> UInt64 {
        guard choices.count < maxChoices else {
            throw GenerationRejected(reason: "the case needed more than \(maxChoices) random choices")
        }
        let value: UInt64
        if var generator = random {
            let proposed = distribution.map { $0(&generator) } ?? generator.next(upTo: bound)
            random = generator
            value = Swift.min(proposed, bound)
        } else {
            value = choices.count < prefix.count ? Swift.min(prefix[choices.count], bound) : 0
        }
        choices.append(value)
        return value
    }

    /// A `Bool` choice, true with `probability` while generating (false is the simpler).
    ///
    /// - Parameter probability: The chance of `true`, in `0 ... 1`; 0.5 by default.
    /// - Returns: The recorded choice as a `Bool` (choice 1 is `true`).
    /// - Throws: ``GenerationRejected`` when the case has already drawn `maxChoices` choices.
    public func drawBool(probability: Double = 0.5) throws -> Bool {
        try draw(upTo: 1) { $0.nextUnit() < probability ? 1 : 0 } == 1
    }
}

/// A range of choices drawn by one generator call, and what it generated (`"node"`, `"element"`).
public struct Span: Hashable, Sendable {
    /// The positions of the span's choices in ``DrawSource/choices``.
    public var range: Range<Int>
    /// What the span generated, as passed to ``DrawSource/span(_:_:)``.
    public var label: String
}

extension Range where Bound == Int {
    /// Whether `other` lies inside this range.
    func contains(_ other: Range<Int>) -> Bool { other.lowerBound >= lowerBound && other.upperBound <= upperBound }
}

/// Thrown by a generator that cannot produce a value from the current choices (a filter
/// that ran out of attempts, a case that needed too many choices): the case is discarded.
public struct GenerationRejected: Error, CustomStringConvertible {
    /// Why no value could be made, in words (counted in the run's discard reasons).
    public var reason: String
    /// A rejection with its reason.
    ///
    /// - Parameter reason: Why no value could be made, such as
    ///   `"filter found no value in 100 attempts"`.
    public init(reason: String) { self.reason = reason }
    /// `"generation rejected: <reason>"`.
    public var description: String { "generation rejected: \(reason)" }
}
