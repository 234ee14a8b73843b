import CVectorMath

// The per-block steps of a compiled function's fused loops. They are protocol requirements
// of the elementwise refinements with these defaults, so each operator's witness is a loop
// specialized for it (one dynamic call per block of elements, none per element).

extension UnaryElementwiseOperator {
    /// `y[i] = value(x[i])` for `count` contiguous Float64 elements.
    ///
    /// - Parameters:
    ///   - x: The inputs.
    ///   - y: Where the values go (may alias `x`).
    ///   - count: The number of elements.
    public func valueBlock(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0 ..< count { y[i] = value(x[i]) }
    }

    /// `y[i] = value(x[i])` for `count` contiguous Float32 elements.
    ///
    /// - Parameters:
    ///   - x: The inputs.
    ///   - y: Where the values go (may alias `x`).
    ///   - count: The number of elements.
    public func valueBlock(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0 ..< count { y[i] = value(x[i]) }
    }
}

extension BinaryElementwiseOperator {
    /// `y[i] = value(a[i], b[i])` for `count` contiguous Float64 elements.
    ///
    /// - Parameters:
    ///   - a: The first operands.
    ///   - b: The second operands.
    ///   - y: Where the values go (may alias `a` or `b`).
    ///   - count: The number of elements.
    public func valueBlock(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0 ..< count { y[i] = value(a[i], b[i]) }
    }

    /// `y[i] = value(a[i], b[i])` for `count` contiguous Float32 elements.
    ///
    /// - Parameters:
    ///   - a: The first operands.
    ///   - b: The second operands.
    ///   - y: Where the values go (may alias `a` or `b`).
    ///   - count: The number of elements.
    public func valueBlock(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0 ..< count { y[i] = value(a[i], b[i]) }
    }
}

/// The element types fused loops run on: how a block step of each kind is called.
protocol BlockScalar: NDScalar {
    /// `y = a op b` (negate and square read `a`) over `count` elements, vectorized; `y` may be `a` or `b`.
    static func arithmeticBlock(_ op: DTBlockOperation, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    static func unaryBlock(_ op: any UnaryElementwiseOperator) -> @Sendable (UnsafePointer<Self>, UnsafeMutablePointer<Self>, Int) -> Void
    static func binaryBlock(_ op: any BinaryElementwiseOperator) -> @Sendable (UnsafePointer<Self>, UnsafePointer<Self>, UnsafeMutablePointer<Self>, Int) -> Void
}

extension Double: BlockScalar {
    static func arithmeticBlock(_ op: DTBlockOperation, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        dt_block_f64(op, a, b, y, count)
    }
    static func unaryBlock(_ op: any UnaryElementwiseOperator) -> @Sendable (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void {
        if let vectorized = op as? VectorizedUnary {
            let f = vectorized.vectorFunction
            return { x, y, n in dt_vector_f64(f, x, y, n) }
        }
        return { x, y, n in op.valueBlock(x, y, n) }
    }
    static func binaryBlock(_ op: any BinaryElementwiseOperator) -> @Sendable (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void {
        { a, b, y, n in op.valueBlock(a, b, y, n) }
    }
}

extension Float: BlockScalar {
    static func arithmeticBlock(_ op: DTBlockOperation, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        dt_block_f32(op, a, b, y, count)
    }
    static func unaryBlock(_ op: any UnaryElementwiseOperator) -> @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void {
        if let vectorized = op as? VectorizedUnary {
            let f = vectorized.vectorFunction
            return { x, y, n in dt_vector_f32(f, x, y, n) }
        }
        return { x, y, n in op.valueBlock(x, y, n) }
    }
    static func binaryBlock(_ op: any BinaryElementwiseOperator) -> @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void {
        { a, b, y, n in op.valueBlock(a, b, y, n) }
    }
}
