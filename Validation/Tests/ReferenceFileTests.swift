import DualTape
import Testing

/// The reference files are what the issue asks for: real runs of the three peers over one
/// suite of cases, covering every catalog operator, with their provenance recorded.
@Suite("Reference files")
struct ReferenceFileTests {
    /// All three peer files were made from the cases.json that is committed beside them.
    @Test func peerFilesMatchTheSuite() {
        let names = Set(References.cases.map(\.name))
        for file in References.peers {
            #expect(file.casesDigest == References.suite.digest,
                    "\(file.peer).json was made from other cases (digest \(file.casesDigest), cases.json has \(References.suite.digest)): regenerate")
            #expect(Set(file.results.keys) == names, "\(file.peer).json does not hold exactly the cases of cases.json")
        }
    }

    /// The files record the peer, its version, the Python and NumPy versions, and the exact command.
    @Test func provenanceIsRecorded() {
        let mxnet = References.peer(.mxnet)
        #expect(mxnet.version == "1.9.1", "the seed's library is MXNet 1.9.1")
        #expect(mxnet.numpy.hasPrefix("1."), "MXNet 1.9.1 needs numpy < 2")
        for file in References.peers {
            #expect(!file.version.isEmpty && !file.python.isEmpty && !file.numpy.isEmpty && !file.platform.isEmpty)
            #expect(file.command.contains("make_references.py --peer \(file.peer.rawValue)"), "command: \(file.command)")
        }
        #expect(References.suite.command.contains("make_references.py --cases"))
    }

    /// At least 60 Float64 cases, and a Float32 subset.
    @Test func suiteSize() {
        let float64 = References.cases.filter { !$0.isFloat32 }.count
        let float32 = References.cases.filter(\.isFloat32).count
        #expect(float64 >= 60, "\(float64) Float64 cases")
        #expect(float32 >= 10, "\(float32) Float32 cases")
    }

    /// Every peer differentiated along the same cotangent for every case, and each peer's
    /// results have the shapes of the case's inputs. A peer may refuse a whole case only
    /// because it has no such operator (its message, "... has no erfc operator", is in
    /// `errors.value`); at least two peers compute every case.
    @Test(arguments: References.cases)
    func peersUsedTheSameDirections(_ c: Case) throws {
        let cotangents = References.peers.compactMap { $0.results[c.name]?.cotangent }
        #expect(cotangents.count >= 2, "\(c.name): fewer than two peers computed it")
        #expect(Set(cotangents.map { $0.map(String.init(describing:)).joined(separator: ",") }).count == 1,
                "\(c.name): the peers used different cotangents")
        #expect(c.tangents.map(\.count) == c.inputs.map(\.data.count))
        for file in References.peers {
            let r = try #require(file.results[c.name])
            if r.value == nil {
                #expect(r.errors?["value"]?.contains(" has no ") == true,
                        "\(file.peer) has no value for \(c.name) and does not say it lacks the operator: \(r.errors ?? [:])")
            }
            for (g, input) in zip(r.vjp ?? [], c.inputs) { #expect(g.shape == input.shape) }
        }
    }

    /// Every operator of DualTape's catalog is exercised by at least one case (`slice` is the
    /// expression language's `index`; `prod_others`, the derivative of `prod`, is what the
    /// Hessians of the `prod` cases differentiate).
    @Test func everyCatalogOperatorHasACase() {
        var used: Set<String> = []
        func walk(_ e: Expression) {
            used.insert(e.op)
            for argument in e.args { walk(argument) }
        }
        for c in References.cases { walk(c.expr) }
        let hessianOfProd = References.cases.contains { $0.wantHessian && $0.name.hasPrefix("prod") }
        let alias = ["slice": "index"]
        for entry in OperatorCatalog.entries {
            if entry.name == "prod_others" {
                #expect(hessianOfProd, "prod_others is checked through the Hessian of a prod case")
                continue
            }
            #expect(used.contains(alias[entry.name] ?? entry.name), "catalog operator \(entry.name) has no validation case")
        }
    }
}

/// Not a derivative difference but a documented convention: DualTape follows MXNet's shapes.
@Suite("Shape conventions")
struct ShapeConventionTests {
    /// D10 of the README's table: a full reduction, an integer index of a 1-D array, a
    /// vector·vector product and the seed's `b[0]` have shape `[1]` in MXNet 1.x and DualTape,
    /// `[]` in PyTorch and JAX. Every other shape is the same in all four.
    /// Where MXNet has no such operator, DualTape's shape is PyTorch's and JAX's, or `[1]` for their `[]`.
    @Test(arguments: References.cases)
    func dualTapeHasMXNetsShapes(_ c: Case) throws {
        let value = Evaluator(c)(c.expr, Evaluator(c).inputs(c))
        guard let mxnet = References.peer(.mxnet).results[c.name]?.value else {
            for p in [Peer.torch, .jax] {
                guard let other = References.peer(p).results[c.name]?.value else { continue }
                #expect(Tolerance.shapesMatch(value.shape, other.shape), "\(c.name): DualTape \(value.shape), \(p) \(other.shape)")
            }
            return
        }
        #expect(value.shape == mxnet.shape, "\(c.name): DualTape \(value.shape), MXNet \(mxnet.shape)")
        for p in [Peer.torch, .jax] {
            guard let other = References.peer(p).results[c.name]?.value else { continue }
            #expect(other.shape == mxnet.shape || (mxnet.shape == [1] && other.shape == []),
                    "\(c.name): \(p) \(other.shape), MXNet \(mxnet.shape)")
        }
    }
}
