// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// Evaluates a function of NDArrays for the oracle: at perturbed copies of its inputs, in
/// Float64 when Float32 inputs are promoted, with the output read back as `[Double]`.
///
/// Promotion is what keeps Float32 checks honest: finite differences of Float32 values
/// carry noise of about `2⁻²⁴·|f| / h` (6e-5 relative at h = 1e-3), the false failures
/// users of every peer report. Evaluated in Float64 the oracle is as good as for Float64
/// inputs. It needs a function that follows its inputs' dtype (constants made with
/// `x.scalar(c)` or `NDArray.constant(c, like: x)`); one that hard-codes Float32 arrays is
/// checked with ``Float32Oracle/native`` instead.
final class OracleEvaluator {
    let function: ([NDArray]) throws -> NDArray
    /// The inputs, in their evaluation dtype.
    let inputs: [NDArray]
    /// The inputs' values, exact in their evaluation dtype.
    let base: [[Double]]
    let shapes: [[Int]]
    /// The dtype each input is evaluated in.
    let dtypes: [DType]
    /// The output at the unperturbed inputs.
    let output: [Double]
    let outputShape: [Int]
    /// The unit roundoff of the evaluation: Float64's unless an input or the output is Float32.
    let unit: Double

    /// Evaluates `function` once at `inputs` (promoted to Float64 when `promote` is true).
    init(_ function: @escaping ([NDArray]) throws -> NDArray, at inputs: [NDArray], promote: Bool) throws {
        self.function = function
        let converted = inputs.map { promote ? $0.withoutAD.astype(.float64) : $0.withoutAD }
        self.inputs = converted
        base = converted.map(\.scalars)
        shapes = converted.map(\.shape)
        dtypes = converted.map(\.dtype)
        let y = try function(converted)
        output = y.scalars
        outputShape = y.shape
        unit = (dtypes + [y.dtype]).map(\.unitRoundoff).max() ?? DType.float64.unitRoundoff
    }

    /// The output at inputs with the given values.
    func evaluate(_ values: [[Double]]) throws -> [Double] {
        try evaluate(arrays: values.indices.map { NDArray(values: values[$0], shape: shapes[$0], dtype: dtypes[$0]) }).scalars
    }

    /// The output at the given inputs (in the evaluation dtypes), its shape checked.
    func evaluate(arrays: [NDArray]) throws -> NDArray {
        let y = try function(arrays)
        guard y.shape == outputShape else { throw GradientCheckError.outputShapeChanged(expected: outputShape, got: y.shape) }
        return y
    }

    /// `‖f(x)‖∞`: the scale of the output's values.
    var outputScale: Double { output.reduce(0) { max($0, abs($1)) } }
}

/// `f` along one coordinate: `s ↦ f(x with element j of input k set to s)`.
///
/// Evaluations are cached by `s`, so the GSL calls for the outputs of one Jacobian column
/// share the stencil points they have in common (GSL computes `x ± h`, `x ± h/2` the same
/// way for every output).
final class CoordinateLine {
    let evaluator: OracleEvaluator
    let input: Int
    let element: Int
    private var cache: [Double: [Double]] = [:]

    init(_ evaluator: OracleEvaluator, input: Int, element: Int) {
        self.evaluator = evaluator
        self.input = input
        self.element = element
    }

    /// The coordinate's value at the point.
    var origin: Double { evaluator.base[input][element] }

    /// The output with the coordinate set to `s`.
    func output(at s: Double) throws -> [Double] {
        if s == origin { return evaluator.output }
        if let cached = cache[s] { return cached }
        var values = evaluator.base
        values[input][element] = s
        let y = try evaluator.evaluate(values)
        cache[s] = y
        return y
    }

    /// Whether the central rule's stencil hints at a kink in output `i` (see ``kinkSuspected(_:origin:step:unit:scale:)``).
    func kinkSuspected(output i: Int, step h: Double, scale: Double) throws -> Bool {
        try DualTapeOracle.kinkSuspected({ try output(at: $0)[i] }, origin: origin, step: h, unit: evaluator.unit, scale: scale)
    }
}

/// `f` along a direction, seen through a cotangent: `t ↦ ⟨u, f(x + t·v)⟩`.
///
/// One GSL call on it checks a forward result `⟨u, J v⟩` and a reverse result `⟨Jᵀu, v⟩`
/// together, whatever the sizes of `x` and `f(x)`. It is evaluated with NDArray arithmetic
/// (`x + t·v`, then `Σ u·f` in Float64), so a point costs little more than `f` itself, and
/// cached by `t`, so GSL's rules share the stencil points they have in common.
final class DirectionalLine {
    let evaluator: OracleEvaluator
    /// One direction per input, in its evaluation dtype (`nil`: that input is not moved).
    let directions: [NDArray?]
    /// `u` in Float64, with the output's shape.
    let cotangent: NDArray
    private var cache: [Double: Double] = [:]

    init(_ evaluator: OracleEvaluator, directions: [[Double]?], cotangent: [Double]) {
        self.evaluator = evaluator
        self.directions = directions.enumerated().map { k, v in
            v.map { NDArray(values: $0, shape: evaluator.shapes[k], dtype: evaluator.dtypes[k]) }
        }
        self.cotangent = NDArray(values: cotangent, shape: evaluator.outputShape)
    }

    /// `⟨u, f(x + t·v)⟩`.
    func value(at t: Double) throws -> Double {
        if let cached = cache[t] { return cached }
        let arrays = evaluator.inputs.enumerated().map { k, x in directions[k].map { x + $0 * t } ?? x }
        let y = t == 0 ? NDArray(values: evaluator.output, shape: evaluator.outputShape) : try evaluator.evaluate(arrays: arrays)
        let value = (y.astype(.float64) * cotangent).sum().scalars[0]
        cache[t] = value
        return value
    }

    /// `‖u‖₁·‖f(x)‖∞`: a bound on the magnitude of the terms of `⟨u, f⟩`.
    var scale: Double { cotangent.scalars.reduce(0) { $0 + abs($1) } * evaluator.outputScale }
}

/// Whether the central rule's own stencil hints at a kink of φ within `h` of `x`.
///
/// On a smooth function the second differences over `h/2` and `h` satisfy `D₂ ≈ 2·D₁`
/// (both are `φ''·h`-sized); at a kink both equal the jump in slope. Only then are the
/// one-sided rules worth running when AD already agrees with the central rule. It reads
/// the points the central rule evaluated (cached), so it costs one evaluation at most.
///
///     D₁ = (φ(x+h/2) − 2φ(x) + φ(x−h/2))·2/h      D₂ = (φ(x+h) − 2φ(x) + φ(x−h))/h
func kinkSuspected(_ phi: (Double) throws -> Double, origin x: Double, step h: Double, unit: Double, scale: Double) throws -> Bool {
    let center = try phi(x)
    let d1 = (try phi(x + h / 2) - 2 * center + (try phi(x - h / 2))) * 2 / h
    let d2 = (try phi(x + h) - 2 * center + (try phi(x - h))) / h
    guard d1.isFinite, d2.isFinite else { return true }
    return abs(d2 - 2 * d1) > 0.25 * (abs(d1) + abs(d2)) + 64 * unit * scale / h
}
