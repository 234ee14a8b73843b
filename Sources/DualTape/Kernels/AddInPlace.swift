/// In-place accumulation for the backward sweep: `self[spec] += g` without a new buffer
/// when this array holds its storage alone (copy-on-write otherwise).
extension NDArray {
    mutating func addInPlace(_ g: NDArray, at spec: SliceSpec?) {
        precondition(dtype == g.dtype, "accumulate: dtypes \(dtype) and \(g.dtype) do not match")
        makeUniqueContiguous()
        if let element = spec?.singleElement, rank == 1, g.count == 1 {
            // One element of a 1-D array (backward of x[i]): no view to build.
            switch dtype {
            case .float32: storage.pointer(as: Float.self)[element] += g.storage.pointer(as: Float.self)[g.offset]
            case .float64: storage.pointer(as: Double.self)[element] += g.storage.pointer(as: Double.self)[g.offset]
            }
            return
        }
        let block = spec.map { Kernels.blockView(self, $0) } ?? self
        precondition(block.count == g.count,
                     "accumulate: a cotangent of shape \(Shape.describe(g.shape)) does not fit a block of shape \(Shape.describe(block.shape))")
        switch dtype {
        case .float32: Kernels.addInto(block, g, Float.self)
        case .float64: Kernels.addInto(block, g, Double.self)
        }
    }
}

extension Kernels {
    /// `destination += source` elementwise, both read in row-major order (same element count).
    static func addInto<T: NDScalar>(_ destination: NDArray, _ source: NDArray, _: T.Type) {
        update(destination, from: source, Accumulate(), T.self)
    }

    /// `destination = f(destination, source)` elementwise, both read in row-major order (same
    /// element count); `destination` views storage that the caller owns and `source` does not share.
    static func update<F: ScalarFunction2, T: NDScalar>(_ destination: NDArray, from source: NDArray, _ f: F, _: T.Type) {
        let dst = destination.storage.pointer(as: T.self), src = source.storage.pointer(as: T.self)
        let n = destination.count
        if destination.isContiguous && source.isContiguous {
            let d = dst + destination.offset, s = src + source.offset
            parallelChunks(count: n) { r in for i in r { d[i] = f(d[i], s[i]) } }
            return
        }
        if destination.isContiguous && n > 0 && isUniform(source) {
            // A broadcast of one element (a reduction's cotangent, a scalar assigned to a slice).
            let d = dst + destination.offset, s = src[source.offset]
            parallelChunks(count: n) { r in for i in r { d[i] = f(d[i], s) } }
            return
        }
        var sources: [Int] = []
        sources.reserveCapacity(source.count)
        source.forEachOffset { sources.append($0) }
        var i = 0
        destination.forEachOffset { dst[$0] = f(dst[$0], src[sources[i]]); i += 1 }
    }

    /// `a + b`: accumulation, for ``update(_:from:_:_:)``.
    struct Accumulate: ScalarFunction2 {
        @inline(__always) func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T { a + b }
    }

    /// `b`: overwriting, for ``update(_:from:_:_:)``.
    struct Overwrite: ScalarFunction2 {
        @inline(__always) func callAsFunction<T: NDScalar>(_ a: T, _ b: T) -> T { b }
    }
}
