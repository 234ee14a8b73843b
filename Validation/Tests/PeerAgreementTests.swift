import DualTape
import Testing

/// The quantities the reference files hold for a case.
enum Quantity: String, CaseIterable, Sendable, CustomStringConvertible {
    case value, vjp, jvp
    /// The Jacobian by reverse mode (the peers' `jacobian`).
    case jacobian
    /// The Jacobian by forward mode (the peers' `jacobian_fwd`).
    case jacobianForward
    case hessian
    var description: String { rawValue }
}

/// The comparisons of one case: DualTape's result for each quantity against every peer that
/// has it, except the (case, quantity, peer) triples a row of the differences table covers.
struct CaseComparison {
    struct Outcome {
        let quantity: Quantity
        let peer: Peer
        let label: String
        /// nil: agree; else the reason they do not.
        let mismatch: String?
    }

    let run: DualTapeRun
    let outcomes: [Outcome]

    init(_ c: Case) {
        let cotangent = Peer.allCases.lazy.compactMap { References.peer($0).results[c.name]?.cotangent }.first ?? [1]
        run = DualTapeRun(c, cotangent: cotangent)
        let tolerance = Tolerance.of(c)
        var outcomes: [Outcome] = []
        for peer in Peer.allCases {
            guard let r = References.peer(peer).results[c.name] else { continue }
            func compare(_ q: Quantity, _ label: String, _ mine: Result<RefArray, any Error>?, _ theirs: RefArray?) {
                guard let theirs, let mine else { return }
                let mismatch: String?
                switch mine {
                case .success(let a): mismatch = tolerance.mismatch(a, theirs)
                case .failure(let error): mismatch = "DualTape threw \(error); \(peer) gave \(theirs)"
                }
                outcomes.append(Outcome(quantity: q, peer: peer, label: label, mismatch: mismatch))
            }
            compare(.value, "value", .success(run.value.reference), r.value)
            if let vjp = r.vjp {
                for (i, theirs) in vjp.enumerated() {
                    compare(.vjp, "vjp (reverse mode) of input \(i)", run.vjp?.map { $0[i].reference }, theirs)
                }
            }
            compare(.jvp, "jvp (forward mode)", run.jvp?.map(\.reference), r.jvp)
            for (i, theirs) in (r.jacobian ?? []).enumerated() {
                compare(.jacobian, "Jacobian of input \(i) by reverse mode", run.jacobianReverse?.map { $0[i] }, theirs)
            }
            for (i, theirs) in (r.jacobianForward ?? []).enumerated() {
                compare(.jacobianForward, "Jacobian of input \(i) by forward mode", run.jacobianForward?.map { $0[i] }, theirs)
            }
            compare(.hessian, "Hessian (reverse over reverse)", run.hessianReverseOverReverse, r.hessian)
            compare(.hessian, "Hessian (forward over reverse)", run.hessianForwardOverReverse, r.hessian)
        }
        self.outcomes = outcomes
    }
}

/// DualTape against MXNet 1.9.1, PyTorch and JAX on every case of the suite.
@Suite("DualTape agrees with MXNet, PyTorch and JAX")
struct PeerAgreementTests {
    /// Value, VJP, JVP, Jacobians (both modes) and Hessian against each peer, to 1e-12 in
    /// Float64 and to Float32 rounding in Float32 (see ``Tolerance``). A triple that a row of
    /// the differences table covers is checked by that row's test instead.
    @Test(arguments: References.cases)
    func agreesWithEveryPeer(_ c: Case) {
        let comparison = CaseComparison(c)
        #expect(!comparison.outcomes.isEmpty, "no peer result to compare for \(c.name)")
        for o in comparison.outcomes where !KnownDifferences.covers(c.name, o.quantity, o.peer) {
            if let mismatch = o.mismatch {
                Issue.record("\(c.name): \(o.label) differs from \(o.peer): \(mismatch)")
            }
        }
    }

    /// Where the peers are compared with DualTape they also agree among themselves: the
    /// reference is a consensus, not one system's opinion.
    @Test(arguments: References.cases)
    func peersAgreeAmongThemselves(_ c: Case) {
        let tolerance = Tolerance.of(c)
        let results = Peer.allCases.compactMap { p in References.peer(p).results[c.name].map { (p, $0) } }
        for (i, (p, a)) in results.enumerated() {
            for (q, b) in results[(i + 1)...] {
                func check(_ quantity: Quantity, _ x: [RefArray]?, _ y: [RefArray]?) {
                    guard let x, let y,
                          !KnownDifferences.covers(c.name, quantity, p), !KnownDifferences.covers(c.name, quantity, q) else { return }
                    for (k, (s, t)) in zip(x, y).enumerated() {
                        if let m = tolerance.mismatch(s, t) { Issue.record("\(c.name): \(quantity)[\(k)] \(p) vs \(q): \(m)") }
                    }
                }
                check(.value, a.value.map { [$0] }, b.value.map { [$0] })
                check(.vjp, a.vjp, b.vjp)
                check(.jvp, a.jvp.map { [$0] }, b.jvp.map { [$0] })
                check(.jacobian, a.jacobian, b.jacobian)
                check(.jacobianForward, a.jacobianForward, b.jacobianForward)
                check(.hessian, a.hessian.map { [$0] }, b.hessian.map { [$0] })
            }
        }
    }
}
