import Synchronization
import Testing
import DualTape
import DualTapeTesting

/// Compiled functions against eager evaluation on random expression trees: the same value,
/// `vjp` and `jvp` to rounding; and through random branches, a failed guard retraces to the
/// fresh eager result (`.retrace`) or throws `staleTrace` exactly when the branch changed
/// (`.strict`).
@Suite("Compiled functions: properties")
struct CompiledPropertyTests {
    /// Compiled = eager on random trees (every operator with a derivative), compiled at the
    /// tree's variables and replayed there and at fresh values of the same shapes.
    @Test func compiledEqualsEagerOnTrees() {
        let trees = ExpressionGenerator().cases
        let pairs = Gen<[ExpressionCase]> { source in [try trees.generate(source), try trees.generate(source)] }
        checkProperty("trees: compiled = eager", pairs, configuration: config(Budget.compiled)) { cases in
            let c = cases[0]
            // The second draw gives other values only when its shapes match; else replay the example.
            let other = cases[1].variables.map(\.shape) == c.variables.map(\.shape)
                && cases[1].variables.map(\.dtype) == c.variables.map(\.dtype) ? cases[1].variables : c.variables
            return CompiledChecks.compiledAgreesWithEager(c.function, example: c.variables, others: [other], seed: 7)
        }
    }

    /// A failed guard retraces to the fresh eager result, and `.strict` throws `staleTrace`
    /// exactly when the branch changed: at the other input always, at a third input when it
    /// takes the other branch.
    @Test func guardFailureRetraceEqualsFreshEager() {
        checkProperty("branches: retrace = fresh eager", .branchingCases(), configuration: config(Budget.compiled)) { c in
            .all([
                CompiledChecks.retraceMatchesEager(c.function, example: c.example, other: c.other, branchChanged: true, seed: 3),
                CompiledChecks.retraceMatchesEager(c.function, example: c.example, other: c.third, branchChanged: !c.sameBranch(c.third), seed: 5),
            ])
        }
    }

    /// The public check on a user's function with a data-dependent loop (the seed's `f`).
    @Test func publicCheckOnTheSeedFunction() {
        let report = checkCompiledAgreesWithEager(of: { xs in
            var b = xs[0] * 2
            while b.norm().asScalar() < 1000 { b = b * 2 }
            return b.sum().asScalar() > 0 ? b : b * 100
        }, shapes: [[2]], iterations: 40)
        #expect(report.passed)
    }

    /// The check fails a compiled function that differs from eager: a function whose value
    /// depends on a Swift counter (not on its inputs) is replayed from its trace, so the
    /// compiled value is the traced one and eager moves on.
    @Test func aStaleFunctionFails() {
        let counter = Counter()
        let report = runCompiledAgreesWithEager(of: { xs in xs[0] * Double(counter.next()) },
                                                inputs: Gen { source in [try Gen<NDArray>.drawArray(source, shape: [2], dtype: .float64, domain: .real, extraSpecials: [])] },
                                                iterations: 5)
        #expect(!report.passed)
    }
}

/// A thread-safe counter.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
