import DualTape

extension OperatorTemplate {
    /// Structural operators: reshape, transpose, broadcast, concat, cast, slice, slice_scatter.
    static func structural(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "reshape":
            return OperatorTemplate(entry) { shape, source in
                CatalogCase(Reshape(shape), [try factorization(of: Shape.count(shape), source)])
            }
        case "transpose":
            return OperatorTemplate(entry) { shape, source in
                let p = try source.permutation(shape.count)
                var input = shape
                for (i, axis) in p.enumerated() { input[axis] = shape[i] }
                return CatalogCase(Transpose(p), [input])
            }
        case "broadcast_to":
            return OperatorTemplate(entry) { shape, source in
                CatalogCase(BroadcastTo(shape), [try Gen<[[Int]]>.drawShapes(source, broadcastingTo: shape, count: 1)[0]])
            }
        case "concat":
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                let axis = try source.int(in: 0 ... shape.count - 1)
                let count = try source.int(in: 1 ... Swift.min(3, shape[axis]))
                var remaining = shape[axis]
                var parts: [Int] = []
                for k in 0 ..< count - 1 {
                    let part = try source.int(in: 1 ... remaining - (count - 1 - k))
                    parts.append(part)
                    remaining -= part
                }
                parts.append(remaining)
                let written = try source.drawBool(probability: 0.3) ? axis - shape.count : axis
                return CatalogCase(Concat(axis: written, count: count), parts.map { var s = shape; s[axis] = $0; return s })
            }
        case "cast":
            return OperatorTemplate(entry) { shape, source in
                CatalogCase(Cast(try source.element(of: [DType.float64, .float32])), [shape])
            }
        case "slice":
            return OperatorTemplate(entry) { shape, source in
                let (spec, input) = try slice(producing: shape, source)
                return CatalogCase(Slice(spec), [input])
            }
        case "slice_scatter":
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                let spec = try slice(of: shape, source)
                return CatalogCase(SliceScatter(spec, shape: shape), [sliceOutputShape(spec)])
            }
        default:
            return nil
        }
    }

    /// A shape with `count` elements: rank 0 ... 3, each extent a divisor of what remains.
    static func factorization(of count: Int, _ source: DrawSource) throws -> [Int] {
        let rank = try source.int(in: (count == 1 ? 0 : 1) ... 3)
        guard rank > 0 else { return [] }
        var remaining = count
        var shape: [Int] = []
        for _ in 0 ..< rank - 1 {
            let divisors = (1 ... remaining).filter { remaining % $0 == 0 }
            let d = try source.element(of: divisors)
            shape.append(d)
            remaining /= d
        }
        return shape + [remaining]
    }

    /// A slice whose result has shape `output`, and the input shape it slices: steps 1, 2
    /// or -1 with room to spare, sometimes an axis indexed by an integer (removed), and for
    /// `[1]` MXNet's integer index of a 1-D array (`b[0]` has shape `[1]`).
    static func slice(producing output: [Int], _ source: DrawSource) throws -> (SliceSpec, [Int]) {
        if output == [1], try source.drawBool(probability: 0.3) {
            let input = try (0 ..< (try source.int(in: 1 ... 2))).map { _ in try source.int(in: 1 ... 3) }
            let ranges = try input.map { AxisRange(start: try source.int(in: 0 ... $0 - 1), count: 1, step: 1) }
            return (SliceSpec(ranges: ranges, squeezed: Array(input.indices)), input)
        }
        var ranges: [AxisRange] = [], input: [Int] = []
        for extent in output {
            let step = try source.element(of: [1, 2, -1])
            let spare = try source.int(in: 0 ... 2)
            let span = (extent - 1) * Swift.abs(step) + 1
            input.append(span + spare)
            let offset = try source.int(in: 0 ... spare)
            ranges.append(AxisRange(start: step > 0 ? offset : span - 1 + offset, count: extent, step: step))
        }
        var squeezed: [Int] = []
        if !output.isEmpty, try source.drawBool(probability: 0.3) {
            let position = try source.int(in: 0 ... output.count)
            let extent = try source.int(in: 1 ... 3)
            ranges.insert(AxisRange(start: try source.int(in: 0 ... extent - 1), count: 1, step: 1), at: position)
            input.insert(extent, at: position)
            squeezed = [position]
        }
        return (SliceSpec(ranges: ranges, squeezed: squeezed), input)
    }

    /// A slice of an array of `shape`: per axis an integer index (sometimes) or a range
    /// with step 1, 2 or -1.
    static func slice(of shape: [Int], _ source: DrawSource) throws -> SliceSpec {
        var ranges: [AxisRange] = [], squeezed: [Int] = []
        for (axis, extent) in shape.enumerated() {
            if try source.drawBool(probability: 0.2) {
                ranges.append(AxisRange(start: try source.int(in: 0 ... extent - 1), count: 1, step: 1))
                squeezed.append(axis)
                continue
            }
            let step = try source.element(of: [1, 2, -1])
            let count = try source.int(in: 1 ... (extent - 1) / Swift.abs(step) + 1)
            let reach = (count - 1) * Swift.abs(step)
            let start = try source.int(in: 0 ... extent - 1 - reach)
            ranges.append(AxisRange(start: step > 0 ? start : start + reach, count: count, step: step))
        }
        return SliceSpec(ranges: ranges, squeezed: squeezed)
    }

    /// The shape of `x[spec]` (MXNet: `[1]` when every axis is indexed by an integer).
    static func sliceOutputShape(_ spec: SliceSpec) -> [Int] {
        let kept = spec.ranges.indices.filter { !spec.squeezed.contains($0) }.map { spec.ranges[$0].count }
        return kept.isEmpty && !spec.ranges.isEmpty ? [1] : kept
    }

    /// Matrix products whose result has `output`'s shape (2-D, or 3-D batches where either
    /// side may be a single matrix).
    static func matmul(_ entry: CatalogEntry) -> OperatorTemplate {
        OperatorTemplate(entry) { shape, source in
            let k = try source.int(in: 1 ... 4)
            switch shape.count {
            case 2:
                return CatalogCase(MatMul(), [[shape[0], k], [k, shape[1]]])
            case 3:
                let (b, m, n) = (shape[0], shape[1], shape[2])
                switch try source.int(in: 0 ... 2) {
                case 0: return CatalogCase(MatMul(), [[b, m, k], [b, k, n]])
                case 1: return CatalogCase(MatMul(), [[b, m, k], [k, n]])
                default: return CatalogCase(MatMul(), [[m, k], [b, k, n]])
                }
            default:
                return nil
            }
        }
    }
}
