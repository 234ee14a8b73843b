/// A heap buffer of elements of one ``DType``; shared by arrays and views, copied on write.
///
/// The buffer is mutated only while an ``NDArray`` holds the one reference to it
/// (`isKnownUniquelyReferenced`), which is what makes `NDArray` a value type.
@usableFromInline
final class Storage: @unchecked Sendable {
    @usableFromInline let dtype: DType
    @usableFromInline let count: Int
    @usableFromInline let raw: UnsafeMutableRawPointer

    /// Uninitialized storage for `count` elements.
    @usableFromInline
    init(dtype: DType, count: Int) {
        self.dtype = dtype
        self.count = count
        // Cache-line alignment for large buffers (vector loops); malloc's fast path for small ones.
        let bytes = max(count, 1) * dtype.byteCount
        if bytes >= Storage.cachedBytes, let reused = BufferCache.shared.take(bytes) {
            raw = reused
        } else {
            raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: bytes >= 4096 ? 64 : 16)
        }
    }

    /// Buffers of at least this many bytes go through ``BufferCache`` (a literal, so the hot
    /// path for small arrays pays no lazy-global check).
    @usableFromInline static var cachedBytes: Int { 131_072 }

    deinit {
        let bytes = max(count, 1) * dtype.byteCount
        if bytes < Storage.cachedBytes || !BufferCache.shared.give(raw, bytes) { raw.deallocate() }
    }

    @inlinable func pointer<T: NDScalar>(as: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    /// Element `i` converted to `Double`.
    @inlinable func double(at i: Int) -> Double {
        switch dtype {
        case .float32: return Double(raw.assumingMemoryBound(to: Float.self)[i])
        case .float64: return raw.assumingMemoryBound(to: Double.self)[i]
        }
    }

    @inlinable func set(_ i: Int, _ v: Double) {
        switch dtype {
        case .float32: raw.assumingMemoryBound(to: Float.self)[i] = Float(v)
        case .float64: raw.assumingMemoryBound(to: Double.self)[i] = v
        }
    }
}
