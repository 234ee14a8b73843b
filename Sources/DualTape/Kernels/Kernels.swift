/// Raw numeric kernels: loops over storage, no automatic differentiation.
///
/// Goals, in order: correct results for every layout (views, broadcasts, 0-d, empty),
/// then speed on the common case (contiguous operands, a scalar operand), which gets
/// a plain loop the compiler vectorizes. Operators call these from their primal rules.
@usableFromInline
enum Kernels {
    /// A contiguous copy of `x`'s values (no AD state).
    @usableFromInline static func copy(_ x: NDArray) -> NDArray {
        switch x.dtype {
        case .float32: return copy(x, Float.self)
        case .float64: return copy(x, Double.self)
        }
    }

    @inlinable static func copy<T: NDScalar>(_ x: NDArray, _: T.Type) -> NDArray {
        let n = x.count
        let out = Storage(dtype: T.dtype, count: n)
        let dst = out.pointer(as: T.self)
        let src = x.storage.pointer(as: T.self)
        if x.isContiguous {
            let s = src + x.offset
            parallelChunks(count: n) { r in (dst + r.lowerBound).update(from: s + r.lowerBound, count: r.count) }
        } else if n > 0 && isUniform(x) {
            fill(dst, src[x.offset], count: n)
        } else if n > 0 {
            // Strided: each chunk copies whole rows of the first axis.
            let row = n / x.shape[0]
            parallelChunks(count: n, grain: row) { r in
                var i = r.lowerBound
                rows(x, r.lowerBound / row ..< r.upperBound / row).forEachOffset { dst[i] = src[$0]; i += 1 }
            }
        }
        return NDArray(storage: out, shape: x.shape)
    }

    /// `count` copies of `value` from `destination` (uninitialized or not), split across cores.
    @inlinable static func fill<T: NDScalar>(_ destination: UnsafeMutablePointer<T>, _ value: T, count: Int) {
        parallelChunks(count: count) { r in (destination + r.lowerBound).initialize(repeating: value, count: r.count) }
    }

    /// The view of `x` (rank 1 or more) restricted to `rows` of its first axis.
    @inlinable static func rows(_ x: NDArray, _ rows: Range<Int>) -> NDArray {
        if rows.count == x.shape[0] { return x }
        var shape = x.shape
        shape[0] = rows.count
        return NDArray(storage: x.storage, shape: shape, strides: x.strides, offset: x.offset + rows.lowerBound * x.strides[0])
    }

    /// Whether every element of `x` is the one at `x.offset` (one element, or a broadcast of
    /// one), so that a kernel may read it as a scalar.
    @inlinable static func isUniform(_ x: NDArray) -> Bool {
        for axis in 0 ..< x.rank where x.shape[axis] != 1 && x.strides[axis] != 0 { return false }
        return true
    }

    /// The row length `m` when `x` is a contiguous block that broadcasting repeats along the
    /// leading axes of `shape` (a bias `[m]` added to a `[rows, m]` matrix), else `nil`.
    @inlinable static func repeatedRow(_ x: NDArray, in shape: [Int]) -> Int? {
        guard x.isContiguous, x.count > 1, x.rank <= shape.count else { return nil }
        var dims = x.shape[...]
        while dims.first == 1 { dims = dims.dropFirst() }
        guard dims.elementsEqual(shape.suffix(dims.count)) else { return nil }
        return x.count
    }

    /// Whether `x` is a broadcast of the single value 1.
    @inlinable static func isUniformOne(_ x: NDArray) -> Bool {
        !x.isContiguous && isUniform(x) && x.storage.double(at: x.offset) == 1
    }

