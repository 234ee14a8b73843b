/// Reductions over axes: sums accumulate in `Double` for both dtypes (so Float32 sums are
/// correctly rounded for short arrays and far more accurate for long ones).
extension Kernels {
    /// What a reduction computes for each group of elements.
    @usableFromInline enum Reduction: Sendable {
        case sum, product, maximum, minimum
    }

    /// Reduces `x` over `axes` (normalized, sorted); the result keeps the reduced axes with extent 1.
    @usableFromInline static func reduce(_ x: NDArray, axes: [Int], _ kind: Reduction) -> NDArray {
        var outShape = x.shape
        for a in axes { outShape[a] = 1 }
        if axes.count == x.rank && x.isContiguous {
            // Everything into one value from a contiguous buffer: one loop, no index bookkeeping.
            let value: Double
            switch x.dtype {
            case .float32: value = reduceContiguous(x.storage.pointer(as: Float.self) + x.offset, x.count, kind)
            case .float64: value = reduceContiguous(x.storage.pointer(as: Double.self) + x.offset, x.count, kind)
            }
            return filled(value, shape: outShape, dtype: x.dtype)
        }
        let outCount = Shape.count(outShape)
        let out = Storage(dtype: x.dtype, count: outCount)
        var acc = [Double](repeating: initial(kind), count: outCount)
        if kind == .sum && x.isContiguous && x.count > 0 && axes == Array(0 ..< axes.count) {
            // A sum over the leading axes (the gradient of a broadcast bias): row after row into
            // the accumulators, in the same order as the general loop below.
            switch x.dtype {
            case .float32: sumRows(x.storage.pointer(as: Float.self) + x.offset, rows: x.count / outCount, &acc)
            case .float64: sumRows(x.storage.pointer(as: Double.self) + x.offset, rows: x.count / outCount, &acc)
            }
        } else if x.count > 0 {
            // Output stride seen from each input axis (0 on reduced axes).
            let outStrides = Shape.contiguousStrides(outShape)
            var viaOut = [Int](repeating: 0, count: x.rank)
            for axis in 0 ..< x.rank where !axes.contains(axis) { viaOut[axis] = outStrides[axis] }
            switch x.dtype {
            case .float32: accumulate(x, viaOut, &acc, kind, Float.self)
            case .float64: accumulate(x, viaOut, &acc, kind, Double.self)
            }
        }
        for i in 0 ..< outCount { out.set(i, finish(kind, acc[i])) }
        return NDArray(storage: out, shape: outShape)
    }

    /// `acc[j] += Σᵢ x[i·m + j]` over `rows` contiguous rows of `m = acc.count` elements.
    @inlinable static func sumRows<T: NDScalar>(_ x: UnsafeMutablePointer<T>, rows: Int, _ acc: inout [Double]) {
        let m = acc.count
        acc.withUnsafeMutableBufferPointer { acc in
            for i in 0 ..< rows {
                let row = x + i * m
                for j in 0 ..< m { acc[j] += Double(row[j]) }
            }
        }
    }

    /// Full reductions work in blocks of this many elements (see ``reduceContiguous(_:_:_:)``).
    @usableFromInline static let reductionBlock = 65_536

    /// `kind` over `n` contiguous elements, in fixed blocks so the result never depends on
    /// the number of threads.
    ///
    /// The elements are cut into blocks of ``reductionBlock`` (the last one shorter); each
    /// block is reduced by ``reduceBlock(_:_:_:)``, blocks possibly on different cores, and
    /// the block results are combined in order, left to right:
    ///
    ///     r = combine(…combine(combine(block₀, block₁), block₂)…, blockₖ)
    ///
    /// One or two threads, the same blocks and the same order: the same bits. An array of
    /// at most one block is reduced exactly as one sequential pass.
    @inlinable static func reduceContiguous<T: NDScalar>(_ s: UnsafeMutablePointer<T>, _ n: Int, _ kind: Reduction) -> Double {
        let block = reductionBlock
        if n <= block { return reduceBlock(s, n, kind) }
        let blocks = (n + block - 1) / block
        var partial = [Double](repeating: 0, count: blocks)
        partial.withUnsafeMutableBufferPointer { partial in
            parallelChunks(count: n, grain: block) { r in
                for start in stride(from: r.lowerBound, to: r.upperBound, by: block) {
                    partial[start / block] = reduceBlock(s + start, min(block, n - start), kind)
                }
            }
        }
        var acc = partial[0]
        for b in 1 ..< blocks { acc = combine(kind, acc, partial[b]) }
        return acc
    }

