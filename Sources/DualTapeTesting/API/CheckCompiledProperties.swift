import DualTape

/// Checks that a function compiled with `Autograd.compile(examples:mode:_:)` equals eager
/// evaluation (value, `vjp`, `jvp`, to rounding: see ``CompiledChecks``) on generated
/// inputs, and records a test issue for a failure, shrunk. Each case draws two input sets:
/// the function is compiled at the first and replayed at both (a second set that takes
/// another branch or has other shapes retraces, and must still equal eager).
///
///     checkCompiledAgreesWithEager(of: { xs in (sin(xs[0]) * xs[1]).sum() }, shapes: [[3], [3]])
///
/// - Parameters:
///   - function: The function to compile, of one array per input.
///   - inputs: The generator of one input set (two are drawn per case).
///   - name: The property's name in the report.
///   - iterations: The number of cases.
///   - seed: The seed of the run (`DUALTAPE_PROPERTY_SEED` overrides it).
///   - fileID: Where a failure is recorded (leave the default: the caller's file).
///   - filePath: The caller's file path (leave the default).
///   - line: The caller's line (leave the default).
///   - column: The caller's column (leave the default).
/// - Returns: The report (also recorded as a test issue when it failed).
@discardableResult
public func checkCompiledAgreesWithEager(of function: @escaping @Sendable ([NDArray]) throws -> NDArray, inputs: Gen<[NDArray]>,
                                         name: String = "checkCompiledAgreesWithEager", iterations: Int = 100, seed: UInt64 = 0,
                                         fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                                         line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let report = runCompiledAgreesWithEager(of: function, inputs: inputs, name: name, iterations: iterations, seed: seed)
    if !report.passed {
        recordTestIssue(report.description, at: SourceCodeLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }
    return report
}

/// ``checkCompiledAgreesWithEager(of:inputs:name:iterations:seed:fileID:filePath:line:column:)``
/// with inputs of fixed `shapes`, sampled inside `domains` (`.real` where not given).
///
/// - Parameters:
///   - function: The function to compile, of one array per input.
///   - shapes: One shape per input.
///   - domains: One domain per input to sample from (`.real` where not given).
///   - dtype: The inputs' dtype.
///   - name: The property's name in the report.
///   - iterations: The number of cases.
///   - seed: The seed of the run (`DUALTAPE_PROPERTY_SEED` overrides it).
///   - fileID: Where a failure is recorded (leave the default: the caller's file).
///   - filePath: The caller's file path (leave the default).
///   - line: The caller's line (leave the default).
///   - column: The caller's column (leave the default).
/// - Returns: The report (also recorded as a test issue when it failed).
@discardableResult
public func checkCompiledAgreesWithEager(of function: @escaping @Sendable ([NDArray]) throws -> NDArray, shapes: [[Int]],
                                         domains: [Domain] = [], dtype: DType = .float64,
                                         name: String = "checkCompiledAgreesWithEager", iterations: Int = 100, seed: UInt64 = 0,
                                         fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                                         line: UInt = #line, column: UInt = #column) -> PropertyReport {
    let inputs = Gen<[NDArray]>.inputs(shapes: shapes, domains: domains, dtype: dtype)
    return checkCompiledAgreesWithEager(of: function, inputs: inputs, name: name, iterations: iterations, seed: seed,
                                        fileID: fileID, filePath: filePath, line: line, column: column)
}

/// ``checkCompiledAgreesWithEager(of:inputs:name:iterations:seed:fileID:filePath:line:column:)``
/// without recording an issue.
///
/// - Parameters:
///   - function: The function to compile, of one array per input.
///   - inputs: The generator of one input set (two are drawn per case).
///   - name: The property's name in the report.
///   - iterations: The number of cases.
///   - seed: The seed of the run (`DUALTAPE_PROPERTY_SEED` overrides it).
/// - Returns: The report, with the shrunk failing case if any.
public func runCompiledAgreesWithEager(of function: @escaping @Sendable ([NDArray]) throws -> NDArray, inputs: Gen<[NDArray]>,
                                       name: String = "checkCompiledAgreesWithEager", iterations: Int = 100,
                                       seed: UInt64 = 0) -> PropertyReport {
    let pairs = Gen<[[NDArray]]> { source in [try inputs.generate(source), try inputs.generate(source)] }
    return runProperty(name, pairs, configuration: PropertyConfiguration(iterations: iterations, seed: seed),
                       describe: { sets in
                           sets.enumerated().map { s, xs in
                               xs.enumerated().map { "\(s == 0 ? "example" : "other") x\($0) = " + ExpressionFormat.array($1) }
                                   .joined(separator: "\n")
                           }.joined(separator: "\n")
                       }) { sets in
        CompiledChecks.compiledAgreesWithEager(function, example: sets[0], others: [sets[1]], seed: seed)
    }
}

/// A random function with a branch on a traced value, for the guard properties:
///
///     f(x) = sum(tree₁(x)) > threshold ? tree₂(x) : tree₃(x)
///
/// with `threshold` halfway between `sum(tree₁)` at ``example`` and at ``other``, so the
/// two inputs take different branches; ``third`` is a further input that takes either.
public struct BranchingCase: Sendable, CustomStringConvertible {
    /// The condition's tree, and the two branches (over the same variables, each a prefix
    /// of ``example``'s).
    public var condition: ExpressionCase
    /// The branch taken when `sum(condition) > threshold`.
    public var then: ExpressionCase
    /// The branch taken otherwise.
    public var otherwise: ExpressionCase
    /// The comparison's right-hand side.
    public var threshold: Double
    /// The inputs the function is compiled at, another that takes the other branch, and a
    /// third that takes either.
    public var example: [NDArray]
    /// Inputs that take the other branch than ``example``.
    public var other: [NDArray]
    /// Inputs that take either branch.
    public var third: [NDArray]

    /// The branching function (`Scalar` comparisons, so compiled functions guard them).
    public var function: @Sendable ([NDArray]) -> NDArray {
        let c = condition.function, t = then.function, o = otherwise.function, threshold = threshold
        let nc = condition.variables.count, nt = then.variables.count
        return { xs in
            c(Array(xs.prefix(nc))).sum().asScalar() > Scalar(threshold, dtype: xs[0].dtype) ? t(Array(xs.prefix(nt))) : o(xs)
        }
    }

    /// Whether `inputs` take the branch ``example`` takes.
    ///
    /// - Parameter inputs: One array per variable, like ``example``.
    /// - Returns: `true` when the condition decides the same way as at ``example``.
    public func sameBranch(_ inputs: [NDArray]) -> Bool {
        let c = condition.function, nc = condition.variables.count
        func branch(_ xs: [NDArray]) -> Bool { c(Array(xs.prefix(nc))).sum().asScalar() > Scalar(threshold, dtype: xs[0].dtype) }
        return branch(inputs) == branch(example)
    }

    /// The function in words.
    public var description: String {
        "sum(\(condition.formula)) > \(threshold) ? \(then.formula) : \(otherwise.formula)\n"
            + example.enumerated().map { "example x\($0) = " + ExpressionFormat.array($1) }.joined(separator: "\n") + "\n"
            + other.enumerated().map { "other x\($0) = " + ExpressionFormat.array($1) }.joined(separator: "\n")
    }
}

extension Gen where Value == BranchingCase {
    /// Branching functions over random trees of `generator` (smooth operators by default):
    /// the branches reuse the condition's variables; the other inputs are the example's
    /// scaled elementwise by factors in [0.5, 1.5] (which keeps signs, so most domains hold)
    /// until the condition's sum differs. Cases whose sums are not finite are rejected.
    ///
    /// - Parameter generator: The expression generator of the condition and the branches.
    /// - Returns: A generator of branching cases.
    public static func branchingCases(_ generator: ExpressionGenerator = ExpressionGenerator(templates: ExpressionGenerator.smoothTemplates,
                                                                                              maxNodes: 4)) -> Gen<BranchingCase> {
        Gen { source in
            let condition = try generator.cases.generate(source)
            var reusing = generator
            reusing.givenVariables = condition.variables
            reusing.givenReuseProbability = 1
            let then = try reusing.cases.generate(source)
            reusing.givenVariables = then.variables
            let otherwise = try reusing.cases.generate(source)
            let example = otherwise.variables
            func scaled() throws -> [NDArray] {
                try example.map { x in
                    let factors = try (0 ..< x.count).map { _ in 0.5 + Double(try source.draw(upTo: 1_000)) / 1_000 }
                    return NDArray(values: Swift.zip(x.scalars, factors).map { $0 * $1 }, shape: x.shape, dtype: x.dtype)
                }
            }
            let other = try scaled(), third = try scaled()
            let c = condition.function, nc = condition.variables.count
            let a = c(Array(example.prefix(nc))).sum().scalars[0], b = c(Array(other.prefix(nc))).sum().scalars[0]
            guard a.isFinite, b.isFinite, a != b else { throw GenerationRejected(reason: "the condition's sums are equal or not finite") }
            let threshold = (a + b) / 2
            guard threshold != a, threshold != b else { throw GenerationRejected(reason: "the condition's sums are too close") }
            return BranchingCase(condition: condition, then: then, otherwise: otherwise, threshold: threshold,
                                 example: example, other: other, third: third)
        }
    }
}
