import DualTape

/// One generated case of the derivative checks: a ``DirectionalCase`` with a second set of
/// directions and two coefficients for the linearity checks.
public struct OperatorCheckCase: @unchecked Sendable, CustomStringConvertible {
    /// The case: function, point, tangents `v` and cotangent `u`.
    public var directional: DirectionalCase
    /// Second tangents `w`, one per input (the case's zero tangents for non-differentiable inputs).
    public var otherTangents: [NDArray]
    /// A second cotangent, of the output's shape and dtype.
    public var otherCotangent: NDArray
    /// The coefficient `α` of `αv + βw` (and of `αu + βw` for cotangents), in [-3, 3].
    public var alpha: Double
    /// The coefficient `β`, in [-3, 3].
    public var beta: Double

    /// The directional case's text: the point and the directions.
    public var description: String { directional.description }

    /// Adds the linearity checks' directions and coefficients to `c`.
    ///
    /// - Parameters:
    ///   - source: The source the second directions and the coefficients are drawn from.
    ///   - c: The case they are added to.
    /// - Returns: The case with second tangents, a second cotangent and the coefficients α and β.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices.
    public static func draw(_ source: DrawSource, _ c: DirectionalCase) throws -> OperatorCheckCase {
        let others = try c.tangents.enumerated().map { i, v in
            c.differentiable[i] ? try Gen<NDArray>.drawDirection(source, shape: v.shape, dtype: v.dtype) : v
        }
        let otherCotangent = try Gen<NDArray>.drawDirection(source, shape: c.cotangent.shape, dtype: c.cotangent.dtype)
        let coefficients: [Double] = [1, -1, 2, 0.5, -2, 3]
        let alpha = try Gen<Double>.drawDouble(source, -3 ... 3, coefficients, 0.3)
        let beta = try Gen<Double>.drawDouble(source, -3 ... 3, coefficients, 0.3)
        return OperatorCheckCase(directional: c, otherTangents: others, otherCotangent: otherCotangent, alpha: alpha, beta: beta)
    }

    /// Every derivative check on this case, in order, stopping at the first failure:
    /// the rules' shapes (for an operator), the modes' agreement, the numerical reference
    /// (a subgradient required at an operator's kinks; exact zeros instead for an operator
    /// declaring a zero derivative), linearity in the tangent and the cotangent, the tape
    /// against the pullback, then for an operator its declared linearity and, when smooth,
    /// second order. An operator declaring no derivative is checked only for refusing.
    ///
    /// - Parameter op: The operator the case applies, for the operator-specific checks; `nil`
    ///   for a function such as an expression tree.
    /// - Returns: The first failure; else the first classification (`"kink"`,
    ///   `"unresolved"`); else `.pass`.
    public func runChecks(operator op: (any DifferentiableOperator)? = nil) -> CaseOutcome {
        let c = directional
        if let op {
            if op.info.derivative == .none { return DerivativeChecks.noDerivativeIsAnError(op, c) }
            let rules = DerivativeChecks.ruleShapes(op, c)
            guard rules == .pass else { return rules }
        }
        let r: DirectionalResult
        switch DirectionalResult.compute(c) {
        case .failure(let failure): return .fail(failure.message)
        case .success(let result): r = result
        }
        var checks: [() -> CaseOutcome] = [
            { DerivativeChecks.modesAgree(c, r) },
            op?.info.derivative == .zero
                ? { DerivativeChecks.derivativeIsZero(c, r) }
                : { DerivativeChecks.matchesReference(c, r) },
            { DerivativeChecks.tangentLinearity(c, other: otherTangents, alpha: alpha, beta: beta) },
            { DerivativeChecks.cotangentLinearity(c, other: otherCotangent, alpha: alpha, beta: beta) },
            { DerivativeChecks.tapeMatchesPullback(c, r) },
        ]
        if let op {
            checks.append { DerivativeChecks.declaredLinearity(op, c, r) }
            if op.info.derivative == .smooth { checks.append { DerivativeChecks.secondOrderModesAgree(c) } }
        }
        var classified: CaseOutcome?
        for check in checks {
            switch check() {
            case .pass: continue
            case .classified(let label): classified = classified ?? .classified(label)
            case let outcome: return outcome
            }
        }
        return classified ?? .pass
    }
}

extension DerivativeChecks {
    /// An operator declared to have derivative zero (sign, comparisons, stop_gradient) gives
    /// exactly zero in both modes. (stop_gradient is the identity in value, so a numerical
    /// reference would say 1: its zero derivative is a definition, checked as one.)
    ///
    /// - Parameters:
    ///   - c: The case (only its differentiable inputs' cotangents are looked at).
    ///   - r: Both modes' results for `c`.
    /// - Returns: `.pass` when every forward tangent element and every differentiable input's
    ///   cotangent element is exactly 0, else `.fail`.
    public static func derivativeIsZero(_ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        let forwardZero = r.outputTangent.scalars.allSatisfy { $0 == 0 }
        let reverseZero = c.inputs.indices.allSatisfy { !c.differentiable[$0] || r.inputCotangents[$0].scalars.allSatisfy { $0 == 0 } }
        return .check(forwardZero && reverseZero,
                      "the derivative is declared zero, but the forward tangent is \(r.outputTangent.scalars) and the reverse cotangents are \(r.inputCotangents.map(\.scalars))")
    }

    /// An operator declared to have no derivative makes both modes throw an error naming it
    /// (an error whose description contains the operator's name).
    ///
    /// - Parameters:
    ///   - op: The operator; its `name` must appear in both errors.
    ///   - c: A case applying `op`.
    /// - Returns: `.pass` when both modes throw an error naming the operator, else `.fail` with
    ///   both results.
    public static func noDerivativeIsAnError(_ op: some DifferentiableOperator, _ c: DirectionalCase) -> CaseOutcome {
        let forward = Result { try jvp(at: c.inputs, tangents: c.tangents, c.function) }
        let reverse = Result { try vjp(at: c.inputs, c.function).pullback(c.cotangent) }
        func names(_ error: any Error) -> Bool { "\(error)".contains(op.name) }
        switch (forward, reverse) {
        case (.failure(let f), .failure(let r)) where names(f) && names(r): return .pass
        default: return .fail("\(op.name) declares no derivative, but differentiating through it did not throw an error naming it in both modes (forward: \(forward), reverse: \(reverse))")
        }
    }
}
