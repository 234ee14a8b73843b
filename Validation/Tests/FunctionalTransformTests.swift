import DualTape
import Testing

/// DualTape's functional transforms `jacobian(at:mode:)` and `hessian(at:)` (which carry all
/// basis directions through one batched forward pass) against the peers, on every
/// one-input case that has Jacobian or Hessian references.
@Suite("Functional transforms agree with the peers")
struct FunctionalTransformTests {
    static let oneInputCases = References.cases.filter { $0.inputs.count == 1 && $0.wantDerivatives }

    @Test(arguments: oneInputCases)
    func jacobianAndHessianTransforms(_ c: Case) throws {
        try Self.check(c)
    }

    static func check(_ c: Case) throws {
        let evaluate = Evaluator(c)
        let x = evaluate.inputs(c)[0]
        let f: (NDArray) -> NDArray = { evaluate(c.expr, [$0]) }
        let tolerance = Tolerance.of(c)
        for peer in Peer.allCases {
            let r = try #require(References.peer(peer).results[c.name])
            func expectAgree(_ q: Quantity, _ label: String, _ mine: NDArray, _ theirs: RefArray?) {
                guard let theirs, !KnownDifferences.covers(c.name, q, peer) else { return }
                let flat = RefArray(shape: theirs.shape, data: mine.scalars)
                if let m = tolerance.mismatch(flat, theirs) { Issue.record("\(c.name): \(label) differs from \(peer): \(m)") }
            }
            if c.wantJacobian {
                expectAgree(.jacobian, "jacobian(at:mode: .reverse)", try jacobian(at: x, mode: .reverse, f).matrix, r.jacobian?[0])
                expectAgree(.jacobianForward, "jacobian(at:mode: .forward)", try jacobian(at: x, mode: .forward, f).matrix, r.jacobianForward?[0])
            }
            if c.wantHessian, let cotangent = r.cotangent {
                let u = NDArray(values: cotangent, shape: f(x).shape, dtype: x.dtype)
                expectAgree(.hessian, "hessian(at:)", try hessian(at: x) { (f($0) * u).sum() }, r.hessian)
            }
        }
    }
}
