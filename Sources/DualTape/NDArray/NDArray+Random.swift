import Synchronization

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): fast,
/// statistically strong, and the same stream on every platform.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    ///
    /// - Parameter seed: Any value; SplitMix64 spreads it over the 256-bit state, so nearby
    ///   seeds (0, 1, 2) give unrelated streams.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal sample (Box–Muller).
    public mutating func nextNormal() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * Glibc_log(u)).squareRoot() * Glibc_cos(2 * .pi * v)
    }
}

extension NDArray {
    private static let globalGenerator = Mutex(RandomGenerator(seed: 0))

    /// Seeds the global generator used when no generator is passed (like `mx.random.seed`).
    ///
    /// The global generator starts seeded with 0, so a program's samples are reproducible
    /// even without this call. It is shared by every thread (under a lock): for streams that
    /// do not depend on other threads' draws, pass a ``RandomGenerator`` of your own.
    ///
    /// - Parameter seed: The new seed; the same seed restarts the same stream.
    public static func seed(_ seed: UInt64) {
        globalGenerator.withLock { $0 = RandomGenerator(seed: seed) }
    }

    /// Samples from the global generator, `count` at a time under its lock.
    private static func sample(_ count: Int, _ draw: (inout RandomGenerator) -> Double) -> [Double] {
        globalGenerator.withLock { g in (0 ..< count).map { _ in draw(&g) } }
    }

    /// Uniform samples in `[low, high)`.
    ///
    /// - Parameters:
    ///   - low: The lower bound, included (default 0).
    ///   - high: The upper bound, excluded (default 1); `low <= high`, else the call stops.
    ///   - shape: The result's shape.
    ///   - dtype: The element type (default float64); samples are drawn in Double and rounded.
    ///   - generator: The generator to draw from (advanced by one draw per element, row-major).
    /// - Returns: An array of `shape` with independent samples.
    public static func uniform(low: Double = 0, high: Double = 1, shape: [Int], dtype: DType = .float64,
                               generator: inout RandomGenerator) -> NDArray {
        precondition(low <= high, "uniform: low \(low) is greater than high \(high)")
        let values = (0 ..< Shape.count(shape)).map { _ in low + (high - low) * generator.nextUnit() }
        return NDArray(values: values, shape: shape, dtype: dtype)
    }

    /// Uniform samples in `[low, high)` from the global generator.
    ///
    /// - Parameters:
    ///   - low: The lower bound, included (default 0).
    ///   - high: The upper bound, excluded (default 1); `low <= high`, else the call stops.
    ///   - shape: The result's shape.
    ///   - dtype: The element type (default float64); samples are drawn in Double and rounded.
    /// - Returns: An array of `shape` with independent samples.
    public static func uniform(low: Double = 0, high: Double = 1, shape: [Int], dtype: DType = .float64) -> NDArray {
        precondition(low <= high, "uniform: low \(low) is greater than high \(high)")
        return NDArray(values: sample(Shape.count(shape)) { low + (high - low) * $0.nextUnit() }, shape: shape, dtype: dtype)
    }

    /// Normal samples with mean `mean` and standard deviation `std` (Box–Muller).
    ///
    /// - Parameters:
    ///   - mean: The distribution's mean (default 0).
    ///   - std: The standard deviation, non-negative (default 1).
    ///   - shape: The result's shape.
    ///   - dtype: The element type (default float64); samples are drawn in Double and rounded.
    ///   - generator: The generator to draw from (two uniform draws per element, row-major).
    /// - Returns: An array of `shape` with independent samples.
    public static func normal(mean: Double = 0, std: Double = 1, shape: [Int], dtype: DType = .float64,
                              generator: inout RandomGenerator) -> NDArray {
        precondition(std >= 0, "normal: negative standard deviation \(std)")
        let values = (0 ..< Shape.count(shape)).map { _ in mean + std * generator.nextNormal() }
        return NDArray(values: values, shape: shape, dtype: dtype)
    }

    /// Normal samples with mean `mean` and standard deviation `std` from the global generator.
    ///
    /// - Parameters:
    ///   - mean: The distribution's mean (default 0).
    ///   - std: The standard deviation, non-negative (default 1).
    ///   - shape: The result's shape.
    ///   - dtype: The element type (default float64); samples are drawn in Double and rounded.
    /// - Returns: An array of `shape` with independent samples.
    public static func normal(mean: Double = 0, std: Double = 1, shape: [Int], dtype: DType = .float64) -> NDArray {
        precondition(std >= 0, "normal: negative standard deviation \(std)")
        return NDArray(values: sample(Shape.count(shape)) { mean + std * $0.nextNormal() }, shape: shape, dtype: dtype)
    }
}
