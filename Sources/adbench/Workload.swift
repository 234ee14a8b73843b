import DualTape

/// One benchmark workload: the function alone, value plus gradient, value plus JVP, and a
/// check of the derivative against a closed form or hand-written baseline.
struct Workload {
    let id: String
    let title: String
    let runs: Int
    let primal: () -> Void
    let reverse: (() throws -> Void)?
    let forward: (() throws -> Void)?
    /// A hand-written or closed-form derivative computation, for the ratio to the physical best.
    let baseline: (() -> Void)?
    /// The same derivative by another AD system in this process (name, gradient), timed and checked.
    var reference: (name: String, gradient: () -> [Double])? = nil
    /// Tape nodes recorded by one reverse pass.
    let tapeNodes: () throws -> Int
    /// Compares the AD derivatives with the closed form; returns the largest relative error.
    let check: () throws -> Double
}

/// The result of timing one workload.
struct WorkloadResult: Codable {
    var id: String
    var title: String
    var primalSeconds: Double
    var reverseSeconds: Double?
    var forwardSeconds: Double?
    var baselineSeconds: Double?
    /// Another AD system's value + gradient time (``Workload/reference``), and its name.
    var referenceSeconds: Double?
    var referenceName: String?
    var reverseRatio: Double?
    var forwardRatio: Double?
    var tapeNodes: Int
    var maxRelativeError: Double
    var passed: Bool
}
