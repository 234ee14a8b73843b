import DualTape
import DualTapeOracle
import Foundation
import Testing

/// `CheckMode.compiled`: the compiled function's `vjp`, row by row or per direction, against
/// eager reverse mode to rounding and against the oracle.
@Suite("The compiled mode of checkGradients")
struct CompiledModeTests {
    static let x = NDArray(values: [0.3, -1.2, 2.5], shape: [3])
    static let w = NDArray(values: [1.5, 0.25, -0.75, 2, -1, 0.5], shape: [2, 3])

    /// Every element carries a compiled value equal to reverse mode's to rounding.
    static func expectCompiledMatchesReverse(_ report: GradientReport) {
        #expect(report.modes == [.forward, .reverse, .compiled])
        for e in report.elements {
            guard let c = e.compiled, let r = e.reverse else {
                Issue.record("\(e.location): no compiled or reverse value")
                continue
            }
            #expect(Swift.abs(c - r) <= 1e-12 * Swift.max(1, Swift.abs(r)), "\(e.location): compiled \(c), reverse \(r)")
        }
    }

    @Test("full Jacobian: compiled rows agree with reverse and the oracle")
    func fullJacobian() throws {
        let report = try checkGradients(of: { xs in tanh(matmul(xs[1], xs[0])) * xs[1].sum() }, at: [Self.x, Self.w], modes: CheckMode.all)
        #expect(report.passed, "\(report)")
        #expect(report.elements.count == 2 * 3 + 2 * 6)
        Self.expectCompiledMatchesReverse(report)
        #expect(report.description.contains("|cmp-rev| <= 256*u*T"))
    }

    @Test("random directions: <J^T u, v> by the compiled vjp")
    func directions() throws {
        let options = GradientCheckOptions(strategy: .directional(count: 4))
        let report = try checkGradients(of: { (sin($0) * $0).sum() }, at: Self.x, modes: CheckMode.all, options: options)
        #expect(report.passed, "\(report)")
        #expect(report.elements.count == 4)
        Self.expectCompiledMatchesReverse(report)
    }

    @Test("order 2: the compiled vjp of the AD gradient is the Hessian")
    func secondOrder() throws {
        let report = try checkGradients(of: { (exp($0) * $0).sum() }, at: Self.x, modes: CheckMode.all, order: 2)
        #expect(report.passed, "\(report)")
        Self.expectCompiledMatchesReverse(report)
        // d²/dx² (x eˣ) = (x + 2) eˣ on the diagonal, 0 elsewhere.
        for e in report.elements {
            let i = e.outputIndex?[0] ?? -1, j = e.inputIndex?[0] ?? -2
            let xi = Self.x.scalars[j]
            let expected = i == j ? (xi + 2) * Foundation.exp(xi) : 0
            #expect(Swift.abs((e.compiled ?? .nan) - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "\(e.location)")
        }
        #expect(report.notes.contains { $0.contains("compiled is the compiled vjp of that gradient") })
    }

    @Test("the seed's f through guards: compiled gradient [1024, 0], and the JSON keeps it")
    func seedFunction() throws {
        let a = NDArray(values: [0.9273255, -0.45468742], shape: [2])
        let report = try checkGradients(of: { a in
            var b = a * 2
            while b.norm().asScalar() < 1000 { b = b * 2 }
            return b.sum().asScalar() > 0 ? b[0] : b[1]
        }, at: a, modes: CheckMode.all)
        #expect(report.passed, "\(report)")
        #expect(report.elements.map(\.compiled) == [1024, 0])
        let decoded = try JSONDecoder().decode(GradientReport.self, from: try JSONEncoder().encode(report))
        #expect(decoded.elements.map(\.compiled) == [1024, 0])
    }

    @Test("the default modes stay forward and reverse")
    func defaults() throws {
        let report = try checkGradients(of: { sin($0).sum() }, at: Self.x)
        #expect(report.modes == [.forward, .reverse])
        #expect(report.elements.allSatisfy { $0.compiled == nil })
        #expect(!report.description.contains("cmp-rev"))
    }
}
