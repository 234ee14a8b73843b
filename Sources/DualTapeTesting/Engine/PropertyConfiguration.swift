import Foundation

/// How many cases a property runs, from which seed, and how hard it shrinks — with the
/// environment variables that override it for a replay or a long campaign.
///
///     DUALTAPE_PROPERTY_SEED=<n>       base seed of every property (decimal or 0x-hex)
///     DUALTAPE_PROPERTY_CASES=<n>      cases per property, replacing each default
///     DUALTAPE_PROPERTY_SCALE=<x>      each property's case count multiplied by x (a campaign)
///     DUALTAPE_PROPERTY_REPLAY=<token> runs only the case a failure report printed
///     DUALTAPE_PROPERTY_SUMMARY=<path> appends one line per property run to a file
public struct PropertyConfiguration: Sendable {
    /// The largest size parameter; sizes grow from 0 to this over the cases of a run.
    public static let maxSize = 100

    /// The number of cases to run.
    public var iterations: Int
    /// The base seed. A property's stream is derived from it and the property's name, so
    /// properties sharing a seed still draw different cases.
    public var seed: UInt64
    /// The most replays shrinking may spend on one failure.
    public var shrinkBudget: Int
    /// The most discarded cases (rejected by a filter) per case asked for before giving up.
    public var maxDiscardRatio: Int
    /// A replay token from a failure report (``PropertyFailure/replayToken``): when it names
    /// this property, only that case runs. `DUALTAPE_PROPERTY_REPLAY` overrides it.
    public var replay: String?
    /// Whether the `DUALTAPE_PROPERTY_*` environment variables apply (tests of the engine
    /// itself turn them off, so that a campaign or a replay cannot change their cases).
    public var readsEnvironment: Bool

    /// A configuration; the defaults suit a unit test (100 cases, seed 0).
    ///
    /// - Parameters:
    ///   - iterations: The number of cases to judge, not negative.
    ///   - seed: The base seed of the run.
    ///   - shrinkBudget: The most replays shrinking may spend on one failure, not negative.
    ///   - maxDiscardRatio: Discards allowed per case asked for (at least 10 in all) before the
    ///     run gives up, not negative.
    ///   - replay: A replay token from a failure report, or `nil` to run the cases.
    ///   - readsEnvironment: Whether the `DUALTAPE_PROPERTY_*` variables apply.
    public init(iterations: Int = 100, seed: UInt64 = 0, shrinkBudget: Int = 2_000, maxDiscardRatio: Int = 10,
                replay: String? = nil, readsEnvironment: Bool = true) {
        precondition(iterations >= 0 && shrinkBudget >= 0 && maxDiscardRatio >= 0,
                     "PropertyConfiguration: negative iterations, shrink budget or discard ratio")
        self.iterations = iterations
        self.seed = seed
        self.shrinkBudget = shrinkBudget
        self.maxDiscardRatio = maxDiscardRatio
        self.replay = replay
        self.readsEnvironment = readsEnvironment
    }

    /// Environment variable names.
    public enum Environment {
        /// `DUALTAPE_PROPERTY_SEED`: the base seed of every property, decimal or `0x`-hex.
        public static let seed = "DUALTAPE_PROPERTY_SEED"
        /// `DUALTAPE_PROPERTY_CASES`: the cases per property, replacing each default.
        public static let cases = "DUALTAPE_PROPERTY_CASES"
        /// `DUALTAPE_PROPERTY_SCALE`: a factor on each property's case count, rounded up
        /// (ignored when `DUALTAPE_PROPERTY_CASES` is set).
        public static let scale = "DUALTAPE_PROPERTY_SCALE"
        /// `DUALTAPE_PROPERTY_REPLAY`: a replay token; the property it names runs only that case.
        public static let replay = "DUALTAPE_PROPERTY_REPLAY"
        /// `DUALTAPE_PROPERTY_SUMMARY`: a file each property run appends one line to.
        public static let summary = "DUALTAPE_PROPERTY_SUMMARY"
    }

    /// This configuration with `DUALTAPE_PROPERTY_SEED`, `_CASES` (or `_SCALE`) and `_REPLAY`
    /// applied, unless it does not read the environment.
    ///
    /// Values that do not parse (a negative count, a non-finite scale, an empty token) are
    /// ignored. `_SUMMARY` is read by the runner, not here.
    ///
    /// - Parameter environment: The variables to read; the process's environment by default.
    /// - Returns: The configuration with the overrides applied (unchanged when `readsEnvironment`
    ///   is false).
    public func applyingEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PropertyConfiguration {
        guard readsEnvironment else { return self }
        var copy = self
        if let text = environment[Environment.seed], let seed = Self.parseSeed(text) { copy.seed = seed }
        if let text = environment[Environment.cases], let cases = Int(text), cases >= 0 {
            copy.iterations = cases
        } else if let text = environment[Environment.scale], let scale = Double(text), scale >= 0, scale.isFinite {
            copy.iterations = Int((Double(iterations) * scale).rounded(.up))
        }
        if let text = environment[Environment.replay], !text.isEmpty { copy.replay = text }
        return copy
    }

    /// A seed written in decimal or as `0x`-prefixed hexadecimal.
    ///
    /// - Parameter text: The seed, surrounding spaces allowed.
    /// - Returns: The seed, or `nil` when `text` is not a `UInt64`.
    public static func parseSeed(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }

    /// The size parameter of case `index` of `count`: from 0 up to ``maxSize``, reaching it
    /// halfway through the run (small cases first, as in QuickCheck).
    static func size(ofCase index: Int, of count: Int) -> Int {
        let ramp = Swift.max(1, count / 2)
        return Swift.min(maxSize, index * maxSize / ramp)
    }

    /// A stable 64-bit hash of `text` (FNV-1a): a property's name to its seed offset.
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
