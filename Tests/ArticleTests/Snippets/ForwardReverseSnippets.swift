import DualTape
import Foundation
import Testing

/// The code of ForwardAndReverseMode.md (DualTape's catalog).
@Suite("Article: Forward and reverse mode")
struct ForwardReverseSnippets {
    @Test func oneOperatorBothModes() throws {
        let printed = try capture {
            // snippet: modes-tanh-rule
            let x = NDArray([-1.0, 0, 0.5])
            let y = Tanh().apply([x])                        // what tanh(x) does
            let local = Tanh().derivative(x: x, y: y)        // 1 - y², the one statement of the rule
            let forward = try jvp(at: x, tangent: NDArray.ones([3]), tanh).tangent
            let reverse = try gradient(at: x) { tanh($0).sum() }
            print(local.scalars == forward.scalars, local.scalars == reverse.scalars)
            // end-snippet
        }
        try expectOutput(of: "modes-tanh-rule", printed: printed)
    }

    @Test func dotProductIdentity() throws {
        let printed = try capture {
            // snippet: modes-dot-product
            let x = NDArray([0.3, -1.2, 2.0])
            let v = NDArray([1.0, 0.5, -2])                  // an input direction
            let u = NDArray([0.25, -1, 3])                   // an output direction
            let f: (NDArray) -> NDArray = { tanh($0) * $0.sum() }
            let (_, jv) = try jvp(at: x, tangent: v, f)      // J v, forward mode
            let (_, pullback) = try vjp(at: x, f)
            let jtu = try pullback(u)                        // Jᵀ u, reverse mode
            print((u * jv).sum().scalars, (jtu * v).sum().scalars)
            // end-snippet
            let (a, b) = ((u * jv).sum().scalars[0], (jtu * v).sum().scalars[0])
            #expect(Swift.abs(a - b) <= 1e-15 * Swift.abs(a))
        }
        try expectOutput(of: "modes-dot-product", printed: printed)
    }

    @Test func automaticMode() throws {
        let printed = try capture {
            // snippet: modes-automatic
            let wide = try jacobian(at: NDArray([0.5, 1])) { NDArray.concat([$0, $0 * $0, sin($0)]) }
            let tall = try jacobian(at: NDArray([0.5, 1, 2])) { ($0 * $0).sum() }
            let square = try jacobian(at: NDArray([0.5, 1])) { exp($0) }
            print(wide.mode, wide.matrix.shape)              // 2 inputs, 6 outputs
            print(tall.mode, tall.matrix.shape)              // 3 inputs, 1 output
            print(square.mode, square.matrix.shape)          // a tie goes to reverse mode
            // end-snippet
        }
        try expectOutput(of: "modes-automatic", printed: printed)
    }

    @Test func tapeMemory() throws {
        let printed = try capture {
            // snippet: modes-tape-memory
            var x = NDArray.linspace(-1, 1, count: 1000)
            x.attachGrad()
            let y = Autograd.record { () -> NDArray in
                var h = x
                for _ in 0 ..< 20 { h = tanh(h * 1.5) }
                return h.sum()
            }
            let (nodes, bytes) = y.graphStatistics
            print(nodes, "nodes keep", bytes, "bytes alive until backward")
            try y.backward()
            print(y.graphNodeCount, "nodes after backward")
            // end-snippet
        }
        try expectOutput(of: "modes-tape-memory", printed: printed)
    }

    @Test func higherOrder() throws {
        let printed = try capture {
            // snippet: modes-higher-order
            let x = NDArray([2.0])
            let f: (NDArray) -> NDArray = { ($0 * $0 * $0 * $0).sum() }    // x⁴
            // reverse over reverse: the gradient of the gradient
            let d2 = try gradient(at: x) { try gradient(at: $0, f).sum() }
            // forward over reverse: a Hessian-vector product
            let hv = try hessianVectorProduct(at: x, vector: NDArray([1.0]), f)
            // forward over forward over reverse: the third derivative
            let d3 = try jvp(at: x, tangent: NDArray([1.0])) { y in
                try jvp(at: y, tangent: NDArray([1.0])) { try gradient(at: $0, f) }.tangent
            }.tangent
            print(d2.scalars, hv.scalars, d3.scalars)                       // 12x², 12x², 24x
            // end-snippet
        }
        try expectOutput(of: "modes-higher-order", printed: printed)
    }

    @Test func perturbationConfusion() throws {
        let printed = try capture {
            // snippet: modes-perturbation-confusion
            // d/dx [ x · d/dy (x + y) ] at x = 1, y = 1: the inner derivative is 1, so the result is 1.
            let outer = try jvp(at: NDArray([1.0]), tangent: NDArray([1.0])) { x in
                let inner = try jvp(at: NDArray([1.0]), tangent: NDArray([1.0])) { y in x + y }
                return x * inner.tangent
            }
            print(outer.tangent.scalars)
            // The same in reverse mode: d/dx [ x · d/dy (x · y) ] = d/dx x² = 2x.
            let g = try gradient(at: NDArray([1.0])) { x in
                let inner = try gradient(at: NDArray([1.0])) { y in (x * y).sum() }
                return (x * inner).sum()
            }
            print(g.scalars)
            // end-snippet
        }
        try expectOutput(of: "modes-perturbation-confusion", printed: printed)
    }
}
