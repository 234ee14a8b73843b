/// The exit statuses of `adcheck`, as in the BSD `sysexits` convention.
public enum ExitCode: Int32, Sendable {
    /// Everything ran and every check passed.
    case success = 0
    /// Everything ran, and a check failed.
    case failure = 1
    /// The input was wrong: an unknown option, a malformed value, a bad expression (`EX_USAGE`).
    case usage = 64
}