    /// `kind` over `n` contiguous elements in one sequential pass (sums in four interleaved
    /// lanes; Float32 sums of 64 elements or more in sixteen, see ``sumOfFloats(_:_:)``).
    @inlinable static func reduceBlock<T: NDScalar>(_ s: UnsafeMutablePointer<T>, _ n: Int, _ kind: Reduction) -> Double {
        if kind == .sum && T.self == Float.self && n >= 64 {
            return sumOfFloats(UnsafeRawPointer(s).assumingMemoryBound(to: Float.self), n)
        }
        if kind == .sum {
            var l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0
            var i = 0
            while i + 4 <= n {
                l0 += Double(s[i]); l1 += Double(s[i + 1]); l2 += Double(s[i + 2]); l3 += Double(s[i + 3]); i += 4
            }
            while i < n { l0 += Double(s[i]); i += 1 }
            return (l0 + l1) + (l2 + l3)
        }
        var acc = initial(kind)
        for i in 0 ..< n { acc = combine(kind, acc, Double(s[i])) }
        return acc
    }

    /// The sum of `n` Float32 values in Double, in sixteen interleaved lanes (two vectors of
    /// eight, converted and added eight at a time) and a fixed order for the lanes and the
    /// tail: four lanes of scalar Double additions wait on each other's latency (one element
    /// per cycle), sixteen keep the vector units busy.
    @inlinable static func sumOfFloats(_ s: UnsafePointer<Float>, _ n: Int) -> Double {
        var a = SIMD8<Double>(), b = SIMD8<Double>()
        let raw = UnsafeRawPointer(s)
        var i = 0
        while i + 16 <= n {
            a += SIMD8<Double>(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            b += SIMD8<Double>(raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self))
            i += 16
        }
        var tail = 0.0
        while i < n { tail += Double(s[i]); i += 1 }
        let v = a + b
        return (((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))) + tail
    }

    @inlinable static func initial(_ kind: Reduction) -> Double {
        switch kind {
        case .sum: return 0
        case .product: return 1
        case .maximum: return -.infinity
        case .minimum: return .infinity
        }
    }

    @inlinable static func finish(_ kind: Reduction, _ v: Double) -> Double { v }

    @inlinable static func combine(_ kind: Reduction, _ acc: Double, _ v: Double) -> Double {
        switch kind {
        case .sum: return acc + v
        case .product: return acc * v
        // NaN propagates, as in NumPy.
        case .maximum: return (v > acc || v.isNaN) && !acc.isNaN ? v : acc
        case .minimum: return (v < acc || v.isNaN) && !acc.isNaN ? v : acc
        }
    }