    /// `x` converted to `dtype` (a contiguous copy; `x` itself when the dtype already matches).
    @usableFromInline static func cast(_ x: NDArray, to dtype: DType) -> NDArray {
        if x.dtype == dtype { return x.ad == nil ? x : x.withoutAD }
        let n = x.count
        let out = Storage(dtype: dtype, count: n)
        var i = 0
        switch (x.dtype, dtype) {
        case (.float64, .float32):
            let src = x.storage.pointer(as: Double.self), dst = out.pointer(as: Float.self)
            x.forEachOffset { dst[i] = Float(src[$0]); i += 1 }
        default:
            let src = x.storage.pointer(as: Float.self), dst = out.pointer(as: Double.self)
            x.forEachOffset { dst[i] = Double(src[$0]); i += 1 }
        }
        return NDArray(storage: out, shape: x.shape)
    }

    /// An array of `shape` filled with `value`.
    @usableFromInline static func filled(_ value: Double, shape: [Int], dtype: DType) -> NDArray {
        let n = Shape.count(shape)
        let out = Storage(dtype: dtype, count: n)
        switch dtype {
        case .float32: fill(out.pointer(as: Float.self), Float(value), count: n)
        case .float64: fill(out.pointer(as: Double.self), value, count: n)
        }
        return NDArray(storage: out, shape: shape)
    }

    /// An array of `shape` whose element `i` (row-major) is `body(i)`.
    @usableFromInline static func generate(shape: [Int], dtype: DType, _ body: (Int) -> Double) -> NDArray {
        let n = Shape.count(shape)
        let out = Storage(dtype: dtype, count: n)
        for i in 0 ..< n { out.set(i, body(i)) }
        return NDArray(storage: out, shape: shape)
    }

    /// Strides that read `x` as if it had `target` shape (0 on broadcast axes).
    @inlinable static func broadcastStrides(_ x: NDArray, to target: [Int]) -> [Int] {
        let lead = target.count - x.rank
        var strides = [Int](repeating: 0, count: target.count)
        for i in 0 ..< x.rank where x.shape[i] != 1 || target[lead + i] == 1 {
            strides[lead + i] = x.shape[i] == 1 ? 0 : x.strides[i]
        }
        return strides
    }
}

/// A function of one element, applied by `Kernels.map` (on large arrays from
/// several threads at once, hence `Sendable`).
public protocol ScalarFunction1: Sendable {
    /// The function's value at one element.
    ///
    /// - Parameter x: The element, in the array's element type.
    /// - Returns: The result element, of the same type.
    func callAsFunction<T: NDScalar>(_ x: T) -> T
}

/// A function of two elements, applied with broadcasting by `Kernels.zip`
/// (on large arrays from several threads at once).
public protocol ScalarFunction2: Sendable {
    /// The function's value at one pair of (broadcast) elements.
    ///
    /// - Parameters:
    ///   - a: The element of the first array.
    ///   - b: The element of the second array.
    /// - Returns: The result element, of the same type.
    func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T
}

/// A function of three elements, applied with broadcasting by `Kernels.zip3`
/// (on large arrays from several threads at once).
public protocol ScalarFunction3: Sendable {
    /// The function's value at one triple of (broadcast) elements.
    ///
    /// - Parameters:
    ///   - a: The element of the first array.
    ///   - b: The element of the second array.
    ///   - c: The element of the third array.
    /// - Returns: The result element, of the same type.
    func callAsFunction<T: NDScalar>(_ a: T, _ b: T, _ c: T) -> T
}

extension Kernels {
    /// `f` applied to every element of `x`, into a new contiguous array.
    @inlinable static func map<F: ScalarFunction1>(_ x: NDArray, _ f: F) -> NDArray {
        switch x.dtype {
        case .float32: return map(x, f, Float.self)
        case .float64: return map(x, f, Double.self)
        }
    }

