import DualTape

/// Both modes' derivatives of a ``DirectionalCase``: the forward tangent `J v` (one JVP
/// through DualTape's `jvp(at:tangents:_:)`) and the reverse cotangents `Jᵀ u` (one pullback through
/// `vjp(at:_:)`), reduced to the two sides of the dot-product identity:
///
///     forward = ⟨u, J v⟩          reverse = Σᵢ ⟨(Jᵀu)ᵢ, vᵢ⟩
public struct DirectionalResult: @unchecked Sendable {
    /// The function's value at the case's inputs (from the forward pass).
    public let output: NDArray
    /// The forward tangent `J v`, of the output's shape.
    public let outputTangent: NDArray
    /// The reverse cotangents `(Jᵀu)ᵢ`, one per input (only differentiable inputs' are used).
    public let inputCotangents: [NDArray]
    /// `⟨u, J v⟩`, summed in Double.
    public let forward: Double
    /// `Σᵢ ⟨(Jᵀu)ᵢ, vᵢ⟩` over the differentiable inputs, summed in Double.
    public let reverse: Double
    /// `Σ |uₖ (Jv)ₖ|`: the size rounding errors of ``forward`` are relative to.
    public let forwardScale: Double
    /// `Σ |(Jᵀu)ⱼ vⱼ|`: the size rounding errors of ``reverse`` are relative to.
    public let reverseScale: Double

    /// Runs both modes, or says what went wrong: an error thrown, a tangent or cotangent of
    /// the wrong shape or dtype.
    ///
    /// - Parameter c: The case: both modes differentiate its function at its inputs.
    /// - Returns: Both modes' results, or the failure: a mode that threw, or a tangent or
    ///   cotangent of the wrong shape or dtype.
    public static func compute(_ c: DirectionalCase) -> Result<DirectionalResult, CheckFailure> {
        let value: NDArray, tangent: NDArray, cotangents: [NDArray]
        do {
            (value, tangent) = try jvp(at: c.inputs, tangents: c.tangents, c.function)
        } catch {
            return .failure(CheckFailure("forward mode threw: \(error)"))
        }
        do {
            let (_, pullback) = try vjp(at: c.inputs, c.function)
            cotangents = try pullback(c.cotangent)
        } catch {
            return .failure(CheckFailure("reverse mode threw: \(error)"))
        }
        if tangent.shape != value.shape || tangent.dtype != value.dtype {
            return .failure(CheckFailure("the forward tangent has shape \(Shape.describe(tangent.shape)) and dtype \(tangent.dtype); the output has \(Shape.describe(value.shape)) and \(value.dtype)"))
        }
        for (i, (g, x)) in zip(cotangents, c.inputs).enumerated() where c.differentiable[i] {
            if g.shape != x.shape || g.dtype != x.dtype {
                return .failure(CheckFailure("the reverse cotangent of input \(i) has shape \(Shape.describe(g.shape)) and dtype \(g.dtype); the input has \(Shape.describe(x.shape)) and \(x.dtype)"))
            }
        }
        let (forward, forwardScale) = dot(c.cotangent, tangent)
        var reverse = 0.0, reverseScale = 0.0
        for (i, (g, v)) in zip(cotangents, c.tangents).enumerated() where c.differentiable[i] {
            let (d, s) = dot(g, v)
            reverse += d
            reverseScale += s
        }
        return .success(DirectionalResult(output: value, outputTangent: tangent, inputCotangents: cotangents, forward: forward,
                                          reverse: reverse, forwardScale: forwardScale, reverseScale: reverseScale))
    }

    /// `Σ aₖ bₖ` and `Σ |aₖ bₖ|`, in Double.
    ///
    /// - Parameters:
    ///   - a: An array; its elements are read in row-major order.
    ///   - b: An array of as many elements (extra elements of either are ignored).
    /// - Returns: The dot product and the sum of its terms' magnitudes.
    public static func dot(_ a: NDArray, _ b: NDArray) -> (value: Double, scale: Double) {
        var value = 0.0, scale = 0.0
        for (x, y) in zip(a.scalars, b.scalars) {
            value += x * y
            scale += Swift.abs(x * y)
        }
        return (value, scale)
    }
}

/// Why a check failed, in words for the report.
public struct CheckFailure: Error, Sendable, CustomStringConvertible {
    /// What failed, in words.
    public var message: String
    /// A failure saying `message`.
    ///
    /// - Parameter message: What failed, such as which mode threw and the error.
    public init(_ message: String) { self.message = message }
    /// The failure's message.
    public var description: String { message }
}
