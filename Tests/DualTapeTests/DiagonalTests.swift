import Foundation
import Testing
@testable import DualTape

/// diagonal, diagonal_scatter, diag and trace: NumPy's values and shapes, views, and the
/// transposes (each map's gradient is the other map).
@Suite("Diagonals: diagonal, diagonal_scatter, diag, trace")
struct DiagonalTests {
    static let matrix = NDArray(values: (0 ..< 12).map(Double.init), shape: [3, 4])   // [[0 1 2 3] [4 5 6 7] [8 9 10 11]]

    @Test func diagonalFollowsNumPy() throws {
        let m = Self.matrix
        expectValues(m.diagonal(), [0, 5, 10], shape: [3], rel: 0)
        expectValues(m.diagonal(offset: 1), [1, 6, 11], rel: 0)
        expectValues(m.diagonal(offset: 2), [2, 7], rel: 0)
        expectValues(m.diagonal(offset: -1), [4, 9], rel: 0)
        expectValues(m.diagonal(offset: 5), [], shape: [0], rel: 0)
        // np.arange(24).reshape(2, 3, 4).diagonal(offset=-1, axis1=2, axis2=0) == [[1, 14], [5, 18], [9, 22]],
        // and with offset=1 [[12], [16], [20]].
        let t = NDArray(values: (0 ..< 24).map(Double.init), shape: [2, 3, 4])
        expectValues(t.diagonal(offset: -1, axis1: 2, axis2: 0), [1, 14, 5, 18, 9, 22], shape: [3, 2], rel: 0)
        expectValues(t.diagonal(offset: 1, axis1: 2, axis2: 0), [12, 16, 20], shape: [3, 1], rel: 0)
        // A view: no copy of the elements.
        let d = m.diagonal()
        #expect(d.storage === m.storage)
    }

    @Test func diagonalAndItsScatterAreTransposes() throws {
        let g = try gradient(at: Self.matrix) { ($0.diagonal(offset: 1) * NDArray([1.0, 2, 3])).sum() }
        expectValues(g, [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3], rel: 0)
        let s = diagonalScatter(NDArray([1.0, 2]), shape: [3, 3], offset: -1)
        expectValues(s, [0, 0, 0, 1, 0, 0, 0, 2, 0], rel: 0)
        let back = try gradient(at: NDArray([1.0, 2])) { (diagonalScatter($0, shape: [3, 3], offset: -1) * NDArray(values: (1 ... 9).map(Double.init), shape: [3, 3])).sum() }
        expectValues(back, [4, 8], rel: 0)
    }

    @Test func diagBuildsOrTakes() throws {
        expectValues(diag(NDArray([1.0, 2])), [1, 0, 0, 2], shape: [2, 2], rel: 0)
        expectValues(diag(NDArray([1.0, 2]), k: 1), [0, 1, 0, 0, 0, 2, 0, 0, 0], shape: [3, 3], rel: 0)
        expectValues(diag(NDArray([1.0, 2]), k: -1), [0, 0, 0, 1, 0, 0, 0, 2, 0], shape: [3, 3], rel: 0)
        expectValues(diag(Self.matrix), [0, 5, 10], rel: 0)
        expectValues(diag(Self.matrix, k: -2), [8], rel: 0)
        // diag of a vector: the gradient reads the diagonal back; of a matrix: scatters onto it.
        let w = NDArray(values: (1 ... 9).map(Double.init), shape: [3, 3])
        expectValues(try gradient(at: NDArray([5.0, 6])) { (diag($0, k: 1) * w).sum() }, [2, 6], rel: 0)
        expectValues(try gradient(at: Self.matrix) { diag($0, k: 1).sum() }, [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], rel: 0)
    }

    @Test func traceOverTheLastTwoAxes() throws {
        expectValues(Self.matrix.trace(), [15], shape: [1], rel: 0)
        expectValues(Self.matrix.trace(offset: 1), [18], rel: 0)
        let batch = NDArray(values: (0 ..< 18).map(Double.init), shape: [2, 3, 3])
        expectValues(batch.trace(), [12, 39], shape: [2], rel: 0)
        expectValues(batch.trace(axis1: 0, axis2: 1), [12, 14, 16], rel: 0)   // np.trace's default axes
        // The gradient of a trace is the identity on its diagonal.
        let g = try gradient(at: batch) { ($0.trace() * NDArray([1.0, -2])).sum() }
        expectValues(g, [1, 0, 0, 0, 1, 0, 0, 0, 1, -2, 0, 0, 0, -2, 0, 0, 0, -2], rel: 0)
        let (_, t) = try jvp(at: Self.matrix, tangent: NDArray.ones([3, 4])) { $0.trace(offset: -1) }
        expectValues(t, [2], rel: 0)
    }
}
