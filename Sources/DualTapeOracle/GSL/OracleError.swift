// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Why the oracle could not give a derivative.
public enum OracleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// GSL returned an error status.
    case gsl(GSLError)
    /// GSL returned a non-finite derivative or error estimate: a pole or a point outside the
    /// function's domain lies inside the step.
    case nonFinite(value: Double, error: Double, at: Double, step: Double)
    /// The point is not finite.
    case invalidPoint(Double)
    /// The step is not a finite positive number.
    case invalidStep(Double)

    /// Why the oracle gave up, with the point, the step and GSL's values.
    public var description: String {
        switch self {
        case .gsl(let error):
            return "oracle: \(error)"
        case .nonFinite(let value, let error, let x, let h):
            return "oracle failed at x = \(x) with step \(h): GSL returned \(value) ± \(error); a pole or the edge of the domain lies within the step. Try a smaller step."
        case .invalidPoint(let x):
            return "oracle: the point \(x) is not finite."
        case .invalidStep(let h):
            return "oracle: the step \(h) is not a finite positive number."
        }
    }
}

/// A GSL status code other than success, as a typed error.
public enum GSLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `GSL_FAILURE` (-1): an unspecified failure.
    case failure
    /// `GSL_EDOM` (1): an input outside the function's domain, such as `sqrt(-1)`.
    case domain
    /// `GSL_ERANGE` (2): a result outside the representable range, such as `exp(1e100)`.
    case range
    /// `GSL_EFAULT` (3): an invalid pointer was passed to GSL.
    case invalidPointer
    /// `GSL_EINVAL` (4): an invalid argument supplied by the caller.
    case invalidArgument
    /// `GSL_EFAILED` (5): a generic failure of the routine.
    case failed
    /// `GSL_EBADFUNC` (9): a problem with the user-supplied function.
    case badFunction
    /// `GSL_EZERODIV` (12): a division by zero.
    case divisionByZero
    /// `GSL_EUNDRFLW` (15): a result underflowed.
    case underflow
    /// `GSL_EOVRFLW` (16): a result overflowed.
    case overflow
    /// `GSL_ELOSS` (17): the requested accuracy was lost.
    case lossOfAccuracy
    /// `GSL_EROUND` (18): the routine failed because of rounding error.
    case roundoff
    /// `GSL_ESING` (21): an apparent singularity was detected.
    case singularity
    /// Any other code (GSL has 34).
    case other(status: Int32)

    /// The error for a GSL status code (not `GSL_SUCCESS`).
    ///
    /// - Parameter status: A status returned by a GSL routine, as in `gsl_errno.h`; codes
    ///   without a case of their own become ``other(status:)``, which keeps the code.
    public init(status: Int32) {
        switch status {
        case -1: self = .failure
        case 1: self = .domain
        case 2: self = .range
        case 3: self = .invalidPointer
        case 4: self = .invalidArgument
        case 5: self = .failed
        case 9: self = .badFunction
        case 12: self = .divisionByZero
        case 15: self = .underflow
        case 16: self = .overflow
        case 17: self = .lossOfAccuracy
        case 18: self = .roundoff
        case 21: self = .singularity
        default: self = .other(status: status)
        }
    }

    /// The GSL status code.
    public var status: Int32 {
        switch self {
        case .failure: return -1
        case .domain: return 1
        case .range: return 2
        case .invalidPointer: return 3
        case .invalidArgument: return 4
        case .failed: return 5
        case .badFunction: return 9
        case .divisionByZero: return 12
        case .underflow: return 15
        case .overflow: return 16
        case .lossOfAccuracy: return 17
        case .roundoff: return 18
        case .singularity: return 21
        case .other(let status): return status
        }
    }

    /// GSL's own message for the code (`gsl_strerror`).
    public var message: String { String(cString: gsl_strerror(status)) }

    /// `"GSL error <status>: <message>"`.
    public var description: String { "GSL error \(status): \(message)" }
}
