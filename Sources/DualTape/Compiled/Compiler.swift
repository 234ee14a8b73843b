/// From a traced program to a replay plan: the optimisation passes in order, each measured
/// (instructions before and after), then the fastest plan the program admits: the scalar
/// path when every value has one element, the small-array path when every value has a few,
/// else the array plan with fused elementwise loops.
enum Compiler {
    /// The passes, in the order they run.
    static let passes: [(name: String, run: @Sendable (consuming Program) -> Program)] = [
        ("constant folding", ConstantFolding.run),
        ("common subexpressions", CommonSubexpressions.run),
        ("dead code", DeadCode.run),
    ]

    static func compile(_ program: consuming Program) -> (plan: any ReplayPlan, passes: [PassStatistics], path: CompiledFunction.Path) {
        var current = program
        var statistics: [PassStatistics] = []
        for pass in passes {
            let before = current.instructions.count
            let start = ContinuousClock.now
            // Passed on consumed: a pass edits the program in place.
            current = pass.run(consume current)
            statistics.append(PassStatistics(name: pass.name, instructionsBefore: before, instructionsAfter: current.instructions.count,
                                             seconds: seconds(ContinuousClock.now - start)))
        }
        var start = ContinuousClock.now
        if let scalar = ScalarPlan(current) {
            statistics.append(PassStatistics(name: "scalar path", instructionsBefore: current.instructions.count,
                                             instructionsAfter: scalar.ops.count, seconds: seconds(ContinuousClock.now - start)))
            return (scalar, statistics, .scalar)
        }
        start = ContinuousClock.now
        if let small = SmallPath.plan(current) {
            statistics.append(PassStatistics(name: "small path", instructionsBefore: current.instructions.count,
                                             instructionsAfter: current.instructions.count, seconds: seconds(ContinuousClock.now - start)))
            return (small, statistics, .small)
        }
        start = ContinuousClock.now
        let fused = Fusion.run(current)
        statistics.append(PassStatistics(name: "elementwise fusion", instructionsBefore: current.instructions.count,
                                         instructionsAfter: fused.stepCount, seconds: seconds(ContinuousClock.now - start)))
        return (fused, statistics, .arrays)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// Something that replays a program on inputs.
protocol ReplayPlan: Sendable {
    /// The results, or the first failed guard.
    func run(_ inputs: [NDArray]) throws -> Result<[NDArray], StaleTrace>
}

/// What one optimisation pass did.
public struct PassStatistics: Sendable, CustomStringConvertible {
    /// The pass's name (`"dead code"`).
    public let name: String
    /// Instructions before the pass.
    public let instructionsBefore: Int
    /// Instructions after the pass (for fusion and the scalar path: replay steps).
    public let instructionsAfter: Int
    /// The time the pass took.
    public let seconds: Double

    /// `"name: before → after (t ms)"`: the pass, the instruction counts around it and its time.
    public var description: String { "\(name): \(instructionsBefore) → \(instructionsAfter) (\(Double(Int(seconds * 1e4)) / 10) ms)" }
}
