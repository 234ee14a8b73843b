import Foundation
import Testing
@testable import DualTape

/// Misuse inside a program stops with a message that names the operation and the shapes.
/// Each case runs in a child process (an exit test) and the message is asserted.
@Suite("Bad input stops with a message naming the operation and shapes")
struct BadInputTests {
    static func stderr(of result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func raggedNestedArray() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray([[1, 2], [3]]) }
        #expect(Self.stderr(of: r).contains("NDArray: ragged nested array (rows of different lengths)"))
    }

    @Test func impossibleReshape() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.zeros([2, 3]).reshape([4, 2]) }
        #expect(Self.stderr(of: r).contains("reshape: cannot reshape an array of shape [2, 3] (6 elements) to [4, 2]"))
    }

    @Test func indexOutOfRange() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.zeros([2, 3])[0, 5] }
        #expect(Self.stderr(of: r).contains("index: index 5 is out of range for axis 1 of an array of shape [2, 3]"))
    }

    @Test func productOfOthersWithAnAxisOutOfRange() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = dispatch(ProductOfOthers(axes: [-1]), NDArray.ones([2, 3]))
        }
        #expect(Self.stderr(of: r).contains("prod_others: axes [-1] must be distinct and in 0 ..< 2 for an input of shape [2, 3]"))
    }

    @Test func mismatchedElementwiseShapes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.ones([2]) + NDArray.ones([3]) }
        #expect(Self.stderr(of: r).contains("add: shapes [2] and [3] cannot be broadcast together"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.ones([2, 3]) * NDArray.ones([2]) }
        #expect(Self.stderr(of: r2).contains("multiply: shapes [2, 3] and [2] cannot be broadcast together"))
    }

    @Test func mismatchedDtypes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray([1.0], dtype: .float32) + NDArray([1.0], dtype: .float64)
        }
        #expect(Self.stderr(of: r).contains("add: dtypes float32 and float64 do not match (convert one with astype)"))
    }

    @Test func matmulShapesThatDoNotAlign() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = matmul(NDArray.ones([2, 3]), NDArray.ones([4, 5])) }
        #expect(Self.stderr(of: r).contains("matmul: shapes [2, 3] and [4, 5] do not align"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = dot(NDArray.ones([2, 3]), NDArray.ones([2, 3])) }
        #expect(Self.stderr(of: r2).contains("matmul: shapes [2, 3] and [2, 3] do not align"))
    }

    @Test func badAxisAndBadBroadcast() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.ones([2, 3]).sum(axis: 2) }
        #expect(Self.stderr(of: r).contains("sum: axis 2 is out of range for an array of rank 2"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.ones([2, 3]).broadcast(to: [3, 3]) }
        #expect(Self.stderr(of: r2).contains("broadcast_to: cannot broadcast shape [2, 3] to [3, 3]"))
    }

    @Test func asScalarOnManyElements() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = NDArray.ones([2]).asScalar() }
        #expect(Self.stderr(of: r).contains("asScalar: the array has shape [2] (2 elements); asScalar needs exactly one"))
    }
}
