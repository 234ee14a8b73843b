import DualTape
import Testing

/// Issues in DualTape that this suite found and that were fixed ("Issues in DualTape found
/// here" in Validation/README.md), where the fix retired a row of the table of differences:
/// each test asserts the right result, so the issue cannot come back unnoticed. (Fixes that
/// left a row standing, because a peer still differs, are asserted by that row's test: D7,
/// D14, D20.)
@Suite("Fixed DualTape issues found by validation")
struct FixedIssueTests {
    typealias K = KnownDifferenceTests

    /// Formerly row D25: floor_divide(a, b)·a, whose only path to b is floor_divide (zero
    /// derivative). Its Hessian is 0. `Autograd.grad` threw `unreachableVariable` for b, which
    /// the recorded graph reaches through floor_divide; it now returns b's zero gradient, as
    /// MXNet's `autograd.grad` does for a variable reached only through zero-derivative
    /// operators. JAX agrees (0); PyTorch has no derivative for floor_divide, MXNet no floor_divide.
    @Test func floorDivideHessian() throws {
        let r = K.run("floor_divide_signs")
        #expect(try r.hessianReverseOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(try r.hessianForwardOverReverse!.get().data.allSatisfy { $0 == 0 })
        #expect(K.result(.jax, "floor_divide_signs").hessian!.data.allSatisfy { $0 == 0 })
        #expect(K.result(.torch, "floor_divide_signs").errors?["vjp"]?.contains("not implemented") == true)
        // The first-order gradient in b, by Autograd.grad: zeros of b's shape (not an error).
        let c = References.case("floor_divide_signs")
        var variables = Evaluator(c).inputs(c)
        for i in variables.indices { variables[i].attachGrad() }
        let y = Autograd.record { Evaluator(c)(c.expr, variables) }
        let grads = try Autograd.grad(heads: [y], variables: variables)
        #expect(grads[1].shape == variables[1].shape && grads[1].scalars.allSatisfy { $0 == 0 })
    }
}
