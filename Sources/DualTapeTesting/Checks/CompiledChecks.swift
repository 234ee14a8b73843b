import DualTape

/// Checks of compiled functions (`Autograd.compile(examples:mode:_:)`) against eager
/// evaluation, the reference: the value, the vector-Jacobian product and the
/// Jacobian-vector product must be equal to rounding.
///
/// "To rounding": a compiled replay runs the same operators and rules as eager mode, but
/// fused loops may reassociate sums, so each element may differ by
///
///     |compiled − eager| ≤ 4096·u·max(1, ‖eager‖∞)
///
/// with `u` the unit roundoff of the result's dtype (about 9e-13 in Float64, 2.4e-4 in
/// Float32, relative to the array's largest element). NaN must meet NaN.
public enum CompiledChecks {
    /// The multiple of the unit roundoff allowed between compiled and eager results.
    public static let roundoffFactor = 4096.0

    /// Compares the compiled `compiled` with eager `function` at `inputs`: the value, the
    /// `vjp` along a cotangent and the `jvp` along tangents, both drawn from `seed`.
    ///
    /// - Parameters:
    ///   - compiled: The compiled function.
    ///   - function: The same function, evaluated eagerly (the reference).
    ///   - inputs: Where to compare.
    ///   - seed: The seed of the random cotangent and tangents.
    /// - Returns: A pass, or a failure naming the first result that differs.
    public static func agree(_ compiled: CompiledFunction, _ function: @escaping @Sendable ([NDArray]) throws -> NDArray,
                             at inputs: [NDArray], seed: UInt64) -> CaseOutcome {
        do {
            var generator = RandomGenerator(seed: seed)
            let (eagerValue, pullback) = try DualTape.vjp(at: inputs, function)
            let u = NDArray.normal(shape: eagerValue.shape, dtype: eagerValue.dtype, generator: &generator)
            let (value, cotangents) = try compiled.vjp(inputs, cotangent: u)
            if let problem = difference(value, eagerValue, "value") { return .fail(problem) }
            for (k, (a, b)) in zip(cotangents, try pullback(u)).enumerated() {
                if let problem = difference(a, b, "vjp, input \(k)") { return .fail(problem) }
            }
            let tangents = inputs.map { NDArray.normal(shape: $0.shape, dtype: $0.dtype, generator: &generator) }
            let compiledJVP = try compiled.jvp(inputs, tangents: tangents)
            let eagerJVP = try DualTape.jvp(at: inputs, tangents: tangents, function)
            if let problem = difference(compiledJVP.tangent, eagerJVP.tangent, "jvp") { return .fail(problem) }
            return .pass
        } catch {
            return .fail("the compiled function threw where eager evaluation did not: \(error)")
        }
    }

    /// Compiled = eager: compiles `function` at `example` (`.retrace`), then compares it with
    /// eager evaluation at `example` and at each of `others` (inputs of other values, shapes
    /// or branches: those retrace, and must still equal eager). A function that throws
    /// eagerly at the example is discarded.
    ///
    /// - Parameters:
    ///   - function: The function to compile.
    ///   - example: The inputs to compile at.
    ///   - others: Further input sets to replay (or retrace) at.
    ///   - seed: The seed of the random directions.
    /// - Returns: A pass, a discard, or a failure naming the input set and the result.
    public static func compiledAgreesWithEager(_ function: @escaping @Sendable ([NDArray]) throws -> NDArray, example: [NDArray],
                                               others: [[NDArray]] = [], seed: UInt64 = 0) -> CaseOutcome {
        guard (try? function(example)) != nil else { return .discard("the function throws at the example") }
        let compiled: CompiledFunction
        do {
            compiled = try Autograd.compile(examples: example, function)
        } catch {
            return .fail("compiling threw where eager evaluation did not: \(error)")
        }
        var outcomes: [CaseOutcome] = []
        for (i, inputs) in ([example] + others).enumerated() {
            let outcome = agree(compiled, function, at: inputs, seed: seed &+ UInt64(i))
            if case .fail(let message) = outcome { return .fail((i == 0 ? "at the example: " : "at input set \(i): ") + message) }
            outcomes.append(outcome)
        }
        return .all(outcomes)
    }

    /// Guards: `function` compiled at `example` in `.retrace` mode equals a fresh eager
    /// evaluation at `other`, and compiled in `.strict` mode it throws
    /// `AutogradError.staleTrace(message:)` at `other` exactly when `branchChanged`
    /// (it never throws at the example itself).
    ///
    /// - Parameters:
    ///   - function: The branching function.
    ///   - example: The inputs to compile at.
    ///   - other: Inputs that may take another branch.
    ///   - branchChanged: Whether `other` takes another branch than `example`.
    ///   - seed: The seed of the random directions.
    /// - Returns: A pass, or a failure saying which mode misbehaved.
    public static func retraceMatchesEager(_ function: @escaping @Sendable ([NDArray]) throws -> NDArray, example: [NDArray],
                                           other: [NDArray], branchChanged: Bool, seed: UInt64 = 0) -> CaseOutcome {
        do {
            let retracing = try Autograd.compile(examples: example, function)
            let countBefore = retracing.traceCount
            if case .fail(let message) = agree(retracing, function, at: other, seed: seed) {
                return .fail("after a \(branchChanged ? "changed" : "same") branch, .retrace: \(message)")
            }
            let strict = try Autograd.compile(examples: example, mode: .strict, function)
            _ = try strict(example)
            do {
                let value = try strict(other)
                if branchChanged { return .fail(".strict replayed a stale trace at an input that takes the other branch (value \(value.shape))") }
                if let problem = difference(value, try function(other), ".strict value on the traced branch") { return .fail(problem) }
            } catch AutogradError.staleTrace(let message) {
                if !branchChanged { return .fail(".strict threw staleTrace although the branch did not change: \(message)") }
                guard message.contains("changed") else { return .fail("staleTrace does not say which comparison changed: \(message)") }
            }
            if branchChanged && retracing.traceCount == countBefore {
                return .fail(".retrace did not trace again for an input that takes the other branch")
            }
            return .pass
        } catch {
            return .fail("threw: \(error)")
        }
    }

    /// Why `a` (compiled) and `b` (eager) differ beyond rounding, or nil.
    static func difference(_ a: NDArray, _ b: NDArray, _ what: String) -> String? {
        guard a.shape == b.shape else { return "\(what): compiled shape \(a.shape), eager \(b.shape)" }
        guard a.dtype == b.dtype else { return "\(what): compiled dtype \(a.dtype), eager \(b.dtype)" }
        let scale = b.scalars.reduce(1) { $1.isFinite ? Swift.max($0, Swift.abs($1)) : $0 }
        let tolerance = roundoffFactor * b.dtype.unitRoundoff * scale
        for (i, (x, y)) in zip(a.scalars, b.scalars).enumerated() {
            let same = y.isNaN ? x.isNaN : (y.isInfinite ? x == y : Swift.abs(x - y) <= tolerance)
            if !same {
                return "\(what): element \(i) is \(x) compiled, \(y) eager (tolerance \(tolerance))"
            }
        }
        return nil
    }
}
