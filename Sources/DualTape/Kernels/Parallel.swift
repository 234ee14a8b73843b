import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Splitting large loops across the machine's cores.
///
/// A loop over more than a threshold of elements is cut into a few chunks that
/// `DispatchQueue.concurrentPerform` runs on the available cores; smaller loops, and every
/// loop on a one-core machine, run inline on the caller's thread. The chunk boundaries
/// depend only on the element count, the grain, the threshold and the core count, never on
/// timing, and every chunk starts at a multiple of the grain (by default 16 elements: a
/// whole number of SIMD vectors of either dtype, AVX-512 floats included), so a vectorized
/// kernel sees exactly the vectors that one sequential pass would form.
///
/// The thresholds were measured on the project's 2-core KVM machine: waking the second
/// core costs 10–20 µs there (a sleeping vCPU), which a split must earn back.
extension Kernels {
    /// Loops over at most this many elements run inline: the measured break-even of the
    /// cheapest kernels (add, scale, copy, sum: about 70 µs for 262,144 Float64 elements on
    /// one core, the same on two once the wake-up is paid; a clear gain from about 400K).
    @usableFromInline static let parallelThreshold = 262_144

    /// The threshold for the vectorized transcendental kernels (exp, tanh, sin, …), which
    /// cost 4–10 times as much per element: tanh gains from 64K elements, exp from about 128K.
    @usableFromInline static let vectorThreshold = 131_072

    /// Chunk boundaries fall on multiples of this many elements unless a kernel asks otherwise.
    @usableFromInline static let vectorGrain = 16

    /// How many chunks a loop is cut into per core: a few, so that a core slowed down by
    /// the machine's other work ends up taking fewer of them.
    @usableFromInline static let chunksPerWorker = 4

    /// The number of cores loops are split across (`ProcessInfo.activeProcessorCount`).
    @usableFromInline static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body` on consecutive subranges covering `0 ..< count`, concurrently when
    /// `count` exceeds `threshold` and there is more than one core.
    ///
    /// Each subrange starts at a multiple of `grain` and is at least `threshold / 2` long
    /// (but for the last); `body` must write only what its own subrange owns. The
    /// subranges are the same on every call with the same arguments.
    @inlinable static func parallelChunks(
        count: Int, grain: Int = vectorGrain, threshold: Int = parallelThreshold, _ body: (Range<Int>) -> Void
    ) {
        if count <= threshold || workerCount == 1 {
            body(0 ..< count)
            return
        }
        concurrentChunks(count: count, grain: grain, minimumChunk: threshold / 2, body)
    }

    /// The concurrent part of ``parallelChunks(count:grain:threshold:_:)``, out of line.
    @usableFromInline static func concurrentChunks(count: Int, grain: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        let grain = max(grain, 1)
        let units = (count + grain - 1) / grain
        let wanted = min(workerCount * chunksPerWorker, max(1, count / max(minimumChunk, 1)), units)
        let size = (units + wanted - 1) / wanted * grain
        let chunks = (count + size - 1) / size
        if chunks <= 1 {
            body(0 ..< count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size
                shared.value(start ..< min(start + size, count))
            }
        }
    }
}

/// A value handed to other threads that the caller vouches for: each chunk of a parallel
/// loop touches only its own elements, through pointers the loop's caller keeps alive.
@usableFromInline struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @inlinable init(_ value: Value) { self.value = value }
}
