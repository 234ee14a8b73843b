import DualTape

extension OperatorTemplate {
    /// Reductions: the output shape with reduced axes inserted (or kept with extent 1), or
    /// any input reduced over all axes when the output is MXNet's `[1]`.
    static func reduction(_ entry: CatalogEntry) -> OperatorTemplate? {
        let make: @Sendable ([Int]?, Bool) -> any DifferentiableOperator
        switch entry.name {
        case "sum": make = { Sum(axes: $0, keepDims: $1) }
        case "prod": make = { Prod(axes: $0, keepDims: $1) }
        case "max": make = { Max(axes: $0, keepDims: $1) }
        case "min": make = { Min(axes: $0, keepDims: $1) }
        case "norm": make = { Norm(axes: $0, keepDims: $1) }
        case "prod_others":
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                var axes = try source.subset(shape.count)
                if axes.isEmpty { axes = [shape.count - 1] }
                return CatalogCase(ProductOfOthers(axes: axes), [shape])
            }
        case "argmax":
            return OperatorTemplate(entry) { shape, source in
                guard let (input, axes, keepDims) = try reductionInput(producing: shape, source, singleAxis: true) else { return nil }
                return CatalogCase(ArgMax(axis: axes?.first, keepDims: keepDims), [input])
            }
        default: return nil
        }
        return OperatorTemplate(entry) { shape, source in
            guard let (input, axes, keepDims) = try reductionInput(producing: shape, source) else { return nil }
            return CatalogCase(make(axes, keepDims), [input])
        }
    }

    /// An input shape, axes (`nil`: all) and `keepDims` whose reduction has shape `output`
    /// (over one axis or all when `singleAxis`, as argmax takes).
    static func reductionInput(producing output: [Int], _ source: DrawSource,
                               singleAxis: Bool = false) throws -> (shape: [Int], axes: [Int]?, keepDims: Bool)? {
        guard !output.isEmpty else { return nil }
        let limits = ShapeLimits.sized(source.size)
        let extent = 1 ... Swift.max(1, limits.maxExtent)
        let ones = output.indices.filter { output[$0] == 1 }
        if try source.drawBool(probability: 0.3), !ones.isEmpty {
            // keepDims: some axes of extent 1 in the output were reduced.
            var reduced = try source.subset(ones.count).map { ones[$0] }
            if reduced.isEmpty { reduced = [ones[0]] }
            let all = try reduced.count == output.count && source.drawBool()
            if singleAxis && !all { reduced = [reduced[0]] }
            var input = output
            for axis in reduced { input[axis] = try source.int(in: extent) }
            return (input, all ? nil : reduced, true)
        }
        if output == [1], try source.drawBool(probability: 0.3) {
            // Everything reduced: MXNet's shape [1].
            let input = try Gen<[Int]>.drawShape(source, ShapeLimits(ranks: 0 ... 3, maxExtent: limits.maxExtent, maxCount: limits.maxCount))
            return (input, nil, false)
        }
        var input = output
        var reduced: [Int] = []
        for _ in 0 ..< (singleAxis ? 1 : try source.int(in: 1 ... 2)) {
            let position = try source.int(in: 0 ... input.count)
            input.insert(try source.int(in: extent), at: position)
            reduced = reduced.map { $0 >= position ? $0 + 1 : $0 } + [position]
        }
        let rank = input.count
        let axes = try reduced.sorted().map { try source.drawBool(probability: 0.3) ? $0 - rank : $0 }
        return (input, axes, false)
    }
}
