/// What one test case of a property found.
public enum CaseOutcome: Sendable, Equatable {
    /// The property holds.
    case pass
    /// The case was classified rather than judged — a kink, a point the numerical reference
    /// could not resolve — with the class's name (counted in the report, not a failure).
    case classified(String)
    /// The case does not apply (its reason is counted; too many discards end the run).
    case discard(String)
    /// The property does not hold; the message says what was expected and what was found.
    case fail(String)

    /// `.pass` when `condition` holds, else `.fail(message())`.
    ///
    /// - Parameters:
    ///   - condition: The property for this case.
    ///   - message: What was expected and what was found; evaluated only on failure.
    /// - Returns: `.pass` or `.fail(message())`.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) -> CaseOutcome {
        condition ? .pass : .fail(message())
    }

    /// The first failure or discard among `outcomes`; else the first classification; else `.pass`.
    ///
    /// - Parameter outcomes: The outcomes of the sub-checks of one case, in order.
    /// - Returns: The combined outcome.
    public static func all(_ outcomes: [CaseOutcome]) -> CaseOutcome {
        var classified: CaseOutcome?
        for outcome in outcomes {
            switch outcome {
            case .pass: continue
            case .classified(let label): classified = classified ?? .classified(label)
            case let other: return other
            }
        }
        return classified ?? .pass
    }
}
