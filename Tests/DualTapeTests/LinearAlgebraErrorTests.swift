import Foundation
import Testing
@testable import DualTape

/// Data the LAPACK operators cannot use is an ``OperatorError`` naming the operation, the
/// shape, the batch item and the element or pivot at fault, thrown by the Swift function and,
/// when it happens inside a derivative rule, by `jvp`, `gradient`, `vjp` and `backward`.
@Suite("Linear algebra: errors on singular, indefinite and non-finite data in both modes")
struct LAPACKErrorTests {
    static let singular = NDArray([[1.0, 2], [2, 4]])

    @Test func singularSolveInBothModes() throws {
        let b = NDArray([1.0, 1])
        let fragments = ["shape [2, 2]", "is singular", "U[1, 1]", "exactly zero"]
        expectOperatorError("solve", fragments) { _ = try solve(Self.singular, b) }
        expectOperatorError("solve", fragments) { _ = try jvp(at: Self.singular, tangent: NDArray.ones([2, 2])) { try solve($0, b) } }
        expectOperatorError("solve", fragments) { _ = try gradient(at: Self.singular) { try solve($0, b).sum() } }
        var a = Self.singular
        a.attachGrad()
        expectOperatorError("solve", fragments) { _ = try Autograd.record { try solve(a, b) } }
        expectOperatorError("inv", ["shape [2, 2]", "is singular"]) { _ = try inv(Self.singular) }
        // In a batch, the message names the item.
        let batch = NDArray.stack([NDArray.eye(2), Self.singular])
        expectOperatorError("inv", ["shape [2, 2, 2] (batch item 1)", "is singular"]) { _ = try inv(batch) }
    }

    /// det is defined at a singular matrix, but its rules invert the matrix: differentiating
    /// there throws from the transform, and backward writes no gradient.
    @Test func singularDeterminantDerivativeInBothModes() throws {
        expectValues(try det(Self.singular), [0])
        expectOperatorError("inv", ["is singular"]) { _ = try gradient(at: Self.singular) { try det($0) } }
        expectOperatorError("inv", ["is singular"]) { _ = try jvp(at: Self.singular, tangent: NDArray.ones([2, 2])) { try det($0) } }
        expectOperatorError("inv", ["is singular"]) { _ = try vjp(at: Self.singular) { try slogdet($0).logabsdet }.pullback(NDArray([1.0])) }
        var x = Self.singular
        x.attachGrad()
        let y = try Autograd.record { try det(x) }
        expectOperatorError("inv", ["is singular"]) { try y.backward() }
        #expect(x.grad?.scalars == [0, 0, 0, 0], "backward wrote a gradient despite the error")
        let z = try Autograd.record { try det(x) }
        expectOperatorError("inv", ["is singular"]) { _ = try Autograd.grad(heads: [z], variables: [x]) }
    }

    @Test func notPositiveDefiniteInBothModes() throws {
        let a = NDArray([[1.0, 0], [2, 1]])
        let fragments = ["shape [2, 2]", "not positive definite", "leading minor of order 2"]
        expectOperatorError("cholesky", fragments) { _ = try cholesky(a) }
        expectOperatorError("cholesky", fragments) { _ = try jvp(at: a, tangent: NDArray.ones([2, 2])) { try cholesky($0) } }
        expectOperatorError("cholesky", fragments) { _ = try gradient(at: a) { try cholesky($0).sum() } }
        let batch = NDArray.stack([NDArray.eye(2), NDArray.eye(2), -NDArray.eye(2)]).reshape([3, 1, 2, 2])
        expectOperatorError("cholesky", ["(batch item 2)", "leading minor of order 1"]) { _ = try cholesky(batch) }
    }

