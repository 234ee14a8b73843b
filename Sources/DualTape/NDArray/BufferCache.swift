import Synchronization

/// Freed large buffers kept for reuse, keyed by size.
///
/// glibc returns large blocks to the kernel on free, so a fresh 8 MB array per operation
/// pays a page fault for every 4 KB it touches. Keeping freed buffers of each size (at most
/// `capacityBytes` in all: a gradient of a chain of 1e6-element operations keeps about 16
/// arrays of 8 MB alive, and a 64 MB cache left W3 paying page faults for half of them) lets
/// the next operation of the same size reuse one, which is what array libraries' caching
/// allocators do. Small arrays live inside their storage object and never come here.
final class BufferCache: Sendable {
    static let shared = BufferCache()
    /// The most bytes kept for reuse in all.
    static let capacityBytes = 256 << 20
    /// The most buffers kept per size.
    static let perSize = 32

    private struct State {
        /// Addresses (as integers, which are Sendable) of free buffers, by size.
        var free: [Int: [UInt]] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())

    /// A cached buffer of exactly `bytes`, if one is free.
    func take(_ bytes: Int) -> UnsafeMutableRawPointer? {
        state.withLock { s in
            guard let address = s.free[bytes]?.popLast() else { return nil }
            s.bytes -= bytes
            return UnsafeMutableRawPointer(bitPattern: address)
        }
    }

    /// Keeps `pointer` for reuse; false when the cache is full (the caller frees it).
    func give(_ pointer: UnsafeMutableRawPointer, _ bytes: Int) -> Bool {
        state.withLock { s in
            guard s.bytes + bytes <= Self.capacityBytes, s.free[bytes, default: []].count < Self.perSize else { return false }
            s.free[bytes, default: []].append(UInt(bitPattern: pointer))
            s.bytes += bytes
            return true
        }
    }
}

extension BufferCache {
    /// Runs `body` with scratch memory for `count` elements of `T` (64-byte aligned,
    /// uninitialized), taken from and given back to the cache, whatever its size: a kernel
    /// that needs the same temporaries at every call (the padded planes of a convolution)
    /// then reuses them instead of paying malloc's page faults and heap trimming each time.
    static func withScratch<T: NDScalar, R>(_ count: Int, of _: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        let bytes = Swift.max(count, 1) * MemoryLayout<T>.stride
        let raw = shared.take(bytes) ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { if !shared.give(raw, bytes) { raw.deallocate() } }
        return try body(raw.bindMemory(to: T.self, capacity: Swift.max(count, 1)))
    }
}
