// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The checked function compiled (``CheckMode/compiled``): `Autograd.compile(examples:mode:_:)`
/// in `.strict` mode at the check's point, so a replay that would leave its trace (a guard
/// that fails at the very point it was traced at) is an error, never a silent retrace.
///
/// A compiled failure never stops the check: the error's message is kept (the report gets
/// it as a note) and the compiled values are NaN, which the judge reports as MODES DISAGREE.
final class CompiledSide {
    /// The first failure of the compiled function, in words.
    private(set) var failure: String?
    private let compiled: CompiledFunction?

    /// Compiles `f` at `xs`. `f` must stay alive while this object is (the check holds both).
    init(_ f: @escaping ([NDArray]) throws -> NDArray, at xs: [NDArray]) {
        let box = UncheckedFunction(f)
        do {
            compiled = try Autograd.compile(examples: xs, mode: .strict) { try box.call($0) }
        } catch {
            compiled = nil
            failure = "the compiled function could not be compiled: \(error)"
        }
    }

    /// `Jᵀȳ` for each input by the compiled `vjp`, or nil (failure noted) when it throws or
    /// returns arrays of the wrong shapes.
    func vjp(at xs: [NDArray], cotangent: NDArray) -> [NDArray]? {
        guard let compiled else { return nil }
        do {
            let (_, cotangents) = try compiled.vjp(xs, cotangent: cotangent)
            for (k, x) in xs.enumerated() where cotangents.count != xs.count || cotangents[k].shape != x.shape {
                note("the compiled vjp returned \(cotangents.count) arrays that do not match the inputs' shapes")
                return nil
            }
            return cotangents
        } catch {
            note("the compiled vjp failed: \(error)")
            return nil
        }
    }

    /// The compiled rows of the Jacobian, per input `m × nₖ` row-major, with the seeds
    /// `2·eᵢ` halved as the eager reverse rows; NaN rows where the compiled function failed.
    func jacobian(at xs: [NDArray], output y: NDArray, seedScale: Double) -> [[Double]] {
        let m = y.count
        var blocks = xs.map { [Double](repeating: .nan, count: m * $0.count) }
        for i in 0 ..< m {
            var e = [Double](repeating: 0, count: m)
            e[i] = seedScale
            guard let grads = vjp(at: xs, cotangent: NDArray(values: e, shape: y.shape, dtype: y.dtype)) else { continue }
            for k in xs.indices {
                let n = xs[k].count
                for (j, v) in grads[k].scalars.enumerated() { blocks[k][i * n + j] = v / seedScale }
            }
        }
        return blocks
    }

    private func note(_ message: String) {
        if failure == nil { failure = message }
    }
}

/// The compiled failures of one check, for its report's notes.
final class CompiledFailures {
    private(set) var messages: [String] = []

    /// Keeps `side`'s failure, if any, once.
    func collect(_ side: CompiledSide?) {
        guard let message = side?.failure, !messages.contains(message) else { return }
        messages.append(message)
    }
}

/// A checked function handed to `Autograd.compile(examples:mode:_:)`, which wants a
/// `@Sendable` closure: the check calls the compiled function on its own thread only.
private struct UncheckedFunction: @unchecked Sendable {
    let call: ([NDArray]) throws -> NDArray
    init(_ call: @escaping ([NDArray]) throws -> NDArray) { self.call = call }
}
