// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// The function order 2 checks: the AD gradient of `⟨u, f⟩`, flattened and joined over the
/// inputs. Checking it like any function checks second derivatives: its forward mode is
/// forward over reverse, its reverse mode reverse over reverse, and the oracle
/// differentiates the AD gradient numerically.
///
///     g(x) = concat over k of vec(∂⟨u, f(x)⟩/∂xₖ)       J_g = the Hessian of ⟨u, f⟩
func gradientFunction(of f: @escaping ([NDArray]) throws -> NDArray, cotangent u: [Double]) -> ([NDArray]) throws -> NDArray {
    { xs in
        let (value, pullback) = try vjp(at: xs, f)
        let grads = try pullback(NDArray(values: u, shape: value.shape, dtype: value.dtype))
        let dtype = grads.allSatisfy { $0.dtype == grads[0].dtype } ? grads[0].dtype : .float64
        let flat = grads.map { $0.astype(dtype).reshape([$0.count]) }
        return flat.count == 1 ? flat[0] : NDArray.concat(flat, axis: 0)
    }
}
