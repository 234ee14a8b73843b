import DualTape
import DualTapeTesting

/// Default case counts of the suite's properties, chosen so the whole suite runs in well
/// under a minute in a debug build; `DUALTAPE_PROPERTY_CASES` replaces them all (the long
/// campaign of `make properties`).
enum Budget {
    /// Per catalog entry and property.
    static let catalog = 40
    /// Per property over random expression trees.
    static let expressions = 400
    /// For the costlier properties (second order, chain rule).
    static let costly = 100
    /// For the compiled-function properties (each case traces several entry points).
    static let compiled = 100
    /// Per catalog entry against the GSL oracle.
    static let oracle = 25
}

/// The configuration of a suite property: its default case count (seed 0, overridable).
func config(_ iterations: Int) -> PropertyConfiguration {
    PropertyConfiguration(iterations: iterations)
}

extension PropertyConfiguration {
    /// For tests of the engine itself: 100 cases, seed 0, the environment ignored.
    static let engineTest = PropertyConfiguration(iterations: 100, readsEnvironment: false)

    /// For tests of the engine itself: fixed cases, seed and replay, the environment ignored.
    static func engineTest(_ iterations: Int, seed: UInt64 = 0, replay: String? = nil) -> PropertyConfiguration {
        PropertyConfiguration(iterations: iterations, seed: seed, replay: replay, readsEnvironment: false)
    }
}

/// A catalog application with its derivative-check case: what catalog properties judge.
struct CatalogCheckCase: CustomStringConvertible {
    let application: CatalogCase
    let check: OperatorCheckCase
    var description: String { check.description }
}

extension Gen where Value == CatalogCheckCase {
    /// Applications of `entry` with generated shapes, attributes, dtypes, values and directions.
    static func catalogCases(_ entry: CatalogEntry, dtypes: [DType] = [.float64, .float32]) -> Gen {
        let applications = OperatorTemplate.forEntry(entry).applications
        return Gen { source in
            let application = try applications.generate(source)
            let dtype = try source.element(of: dtypes)
            let c = try DirectionalCase.drawApplication(source, application, dtype: dtype)
            return CatalogCheckCase(application: application, check: try OperatorCheckCase.draw(source, c))
        }
    }
}

extension Gen where Value == OperatorCheckCase {
    /// Random expression trees from `generator`, with directions for the checks.
    static func expressionCases(_ generator: ExpressionGenerator = ExpressionGenerator()) -> Gen {
        let trees = generator.cases
        return Gen { source in
            let tree = try trees.generate(source)
            return try OperatorCheckCase.draw(source, try DirectionalCase.drawExpression(source, tree))
        }
    }
}

/// The catalog entry named `name` (test arguments are names, which print well).
func entry(_ name: String) -> CatalogEntry {
    guard let entry = OperatorCatalog.entry(named: name) else { preconditionFailure("no catalog entry \(name)") }
    return entry
}

/// The first outcome that is not a pass, or a pass: for properties made of several checks.
func firstProblem(_ outcomes: CaseOutcome...) -> CaseOutcome { CaseOutcome.all(outcomes) }

/// Both modes' results for a case, or the failure that prevented them.
func results(_ c: DirectionalCase) -> Result<DirectionalResult, CheckFailure> { DirectionalResult.compute(c) }
