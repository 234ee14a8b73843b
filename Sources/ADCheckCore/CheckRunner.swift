// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The result of checking one subject: its value and one gradient report per order.
struct CheckOutcome {
    let subject: CheckSubject
    let settings: CheckSettings
    /// The function's value at the point.
    let value: NDArray
    /// The report of order 1, then of order 2 when it was asked for.
    let reports: [GradientReport]

    /// Whether every order passed (AGREE, KINK and UNRESOLVED pass).
    var passed: Bool { reports.allSatisfy(\.passed) }
}

/// Why a check could not run at all: the point is outside the function's domain, an
/// operator refused the values (an index out of range), or the function cannot be
/// differentiated (it goes through argmax). Bad input: exit status 64.
struct CheckError: Error {
    let message: String
}

/// Runs the checks of a subject: every order up to the settings' order, in the settings'
/// modes, against the GSL oracle.
enum CheckRunner {
    /// Checks `subject` at every order up to `settings.order`; throws when a check cannot run.
    ///
    /// Every evaluation runs inside ``withOperatorErrors(_:)``: an operator that meets bad
    /// data (`take` with an index out of range) reports an ``OperatorError``, which becomes
    /// the check's error with the operator's message, never a stop.
    static func run(_ subject: CheckSubject, _ settings: CheckSettings) throws(CheckError) -> CheckOutcome {
        do {
            return try withOperatorErrors { () throws(CheckError) -> CheckOutcome in try checked(subject, settings) }
        } catch let error as CheckError {
            throw error
        } catch {
            throw CheckError(message: "\(error)")
        }
    }

    /// ``run(_:_:)`` inside its operator-error scope.
    private static func checked(_ subject: CheckSubject, _ settings: CheckSettings) throws(CheckError) -> CheckOutcome {
        let wrt = subject.differentiated
        guard !wrt.isEmpty else {
            let reason = subject.variables.isEmpty
                ? "the expression has no variable to differentiate; use one, as in sum(x * [1, 2]) with --var x=[3, 4]"
                : "every variable is held constant (a 0/1 mask, the condition of where, or an integer index array); nothing is left to differentiate"
            throw CheckError(message: reason)
        }
        let value: NDArray
        do {
            value = try withOperatorErrors { subject.function(subject.values) }
        } catch let error as OperatorError {
            // It names the operation, the values at fault and what to do.
            throw CheckError(message: error.description)
        } catch {
            throw CheckError(message: "\(subject.title) cannot be evaluated at the point (\(error)); give other values with --var, or another --seed.")
        }
        if let bad = value.scalars.firstIndex(where: { !$0.isFinite }) {
            let number = value.scalars[bad].isNaN ? "nan" : (value.scalars[bad] > 0 ? "inf" : "-inf")
            throw CheckError(message: "the value of \(subject.title) is \(number) at element \(bad): the point is outside the function's domain. Give other values with --var, or another --seed.")
        }
        var options = settings.options
        options.wrt = wrt
        if subject.oracleInFloat32 { options.float32Oracle = .native }
        var reports: [GradientReport] = []
        for order in settings.orders {
            do {
                // Operators failing on their data anywhere in the check (OperatorError) are thrown here.
                reports.append(try withOperatorErrors {
                    try checkGradients(of: subject.function, at: subject.values, modes: settings.modes, order: order, options: options)
                })
            } catch let error as OperatorError {
                throw CheckError(message: "the check of order \(order) could not run: \(error)")
            } catch let error as AutogradError {
                throw CheckError(message: "\(subject.title) cannot be differentiated: \(error)")
            } catch let error as OperatorError {
                throw CheckError(message: "\(error)")
            } catch let error as GradientCheckError {
                throw CheckError(message: describe(error, order: order, subject))
            } catch {
                throw CheckError(message: "the check of order \(order) could not run: \(error)")
            }
        }
        return CheckOutcome(subject: subject, settings: settings, value: value, reports: reports)
    }

    /// A message for a check that could not run, in the tool's terms rather than the library's.
    private static func describe(_ error: GradientCheckError, order: Int, _ subject: CheckSubject) -> String {
        switch error {
        case .nonFiniteValue:
            let what = order == 1 ? "value" : "gradient"
            return "the \(what) of \(subject.title) is not finite at the point, so it cannot be checked there. Give other values with --var, or another --seed."
        case .nonFiniteInput(let index):
            return "variable '\(subject.variables[index].name)' holds a value that is not finite."
        default:
            return "\(error)"
        }
    }
}
