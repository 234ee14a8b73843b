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
    /// The memory its buffers take and the bytes a replay moves (none for a register file).
    var memory: PlanMemory { get }
}

extension ReplayPlan {
    var memory: PlanMemory { PlanMemory() }
}

/// The replay buffers of a compiled plan and the memory traffic of one replay.
public struct PlanMemory: Sendable, CustomStringConvertible {
    /// Buffers allocated per workspace (after reuse by liveness).
    public var buffers = 0
    /// Bytes those buffers take.
    public var bufferBytes = 0
    /// Values written into buffers (one buffer each without reuse).
    public var writtenValues = 0
    /// Bytes one buffer per written value would take.
    public var bytesWithoutReuse = 0
    /// Values written in place over a loop input that dies in that loop.
    public var inPlaceWrites = 0
    /// Bytes one replay reads and writes at least once: each fused loop's array inputs and
    /// written members, each other step's array inputs and result (views move none).
    public var bytesMoved = 0

    /// One line: buffers and bytes, values and in-place writes, bytes moved.
    public var description: String {
        "\(buffers) buffers, \(Self.megabytes(bufferBytes)) (\(writtenValues) values, \(Self.megabytes(bytesWithoutReuse)) without reuse, "
            + "\(inPlaceWrites) in place); \(Self.megabytes(bytesMoved)) moved per replay"
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(Double(bytes * 10 / (1 << 20)) / 10) MiB" : "\(Double(bytes * 10 / 1024) / 10) KiB"
    }
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
