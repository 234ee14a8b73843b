import DualTape

extension OperatorTemplate {
    /// Operators along axes beyond the plain reductions: mean, var, std, logsumexp (reduced
    /// shapes, as the reductions), softmax, log_softmax and normalize (the input's shape, one
    /// axis), cumsum and cumprod (one axis, or all flattened), and the linear recurrence.
    static func alongAxes(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "mean", "var", "std", "logsumexp":
            let name = entry.name
            return OperatorTemplate(entry) { shape, source in
                guard let (input, axes, keepDims) = try reductionInput(producing: shape, source),
                      Shape.count(input) <= ShapeLimits.sized(source.size).maxCount else { return nil }
                // ddof = 1 only where every group has two elements or more (else 0/0).
                let group = (axes.map { $0.map { $0 < 0 ? $0 + input.count : $0 } } ?? Array(input.indices)).reduce(1) { $0 * input[$1] }
                let ddof = try group >= 2 && source.drawBool(probability: 0.3) ? 1 : 0
                switch name {
                case "mean": return CatalogCase(Mean(axes: axes, keepDims: keepDims), [input])
                case "var": return CatalogCase(Variance(axes: axes, ddof: ddof, keepDims: keepDims), [input])
                case "std": return CatalogCase(StandardDeviation(axes: axes, ddof: ddof, keepDims: keepDims), [input])
                default: return CatalogCase(LogSumExp(axes: axes, keepDims: keepDims), [input])
                }
            }
        case "softmax", "log_softmax", "normalize":
            let name = entry.name
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                let axis = try writtenAxis(shape.count, source)
                switch name {
                case "softmax": return CatalogCase(Softmax(axis: axis), [shape])
                case "log_softmax": return CatalogCase(LogSoftmax(axis: axis), [shape])
                default:
                    let ord = try source.element(of: [1, 2])
                    let eps = try source.element(of: [1e-12, 0.5])
                    return CatalogCase(Normalize(ord: ord, axis: axis, eps: eps), [shape])
                }
            }
        case "cumsum", "cumprod":
            let name = entry.name
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                var axis: Int?, input = shape
                if shape.count == 1, try source.drawBool(probability: 0.4) {
                    input = try factorization(of: shape[0], source)    // flattened: any shape of that count
                } else {
                    axis = try writtenAxis(shape.count, source)
                }
                if name == "cumsum" { return CatalogCase(CumSum(axis: axis, reverse: try source.drawBool()), [input]) }
                return CatalogCase(CumProd(axis: axis), [input])
            }
        case "linear_recurrence":
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                return CatalogCase(LinearRecurrence(axis: try writtenAxis(shape.count, source), reverse: try source.drawBool()), [shape, shape])
            }
        default:
            return nil
        }
    }

    /// An axis of an array of `rank` (at least 1), written negative a third of the time.
    static func writtenAxis(_ rank: Int, _ source: DrawSource) throws -> Int {
        let axis = try source.int(in: 0 ... rank - 1)
        return try source.drawBool(probability: 0.3) ? axis - rank : axis
    }
}
