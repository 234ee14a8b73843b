/// The documented limits of the expression language. Input beyond them gets a typed error
/// (exit 64 in `adcheck`) instead of exhausting the stack, the memory or the user's patience.
public enum ExpressionLimits {
    /// The longest expression accepted, in characters.
    public static let maximumLength = 100_000
    /// How deeply parentheses, brackets, calls, signs and powers may nest.
    public static let maximumDepth = 200
    /// The most elements any array may have: a variable, a literal, or an intermediate result.
    public static let maximumElements = 1_000_000
    /// The most axes any array may have (NumPy's limit).
    public static let maximumRank = 32
    /// The most element operations one evaluation may take (a matrix product `[m, k] @ [k, n]`
    /// counts `m·k·n`): about a second of work in a release build.
    public static let maximumWork = 1_000_000_000
}
