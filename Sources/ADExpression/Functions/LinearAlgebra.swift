import DualTape

/// Matrix products: `a @ b`, `matmul(a, b)`, `dot(a, b)`.
extension FunctionTable {
    static let linearAlgebra: [FunctionDefinition] = [product("matmul"), product("dot", summary: "the same as matmul (MXNet's name)")]

    /// The ranks DualTape's `matmul` accepts, and the result's shape:
    ///
    ///     [k] @ [k] → [1]          [m, k] @ [k] → [m]        [B, m, k] @ [k] → [B, m]
    ///     [k] @ [k, n] → [n]       [k] @ [B, k, n] → [B, n]
    ///     [m, k] @ [k, n] → [m, n] and batches [B, m, k] @ [B, k, n], [B, m, k] @ [k, n], [m, k] @ [B, k, n] → [B, m, n]
    static func product(_ name: String, summary: String? = nil) -> FunctionDefinition {
        FunctionDefinition(name, .linearAlgebra, [Parameter("a", .array), Parameter("b", .array)], summary: summary,
                           info: MatMul().info) { call throws(ExpressionError) in
            let a = call.shape(0), b = call.shape(1)
            let mismatch = call.fail(.shape, "shapes \(Shape.describe(a)) and \(Shape.describe(b)) do not align")
            let shape: [Int], inner: Int
            switch (a.count, b.count) {
            case (1, 1):
                guard a == b else { throw mismatch }
                (shape, inner) = ([1], a[0])
            case (2, 1), (3, 1):
                guard a.last == b[0] else { throw mismatch }
                (shape, inner) = (Array(a.dropLast()), b[0])
            case (1, 2), (1, 3):
                guard a[0] == b[b.count - 2] else { throw mismatch }
                (shape, inner) = (Array(b.dropLast(2)) + [b[b.count - 1]], a[0])
            case (2, 2), (2, 3), (3, 2), (3, 3):
                guard a[a.count - 1] == b[b.count - 2], a.count == 2 || b.count == 2 || a[0] == b[0] else { throw mismatch }
                let batch = a.count == 3 ? [a[0]] : b.count == 3 ? [b[0]] : []
                (shape, inner) = (batch + [a[a.count - 2], b[b.count - 1]], a[a.count - 1])
            default:
                throw call.fail(.shape, "shapes \(Shape.describe(a)) and \(Shape.describe(b)) have ranks \(a.count) and \(b.count); matmul takes ranks 1 to 3")
            }
            // The result's elements times the inner extent: the multiply-adds of the product.
            let (work, overflow) = (elementCount(shape) ?? Int.max).multipliedReportingOverflow(by: inner)
            return Operation(shape: shape, work: overflow ? Int.max : work) { matmul($0[0], $0[1]) }
        }
    }
}