    @inlinable static func map<F: ScalarFunction1, T: NDScalar>(_ x: NDArray, _ f: F, _: T.Type) -> NDArray {
        let n = x.count
        let out = Storage(dtype: T.dtype, count: n)
        let dst = out.pointer(as: T.self)
        let src = x.storage.pointer(as: T.self)
        if x.isContiguous {
            let s = src + x.offset
            parallelChunks(count: n) { r in for i in r { dst[i] = f(s[i]) } }
            // Same shape, contiguous: share the input's shape and strides arrays (no allocation).
            return NDArray(storage: out, shape: x.shape, strides: x.strides, offset: 0)
        }
        if n > 0 && isUniform(x) {
            // A broadcast of one element maps to a broadcast of one element: O(1).
            dst[0] = f(src[x.offset])
            return NDArray(storage: out, shape: x.shape, strides: [Int](repeating: 0, count: x.rank), offset: 0)
        }
        var i = 0
        x.forEachOffset { dst[i] = f(src[$0]); i += 1 }
        return NDArray(storage: out, shape: x.shape)
    }

    /// `f(a, b)` elementwise with NumPy broadcasting; the caller has checked the shapes and dtypes.
    @inlinable static func zip<F: ScalarFunction2>(_ a: NDArray, _ b: NDArray, _ f: F, shape: [Int]) -> NDArray {
        switch a.dtype {
        case .float32: return zip(a, b, f, shape: shape, Float.self)
        case .float64: return zip(a, b, f, shape: shape, Double.self)
        }
    }

    @inlinable static func zip<F: ScalarFunction2, T: NDScalar>(
        _ a: NDArray, _ b: NDArray, _ f: F, shape: [Int], _: T.Type
    ) -> NDArray {
        let n = Shape.count(shape)
        let out = Storage(dtype: T.dtype, count: n)
        let dst = out.pointer(as: T.self)
        let pa = a.storage.pointer(as: T.self), pb = b.storage.pointer(as: T.self)
        let aFull = a.shape == shape && a.isContiguous, bFull = b.shape == shape && b.isContiguous
        // A scalar operand may also be a broadcast view of one element (a reduction's cotangent).
        if aFull && bFull {
            let sa = pa + a.offset, sb = pb + b.offset
            parallelChunks(count: n) { r in for i in r { dst[i] = f(sa[i], sb[i]) } }
        } else if aFull && n > 0 && isUniform(b) {
            let sa = pa + a.offset, s = pb[b.offset]
            parallelChunks(count: n) { r in for i in r { dst[i] = f(sa[i], s) } }
        } else if bFull && n > 0 && isUniform(a) {
            let sb = pb + b.offset, s = pa[a.offset]
            parallelChunks(count: n) { r in for i in r { dst[i] = f(s, sb[i]) } }
            return NDArray(storage: out, shape: b.shape, strides: b.strides, offset: 0)
        } else if aFull && n > 0, let m = repeatedRow(b, in: shape) {
            // b repeats along the leading axes (a bias row): whole rows at a time.
            let sa = pa + a.offset, sb = pb + b.offset
            parallelChunks(count: n, grain: m) { r in
                for start in stride(from: r.lowerBound, to: r.upperBound, by: m) {
                    for j in 0 ..< m { dst[start + j] = f(sa[start + j], sb[j]) }
                }
            }
        } else if bFull && n > 0, let m = repeatedRow(a, in: shape) {
            let sa = pa + a.offset, sb = pb + b.offset
            parallelChunks(count: n, grain: m) { r in
                for start in stride(from: r.lowerBound, to: r.upperBound, by: m) {
                    for j in 0 ..< m { dst[start + j] = f(sa[j], sb[start + j]) }
                }
            }
            return NDArray(storage: out, shape: b.shape, strides: b.strides, offset: 0)
        } else if n > 0 {
            let stA = broadcastStrides(a, to: shape), stB = broadcastStrides(b, to: shape)
            var i = 0
            stridedLoop2(shape: shape, stA, a.offset, stB, b.offset) { oa, ob in
                dst[i] = f(pa[oa], pb[ob]); i += 1
            }
        }
        // Same shape as a contiguous operand: share its shape and strides arrays.
        if aFull { return NDArray(storage: out, shape: a.shape, strides: a.strides, offset: 0) }
        return NDArray(storage: out, shape: shape)
    }

