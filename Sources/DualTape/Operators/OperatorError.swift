/// A run-time failure of an operator on its data: a singular matrix to `solve`, a matrix that
/// is not positive definite to `cholesky`, an index out of range to `take`.
///
/// Operators cannot throw (dispatch must stay cheap and rules are plain NDArray code), so an
/// operator that meets bad data calls ``OperatorError/report(_:)``, returns NaNs of the right
/// shape, and the nearest enclosing ``withOperatorErrors(_:)`` throws the first report when
/// its body returns. Every throwing entry point of DualTape opens one: the throwing Swift
/// functions of such operators (`try solve(a, b)`), `backward`, `jvp`, `gradient` and the
/// other transforms. Outside any of them (a rule calling the operator directly, with nobody
/// to throw to) the report stops the program with the same message, as misuse does.
public struct OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operator's catalog name (`"solve"`).
    public let operation: String
    /// What is wrong with the data, naming the shapes or values at fault.
    public let problem: String
    /// What to do about it.
    public let remedy: String

    /// An error of `operation`: what is wrong with the data, and what to do.
    ///
    /// - Parameters:
    ///   - operation: The operator's catalog name (`"solve"`).
    ///   - problem: What is wrong, naming the shapes or values at fault, without a final period.
    ///   - remedy: What to do about it, as a sentence.
    public init(_ operation: String, _ problem: String, remedy: String) {
        self.operation = operation
        self.problem = problem
        self.remedy = remedy
    }

    /// `operation: problem. remedy`
    public var description: String { "\(operation): \(problem). \(remedy)" }

    /// The sink of the innermost ``withOperatorErrors(_:)``, if any.
    @TaskLocal static var sink: ErrorBox?

    /// Records `error` for the enclosing ``withOperatorErrors(_:)`` to throw, or stops with its
    /// message when there is none.
    ///
    /// Only the first report inside one ``withOperatorErrors(_:)`` is thrown; later ones are
    /// dropped. The operator then returns NaNs of the right shape.
    ///
    /// - Parameter error: What went wrong.
    public static func report(_ error: OperatorError) {
        guard let sink else { preconditionFailure(error.description) }
        sink.record(error)
    }

    /// Whether a ``withOperatorErrors(_:)`` encloses the caller (an operator may then return
    /// NaNs instead of stopping).
    public static var isCaught: Bool { sink != nil }
}

/// Runs `body` and throws the first ``OperatorError`` an operator reported inside it (after
/// `body` returns: its result, computed with NaNs where the operator failed, is dropped).
/// The innermost call catches: `try solve(a, b)` inside a `backward` throws at `solve`.
///
/// - Parameter body: The computation; it may itself throw, and that error propagates unchanged.
/// - Returns: `body`'s result, when no operator reported an error.
/// - Throws: The first ``OperatorError`` reported inside `body`, or whatever `body` throws.
public func withOperatorErrors<T>(_ body: () throws -> T) throws -> T {
    let (result, error) = try collectingOperatorErrors(body)
    if let error { throw error }
    return result
}

/// Runs `body` like ``withOperatorErrors(_:)`` but returns the first ``OperatorError`` reported
/// inside it (`nil` when none) beside its result instead of throwing it: for callers that
/// must finish their own work first (release a graph, evaluate on to NaNs).
///
/// - Parameter body: The computation.
/// - Returns: `body`'s result and the first ``OperatorError`` reported inside it (`nil` when none).
/// - Throws: Only what `body` itself throws (rethrows).
public func collectingOperatorErrors<T>(_ body: () throws -> T) rethrows -> (value: T, error: OperatorError?) {
    let box = ErrorBox()
    let result = try OperatorError.$sink.withValue(box) { try body() }
    return (result, box.error as? OperatorError)
}
