// DualTapeOracle: GSL-backed numerical differentiation and gradient checks for DualTape.
//
// Copyright the DualTape authors.
// SPDX-License-Identifier: GPL-3.0-or-later
//
// This module links the GNU Scientific Library (GPL-3.0), so it is licensed under the GNU
// General Public License, version 3 or (at your option) any later version; see LICENSE-GPL.
// The core `DualTape` library does not link it and keeps its own licence.
//
// Goals, in priority order: a check that never fails a right derivative (no false
// failures), that catches every wrong one it can resolve (a 1e-4 relative error, a rule
// wrong in one mode or one argument), that says why with evidence, and that is cheap
// enough to run on every rule.
import DualTape

/// Checks the derivatives of `f` at `inputs`: forward against reverse (the dot-product
/// identity, to rounding), forward against GSL, reverse against GSL.
///
///     let report = try checkGradients(of: f, at: [x1, x2], modes: [.forward, .reverse], order: 1)
///     report.passed                                  // Bool
///     print(report)                                  // a table
///     let data = try JSONEncoder().encode(report)    // machine-readable
///
/// Small Jacobians (`inputs × outputs ≤ options.fullJacobianLimit`) are checked element by
/// element; larger ones along seeded random directions, `⟨u, J v⟩ = ⟨Jᵀu, v⟩ = d/dt ⟨u, f(x + t·v)⟩`.
/// Each element gets a verdict (AGREE, MODES DISAGREE, AD ≠ ORACLE, KINK, UNRESOLVED) with
/// the tolerance it was held to; see ``Verdict`` and ``TolerancePolicy``.
///
/// `order: 2` checks second derivatives by checking the AD gradient of `⟨u, f⟩` (`u = 1` for
/// a scalar `f`, else seeded): forward over reverse and reverse over reverse against each
/// other and against GSL applied to the AD gradient.
///
/// `modes` may add ``CheckMode/compiled``: the function compiled at the point
/// (`Autograd.compile(examples:mode:_:)`, `.strict`), its `vjp` replayed row by row (or per
/// direction), against eager reverse mode to rounding and against GSL. A compiled function
/// that fails (a stale trace, a wrong shape) gives NaN values, MODES DISAGREE, and a note with
/// its error; it never stops the check. The default modes are forward and reverse.
///
/// Float32 inputs: the oracle evaluates `f` in Float64 (``Float32Oracle/promote``, the
/// default), so its finite differences carry no Float32 noise; the Float32 AD values get a
/// rounding allowance, and one that still misses is re-run in Float64 before anything
/// fails: a wrong rule fails there too, Float32 rounding alone is UNRESOLVED.
///
/// A failed check is a report with `passed == false`, not an error.
///
/// - Parameters:
///   - f: The function to check, of any number of arrays to one array. It must follow its
///     inputs' dtype for the Float32 promotion and keep its output shape at every point.
///   - inputs: The point: one finite array per argument of `f`, any shapes, float32 or float64.
///   - modes: The AD modes to check; both by default (then they are also compared to each other).
///   - order: 1 for first derivatives, 2 for second derivatives.
///   - options: Tolerances, strategy, seed, steps and the inputs to differentiate
///     (``GradientCheckOptions/wrt``).
/// - Returns: The report: a verdict per Jacobian element (or per direction) and input.
/// - Throws: ``GradientCheckError`` when the check cannot run (no modes or inputs, an order
///   other than 1 or 2, a non-finite input or value, a bad option, an output shape that
///   changes with the point); `AutogradError` when AD cannot differentiate `f` (an operator
///   without a derivative); and any error `f` throws, unchanged.
public func checkGradients(of f: ([NDArray]) throws -> NDArray, at inputs: [NDArray],
                           modes: Set<CheckMode> = [.forward, .reverse], order: Int = 1,
                           options: GradientCheckOptions = GradientCheckOptions()) throws -> GradientReport {
    try withoutActuallyEscaping(f) { f in
        try GradientChecker(function: f, inputs: inputs, modes: modes, order: order, options: options).run()
    }
}