    /// `f(a, b, c)` elementwise with broadcasting to `shape` (all three share one dtype).
    @inlinable static func zip3<F: ScalarFunction3>(_ a: NDArray, _ b: NDArray, _ c: NDArray, _ f: F, shape: [Int]) -> NDArray {
        switch a.dtype {
        case .float32: return zip3(a, b, c, f, shape: shape, Float.self)
        case .float64: return zip3(a, b, c, f, shape: shape, Double.self)
        }
    }

    @inlinable static func zip3<F: ScalarFunction3, T: NDScalar>(
        _ a: NDArray, _ b: NDArray, _ c: NDArray, _ f: F, shape: [Int], _: T.Type
    ) -> NDArray {
        let n = Shape.count(shape)
        let out = Storage(dtype: T.dtype, count: n)
        let dst = out.pointer(as: T.self)
        let pa = a.storage.pointer(as: T.self), pb = b.storage.pointer(as: T.self), pc = c.storage.pointer(as: T.self)
        let aFull = a.shape == shape && a.isContiguous, bFull = b.shape == shape && b.isContiguous
        let cFull = c.shape == shape && c.isContiguous
        if aFull && bFull && cFull {
            let sa = pa + a.offset, sb = pb + b.offset, sc = pc + c.offset
            parallelChunks(count: n) { r in for i in r { dst[i] = f(sa[i], sb[i], sc[i]) } }
        } else if n > 0 && (aFull || isUniform(a)) && (bFull || isUniform(b)) && (cFull || isUniform(c)) {
            // Each operand contiguous or a broadcast of one element (a step of 0), such as
            // a sum's cotangent reaching a fused derivative.
            let sa = pa + a.offset, sb = pb + b.offset, sc = pc + c.offset
            let da = aFull ? 1 : 0, db = bFull ? 1 : 0, dc = cFull ? 1 : 0
            parallelChunks(count: n) { r in for i in r { dst[i] = f(sa[i &* da], sb[i &* db], sc[i &* dc]) } }
        } else if n > 0 {
            let stA = broadcastStrides(a, to: shape), stB = broadcastStrides(b, to: shape), stC = broadcastStrides(c, to: shape)
            var index = [Int](repeating: 0, count: shape.count)
            var oa = a.offset, ob = b.offset, oc = c.offset
            for i in 0 ..< n {
                dst[i] = f(pa[oa], pb[ob], pc[oc])
                var axis = shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    oa += stA[axis]; ob += stB[axis]; oc += stC[axis]
                    if index[axis] < shape[axis] { break }
                    oa -= stA[axis] * shape[axis]; ob -= stB[axis] * shape[axis]; oc -= stC[axis] * shape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return NDArray(storage: out, shape: shape)
    }

    /// Visits every index of `shape` in row-major order with the offsets of two strided operands.
    /// The innermost axis runs as a tight loop.
    @inlinable static func stridedLoop2(
        shape: [Int], _ stA: [Int], _ offA: Int, _ stB: [Int], _ offB: Int, _ body: (Int, Int) -> Void
    ) {
        let rank = shape.count
        if rank == 0 { body(offA, offB); return }
        let inner = shape[rank - 1], ia = stA[rank - 1], ib = stB[rank - 1]
        let outer = Shape.count(Array(shape.dropLast()))
        var index = [Int](repeating: 0, count: rank - 1)
        var oa = offA, ob = offB
        for _ in 0 ..< outer {
            var xa = oa, xb = ob
            for _ in 0 ..< inner { body(xa, xb); xa += ia; xb += ib }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                oa += stA[axis]; ob += stB[axis]
                if index[axis] < shape[axis] { break }
                oa -= stA[axis] * shape[axis]; ob -= stB[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
