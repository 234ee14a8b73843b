/// A seeded, splittable pseudo-random generator: Steele, Lea and Flood's SplitMix64.
///
/// The property engine draws every random choice from one of these, never from the global
/// NDArray generator, so a property run is fixed by its seed alone. ``split()`` derives an
/// independent stream (a new seed and a new odd increment), which is how each test case of
/// a run gets its own stream: case `i` of a run can be replayed without replaying the
/// cases before it.
///
///     z = mix(state += γ)          split: (mix(next), mixGamma(next))
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The position in the stream.
    public private(set) var state: UInt64
    /// The odd increment `γ` of this stream.
    public let gamma: UInt64

    /// The stream fixed by `seed` (with the golden-ratio increment).
    ///
    /// - Parameter seed: The initial state; any value, 0 included.
    public init(seed: UInt64) {
        state = seed
        gamma = 0x9E37_79B9_7F4A_7C15
    }

    init(state: UInt64, gamma: UInt64) {
        self.state = state
        self.gamma = gamma | 1
    }

    public mutating func next() -> UInt64 {
        state &+= gamma
        return Self.mix64(state)
    }

    /// A uniform integer in `0 ... bound` (unbiased, by rejection).
    ///
    /// - Parameter bound: The largest value, inclusive; `UInt64.max` gives any 64-bit value.
    /// - Returns: An integer in `0 ... bound`.
    public mutating func next(upTo bound: UInt64) -> UInt64 {
        if bound == .max { return next() }
        let range = bound + 1
        let limit = UInt64.max - UInt64.max % range
        while true {
            let x = next()
            if x < limit { return x % range }
        }
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A new generator whose stream is independent of this one's continuation.
    public mutating func split() -> SplitMix64 {
        let seed = next()
        let gamma = Self.mixGamma(next())
        return SplitMix64(state: Self.mix64(seed), gamma: gamma)
    }

    static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An odd increment with enough bit transitions (the SplitMix paper's `mixGamma`).
    static func mixGamma(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        z = (z ^ (z >> 33)) | 1
        let transitions = (z ^ (z >> 1)).nonzeroBitCount
        return transitions < 24 ? z ^ 0xAAAA_AAAA_AAAA_AAAA : z
    }
}
