import DualTape

/// Checks the derivatives of a function of arrays on generated inputs, and records a test
/// issue for a failure, shrunk: forward = reverse, the numerical reference (kinks
/// classified, not failed), linearity in the tangent and the cotangent, and the tape
/// against the pullback.
///
/// The function must follow its inputs' dtype (constants as `x.scalar(2)` or `2 * x`):
/// the numerical reference evaluates it in float64.
///
///     checkGradientProperties(of: { xs in (sin(xs[0]) * xs[1]).sum() }, shapes: [[3], [3]])
@discardableResult
public func checkGradientProperties(of function: @escaping @Sendable ([NDArray]) -> NDArray, inputs: Gen<[NDArray]>,
                           name: String = "checkGradientProperties", iterations: Int = 100, seed: UInt64 = 0,
                           fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                           line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let report = runGradientProperties(of: function, inputs: inputs, name: name, iterations: iterations, seed: seed)
    if !report.passed {
        recordTestIssue(report.description, at: SourceCodeLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }
    return report
}

/// `checkGradientProperties(of:inputs:...)` with inputs of fixed
/// `shapes`, sampled inside `domains` (`.real` where not given).
@discardableResult
public func checkGradientProperties(of function: @escaping @Sendable ([NDArray]) -> NDArray, shapes: [[Int]], domains: [Domain] = [],
                           dtype: DType = .float64, name: String = "checkGradientProperties", iterations: Int = 100, seed: UInt64 = 0,
                           fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                           line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let inputs = Gen<[NDArray]> { source in
        try shapes.enumerated().map { i, shape in
            try Gen<NDArray>.drawArray(source, shape: shape, dtype: dtype, domain: i < domains.count ? domains[i] : .real, extraSpecials: [])
        }
    }
    return checkGradientProperties(of: function, inputs: inputs, name: name, iterations: iterations, seed: seed, fileID: fileID, filePath: filePath, line: line, column: column)
}

/// `checkGradientProperties(of:inputs:...)` without recording an issue.
public func runGradientProperties(of function: @escaping @Sendable ([NDArray]) -> NDArray, inputs: Gen<[NDArray]>,
                              name: String = "checkGradientProperties", iterations: Int = 100, seed: UInt64 = 0) -> PropertyReport {
    let cases = Gen<OperatorCheckCase> { source in
        let xs = try inputs.generate(source)
        let labels = xs.enumerated().map { "x\($0) = " + ExpressionFormat.array($1) }.joined(separator: "\n")
        let c = try DirectionalCase.draw(source, label: labels, function: function, inputs: xs,
                                         differentiable: xs.map { _ in true }, operationCount: 8)
        return try OperatorCheckCase.draw(source, c)
    }
    return runProperty(name, cases, configuration: PropertyConfiguration(iterations: iterations, seed: seed)) { $0.runChecks() }
}
