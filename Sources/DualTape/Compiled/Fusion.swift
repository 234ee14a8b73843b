/// Elementwise fusion and the array plan.
enum Fusion {
    static func run(_ program: Program) -> ArrayPlan { ArrayPlan(program) }
}

extension ArrayPlan {
    /// Replay steps.
    var stepCount: Int { steps.count }
}
