import DualTape

/// Checks an operator's derivative rules on generated inputs, and records a test issue for
/// a failure (Swift Testing or XCTest), with the case shrunk to a small one.
///
/// For each case (shapes from `shapes`, a dtype from `dtypes`, values inside the operator's
/// declared domains with its kinks and the domain's special values mixed in, and random
/// directions), every check of ``OperatorCheckCase/runChecks(operator:)`` runs: rule
/// shapes, forward = reverse, the numerical reference, linearity, the tape, and second
/// order for smooth operators.
///
///     @Test func mySoftplusIsRight() {
///         checkOperatorProperties(Softplus())
///     }
///
/// - Parameters:
///   - op: the operator to check.
///   - shapes: input shapes; by default any shape for one input, and shapes that broadcast
///     together for several (what elementwise operators accept). Pass e.g.
///     `.constant([[2, 3], [3, 4]])` for an operator with other requirements.
///   - dtypes: the element types cases are drawn in.
///   - iterations: cases to run (`DUALTAPE_PROPERTY_CASES` overrides).
///   - seed: the base seed (`DUALTAPE_PROPERTY_SEED` overrides).
///   - fileID: where the issue is recorded (the caller's file, by default).
///   - filePath: where the issue is recorded (the caller's file, by default).
///   - line: where the issue is recorded (the caller's line, by default).
///   - column: where the issue is recorded (the caller's column, by default).
/// - Returns: the report (also recorded as a test issue when a case failed).
@discardableResult
public func checkOperatorProperties(_ op: some DifferentiableOperator, shapes: Gen<[[Int]]>? = nil,
                                    dtypes: [DType] = [.float64, .float32], iterations: Int = 100, seed: UInt64 = 0,
                                    fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                                    line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let report = runOperatorProperties(op, shapes: shapes, dtypes: dtypes, iterations: iterations, seed: seed)
    if !report.passed {
        recordTestIssue(report.description, at: SourceCodeLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }
    return report
}

/// `checkOperatorProperties` without recording
/// an issue: the report alone.
///
/// - Parameters:
///   - op: The operator to check, with its attributes.
///   - shapes: Generates the input shapes, `op.arity` of them (cases with another count are
///     discarded); by default any shape for one input, and shapes that broadcast together
///     for several.
///   - dtypes: The element types cases are drawn in, at least one (a precondition).
///   - iterations: Cases to run (`DUALTAPE_PROPERTY_CASES` overrides); 100 by default.
///   - seed: The base seed (`DUALTAPE_PROPERTY_SEED` overrides); 0 by default.
/// - Returns: The report: counts, classifications, and the shrunk failure if any.
public func runOperatorProperties(_ op: some DifferentiableOperator, shapes: Gen<[[Int]]>? = nil,
                                  dtypes: [DType] = [.float64, .float32], iterations: Int = 100,
                                  seed: UInt64 = 0) -> PropertyReport {
    precondition(!dtypes.isEmpty, "checkOperatorProperties: give at least one dtype")
    let arity = op.arity
    let shapeGen = shapes ?? (arity == 1 ? Gen<[Int]>.shape().map { [$0] } : Gen<[[Int]]>.broadcastCompatible(count: arity))
    let cases = Gen<OperatorCheckCase> { source in
        let inputShapes = try shapeGen.generate(source)
        guard inputShapes.count == arity else {
            throw GenerationRejected(reason: "\(inputShapes.count) shapes for an operator of arity \(arity)")
        }
        let dtype = try source.element(of: dtypes)
        let c = try DirectionalCase.drawApplication(source, CatalogCase(op, inputShapes), dtype: dtype)
        return try OperatorCheckCase.draw(source, c)
    }
    return runProperty("operator \(op.description)", cases,
                       configuration: PropertyConfiguration(iterations: iterations, seed: seed)) { $0.runChecks(operator: op) }
}
