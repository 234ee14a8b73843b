import DualTape

/// One generated case of the derivative checks: a ``DirectionalCase`` with a second set of
/// directions and two coefficients for the linearity checks.
public struct OperatorCheckCase: @unchecked Sendable, CustomStringConvertible {
    public var directional: DirectionalCase
    /// Second tangents `w` (zeros for non-differentiable inputs) and a second cotangent.
    public var otherTangents: [NDArray]
    public var otherCotangent: NDArray
    /// The coefficients of `αv + βw`.
    public var alpha: Double
    public var beta: Double

    public var description: String { directional.description }

    /// Adds the linearity checks' directions and coefficients to `c`.
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
    /// (a subgradient required at an operator's kinks), linearity in the tangent and the
    /// cotangent, declared linearity, the tape against the pullback, and for smooth
    /// operators second order.
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
    public static func derivativeIsZero(_ c: DirectionalCase, _ r: DirectionalResult) -> CaseOutcome {
        let forwardZero = r.outputTangent.scalars.allSatisfy { $0 == 0 }
        let reverseZero = c.inputs.indices.allSatisfy { !c.differentiable[$0] || r.inputCotangents[$0].scalars.allSatisfy { $0 == 0 } }
        return .check(forwardZero && reverseZero,
                      "the derivative is declared zero, but the forward tangent is \(r.outputTangent.scalars) and the reverse cotangents are \(r.inputCotangents.map(\.scalars))")
    }

    /// An operator declared to have no derivative makes both modes throw an error naming it.
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
