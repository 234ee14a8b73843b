import Foundation
import Testing
@testable import DualTape

/// MXNet 1.9.1's autograd semantics (`Golden/mxnet_semantics.txt`), case by case. The
/// behaviour is matched; the error messages are DualTape's own.
@Suite("MXNet autograd semantics")
struct AutogradSemanticsTests {
    // 1. backward twice without retainGraph: the graph was freed.
    @Test func backwardTwiceWithoutRetainGraphThrows() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad()
        let y = Autograd.record { (x * x).sum() }
        try y.backward()
        expectValues(x.grad, [2, 4, 6])
        #expect(throws: AutogradError.graphFreed) { try y.backward() }
        #expect(AutogradError.graphFreed.description.contains("retainGraph: true"))
    }

    // 1b. with retainGraph, write overwrites.
    @Test func backwardTwiceWithRetainGraphOverwrites() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad()
        let y = Autograd.record { (x * x).sum() }
        try y.backward(retainGraph: true)
        expectValues(x.grad, [2, 4, 6])
        try y.backward()
        expectValues(x.grad, [2, 4, 6])
    }

    // 1c. the module-level backward twice.
    @Test func moduleBackwardTwiceThrows() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        let y = Autograd.record { x * 3 }
        try Autograd.backward([y])
        expectValues(x.grad, [3, 3])
        #expect(throws: AutogradError.graphFreed) { try Autograd.backward([y]) }
    }

    // 2, 2b, 2d, 6b: backward of arrays that were not recorded.
    @Test func backwardOfUnrecordedArraysThrows() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad()
        let outside = (x * x).sum()
        #expect(throws: AutogradError.notRecorded) { try outside.backward() }
        let fresh = NDArray([1.0, 2])
        #expect(throws: AutogradError.notRecorded) { try fresh.backward() }
        let noVariables = Autograd.record { NDArray([1.0, 2]) * 2 }
        #expect(throws: AutogradError.notRecorded) { try noVariables.backward() }
        let paused = Autograd.record { Autograd.pause { x * 3 } }
        #expect(throws: AutogradError.notRecorded) { try paused.backward() }
        #expect(AutogradError.notRecorded.description.contains("Autograd.record"))
    }

    // 2c. backward of the variable itself gives ones.
    @Test func backwardOfALeafGivesOnes() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        try x.backward()
        expectValues(x.grad, [1, 1])
    }

    // 2e. grad before attachGrad is nil (MXNet's None).
    @Test func gradBeforeAttachIsNil() {
        let x = NDArray([1.0, 2])
        #expect(x.grad == nil)
    }

    // 3. gradReq .add accumulates over records; assigning zeros resets.
    @Test func gradReqAddAccumulates() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad(gradReq: .add)
        expectValues(x.grad, [0, 0, 0])
        for expected in [[2.0, 4, 6], [4, 8, 12]] {
            let y = Autograd.record { (x * x).sum() }
            try y.backward()
            expectValues(x.grad, expected)
        }
        x.grad![0...] = NDArray(0.0)
        expectValues(x.grad, [0, 0, 0])
    }

    // 3b. .add with one record and retainGraph.
    @Test func gradReqAddWithRetainedGraph() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad(gradReq: .add)
        let y = Autograd.record { (x * x).sum() }
        try y.backward(retainGraph: true)
        expectValues(x.grad, [2, 4, 6])
        try y.backward()
        expectValues(x.grad, [4, 8, 12])
    }

    // 3c. .write over two records overwrites.
    @Test func gradReqWriteOverwrites() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad()
        for _ in 0 ..< 2 {
            try Autograd.record { (x * x).sum() }.backward()
            expectValues(x.grad, [2, 4, 6])
        }
    }

    // 3d. .null: zeros buffer, and backward finds nothing that wants a gradient.
    @Test func gradReqNull() throws {
        var x = NDArray([1.0, 2]); x.attachGrad(gradReq: .null)
        expectValues(x.grad, [0, 0])
        let y = Autograd.record { (x * x).sum() }
        #expect(throws: AutogradError.noVariableRequiresGradient) { try y.backward() }
        expectValues(x.grad, [0, 0])
    }

    // 3e. fan-out sums.
    @Test func fanOutSums() throws {
        var x = NDArray([3.0]); x.attachGrad()
        try Autograd.record { x * x + x }.backward()
        expectValues(x.grad, [7])
    }

    // 4, 4c: second and third derivatives through createGraph (MXNet cannot; we can).
    @Test func createGraphGivesHigherDerivatives() throws {
        var x = NDArray([1.0, 2, 3]); x.attachGrad()
        let dy = try Autograd.record { try Autograd.grad(heads: [x ** 3], variables: [x], createGraph: true)[0] }
        expectValues(dy, [3, 12, 27])
        try dy.backward()
        expectValues(x.grad, [6, 12, 18])

        var z = NDArray([2.0]); z.attachGrad()
        let d2 = try Autograd.record { () throws -> NDArray in
            let d1 = try Autograd.grad(heads: [z ** 3], variables: [z], createGraph: true)[0]
            return try Autograd.grad(heads: [d1], variables: [z], createGraph: true)[0]
        }
        expectValues(d2, [12])
        try d2.backward()
        expectValues(z.grad, [6])
    }

    // 4d, 4e, 4f, 4i: second derivatives of the operators MXNet supports and those it does not.
    @Test func secondDerivativesThroughCreateGraph() throws {
        let cases: [(String, (NDArray) -> NDArray, Double, Double, Double)] = [
            ("x*x*x", { $0 * $0 * $0 }, 2, 12, 12),
            ("sin", { sin($0) }, 0.5, Foundation.cos(0.5), -Foundation.sin(0.5)),
            ("exp", { exp($0) }, 0.5, Foundation.exp(0.5), Foundation.exp(0.5)),
            ("tanh", { tanh($0) }, 0.5, 1 - Foundation.pow(Foundation.tanh(0.5), 2), -2 * Foundation.tanh(0.5) * (1 - Foundation.pow(Foundation.tanh(0.5), 2))),
            ("log", { log($0) }, 0.5, 2, -4),
            ("sqrt", { sqrt($0) }, 0.5, 0.5 / Foundation.sqrt(0.5), -0.25 * Foundation.pow(0.5, -1.5)),
            ("(x*x).sum()", { ($0 * $0).sum() }, 2, 4, 2),
            ("1/x", { 1 / $0 }, 2, -0.25, 0.25),
            ("exp(3*log(x))", { exp(3 * log($0)) }, 2, 12, 12),
            ("relu", { relu($0) }, 2, 1, 0),
        ]
        for (name, f, at, first, second) in cases {
            var x = NDArray([at]); x.attachGrad()
            let d1 = try Autograd.record { try Autograd.grad(heads: [f(x)], variables: [x], createGraph: true)[0] }
            try d1.backward()
            #expect(isClose(d1.scalars[0], first, rel: 1e-14), "\(name): d1 \(d1.scalars[0]) vs \(first)")
            #expect(isClose(x.grad!.scalars[0], second, rel: 1e-14, abs: 1e-300), "\(name): d2 \(x.grad!.scalars[0]) vs \(second)")
        }
    }

    // 4b. grad without createGraph: the result is not recorded.
    @Test func gradWithoutCreateGraphIsNotRecorded() throws {
        var x = NDArray([2.0]); x.attachGrad()
        let dy = try Autograd.record { try Autograd.grad(heads: [x ** 3], variables: [x])[0] }
        expectValues(dy, [12])
        #expect(throws: AutogradError.notRecorded) { try dy.backward() }
    }

    // 4g. grad outside record leaves x.grad untouched.
    @Test func gradLeavesTheBufferUntouched() throws {
        var x = NDArray([2.0]); x.attachGrad()
        let y = Autograd.record { x ** 3 }
        let g = try Autograd.grad(heads: [y], variables: [x])[0]
        expectValues(g, [12])
        expectValues(x.grad, [0])
    }

    // 4h. grad with respect to a variable the head does not depend on: an error, as in MXNet.
    @Test func gradOfUnreachableVariableThrows() throws {
        var x = NDArray([2.0]); x.attachGrad()
        var z = NDArray([5.0]); z.attachGrad()
        let y = Autograd.record { x ** 3 }
        #expect(throws: AutogradError.unreachableVariable(index: 0)) { try Autograd.grad(heads: [y], variables: [z]) }
        let plain = NDArray([1.0])
        #expect(throws: AutogradError.notAVariable(index: 1)) { try Autograd.grad(heads: [y], variables: [x, plain]) }
    }

    // 4h'. A variable the recorded graph reaches only through zero-derivative operators has a
    // zero gradient (MXNet 1.9.1 returns zeros for round(x) + b, sign(x) * b, stop_gradient(x) * b,
    // (x > b) * x and floor(x / b) * x); one it does not reach (used through detach(), or not
    // used) is an error, as in MXNet.
    @Test func gradThroughZeroDerivativeOperatorsIsZero() throws {
        var x = NDArray([1.5, -2.5]); x.attachGrad()
        var b = NDArray([2.0, 3.0]); b.attachGrad()
        let cases: [(String, (NDArray, NDArray) -> NDArray, [Double], [Double])] = [
            ("round(x) + b", { round($0) + $1 }, [0, 0], [1, 1]),
            ("sign(x) * b", { sign($0) * $1 }, [0, 0], [1, -1]),
            ("stopGradient(x) * b", { stopGradient($0) * $1 }, [0, 0], [1.5, -2.5]),
            ("(x > b) * x", { NDArray.compare($0, .greater, $1) * $0 }, [0, 0], [0, 0]),
            ("floor_divide(x, b) * x", { floorDivide($0, $1) * $0 }, [0, -1], [0, 0]),
        ]
        for (name, f, dx, db) in cases {
            let y = Autograd.record { f(x, b) }
            let grads = try Autograd.grad(heads: [y], variables: [x, b])
            #expect(grads[0].scalars == dx && grads[1].scalars == db, "\(name): \(grads.map(\.scalars))")
            #expect(grads.map(\.shape) == [[2], [2]] && grads.allSatisfy { $0.dtype == .float64 })
        }
        // The same with createGraph (reverse over reverse): b's gradient is a constant zero.
        let y = Autograd.record { floorDivide(x, b) * x }
        let grads = try Autograd.record { try Autograd.grad(heads: [y], variables: [x, b], createGraph: true) }
        #expect(grads[1].scalars == [0, 0])
        // Float32 keeps its dtype.
        var x32 = NDArray([0.5, 1.5]).astype(.float32); x32.attachGrad()
        let g32 = try Autograd.grad(heads: [Autograd.record { round(x32) }], variables: [x32])[0]
        #expect(g32.dtype == .float32 && g32.scalars == [0, 0])
        // Not in the graph: detach() cuts the edge, and an unused variable has none.
        let cut = Autograd.record { x.detach() * b }
        #expect(throws: AutogradError.unreachableVariable(index: 0)) { try Autograd.grad(heads: [cut], variables: [x, b]) }
        let unused = Autograd.record { b * 2 }
        #expect(throws: AutogradError.unreachableVariable(index: 1)) { try Autograd.grad(heads: [unused], variables: [b, x]) }
    }

    // 5. head gradients.
    @Test func headGradients() throws {
        var X = NDArray([[1.0, 2], [3, 4]]); X.attachGrad()
        try Autograd.record { 2 * X * X }.backward(headGradient: NDArray([[1, 0], [0.5, 2]]))
        expectValues(X.grad, [4, 0, 6, 32])
        try Autograd.backward([Autograd.record { 2 * X * X }], headGradients: [NDArray.ones([2, 2])])
        expectValues(X.grad, [4, 8, 12, 16])
        try Autograd.record { 2 * X * X }.backward()
        expectValues(X.grad, [4, 8, 12, 16])
    }

    // 5b. a head gradient of the wrong shape is an error (MXNet silently reads garbage).
    @Test func headGradientOfWrongShapeThrows() throws {
        var X = NDArray([[1.0, 2], [3, 4]]); X.attachGrad()
        let Y = Autograd.record { 2 * X * X }
        #expect(throws: AutogradError.headGradientShape(head: 0, expected: [2, 2], got: [3])) {
            try Y.backward(headGradient: NDArray.ones([3]), retainGraph: true)
        }
        #expect(throws: AutogradError.headGradientShape(head: 0, expected: [2, 2], got: [5, 5])) {
            try Y.backward(headGradient: NDArray.ones([5, 5]))
        }
        // The failed calls left the graph usable.
        try Y.backward()
        expectValues(X.grad, [4, 8, 12, 16])
    }

    // 5c. several heads with head gradients.
    @Test func severalHeads() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        let (a, b) = Autograd.record { (x * 2, x * x) }
        try Autograd.backward([a, b], headGradients: [NDArray([1.0, 1]), NDArray([10.0, 10])])
        expectValues(x.grad, [22, 42])
        #expect(throws: AutogradError.headGradientCount(heads: 1, headGradients: 2)) {
            try Autograd.backward([a], headGradients: [nil, nil])
        }
    }

    // 6. pause inside record; recording and training flags.
    @Test func pauseInsideRecord() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        #expect(!Autograd.isRecording)
        let w = Autograd.record { () -> NDArray in
            let y = x * 2
            #expect(Autograd.isRecording && Autograd.isTraining)
            let z = Autograd.pause { () -> NDArray in
                #expect(!Autograd.isRecording && !Autograd.isTraining)
                return y * 3
            }
            return z * x
        }
        try w.backward()
        expectValues(x.grad, [6, 12])
        #expect(!Autograd.isRecording)
    }

    // 6c. detach and stopGradient.
    @Test func detachAndStopGradient() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        let w = Autograd.record { () -> NDArray in
            let y = x * x
            return y.detach() * x + stopGradient(y) * x
        }
        try w.backward()
        expectValues(x.grad, [2, 8])
    }

    // 6d. train and predict modes.
    @Test func trainAndPredictModes() {
        Autograd.record(trainMode: false) { #expect(Autograd.isRecording && !Autograd.isTraining) }
        Autograd.record { Autograd.predictMode { #expect(Autograd.isRecording && !Autograd.isTraining) } }
        Autograd.trainMode { #expect(!Autograd.isRecording && Autograd.isTraining) }
    }

    // 8, 8b, 8c, 8d: gradients at kinks — DualTape returns documented subgradients, never NaN.
    @Test func gradientsAtKinks() throws {
        for dtype in DType.allCases {
            var x = NDArray.zeros([3], dtype: dtype); x.attachGrad()
            try Autograd.record { x.norm() }.backward()
            expectValues(x.grad, [0, 0, 0])   // MXNet: [nan nan nan]
        }
        var v = NDArray([3.0, 4]); v.attachGrad()
        try Autograd.record { v.norm() }.backward()
        expectValues(v.grad, [0.6, 0.8], rel: 1e-15)
        var z = NDArray.zeros([2]); z.attachGrad()
        try Autograd.record { z.norm(ord: 1) }.backward()
        expectValues(z.grad, [0, 0])
        var w = NDArray([-2.0, 0, 3]); w.attachGrad()
        try Autograd.record { w.norm(ord: 1) }.backward()
        expectValues(w.grad, [-1, 0, 1])

        let kinks: [(String, (NDArray) -> NDArray, Double)] = [
            ("abs", { abs($0) }, 0), ("relu", { relu($0) }, 0), ("sqrt", { sqrt($0) }, .infinity),
            ("maximum(x, 0)", { maximum($0, NDArray.zeros([1])) }, 0.5),     // MXNet: 1 (all to the first argument)
            ("max over tie", { concat([$0, $0]).max() }, 1),                   // MXNet: 2 (not a subgradient)
            ("log", { log($0) }, .infinity),
        ]
        for (name, f, expected) in kinks {
            var x = NDArray.zeros([1]); x.attachGrad()
            try Autograd.record { f(x) }.backward()
            #expect(x.grad!.scalars == [expected], "\(name) at 0: \(x.grad!.scalars)")
        }
    }

    // 9. asScalar inside record leaves the graph: the value is a constant.
    @Test func asScalarIsAConstant() throws {
        var a = NDArray([0.9273255, -0.45468742], dtype: .float32); a.attachGrad()
        let c = Autograd.record { () -> NDArray in
            let b = a * 2
            let s = b.sum().asScalar()
            return b[0] * Double(s)
        }
        try c.backward()
        expectValues(a.grad, [Double(Float(1.8905523)), 0], rel: 1e-7)
        #expect(a.grad!.dtype == .float32)
    }

    // 9e. the gradient's dtype follows the variable's.
    @Test func gradientDtypeFollowsTheVariable() throws {
        var X = NDArray([[1.0, 2], [3, 4]], dtype: .float64); X.attachGrad()
        try Autograd.record { 2 * X * X }.backward()
        #expect(X.grad!.dtype == .float64)
        expectValues(X.grad, [4, 8, 12, 16])
    }

    // 9f. attachGrad after the forward pass: the recorded graph does not contain x.
    @Test func attachGradAfterRecordingIsNotInTheGraph() throws {
        var x = NDArray([1.0, 2])
        let y = Autograd.record { x * 3 }
        x.attachGrad()
        #expect(throws: AutogradError.notRecorded) { try y.backward() }
    }

    // 9g. attaching again resets the gradient.
    @Test func reattachResets() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        try Autograd.record { x * 3 }.backward()
        expectValues(x.grad, [3, 3])
        x.attachGrad()
        expectValues(x.grad, [0, 0])
    }

    // 9h. a user-assigned gradient buffer is written by backward.
    @Test func assignedGradientBuffer() throws {
        var x = NDArray([1.0, 2]); x.attachGrad()
        x.grad = NDArray.zeros([2])
        try Autograd.record { (x * x).sum() }.backward()
        expectValues(x.grad, [2, 4])
    }

    // 9c, 9d: assigning into an array of the recorded graph stops with a message.
    @Test func inPlaceAssignmentInsideRecordStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var x = NDArray([1.0, 2]); x.attachGrad()
            _ = Autograd.record { () -> NDArray in
                var y = x * 2
                y[0] = NDArray(0.0)
                return y
            }
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("index assignment: this array is part of the graph being recorded"))
    }

    // 9b. comparisons give masks; the NumPy truth value is asScalar's job.
    @Test func comparisonsGiveMasks() {
        let b = NDArray([1.0, -2])
        expectValues(b.sum() .>= 0, [0], shape: [1])
        #expect(b.sum().asScalar() < 0)
    }
}
