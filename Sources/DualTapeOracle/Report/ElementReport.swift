// SPDX-License-Identifier: GPL-3.0-or-later

/// The verdict on one element of the Jacobian (or one random direction), with the evidence.
public struct ElementReport: Sendable {
    /// The input's position in the caller's list.
    public var input: Int
    /// Full Jacobian: the output element.
    public var outputIndex: [Int]?
    /// Full Jacobian: the input element.
    public var inputIndex: [Int]?
    /// Random directions: the direction's number (replay it with the report's seed).
    public var direction: Int?
    /// The forward-mode value (`J[i, j]`, or `⟨u, J v⟩`).
    public var forward: Double?
    /// The reverse-mode value (`J[i, j]`, or `⟨Jᵀu, v⟩`).
    public var reverse: Double?
    /// The compiled function's value (its `vjp`: `J[i, j]`, or `⟨Jᵀu, v⟩`); NaN when the
    /// compiled function failed (the report's notes say why).
    public var compiled: Double?
    /// GSL's central rule (nil when the oracle was not consulted or failed).
    public var oracle: Double?
    /// GSL's error estimate (`abserr`) of ``oracle``.
    public var oracleError: Double?
    /// GSL's forward rule, the right derivative, when the one-sided rules were run (a
    /// suspected kink).
    public var rightDerivative: Double?
    /// GSL's backward rule, the left derivative, when the one-sided rules were run.
    public var leftDerivative: Double?
    /// The step at which the oracle decided.
    public var step: Double?
    /// The deviation that decided the verdict (|ad − fd|, |fwd − rev|, or the distance
    /// outside the one-sided interval at a kink).
    public var error: Double
    /// The tolerance that deviation was held to.
    public var tolerance: Double
    /// The verdict: AGREE, MODES DISAGREE, AD ≠ ORACLE, KINK or UNRESOLVED.
    public var verdict: Verdict
    /// Why, in words.
    public var detail: String

    init(_ j: ElementJudgement, input: Int, outputIndex: [Int]? = nil, inputIndex: [Int]? = nil, direction: Int? = nil) {
        self.input = input
        self.outputIndex = outputIndex
        self.inputIndex = inputIndex
        self.direction = direction
        forward = j.forward
        reverse = j.reverse
        compiled = j.compiled
        oracle = j.oracle?.value
        oracleError = j.oracle?.error
        rightDerivative = j.right?.value
        leftDerivative = j.left?.value
        step = j.oracle?.step ?? j.right?.step
        error = j.error
        tolerance = j.tolerance
        verdict = j.verdict
        detail = j.detail
    }

    /// `error / tolerance`.
    public var ratio: Double { DualTapeOracle.ratio(error, tolerance) }

    /// Ordering for "worst": severity first, then how close to (or far past) the tolerance.
    static func lessSevere(_ a: ElementReport, _ b: ElementReport) -> Bool {
        a.verdict.severity != b.verdict.severity ? a.verdict.severity < b.verdict.severity : a.ratio < b.ratio
    }

    /// Where the element is, e.g. `y[0, 2] / x1[1]` or `x1, direction 2`.
    public var location: String {
        if let direction { return "x\(input), direction \(direction)" }
        return "y\(outputIndex ?? []) / x\(input)\(inputIndex ?? [])"
    }
}

extension ElementReport: Codable {
    private enum CodingKeys: String, CodingKey {
        case input, outputIndex, inputIndex, direction, forward, reverse, compiled, oracle, oracleError
        case rightDerivative, leftDerivative, step, error, tolerance, verdict, detail
    }

    /// Encodes the report; absent values are left out.
    ///
    /// JSON has no inf or NaN, and an AD value can be either: those are written as the
    /// strings `"inf"`, `"-inf"` and `"nan"`.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` when the encoder rejects a value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encodeIfPresent(outputIndex, forKey: .outputIndex)
        try c.encodeIfPresent(inputIndex, forKey: .inputIndex)
        try c.encodeIfPresent(direction, forKey: .direction)
        try c.encodeNumber(forward, forKey: .forward)
        try c.encodeNumber(reverse, forKey: .reverse)
        try c.encodeNumber(compiled, forKey: .compiled)
        try c.encodeNumber(oracle, forKey: .oracle)
        try c.encodeNumber(oracleError, forKey: .oracleError)
        try c.encodeNumber(rightDerivative, forKey: .rightDerivative)
        try c.encodeNumber(leftDerivative, forKey: .leftDerivative)
        try c.encodeNumber(step, forKey: .step)
        try c.encodeNumber(error, forKey: .error)
        try c.encodeNumber(tolerance, forKey: .tolerance)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(detail, forKey: .detail)
    }

    /// Decodes a report written by ``encode(to:)``, reading `"inf"` and `"-inf"` back as
    /// infinities and any other string in a number's place as NaN.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a required key (`input`, `verdict`, `detail`) is
    ///   missing or a value has the wrong type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = try c.decode(Int.self, forKey: .input)
        outputIndex = try c.decodeIfPresent([Int].self, forKey: .outputIndex)
        inputIndex = try c.decodeIfPresent([Int].self, forKey: .inputIndex)
        direction = try c.decodeIfPresent(Int.self, forKey: .direction)
        forward = try c.decodeNumber(forKey: .forward)
        reverse = try c.decodeNumber(forKey: .reverse)
        compiled = try c.decodeNumber(forKey: .compiled)
        oracle = try c.decodeNumber(forKey: .oracle)
        oracleError = try c.decodeNumber(forKey: .oracleError)
        rightDerivative = try c.decodeNumber(forKey: .rightDerivative)
        leftDerivative = try c.decodeNumber(forKey: .leftDerivative)
        step = try c.decodeNumber(forKey: .step)
        error = try c.decodeNumber(forKey: .error) ?? .nan
        tolerance = try c.decodeNumber(forKey: .tolerance) ?? .nan
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        detail = try c.decode(String.self, forKey: .detail)
    }
}

extension KeyedEncodingContainer {
    /// A finite number as a JSON number; inf, -inf and NaN as the strings "inf", "-inf", "nan".
    mutating func encodeNumber(_ x: Double?, forKey key: Key) throws {
        guard let x else { return }
        if x.isFinite { try encode(x, forKey: key) } else { try encode(x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"), forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads what ``KeyedEncodingContainer/encodeNumber(_:forKey:)`` wrote.
    func decodeNumber(forKey key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        if let x = try? decode(Double.self, forKey: key) { return x }
        switch try decode(String.self, forKey: key) {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return .nan
        }
    }
}
