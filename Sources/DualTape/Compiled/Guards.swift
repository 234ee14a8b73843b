/// Guards: where a traced value left the program into Swift (`asScalar()` compared with a
/// number, `Double(scalar)`), the outcome the trace depends on.
///
/// A program recorded on one branch is wrong on another (CppAD, ReverseDiff.jl and JAX all
/// document the trap). Every comparison made on a ``Scalar`` that came from a traced array
/// is recorded with its outcome; a replay evaluates the same comparison on the replayed
/// value as soon as that value is computed, and stops when the outcome differs.
struct Guard: Sendable {
    /// One side of a comparison: a value of the program (its one element) or a number.
    enum Operand: Sendable, CustomStringConvertible {
        case value(Int)
        case constant(Double)

        var description: String {
            switch self {
            case .value(let id): return "%\(id)"
            case .constant(let c): return "\(c)"
            }
        }
    }

    var lhs: Operand
    var comparison: Comparison
    var rhs: Operand
    /// The outcome while tracing.
    var outcome: Bool
    /// Where the scalar was read (`asScalar()`'s caller).
    var file: String
    var line: Int
    /// What the guarded value is, in words (`"a scalar compared with <"`, `"an exact value"`).
    var kind: String
    /// For a guard on a whole array (index values read while tracing): its traced elements;
    /// the guard holds when `lhs`'s elements are these.
    var expected: [Double]? = nil

    /// The message of a failed array guard.
    var arrayFailure: String {
        "compiled function: the trace is stale for this input: \(kind) (%\(valueIDs.first ?? -1)) changed since the trace. "
            + "Compile with mode: .retrace to trace again for other index values, or pass them as constants captured by the closure."
    }

    /// The program values this guard reads.
    var valueIDs: [Int] {
        [lhs, rhs].compactMap { if case .value(let id) = $0 { return id } else { return nil } }
    }

    /// Whether the comparison on these operand values has the traced outcome.
    @inline(__always) func holds(_ a: Double, _ b: Double) -> Bool { comparison.holds(a, b) == outcome }

    /// The message of a failed guard (for ``AutogradError/staleTrace(message:)``).
    func failure(_ a: Double, _ b: Double) -> String {
        let traced = "\(lhs) \(comparison.rawValue) \(rhs) was \(outcome)"
        return "compiled function: the trace is stale for this input: the comparison at \(file):\(line) (\(kind)) " +
            "changed: \(traced) when traced, but \(a) \(comparison.rawValue) \(b) is \(!outcome) now. " +
            "Compile with mode: .retrace to trace again for inputs that take another branch or loop count, or make the " +
            "function's control flow independent of the input values."
    }
}

/// Where a ``Scalar`` came from: a value of a program being traced, and the source line of
/// the `asScalar()` that read it.
final class ScalarOrigin: Sendable {
    let recorder: TraceRecorder
    let id: Int
    let file: String
    let line: Int

    init(recorder: TraceRecorder, id: Int, file: String, line: Int) {
        self.recorder = recorder
        self.id = id
        self.file = file
        self.line = line
    }

    /// The origin of a scalar read from `x` at `file:line`, when `x` is traced here.
    static func of(_ x: NDArray, file: StaticString, line: UInt) -> ScalarOrigin? {
        guard x.ad != nil, let layer = x.activeTraceLayer else { return nil }
        return ScalarOrigin(recorder: layer.recorder, id: layer.id, file: "\(file)", line: Int(line))
    }

    /// Records `lhs op rhs == outcome` in the trace of whichever side is traced.
    static func record(_ lhs: Scalar, _ comparison: Comparison, _ rhs: Scalar, outcome: Bool) {
        guard let origin = lhs.origin ?? rhs.origin, origin.recorder.isOpen else { return }
        func operand(_ s: Scalar) -> Guard.Operand {
            if let o = s.origin, o.recorder === origin.recorder { return .value(o.id) }
            return .constant(s.rawValue)
        }
        origin.recorder.addGuard(Guard(lhs: operand(lhs), comparison: comparison, rhs: operand(rhs), outcome: outcome,
                                       file: origin.file, line: origin.line, kind: "a scalar compared with \(comparison.rawValue)"))
    }

    /// Records that the scalar's exact value was used as a number.
    func recordExactValue(_ value: Double) {
        guard recorder.isOpen else { return }
        recorder.addGuard(Guard(lhs: .value(id), comparison: .equal, rhs: .constant(value), outcome: true,
                                file: file, line: line, kind: "the exact value used as a number"))
    }
}

/// Guards on index arrays: the positions a gather operator reads from a traced array.
enum IndexGuard {
    static func record(_ indices: NDArray, operation: String) {
        guard let layer = indices.activeTraceLayer, layer.recorder.isOpen else { return }
        layer.recorder.addGuard(Guard(lhs: .value(layer.id), comparison: .equal, rhs: .constant(0), outcome: true,
                                      file: operation, line: 0, kind: "the index values \(operation) read", expected: indices.scalars))
    }
}