    @inlinable static func accumulate<T: NDScalar>(
        _ x: NDArray, _ viaOut: [Int], _ acc: inout [Double], _ kind: Reduction, _: T.Type
    ) {
        let src = x.storage.pointer(as: T.self)
        acc.withUnsafeMutableBufferPointer { acc in
            var index = [Int](repeating: 0, count: x.rank)
            var position = x.offset, target = 0
            for _ in 0 ..< x.count {
                acc[target] = combine(kind, acc[target], Double(src[position]))
                var axis = x.rank - 1
                while axis >= 0 {
                    index[axis] += 1
                    position += x.strides[axis]; target += viaOut[axis]
                    if index[axis] < x.shape[axis] { break }
                    position -= x.strides[axis] * x.shape[axis]; target -= viaOut[axis] * x.shape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }

    /// Index of the largest element along `axis` (first one on ties; NaN wins), as values of `x`'s dtype.
    @usableFromInline static func argmax(_ x: NDArray, axis: Int) -> NDArray {
        var outShape = x.shape
        outShape[axis] = 1
        let outCount = Shape.count(outShape)
        var best = [Double](repeating: -.infinity, count: outCount)
        var where_ = [Int](repeating: -1, count: outCount)
        let outStrides = Shape.contiguousStrides(outShape)
        var index = [Int](repeating: 0, count: x.rank)
        var position = x.offset
        for _ in 0 ..< x.count {
            var target = 0
            for a in 0 ..< x.rank where a != axis { target += index[a] * outStrides[a] }
            let v = x.storage.double(at: position)
            if where_[target] < 0 || (!best[target].isNaN && (v > best[target] || v.isNaN)) {
                best[target] = v; where_[target] = index[axis]
            }
            var a = x.rank - 1
            while a >= 0 {
                index[a] += 1
                position += x.strides[a]
                if index[a] < x.shape[a] { break }
                position -= x.strides[a] * x.shape[a]
                index[a] = 0
                a -= 1
            }
        }
        return generate(shape: outShape, dtype: x.dtype) { Double(max(where_[$0], 0)) }
    }

    /// For each element, the product of the other elements of its group over `axes`
    /// (exact when the group has zeros: no division by zero is involved).
    @usableFromInline static func productOfOthers(_ x: NDArray, axes: [Int]) -> NDArray {
        var groupShape = x.shape
        for a in axes { groupShape[a] = 1 }
        let groups = Shape.count(groupShape)
        let groupStrides = Shape.contiguousStrides(groupShape)
        var zeros = [Int](repeating: 0, count: groups)
        var nonzeroProduct = [Double](repeating: 1, count: groups)
        let values = x.scalars
        let xStrides = Shape.contiguousStrides(x.shape)
        func group(_ flat: Int) -> Int {
            var g = 0, rest = flat
            for a in 0 ..< x.rank {
                let i = rest / xStrides[a]; rest -= i * xStrides[a]
                if !axes.contains(a) { g += i * groupStrides[a] }
            }
            return g
        }
        let groupOf = (0 ..< values.count).map(group)
        for (i, v) in values.enumerated() {
            if v == 0 { zeros[groupOf[i]] += 1 } else { nonzeroProduct[groupOf[i]] *= v }
        }
        return generate(shape: x.shape, dtype: x.dtype) { i in
            let g = groupOf[i], v = values[i]
            switch zeros[g] {
            case 0: return nonzeroProduct[g] / v
            case 1: return v == 0 ? nonzeroProduct[g] : 0
            default: return 0
            }
        }
    }
}

extension Kernels {
    /// The L2 norm over `axes` (kept with extent 1), computed as MXNet's `nrm2` reducer does:
    /// a running scale and a scaled sum of squares in the array's own dtype, so it never
    /// overflows and Float32 results match MXNet's to the last bit.
    ///
    ///     scale = max|xᵢ| so far,  ssq = Σ (xᵢ/scale)²,  ‖x‖ = scale · √ssq
    @usableFromInline static func norm2(_ x: NDArray, axes: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return norm2(x, axes: axes, Float.self)
        case .float64: return norm2(x, axes: axes, Double.self)
        }
    }

    @inlinable static func norm2<T: NDScalar>(_ x: NDArray, axes: [Int], _: T.Type) -> NDArray {
        var outShape = x.shape
        for a in axes { outShape[a] = 1 }
        if axes.count == x.rank && x.isContiguous {
            let src = x.storage.pointer(as: T.self) + x.offset
            var scale: T = 0, ssq: T = 0
            for i in 0 ..< x.count { accumulateNorm(src[i], &scale, &ssq) }
            let out = Storage(dtype: T.dtype, count: 1)
            out.pointer(as: T.self)[0] = scale * T.sqrt(ssq)
            return NDArray(storage: out, shape: outShape)
        }
        let outCount = Shape.count(outShape)
        var scale = [T](repeating: 0, count: outCount)
        var ssq = [T](repeating: 0, count: outCount)
        let outStrides = Shape.contiguousStrides(outShape)
        var viaOut = [Int](repeating: 0, count: x.rank)
        for axis in 0 ..< x.rank where !axes.contains(axis) { viaOut[axis] = outStrides[axis] }
        let src = x.storage.pointer(as: T.self)
        var index = [Int](repeating: 0, count: x.rank)
        var position = x.offset, target = 0
        for _ in 0 ..< x.count {
            accumulateNorm(src[position], &scale[target], &ssq[target])
            var axis = x.rank - 1
            while axis >= 0 {
                index[axis] += 1
                position += x.strides[axis]; target += viaOut[axis]
                if index[axis] < x.shape[axis] { break }
                position -= x.strides[axis] * x.shape[axis]; target -= viaOut[axis] * x.shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        let out = Storage(dtype: T.dtype, count: outCount)
        let dst = out.pointer(as: T.self)
        for i in 0 ..< outCount { dst[i] = scale[i] * T.sqrt(ssq[i]) }
        return NDArray(storage: out, shape: outShape)
    }

    /// One step of MXNet's `nrm2` reducer: rescale when a larger magnitude arrives.
    @inlinable static func accumulateNorm<T: NDScalar>(_ v: T, _ scale: inout T, _ ssq: inout T) {
        guard v != 0 else { return }
        let a = Swift.abs(v)
        if scale < a {
            let r = scale / a
            ssq = 1 + ssq * r * r
            scale = a
        } else {
            let r = a / scale
            ssq = ssq + r * r
        }
    }
}
