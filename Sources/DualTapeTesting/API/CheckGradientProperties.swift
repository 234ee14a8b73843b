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
///
/// - Parameters:
///   - function: The function checked, of the inputs to one array; every input is
///     differentiated. Its tolerances assume about 8 operator applications.
///   - inputs: Generates the point, one array per argument of `function`.
///   - name: The property's name in reports and replay tokens.
///   - iterations: Cases to run (`DUALTAPE_PROPERTY_CASES` overrides); 100 by default.
///   - seed: The base seed (`DUALTAPE_PROPERTY_SEED` overrides); 0 by default.
///   - fileID: Where the issue is recorded (the caller's file, by default).
///   - filePath: Where the issue is recorded (the caller's file, by default).
///   - line: Where the issue is recorded (the caller's line, by default).
///   - column: Where the issue is recorded (the caller's column, by default).
/// - Returns: The report (also recorded as a test issue when a case failed or the run gave up).
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
///
/// - Parameters:
///   - function: The function checked, of the inputs to one array; every input is differentiated.
///   - shapes: One shape per argument of `function`.
///   - domains: The domain of each input, in order; inputs past the end of the list are `.real`.
///   - dtype: The inputs' dtype; float64 by default.
///   - name: The property's name in reports and replay tokens.
///   - iterations: Cases to run (`DUALTAPE_PROPERTY_CASES` overrides); 100 by default.
///   - seed: The base seed (`DUALTAPE_PROPERTY_SEED` overrides); 0 by default.
///   - fileID: Where the issue is recorded (the caller's file, by default).
///   - filePath: Where the issue is recorded (the caller's file, by default).
///   - line: Where the issue is recorded (the caller's line, by default).
///   - column: Where the issue is recorded (the caller's column, by default).
/// - Returns: The report (also recorded as a test issue when a case failed or the run gave up).
@discardableResult
public func checkGradientProperties(of function: @escaping @Sendable ([NDArray]) -> NDArray, shapes: [[Int]], domains: [Domain] = [],
                           dtype: DType = .float64, name: String = "checkGradientProperties", iterations: Int = 100, seed: UInt64 = 0,
                           fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                           line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let inputs = Gen<[NDArray]>.inputs(shapes: shapes, domains: domains, dtype: dtype)
    return checkGradientProperties(of: function, inputs: inputs, name: name, iterations: iterations, seed: seed, fileID: fileID, filePath: filePath, line: line, column: column)
}

/// `checkGradientProperties(of:inputs:...)` without recording an issue.
///
/// - Parameters:
///   - function: The function checked, of the inputs to one array; every input is differentiated.
///   - inputs: Generates the point, one array per argument of `function`.
///   - name: The property's name in reports and replay tokens.
///   - iterations: Cases to run (`DUALTAPE_PROPERTY_CASES` overrides); 100 by default.
///   - seed: The base seed (`DUALTAPE_PROPERTY_SEED` overrides); 0 by default.
/// - Returns: The report: counts, classifications, and the shrunk failure if any.
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

extension Gen where Value == [NDArray] {
    /// One array per shape, drawn inside the domain at the same position (`.real` past the end
    /// of `domains`): the inputs of the `shapes:` forms of the property checks.
    static func inputs(shapes: [[Int]], domains: [Domain], dtype: DType) -> Gen {
        Gen { source in
            try shapes.enumerated().map { i, shape in
                try Gen<NDArray>.drawArray(source, shape: shape, dtype: dtype, domain: i < domains.count ? domains[i] : .real, extraSpecials: [])
            }
        }
    }
}
