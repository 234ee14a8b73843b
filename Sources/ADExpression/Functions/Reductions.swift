import DualTape

/// Reductions over axes, in MXNet's shapes: reduced axes removed (kept with extent 1 under
/// `keepdims=true`), and a reduction to no axes at all giving `[1]`.
extension FunctionTable {
    static let reductions: [FunctionDefinition] = [
        reduction("sum", info: Sum().info) { x, axes, keep in x.sum(axes: axes, keepDims: keep) },
        reduction("prod", info: Prod().info) { x, axes, keep in x.prod(axes: axes, keepDims: keep) },
        reduction("max", info: Max().info) { x, axes, keep in x.max(axes: axes, keepDims: keep) },
        reduction("min", info: Min().info) { x, axes, keep in x.min(axes: axes, keepDims: keep) },
        norm, argmax, productOfOthers,
    ]

    /// `name(x, axis=None, keepdims=false)`.
    static func reduction(_ name: String, summary: String? = nil, info: OperatorInfo,
                          _ reduce: @escaping @Sendable (NDArray, [Int]?, Bool) -> NDArray) -> FunctionDefinition {
        FunctionDefinition(name, .reduction, [Parameter("x", .array), Parameter("axis", .axes, default: "None"), Parameter("keepdims", .bool, default: "false")],
                           summary: summary, info: info) { call throws(ExpressionError) in
            let axes = try call.axes("axis", of: call.shape(0))
            let keep = try call.bool("keepdims") ?? false
            return Operation(shape: reducedShape(call.shape(0), axes: axes, keepDims: keep)) { reduce($0[0], axes, keep) }
        }
    }

    /// `norm(x, ord=2, axis=None, keepdims=false)`: L2, or L1 with `ord=1`.
    static let norm = FunctionDefinition("norm", .reduction,
                                         [Parameter("x", .array), Parameter("ord", .integer, default: "2"), Parameter("axis", .axes, default: "None"),
                                          Parameter("keepdims", .bool, default: "false")],
                                         summary: "L2 norm over axes (L1 with ord=1)", info: Norm().info) { call throws(ExpressionError) in
        let ord = try call.integer("ord") ?? 2
        guard ord == 1 || ord == 2 else { throw call.fail(.argument, "ord \(ord) is not supported (use 1 or 2)", at: call.range(of: "ord")) }
        let axes = try call.axes("axis", of: call.shape(0))
        let keep = try call.bool("keepdims") ?? false
        return Operation(shape: reducedShape(call.shape(0), axes: axes, keepDims: keep)) { $0[0].norm(ord: ord, axes: axes, keepDims: keep) }
    }

    /// `argmax(x, axis=None, keepdims=false)`: one axis, or the flattened array.
    static let argmax = FunctionDefinition("argmax", .reduction,
                                           [Parameter("x", .array), Parameter("axis", .integer, default: "None"), Parameter("keepdims", .bool, default: "false")],
                                           info: ArgMax().info) { call throws(ExpressionError) in
        let x = call.shape(0)
        let keep = try call.bool("keepdims") ?? false
        guard let given = try call.integer("axis") else {
            return Operation(shape: keep ? [Int](repeating: 1, count: x.count) : [1]) { $0[0].argmax(keepDims: keep) }
        }
        let axis = try call.axis(given, of: x, argument: "axis")
        return Operation(shape: reducedShape(x, axes: [axis], keepDims: keep)) { $0[0].argmax(axis: axis, keepDims: keep) }
    }

    /// `prod_others(x, axis=None)`: the derivative of `prod`, an operator in its own right.
    ///
    /// Its own derivative forms an n×n matrix for each group of n elements, so the
    /// groups · n² elements of that matrix must stay within ``ExpressionLimits/maximumElements``.
    static let productOfOthers = FunctionDefinition("prod_others", .reduction, [Parameter("x", .array), Parameter("axis", .axes, default: "None")],
                                                    info: ProductOfOthers(axes: []).info) { call throws(ExpressionError) in
        let x = call.shape(0)
        let axes = try call.axes("axis", of: x) ?? Array(x.indices)
        let n = axes.reduce(1) { $0 * x[$1] }
        let groups = (elementCount(x) ?? 0) / max(n, 1)
        let (square, overflow) = n.multipliedReportingOverflow(by: n)
        let (matrix, overflow2) = square.multipliedReportingOverflow(by: groups)
        guard !overflow, !overflow2, matrix <= ExpressionLimits.maximumElements else {
            throw call.fail(.limit, "groups of \(n) elements in an array of shape \(Shape.describe(x)) need a \(groups)×\(n)×\(n) derivative matrix; the limit is \(ExpressionLimits.maximumElements) elements")
        }
        return Operation(shape: x, work: matrix) { ProductOfOthers(axes: axes).apply($0) }
    }
}
