import DualTape

/// Both modes' derivatives of a ``DirectionalCase``: the forward tangent `J v` (one JVP
/// through DualTape's `jvp(at:tangents:_:)`) and the reverse cotangents `Jᵀ u` (one pullback through
/// `vjp(at:_:)`), reduced to the two sides of the dot-product identity:
///
///     forward = ⟨u, J v⟩          reverse = Σᵢ ⟨(Jᵀu)ᵢ, vᵢ⟩
public struct DirectionalResult: @unchecked Sendable {
    public let output: NDArray
    public let outputTangent: NDArray
    public let inputCotangents: [NDArray]
    public let forward: Double
    public let reverse: Double
    /// `Σ |uₖ (Jv)ₖ|` and `Σ |(Jᵀu)ⱼ vⱼ|`: the sizes rounding errors are relative to.
    public let forwardScale: Double
    public let reverseScale: Double

    /// Runs both modes, or says what went wrong: an error thrown, a tangent or cotangent of
    /// the wrong shape or dtype.
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
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
