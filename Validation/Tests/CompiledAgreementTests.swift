import DualTape
import Testing

/// The validation references through compiled functions: each case's expression compiled with
/// `Autograd.compile`, then its value, VJP (the peers' cotangent) and JVP (the peers'
/// tangents) from the compiled program, compared with MXNet, PyTorch and JAX to the same
/// tolerance as the eager results (``Tolerance``), except where a row of the differences
/// table covers the (case, quantity, peer) triple.
@Suite("Compiled functions agree with MXNet, PyTorch and JAX")
struct CompiledAgreementTests {
    @Test(arguments: References.cases)
    func compiledAgreesWithEveryPeer(_ c: Case) throws {
        let evaluate = Evaluator(c)
        let expression = c.expr
        let inputs = evaluate.inputs(c)
        let f = try Autograd.compile(examples: inputs) { evaluate(expression, $0) }
        let value = try f(inputs)
        let cotangent = Peer.allCases.lazy.compactMap { References.peer($0).results[c.name]?.cotangent }.first ?? [1]
        let u = NDArray(values: cotangent, shape: value.shape, dtype: value.dtype)
        let vjp = c.wantDerivatives ? Result { try f.vjp(inputs, cotangent: u).cotangents } : nil
        let jvp = c.wantDerivatives ? Result { try f.jvp(inputs, tangents: evaluate.tangents(c)).tangent } : nil
        let tolerance = Tolerance.of(c)
        var compared = 0
        for peer in Peer.allCases {
            guard let r = References.peer(peer).results[c.name] else { continue }
            func compare(_ q: Quantity, _ label: String, _ mine: Result<RefArray, any Error>?, _ theirs: RefArray?) {
                guard let theirs, let mine else { return }
                compared += 1
                if KnownDifferences.covers(c.name, q, peer) { return }
                switch mine {
                case .success(let a):
                    if let mismatch = tolerance.mismatch(a, theirs) {
                        Issue.record("\(c.name): compiled \(label) differs from \(peer): \(mismatch)")
                    }
                case .failure(let error):
                    Issue.record("\(c.name): the compiled \(label) threw \(error); \(peer) gave \(theirs)")
                }
            }
            compare(.value, "value", .success(value.reference), r.value)
            for (i, theirs) in (r.vjp ?? []).enumerated() {
                compare(.vjp, "vjp of input \(i)", vjp?.map { $0[i].reference }, theirs)
            }
            compare(.jvp, "jvp", jvp?.map(\.reference), r.jvp)
        }
        #expect(compared > 0, "no peer result to compare for \(c.name)")
    }
}