    @Test func nonFiniteInputInBothModes() throws {
        let a = NDArray([[1.0, .nan], [0, 1]]), b = NDArray([1.0, 2])
        expectOperatorError("solve", ["shape [2, 2]", "NaN at [0, 1]"]) { _ = try solve(a, b) }
        expectOperatorError("solve", ["NaN at [0, 1]"]) { _ = try jvp(at: a, tangent: NDArray.ones([2, 2])) { try solve($0, b) } }
        expectOperatorError("solve", ["NaN at [0, 1]"]) { _ = try gradient(at: a) { try solve($0, b).sum() } }
        expectOperatorError("eigh", ["inf at [1, 0]"]) { _ = try eigvalsh(NDArray([[1.0, 0], [.infinity, 1]])) }
        expectOperatorError("svd", ["NaN at [0, 0]"]) { _ = try svdvals(NDArray([[Double.nan, 0, 1]])) }
        expectOperatorError("det", ["NaN at [1, 1]"]) { _ = try det(NDArray([[1.0, 0], [0, .nan]])) }
        // Only the triangle read counts: NaN above the diagonal of a Cholesky input is ignored.
        expectValues(try cholesky(NDArray([[4.0, .nan], [0, 9]])), [2, 0, 0, 3])
    }

    @Test func zeroTriangularDiagonalInBothModes() throws {
        let t = NDArray([[1.0, 0], [3, 0]]), b = NDArray([1.0, 1])
        let fragments = ["is singular", "[1, 1] is exactly zero"]
        expectOperatorError("triangular_solve", fragments) { _ = try triangularSolve(t, b) }
        expectOperatorError("triangular_solve", fragments) { _ = try jvp(at: t, tangent: NDArray.ones([2, 2])) { try triangularSolve($0, b) } }
        expectOperatorError("triangular_solve", fragments) { _ = try gradient(at: t) { try triangularSolve($0, b).sum() } }
        // With a unit diagonal the zeros are not read.
        expectValues(try triangularSolve(t, b, unitDiagonal: true), [1, -2])
    }

    /// At repeated eigenvalues the eigenvectors are not differentiable: an error in both modes.
    /// The eigenvalues' derivative is still given (here the trace's: the identity).
    @Test func repeatedEigenvalues() throws {
        let a = NDArray([[2.0, 0, 0], [0, 1, 0], [0, 0, 2]])
        let fragments = ["shape [3, 3]", "repeated eigenvalue", "w[1] = w[2] = 2"]
        expectOperatorError("eigh", fragments) { _ = try jvp(at: a, tangent: NDArray.ones([3, 3])) { try eigh($0).vectors } }
        expectOperatorError("eigh", fragments) { _ = try gradient(at: a) { try eigh($0).vectors.sum() } }
        var x = a
        x.attachGrad()
        let y = try Autograd.record { try eigh(x).vectors.sum() }
        expectOperatorError("eigh", fragments) { try y.backward() }
        expectValues(try gradient(at: a) { try eigvalsh($0).sum() }, NDArray.eye(3).scalars)
        // Close but distinct eigenvalues are differentiable.
        let near = NDArray([[2.0, 0, 0], [0, 1, 0], [0, 0, 2 + 1e-9]])
        #expect(try gradient(at: near) { try eigh($0).vectors.sum() }.scalars.allSatisfy(\.isFinite))
    }

    @Test func repeatedSingularValues() throws {
        let a = NDArray([[3.0, 0], [0, 3], [0, 0]])
        expectOperatorError("svd", ["repeated singular value"]) { _ = try gradient(at: a) { try svd($0).u.sum() } }
        expectOperatorError("svd", ["repeated singular value"]) { _ = try jvp(at: a, tangent: NDArray.ones([3, 2])) { try svd($0).vh } }
        let rankDeficient = NDArray([[1.0, 0], [0, 0], [0, 0]])
        expectOperatorError("svd", ["zero singular value"]) { _ = try gradient(at: rankDeficient) { try svd($0).u.sum() } }
        // The singular values stay differentiable: ∂(s₁ + s₂)/∂A = U Vᵀ.
        expectValues(try gradient(at: a) { try svdvals($0).sum() }, [1, 0, 0, 1, 0, 0], abs: 1e-15)
    }

    /// Misuse (shapes that cannot be solved) stops with a message naming the operation and shapes.
    @Test func misalignedSolveStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? solve(NDArray.eye(3), NDArray.ones([2]))
        }
        let message = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("solve: a of shape [3, 3] and b of shape [2] do not align"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = try? cholesky(NDArray.ones([2, 3])) }
        let message2 = String(decoding: r2?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message2.contains("cholesky: expects square matrices [..., n, n], got shape [2, 3]"))
    }
}
