/// The elements of an array: a reference to one buffer of one ``DType``, shared by arrays
/// and views, copied on write.
///
/// The buffer is mutated only while an ``NDArray`` holds the one reference to it
/// (`isKnownUniquelyReferenced`), which is what makes `NDArray` a value type.
@usableFromInline
struct Storage: @unchecked Sendable {
    @usableFromInline var buffer: StorageBuffer

    /// Uninitialized storage for `count` elements.
    @inlinable init(dtype: DType, count: Int) {
        buffer = StorageBuffer.make(dtype: dtype, count: count)
    }

    @inlinable var dtype: DType { buffer.fields.pointee.dtype }
    @inlinable var count: Int { buffer.fields.pointee.count }
    /// The first element's address.
    @inlinable var raw: UnsafeMutableRawPointer { buffer.fields.pointee.raw }

    @inlinable func pointer<T: NDScalar>(as: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    /// Element `i` converted to `Double`.
    @inlinable func double(at i: Int) -> Double {
        switch dtype {
        case .float32: return Double(pointer(as: Float.self)[i])
        case .float64: return pointer(as: Double.self)[i]
        }
    }

    @inlinable func set(_ i: Int, _ v: Double) {
        switch dtype {
        case .float32: pointer(as: Float.self)[i] = Float(v)
        case .float64: pointer(as: Double.self)[i] = v
        }
    }

    /// Whether two storages are the same buffer (a view and its base).
    static func === (a: Storage, b: Storage) -> Bool { a.buffer === b.buffer }
}

/// What a ``StorageBuffer`` knows about its elements.
@usableFromInline
struct StorageHeader {
    @usableFromInline let dtype: DType
    @usableFromInline let count: Int
    /// The first element: inside the object for small arrays, a separate block for large ones.
    @usableFromInline let raw: UnsafeMutableRawPointer
    @usableFromInline let bytes: Int
}

/// One heap object holding a small array's elements after its header (one allocation per
/// array), or pointing to a separate cache-line-aligned block for a large one.
@usableFromInline
final class StorageBuffer: ManagedBuffer<StorageHeader, Double> {
    /// Buffers of at least this many bytes live outside the object and go through
    /// ``BufferCache`` (a literal, so the hot path for small arrays pays no lazy-global check).
    @usableFromInline static var externalBytes: Int { 131_072 }

    @usableFromInline static func make(dtype: DType, count: Int) -> StorageBuffer {
        let bytes = max(count, 1) * dtype.byteCount
        if bytes >= externalBytes {
            let raw = BufferCache.shared.take(bytes)
                ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            let object = create(minimumCapacity: 0) { _ in StorageHeader(dtype: dtype, count: count, raw: raw, bytes: bytes) }
            return unsafeDowncast(object, to: StorageBuffer.self)
        }
        // Elements are stored as Double slots (8-byte aligned); Float arrays use half of them.
        let object = create(minimumCapacity: (bytes + 7) / 8) { buffer in
            StorageHeader(dtype: dtype, count: count,
                          raw: UnsafeMutableRawPointer(buffer.withUnsafeMutablePointerToElements { $0 }), bytes: bytes)
        }
        return unsafeDowncast(object, to: StorageBuffer.self)
    }

    /// The header, read without the dynamic exclusivity check of `header` (it never changes).
    @inlinable var fields: UnsafeMutablePointer<StorageHeader> { withUnsafeMutablePointerToHeader { $0 } }

    deinit {
        let h = fields.pointee
        if h.bytes >= StorageBuffer.externalBytes && !BufferCache.shared.give(h.raw, h.bytes) { h.raw.deallocate() }
    }
}