/// Checks the derivatives of a function of one array (see the form taking `[NDArray]`).
///
/// - Parameters:
///   - f: The function to check, of one array to one array.
///   - input: The point: a finite array of any shape, float32 or float64.
///   - modes: The AD modes to check; both by default.
///   - order: 1 for first derivatives, 2 for second derivatives.
///   - options: Tolerances, strategy, seed and steps.
/// - Returns: The report, with one input.
/// - Throws: ``GradientCheckError`` when the check cannot run, `AutogradError` when AD cannot
///   differentiate `f`, and any error `f` throws, as the form taking `[NDArray]`.
public func checkGradients(of f: (NDArray) throws -> NDArray, at input: NDArray,
                           modes: Set<CheckMode> = [.forward, .reverse], order: Int = 1,
                           options: GradientCheckOptions = GradientCheckOptions()) throws -> GradientReport {
    try checkGradients(of: { try f($0[0]) }, at: [input], modes: modes, order: order, options: options)
}

/// Checks the derivatives of a function of two arrays at `[a, b]`.
///
/// - Parameters:
///   - f: The function to check, of two arrays to one array.
///   - inputs: The point `[a, b]`: exactly two finite arrays, float32 or float64.
///   - modes: The AD modes to check; both by default.
///   - order: 1 for first derivatives, 2 for second derivatives.
///   - options: Tolerances, strategy, seed, steps and the inputs to differentiate.
/// - Returns: The report, with an entry per differentiated input.
/// - Throws: ``GradientCheckError/invalidOption(_:)`` when `inputs` does not hold two arrays;
///   otherwise as the form taking `[NDArray]`: ``GradientCheckError`` when the check cannot
///   run, `AutogradError` when AD cannot differentiate `f`, and any error `f` throws.
public func checkGradients(of f: (NDArray, NDArray) throws -> NDArray, at inputs: [NDArray],
                           modes: Set<CheckMode> = [.forward, .reverse], order: Int = 1,
                           options: GradientCheckOptions = GradientCheckOptions()) throws -> GradientReport {
    guard inputs.count == 2 else {
        throw GradientCheckError.invalidOption("checkGradients: a function of two arrays needs two inputs, got \(inputs.count)")
    }
    return try checkGradients(of: { try f($0[0], $0[1]) }, at: inputs, modes: modes, order: order, options: options)
}

/// One gradient check: validates, builds the function each side sees, picks a strategy.
struct GradientChecker {
    let function: ([NDArray]) throws -> NDArray
    let inputs: [NDArray]
    let modes: Set<CheckMode>
    let order: Int
    let options: GradientCheckOptions

