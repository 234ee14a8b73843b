import DualTape

/// Reductions over axes, in MXNet's shapes: reduced axes removed (kept with extent 1 under
/// `keepdims=true`), and a reduction to no axes at all giving `[1]`.
extension FunctionTable {
    static let reductions: [FunctionDefinition] = [
        reduction("mean", summary: "mean over axes", info: OperatorInfo()) { x, axes, keep in x.mean(axes: axes, keepDims: keep) },
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
}
