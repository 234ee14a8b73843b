import DualTape
import Testing

/// The code of ForMXNetUsers.md (DualTape's catalog). The tutorial's cells print what MXNet
/// 1.9.1 printed (`Tests/DualTapeTests/Golden`), and the article shows that output.
@Suite("Article: For MXNet users")
struct MXNetSnippets {
    @Test func tutorialCellByCell() throws {
        try withConsole { console in
            // snippet: mxnet-tutorial-array
            var X = NDArray([[1, 2], [3, 4]], dtype: .float32)
            print(X)
            // end-snippet
            try expectSameOutput(of: "mxnet-tutorial-array", printed: console.take(), cell: "In [14]")

            // snippet: mxnet-tutorial-attach
            X.attachGrad()
            print(X.grad!)
            // end-snippet
            try expectSameOutput(of: "mxnet-tutorial-attach", printed: console.take(), cell: "In [16]")

            // snippet: mxnet-tutorial-record
            let Y = Autograd.record { 2 * X * X }
            print(Y)
            // end-snippet
            try expectSameOutput(of: "mxnet-tutorial-record", printed: console.take(), cell: "In [17]")

            // snippet: mxnet-tutorial-backward
            print("Before back-prop")
            print(X)
            print(X.grad!)
            print(Y)
            try Y.backward()
            print("After back-prop")
            print(X)
            print(X.grad!)
            print(Y)
            // end-snippet
            try expectSameOutput(of: "mxnet-tutorial-backward", printed: console.take(), cell: "In [18]")

            // snippet: mxnet-tutorial-f
            func f(_ a: NDArray) -> NDArray {
                var b = a * 2
                while b.norm().asScalar() < 1000 {
                    b = b * 2
                    print(b)
                    print(b.sum().asScalar())
                    print(b.norm().asScalar())
                }

                print("Done")
                let c: NDArray
                if b.sum().asScalar() >= 0 {
                    c = b[0]
                } else {
                    c = b[1]
                }
                return c
            }
            // end-snippet

            // snippet: mxnet-tutorial-control-flow
            var a = NDArray([0.9273255, -0.45468742], dtype: .float32)
            print(a)
            a.attachGrad()
            let c = Autograd.record { f(a) }
            try c.backward()
            print(c)
            // end-snippet
            try expectSameOutput(of: "mxnet-tutorial-control-flow", printed: console.take(), cell: "In [90] variant A: exact seed input")

            // snippet: mxnet-tutorial-gradient
            print(a.grad!)
            print(c / a)
            // end-snippet
            try expectOutput(of: "mxnet-tutorial-gradient", printed: console.take())
        }
    }

    @Test func gradReqAdd() throws {
        let printed = try capture {
            // snippet: mxnet-grad-req-add
            var x = NDArray([1.0, 2, 3])
            x.attachGrad(gradReq: .add)
            print("initial x.grad =", x.grad!.scalars)
            for i in 1 ... 2 {
                let y = Autograd.record { (x * x).sum() }
                try y.backward()
                print("after backward #\(i) x.grad =", x.grad!.scalars)
            }
            x.grad = NDArray.zeros(like: x)
            print("after x.grad = zeros ->", x.grad!.scalars)
            // end-snippet
        }
        try expectOutput(of: "mxnet-grad-req-add", printed: printed)
    }

    @Test func gradReqNull() throws {
        let printed = capture {
            // snippet: mxnet-grad-req-null
            var x = NDArray([1.0, 2])
            x.attachGrad(gradReq: .null)
            let y = Autograd.record { (x * x).sum() }
            do {
                try y.backward()
            } catch {
                print(error)
            }
            // end-snippet
        }
        try expectOutput(of: "mxnet-grad-req-null", printed: printed)
    }

