/// The loops of the pooling family (`Operators/Catalog/Pooling.swift`): the mean and the
/// largest element of each window of a plane, and where that largest element sits. A 1-D
/// pooling is a 2-D one of height 1; the planes (every sample's every channel) and their
/// output positions run in parallel. Nothing here is differentiated: the operators' rules
/// are NDArray operations (the transposed convolution, `take`, `scatter_add`).
struct PoolingPlan {
    let planes: Int
    let height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let outHeight: Int, outWidth: Int
    let strideY: Int, strideX: Int, padY: Int, padX: Int

    /// The plan for `planes` planes of spatial extents `input` (one or two) pooled into `output`.
    init(_ g: PoolingGeometry, planes: Int, input: [Int], output: [Int]) {
        func second(_ v: [Int], _ one: Int) -> (Int, Int) { v.count == 1 ? (one, v[0]) : (v[0], v[1]) }
        self.planes = planes
        (height, width) = second(input, 1)
        (kernelHeight, kernelWidth) = second(g.kernel, 1)
        (outHeight, outWidth) = second(output, 1)
        (strideY, strideX) = second(g.stride, 1)
        (padY, padX) = second(g.padding, 0)
    }

    /// The output elements.
    var count: Int { planes * outHeight * outWidth }

    /// The input rows `lo ..< hi` and columns of the window of output `(oy, ox)`: the part
    /// inside the input (the padding is never read).
    @inline(__always) func window(_ oy: Int, _ ox: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        let y0 = oy * strideY - padY, x0 = ox * strideX - padX
        return (Swift.max(y0, 0) ..< Swift.min(y0 + kernelHeight, height), Swift.max(x0, 0) ..< Swift.min(x0 + kernelWidth, width))
    }

    /// Calls `body(output, plane, rows, columns)` for every output element, in parallel chunks.
    @inline(__always) func forEachWindow(_ body: (Int, Int, Range<Int>, Range<Int>) -> Void) {
        let perPlane = outHeight * outWidth
        Kernels.parallelChunks(count: count, grain: 1, threshold: Swift.max(1, Kernels.parallelThreshold / Swift.max(1, kernelHeight * kernelWidth))) { chunk in
            for o in chunk {
                let plane = o / perPlane, p = o % perPlane
                let (rows, columns) = window(p / outWidth, p % outWidth)
                body(o, plane * height * width, rows, columns)
            }
        }
    }
}

extension Kernels {
    /// The mean of every window of `x` (planes of `plan`, contiguous or not) into a new array
    /// of `shape`: the sum of the elements inside the input over the whole kernel's size, so
    /// that the padding counts as zeros (PyTorch's `count_include_pad=True`).
    static func averagePool(_ x: NDArray, _ plan: PoolingPlan, shape: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return averagePool(x, plan, shape, Float.self)
        case .float64: return averagePool(x, plan, shape, Double.self)
        }
    }

    /// The largest element of every window of `x` into a new array of `shape`.
    static func maximumPool(_ x: NDArray, _ plan: PoolingPlan, shape: [Int]) -> NDArray {
        switch x.dtype {
        case .float32: return maximumPool(x, plan, shape, Float.self).values
        case .float64: return maximumPool(x, plan, shape, Double.self).values
        }
    }

    /// Where the largest element of every window of `x` sits: its row-major position in `x`.
    /// On ties the first in window order (row by row) wins; a NaN wins over numbers (the
    /// window's first NaN), as in PyTorch.
    static func maximumPositions(_ x: NDArray, _ plan: PoolingPlan) -> [Int] {
        switch x.dtype {
        case .float32: return maximumPool(x, plan, [plan.count], Float.self).positions
        case .float64: return maximumPool(x, plan, [plan.count], Double.self).positions
        }
    }

    private static func averagePool<T: NDScalar>(_ x: NDArray, _ plan: PoolingPlan, _ shape: [Int], _: T.Type) -> NDArray {
        let out = Storage(dtype: T.dtype, count: plan.count)
        let xs = dense(x), width = plan.width
        let scale = 1 / T(plan.kernelHeight * plan.kernelWidth)
        withExtendedLifetime(xs) {
            let source = xs.storage.pointer(as: T.self) + xs.offset, target = out.pointer(as: T.self)
            plan.forEachWindow { o, base, rows, columns in
                var sum: T = 0
                for iy in rows {
                    let row = source + base + iy * width
                    for ix in columns { sum += row[ix] }
                }
                target[o] = sum * scale
            }
        }
        return NDArray(storage: out, shape: shape)
    }

    private static func maximumPool<T: NDScalar>(_ x: NDArray, _ plan: PoolingPlan, _ shape: [Int], _: T.Type) -> (values: NDArray, positions: [Int]) {
        let out = Storage(dtype: T.dtype, count: plan.count)
        var positions = [Int](repeating: 0, count: plan.count)
        let xs = dense(x), width = plan.width
        withExtendedLifetime(xs) {
            let source = xs.storage.pointer(as: T.self) + xs.offset, target = out.pointer(as: T.self)
            positions.withUnsafeMutableBufferPointer { buffer in
                guard let at = buffer.baseAddress else { return }
                plan.forEachWindow { o, base, rows, columns in
                    var best = base + rows.lowerBound * width + columns.lowerBound
                    var largest = source[best]
                    for iy in rows {
                        for ix in columns {
                            let i = base + iy * width + ix, v = source[i]
                            if v > largest || (v.isNaN && !largest.isNaN) {
                                largest = v
                                best = i
                            }
                        }
                    }
                    target[o] = largest
                    at[o] = best
                }
            }
        }
        return (NDArray(storage: out, shape: shape), positions)
    }
}
