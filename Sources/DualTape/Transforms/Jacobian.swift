/// How `jacobian` computes: pushing input directions forward, or pulling output
/// directions back.
public enum JacobianMode: String, Sendable, Codable, CaseIterable {
    /// One forward pass carrying all n input directions at once (cost grows with the inputs).
    case forward
    /// One pullback per output element (cost grows with the outputs).
    case reverse
    /// Forward when the inputs are fewer than the outputs, reverse otherwise.
    case automatic
}

/// A Jacobian and the mode that computed it.
public struct Jacobian: Sendable {
    /// `∂yᵢ/∂xⱼ` with shape `y.shape + x.shape`.
    public let matrix: NDArray
    /// The value `f(x)`.
    public let value: NDArray
    /// The mode actually used (never `.automatic`).
    public let mode: JacobianMode
}

/// The Jacobian of `f` at `x`, shape `f(x).shape + x.shape`.
///
///     J[i, j] = ∂f(x)ᵢ / ∂xⱼ
///
/// In forward mode all n basis directions travel through one evaluation of `f` as a batch
/// of tangents; in reverse mode the pullback is called once per output element.
///
/// - Parameters:
///   - x: The point.
///   - mode: How to compute (default `.automatic`: one plain evaluation of `f` first, to
///     learn the output's size, then forward when `x` has fewer elements than `f(x)`,
///     reverse otherwise).
///   - f: Any function of NDArrays.
/// - Returns: The Jacobian, `f(x)`, and the mode used.
/// - Throws: ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func jacobian(at x: NDArray, mode: JacobianMode = .automatic, _ f: (NDArray) throws -> NDArray) throws -> Jacobian {
    let n = x.count
    var chosen = mode
    var value: NDArray?
    if mode == .automatic {
        // The output size decides; find it with one plain evaluation.
        let y = try withOperatorErrors { try Autograd.pause { try f(x) } }
        value = y
        chosen = n < y.count ? .forward : .reverse
    }
    switch chosen {
    case .forward, .automatic:
        let basis = NDArray.eye(n, dtype: x.dtype).reshape([n] + x.shape)
        let (y, tangents) = try batchedJVP(at: [x], tangents: [basis], batch: n) { try f($0[0]) }
        // tangents[j] = ∂y/∂xⱼ (shape [n] + y.shape): move the batch axis last.
        let m = y.count
        let matrix = tangents.reshape([n, m]).T.reshape(y.shape + x.shape)
        return Jacobian(matrix: matrix.contiguous(), value: value ?? y, mode: .forward)
    case .reverse:
        let (y, pullback) = try vjp(at: x, f)
        let m = y.count
        var rows: [NDArray] = []
        rows.reserveCapacity(m)
        for i in 0 ..< m {
            var direction = [Double](repeating: 0, count: m)
            direction[i] = 1
            rows.append(try pullback(NDArray(values: direction, shape: y.shape, dtype: y.dtype)).reshape([n]))
        }
        let matrix = m == 0 ? NDArray.zeros(y.shape + x.shape, dtype: x.dtype) : NDArray.stack(rows).reshape(y.shape + x.shape)
        return Jacobian(matrix: matrix, value: value ?? y, mode: .reverse)
    }
}

/// The Jacobian of `f` with respect to each of several inputs: element `k` has shape
/// `f(xs).shape + xs[k].shape`.
///
///     J_k[i, j] = ∂f(xs)ᵢ / ∂(x_k)ⱼ
///
/// Each input's Jacobian is computed separately (the others held at their values), so `f`
/// runs at least once per input, and `mode: .automatic` chooses per input.
///
/// - Parameters:
///   - xs: The point, one array per input.
///   - mode: How to compute each Jacobian (default `.automatic`).
///   - f: Any function of NDArrays.
/// - Returns: One ``Jacobian`` per input.
/// - Throws: ``AutogradError/noDerivative(operator:argument:)`` through an operator with no
///   derivative, an ``OperatorError`` an operator reported in `f` or in a rule, or what `f` throws.
public func jacobian(at xs: [NDArray], mode: JacobianMode = .automatic, _ f: ([NDArray]) throws -> NDArray) throws -> [Jacobian] {
    try xs.indices.map { k in
        try jacobian(at: xs[k], mode: mode) { xk in
            var args = xs
            args[k] = xk
            return try f(args)
        }
    }
}
