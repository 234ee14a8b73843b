import Synchronization

/// The automatic-differentiation state of the current task or thread: which levels are
/// open and which of them record. It is a task-local value, so two threads (or tasks)
/// recording at the same time never see each other's state, and every change is scoped
/// to a closure (``Autograd/record(trainMode:_:)``, ``Autograd/pause(trainMode:_:)``, ``jvp(at:tangent:_:)``).
@usableFromInline
struct ADContext: Sendable {
    /// Whether level 0 (MXNet's tape) records operations.
    @usableFromInline var recording = false
    /// MXNet's train/predict flag (read by operators whose behaviour depends on it).
    @usableFromInline var training = false
    /// The functional levels that are open, outermost first (ids increase inwards).
    @usableFromInline var levels: [LevelState] = []

    @TaskLocal @usableFromInline static var current = ADContext()

    /// Whether a layer of `level` takes part in dispatch: an open forward level, or a
    /// reverse level that is recording.
    func handles(_ layer: ADLayer) -> Bool {
        if layer.level == 0 { return !layer.isTangent && recording }
        for state in levels where state.id == layer.level {
            if layer.isTrace { return state.kind == .trace }
            return layer.isTangent ? state.kind == .forward : (state.kind == .reverse && state.recording)
        }
        return false
    }

    /// Whether any of `x`'s layers takes part in dispatch here.
    func isActive(_ x: NDArray) -> Bool {
        var layer = x.ad
        while let l = layer {
            if handles(l) { return true }
            layer = l.next
        }
        return false
    }

    /// The open level with this id.
    func state(of level: Int) -> LevelState? { levels.first { $0.id == level } }

    /// A copy with recording switched for level `level` (0 is MXNet's tape).
    func settingRecording(_ on: Bool, level: Int) -> ADContext {
        var copy = self
        if level == 0 { copy.recording = on }
        for i in copy.levels.indices where copy.levels[i].id == level { copy.levels[i].recording = on }
        return copy
    }

    /// A copy in which nothing records (``Autograd/pause(trainMode:_:)``). A trace level
    /// (a compiled function being traced) keeps tracing: paused values are still computed.
    func pausingAll() -> ADContext {
        var copy = self
        copy.recording = false
        for i in copy.levels.indices { copy.levels[i].recording = false }
        return copy
    }

    private static let nextLevel = Atomic<Int>(1)

    /// A fresh level id, larger than every id handed out before.
    static func newLevelID() -> Int { nextLevel.add(1, ordering: .relaxed).oldValue }
}

/// An open functional level: forward (a `jvp`), reverse (a `gradient`/`vjp`) or a trace
/// (``Autograd/compile(example:mode:_:)`` recording a program).
@usableFromInline
struct LevelState: Sendable {
    enum Kind: Sendable { case forward, reverse, trace }
    @usableFromInline let id: Int
    let kind: Kind
    var recording: Bool
    /// Where a forward level keeps the first error a JVP rule threw, to rethrow from `jvp`.
    let errors: ErrorBox
    /// For a batched forward level: the number of tangent directions carried at once (every
    /// tangent of the level has this extra leading axis).
    var batch: Int? = nil
}

/// A slot for the first error raised inside a scope whose operations cannot throw.
final class ErrorBox: Sendable {
    private let slot = Mutex<(any Error)?>(nil)
    func record(_ error: any Error) { slot.withLock { if $0 == nil { $0 = error } } }
    var error: (any Error)? { slot.withLock { $0 } }
}