    func run() throws -> GradientReport {
        try validate()
        let wrt = options.wrt ?? Array(inputs.indices)
        let plain = inputs.map(\.withoutAD)
        let promote = options.float32Oracle == .promote && plain.contains { $0.dtype == .float32 }
        let promoted = promote ? plain.map { $0.astype(.float64) } : plain

        var function = restricted(self.function, constants: plain, wrt)
        var promotedFunction = restricted(self.function, constants: promoted, wrt)
        var cotangentSeeded = false
        if order == 2 {
            let y = try function(wrt.map { plain[$0] })
            var generator = RandomGenerator(seed: options.seed)
            let u = y.count == 1 ? [1] : rounded((0 ..< y.count).map { _ in 2 * generator.nextUnit() - 1 }, to: y.dtype)
            cotangentSeeded = y.count > 1
            function = gradientFunction(of: function, cotangent: u)
            promotedFunction = gradientFunction(of: promotedFunction, cotangent: u)
        }

        let variables = wrt.map { plain[$0] }
        let output = try function(variables)
        guard output.scalars.allSatisfy(\.isFinite) else { throw GradientCheckError.nonFiniteValue(shape: output.shape) }
        let evaluator = try OracleEvaluator(promotedFunction, at: wrt.map { promoted[$0] }, promote: false)
        guard evaluator.output.allSatisfy(\.isFinite) else { throw GradientCheckError.nonFiniteValue(shape: evaluator.outputShape) }
        let float32Evaluation = evaluator.unit > DType.float64.unitRoundoff
        let target = CheckTarget(function: function, promotedFunction: promotedFunction, inputs: variables,
                                 promotedInputs: promote ? wrt.map { promoted[$0] } : nil, output: output, modes: modes,
                                 options: options, evaluator: evaluator,
                                 relativeStep: float32Evaluation ? options.float32RelativeStep : options.relativeStep,
                                 inputIndices: wrt)

        let n = variables.reduce(0) { $0 + $1.count }
        let directions: Int?
        switch options.strategy {
        case .full: directions = nil
        case .directional(let count): directions = count
        case .automatic: directions = n * output.count <= options.fullJacobianLimit ? nil : options.directions
        }
        let reports = try directions.map { try DirectionalCheck(target: target, count: $0).run() } ?? FullJacobianCheck(target: target).run()

        var notes: [String] = []
        if order == 2 {
            let compiled = modes.contains(.compiled) ? ", compiled is the compiled vjp of that gradient" : ""
            notes.append("order 2: the checked function is the AD gradient of <u, f>\(cotangentSeeded ? " (u random, seeded)" : " (u = 1)"); forward is forward over reverse, reverse is reverse over reverse\(compiled)")
        }
        notes += target.compiledFailures.messages.map { "compiled: " + $0 }
        if promote {
            notes.append("Float32 inputs: GSL evaluates the function in Float64 (promoted); a Float32 AD value that misses is re-run in Float64 before it can fail")
        } else if float32Evaluation {
            notes.append("GSL evaluates the function in Float32: its rounding noise is part of the tolerance, so relative errors below about 1e-3 can go unseen")
        }
        if wrt.count < inputs.count {
            notes.append("held constant: input \(inputs.indices.filter { !wrt.contains($0) }.map(String.init).joined(separator: ", "))")
        }
        if options.declaredZero { notes.append("declared zero derivative: both modes must give exactly 0; GSL is not consulted") }
        return GradientReport(order: order, modes: modes.sorted(), directions: directions,
                              seed: directions != nil || cotangentSeeded ? options.seed : nil,
                              oracle: OracleSettings(precision: float32Evaluation ? .float32 : .float64, promoted: promote,
                                                     relativeStep: target.relativeStep),
                              tolerance: options.tolerance, outputShape: output.shape, inputs: reports, notes: notes)
    }

    private func validate() throws {
        guard order == 1 || order == 2 else { throw GradientCheckError.invalidOrder(order) }
        guard !modes.isEmpty else { throw GradientCheckError.noModes }
        let wrt = options.wrt ?? Array(inputs.indices)
        guard !wrt.isEmpty else { throw GradientCheckError.noInputs }
        for k in wrt where !inputs.indices.contains(k) { throw GradientCheckError.invalidInputIndex(k, inputs: inputs.count) }
        guard Set(wrt).count == wrt.count else { throw GradientCheckError.invalidOption("checkGradients: wrt lists an input twice") }
        for (k, x) in inputs.enumerated() where !x.scalars.allSatisfy(\.isFinite) { throw GradientCheckError.nonFiniteInput(index: k) }
        if case .directional(let count) = options.strategy, count < 1 {
            throw GradientCheckError.invalidOption("checkGradients: .directional(count: \(count)) needs at least one direction")
        }
        guard options.directions >= 1 else { throw GradientCheckError.invalidOption("checkGradients: options.directions must be at least 1") }
        for step in [options.relativeStep, options.float32RelativeStep] where !(step > 0 && step.isFinite) {
            throw GradientCheckError.invalidOption("checkGradients: the relative step \(step) is not a finite positive number")
        }
    }
}

/// `f` as a function of the inputs in `wrt` only; the others are fixed to `constants`.
private func restricted(_ f: @escaping ([NDArray]) throws -> NDArray, constants: [NDArray], _ wrt: [Int]) -> ([NDArray]) throws -> NDArray {
    if wrt == Array(constants.indices) { return f }
    return { variables in
        var all = constants
        for (i, k) in wrt.enumerated() { all[k] = variables[i] }
        return try f(all)
    }
}