    @Test func retainGraph() throws {
        let printed = try capture {
            // snippet: mxnet-retain-graph
            var x = NDArray([1.0, 2, 3])
            x.attachGrad()
            let y = Autograd.record { (x * x).sum() }
            try y.backward(retainGraph: true)
            try y.backward()                      // .write: overwritten, not added
            print(x.grad!.scalars)
            // end-snippet
        }
        try expectOutput(of: "mxnet-retain-graph", printed: printed)
    }

    @Test func headGradients() throws {
        let printed = try capture {
            // snippet: mxnet-head-gradients
            var X = NDArray([[1.0, 2], [3, 4]])
            X.attachGrad()
            let Y = Autograd.record { 2 * X * X }
            try Y.backward(headGradient: NDArray([[1, 0], [0.5, 2]]), retainGraph: true)
            print(X.grad!.scalars)                      // 4X times the head gradient
            do {
                try Y.backward(headGradient: NDArray.ones([3]))
            } catch {
                print(error)                            // MXNet reads past the buffer instead
            }
            var x = NDArray([1.0, 2])
            x.attachGrad()
            let (p, q) = Autograd.record { (x * 2, x * x) }
            try Autograd.backward([p, q], headGradients: [NDArray([1.0, 1]), NDArray([10.0, 10])])
            print(x.grad!.scalars)                      // 2 + 10·2x
            // end-snippet
        }
        try expectOutput(of: "mxnet-head-gradients", printed: printed)
    }

    @Test func createGraph() throws {
        let printed = try capture {
            // snippet: mxnet-create-graph
            var x = NDArray([1.0, 2, 3])
            x.attachGrad()
            let dy = try Autograd.record { () throws -> NDArray in
                let y = x ** 3
                return try Autograd.grad(heads: [y], variables: [x], createGraph: true)[0]
            }
            print("dy/dx =", dy.scalars)                // 3x²
            try dy.backward()
            print("d2y/dx2 =", x.grad!.scalars)         // 6x
            // end-snippet
        }
        try expectOutput(of: "mxnet-create-graph", printed: printed)
    }

    @Test func pauseAndModes() throws {
        let printed = try capture {
            // snippet: mxnet-pause
            var x = NDArray([1.0, 2])
            x.attachGrad()
            let w = Autograd.record { () -> NDArray in
                let y = x * 2
                print("record: recording", Autograd.isRecording, "training", Autograd.isTraining)
                let z = Autograd.pause { () -> NDArray in
                    print("pause:  recording", Autograd.isRecording, "training", Autograd.isTraining)
                    return y * 3                        // not recorded: a constant
                }
                return z * x
            }
            try w.backward()
            print(x.grad!.scalars)                      // z = 6x, the path through z ignored
            Autograd.record(trainMode: false) {
                print("record(trainMode: false): training", Autograd.isTraining)
            }
            Autograd.trainMode {
                print("trainMode: recording", Autograd.isRecording, "training", Autograd.isTraining)
            }
            // end-snippet
        }
        try expectOutput(of: "mxnet-pause", printed: printed)
    }

    @Test func inPlaceUpdatesAreNewValues() throws {
        let printed = try capture {
            // snippet: mxnet-value-semantics
            var x = NDArray([1.0, 2])
            x.attachGrad()
            let z = Autograd.record { () -> NDArray in
                let y = x * 2
                var w = x
                w += 1                                  // a new recorded value; x is unchanged
                return (y * w).sum()
            }
            try z.backward()
            print(x.grad!.scalars)                      // d/dx Σ 2x(x + 1) = 4x + 2
            // end-snippet
        }
        try expectOutput(of: "mxnet-value-semantics", printed: printed)
    }

    /// The snippet's output is MXNet's for the cell, and the article shows it.
    private func expectSameOutput(of snippet: String, printed: String, cell: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let mxnet = try GoldenCell.output(of: cell)
        #expect(outputDifference(printed: printed, shown: mxnet) == nil, "MXNet printed:\n\(mxnet)", sourceLocation: sourceLocation)
        try expectOutput(of: snippet, printed: printed, sourceLocation: sourceLocation)
    }
}
