/// The result of running a property: counts, classifications, and the failure if any.
public struct PropertyReport: Sendable, CustomStringConvertible {
    /// The property's name.
    public let name: String
    /// The base seed of the run (what `DUALTAPE_PROPERTY_SEED` replays).
    public let seed: UInt64
    /// Cases asked for.
    public let iterations: Int
    /// Cases generated and judged (passed or classified, plus the failing one).
    public internal(set) var cases = 0
    /// Cases rejected by a generator's filter or discarded by the property.
    public internal(set) var discarded = 0
    /// Cases classified rather than judged, by class (`"kink"`, `"unresolved"`).
    public internal(set) var classified: [String: Int] = [:]
    /// The failure, shrunk; `nil` when the property held on every case.
    public internal(set) var failure: PropertyFailure?
    /// Why the run stopped early without a failure (too many discards), if it did.
    public internal(set) var gaveUp: String?

    /// Whether the property held on every case and the run did not give up.
    public var passed: Bool { failure == nil && gaveUp == nil }

    /// The property's name and case counts with classifications, or its failure.
    public var description: String {
        if let failure { return "Property \"\(name)\" failed. \(failure)" }
        var text = "Property \"\(name)\": \(cases) cases"
        if discarded > 0 { text += ", \(discarded) discarded" }
        for (label, count) in classified.sorted(by: { $0.key < $1.key }) { text += ", \(count) \(label)" }
        if let gaveUp { text += "; gave up: \(gaveUp)" }
        return text + " (seed \(seed))"
    }
}

/// A failing case as the runner found it and as shrinking left it.
public struct PropertyFailure: Sendable, CustomStringConvertible {
    /// The property's name.
    public let name: String
    /// The base seed of the run.
    public let seed: UInt64
    /// The index (from 0) of the failing case in the run.
    public let caseIndex: Int
    /// The size parameter of the failing case.
    public let size: Int
    /// The case as first found, as the property's `describe` printed it.
    public let original: String
    /// What failed on the original case (the `.fail` message, or the error it threw).
    public let originalMessage: String
    /// The case after shrinking, as `describe` printed it.
    public let shrunk: String
    /// What failed on the shrunk case.
    public let shrunkMessage: String
    /// The shrunk case's choice sequence.
    public let choices: [UInt64]
    /// The improvements shrinking kept.
    public let shrinkSteps: Int
    /// The replays shrinking spent (at most the configuration's shrink budget).
    public let shrinkReplays: Int

    /// The value of `DUALTAPE_PROPERTY_REPLAY` that runs exactly the shrunk case.
    public var replayToken: String { ReplayToken(name: name, size: size, choices: choices).text }

    /// The seed and case number, the shrunk case and its message, then the original case.
    public var description: String {
        """
        Seed \(seed), case \(caseIndex + 1) (size \(size)).
        Shrunk case (\(shrinkSteps) shrinks in \(shrinkReplays) replays):
        \(indent(shrunk))
          → \(shrunkMessage)
        Original case:
        \(indent(original))
          → \(originalMessage)
        Replay the run: \(PropertyConfiguration.Environment.seed)=\(seed)
        Replay the shrunk case: \(PropertyConfiguration.Environment.replay)='\(replayToken)'
        """
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

/// A property's name, a size and a choice sequence, written as one string:
/// `<name hash in hex>:<size>:<choices in hex, dot-separated>`.
struct ReplayToken: Equatable {
    var nameHash: UInt64
    var size: Int
    var choices: [UInt64]

    init(name: String, size: Int, choices: [UInt64]) {
        nameHash = PropertyConfiguration.stableHash(name)
        self.size = size
        self.choices = choices
    }

    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hash = UInt64(parts[0], radix: 16), let size = Int(parts[1]) else { return nil }
        var choices: [UInt64] = []
        for part in parts[2].split(separator: ".") {
            guard let value = UInt64(part, radix: 16) else { return nil }
            choices.append(value)
        }
        nameHash = hash
        self.size = size
        self.choices = choices
    }

    var text: String {
        String(nameHash, radix: 16) + ":\(size):" + choices.map { String($0, radix: 16) }.joined(separator: ".")
    }
}
