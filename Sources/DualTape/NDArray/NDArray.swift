/// An n-dimensional array of `Float` or `Double` with MXNet's feel, differentiable in both AD modes.
///
/// `NDArray` is a value type: copies share storage until one of them is mutated
/// (copy-on-write), and reshape, transpose, slicing and broadcasting are views that copy
/// nothing. Beside its values an array may carry automatic-differentiation state: a tape
/// node (reverse mode, after ``attachGrad(gradReq:)`` or inside ``Autograd/record(trainMode:_:)``)
/// and tangents (forward mode, inside ``jvp(at:tangent:_:)``). Every differentiable
/// operation goes through one dispatch function driven by the operator catalog.
///
///     let x = NDArray([[1, 2], [3, 4]], dtype: .float32)
///     print(x)
///     // [[1. 2.]
///     //  [3. 4.]]
///     // <NDArray 2x2 @cpu(0)>
public struct NDArray: @unchecked Sendable {
    @usableFromInline var storage: Storage
    /// The extent of each axis; `[]` for a 0-d array.
    public internal(set) var shape: [Int]
    /// Element strides of each axis in `storage` (0 on a broadcast axis).
    @usableFromInline var strides: [Int]
    /// Index in `storage` of the first element.
    @usableFromInline var offset: Int
    /// Automatic-differentiation layers, innermost level last (see `ADLayer`).
    @usableFromInline var ad: ADLayer?

    @usableFromInline
    init(storage: Storage, shape: [Int], strides: [Int], offset: Int, ad: ADLayer? = nil) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.ad = ad
    }

    /// A contiguous array over `storage` (which holds exactly `shape`'s element count).
    @usableFromInline
    init(storage: Storage, shape: [Int]) {
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), offset: 0)
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { Shape.count(shape) }
    /// MXNet's name for ``count``.
    public var size: Int { count }

    /// Whether the elements are laid out row-major, without gaps, from `offset`.
    @inlinable public var isContiguous: Bool {
        var expected = 1, axis = shape.count
        while axis > 0 {
            axis -= 1
            let extent = shape[axis]
            if extent == 1 { continue }
            if strides[axis] != expected { return false }
            expected &*= extent
        }
        return true
    }

    /// The values as a row-major `[Double]` (a copy).
    public var scalars: [Double] {
        var out: [Double] = []; out.reserveCapacity(count)
        forEachOffset { out.append(storage.double(at: $0)) }
        return out
    }

    /// The values as a row-major `[Float]` (a copy, rounded when the dtype is float64).
    public var floats: [Float] { scalars.map { Float($0) } }

    /// Calls `body` with the storage offset of every element, in row-major order.
    @inlinable func forEachOffset(_ body: (Int) -> Void) {
        let n = count
        if n == 0 { return }
        if isContiguous {
            for i in offset ..< offset + n { body(i) }
            return
        }
        var index = [Int](repeating: 0, count: rank)
        var position = offset
        for _ in 0 ..< n {
            body(position)
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// This array's values in a fresh contiguous buffer, or itself when already contiguous.
    @inlinable public func contiguous() -> NDArray {
        if isContiguous && offset == 0 && storage.count == count { return self }
        var copy = Kernels.copy(self)
        copy.ad = ad
        return copy
    }

    /// Whether the storage is known to be referenced only here (so it may be written).
    @usableFromInline mutating func makeUniqueContiguous() {
        if !isKnownUniquelyReferenced(&storage.buffer) || !isContiguous || offset != 0 || storage.count != count {
            let ad = self.ad
            self = Kernels.copy(self)
            self.ad = ad
        }
    }
}
