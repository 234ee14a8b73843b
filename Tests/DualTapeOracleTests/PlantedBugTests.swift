import DualTape
import DualTapeOracle
import Foundation
import Testing

/// Each planted mistake is caught, with the verdict that names it, in a full Jacobian check
/// and along random directions.
@Suite("Planted wrong derivatives are caught")
struct PlantedBugTests {
    static let strategies: [JacobianStrategy] = [.full, .directional(count: 2)]
    static let x = NDArray([[0.3, -1.2, 2.0], [0.7, 1.5, -0.4]])

    func check(_ f: ([NDArray]) throws -> NDArray, at xs: [NDArray], _ strategy: JacobianStrategy) throws -> GradientReport {
        try checkGradients(of: f, at: xs, options: GradientCheckOptions(strategy: strategy))
    }

    @Test(arguments: strategies)
    func signError(_ strategy: JacobianStrategy) throws {
        let report = try check({ SignErrorSin()($0[0]) }, at: [Self.x], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .adNotOracle)
        #expect(report.worst?.verdict == .adNotOracle)
        if strategy == .full {
            // Only the diagonal is wrong; the zeros off it agree.
            #expect(report.count(.adNotOracle) == 6)
            #expect(report.count(.agree) == 30)
        }
    }

    @Test(arguments: strategies)
    func factorOfTwo(_ strategy: JacobianStrategy) throws {
        let report = try check({ FactorTwoSquare()($0[0]).sum() }, at: [Self.x], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .adNotOracle)
        let worst = try #require(report.worst)
        if let f = worst.forward, let r = worst.reverse { #expect(abs(f - r) <= 1e-14 * abs(f)) }
        if let oracle = worst.oracle, let forward = worst.forward { #expect(abs(forward / oracle - 2) < 1e-6) }
    }

    @Test(arguments: strategies)
    func relativeErrorOf1e4(_ strategy: JacobianStrategy) throws {
        let report = try check({ SlightlyWrongExp(relativeError: 1e-4)($0[0]) }, at: [Self.x], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .adNotOracle)
        // The same operator without the error passes: the catch is the error, not noise.
        let right = try check({ SlightlyWrongExp(relativeError: 0)($0[0]) }, at: [Self.x], strategy)
        #expect(right.passed, "\(right)")
    }

    @Test(arguments: strategies)
    func wrongRuleInForwardModeOnly(_ strategy: JacobianStrategy) throws {
        let report = try check({ ForwardOnlyWrongTanh()($0[0]) }, at: [Self.x], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .modesDisagree)
        let worst = try #require(report.worst)
        #expect(worst.verdict == .modesDisagree)
        #expect(worst.detail.contains("reverse agrees with the oracle, forward does not"), "\(worst.detail)")
    }

    @Test(arguments: strategies)
    func wrongRuleInOneArgumentOfABinaryOperator(_ strategy: JacobianStrategy) throws {
        let b = NDArray([[1.1, -0.5, 0.9], [2.0, 0.6, -1.3]])
        let report = try check({ WrongSecondArgumentMultiply()($0[0], $0[1]) }, at: [Self.x, b], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .agree, "argument a is right")
        #expect(report.inputs[1].verdict == .adNotOracle, "argument b is wrong")
        #expect(report.worst?.input == 1)
    }

    @Test(arguments: strategies)
    func wrongBroadcastingReduction(_ strategy: JacobianStrategy) throws {
        let b = NDArray([0.5, -1.0, 2.0])
        let report = try check({ WrongBroadcastAdd()($0[0], $0[1]) }, at: [Self.x, b], strategy)
        #expect(!report.passed)
        #expect(report.inputs[0].verdict == .agree, "the un-broadcast input is right")
        #expect(report.inputs[1].verdict == .modesDisagree, "the broadcast input's reverse rule is wrong")
        #expect(report.worst?.detail.contains("forward agrees with the oracle, reverse does not") == true)
    }

    /// Checking one mode alone still finds its mistake (without the modes comparison).
    @Test func singleModeChecks() throws {
        let forward = try checkGradients(of: { ForwardOnlyWrongTanh()($0) }, at: Self.x, modes: [.forward])
        #expect(forward.inputs[0].verdict == .adNotOracle)
        let reverse = try checkGradients(of: { ForwardOnlyWrongTanh()($0) }, at: Self.x, modes: [.reverse])
        #expect(reverse.passed)
    }

    /// The mistakes are caught in Float32 too: the Float64 re-run confirms them.
    @Test func caughtInFloat32() throws {
        let x32 = Self.x.astype(.float32)
        let slight = try checkGradients(of: { SlightlyWrongExp(relativeError: 1e-4)($0) }, at: x32)
        #expect(slight.inputs[0].verdict == .adNotOracle, "\(slight)")
        let forwardOnly = try checkGradients(of: { ForwardOnlyWrongTanh()($0) }, at: x32)
        #expect(forwardOnly.inputs[0].verdict == .modesDisagree, "\(forwardOnly)")
    }

    /// A rule right at first order and wrong at second: order 1 passes, order 2 fails.
    @Test func wrongSecondDerivative() throws {
        let x = NDArray([0.5, -1.5, 2.0])
        #expect(try checkGradients(of: { CubeWithWrongInnerRule()($0).sum() }, at: x).passed)
        let second = try checkGradients(of: { CubeWithWrongInnerRule()($0).sum() }, at: x, order: 2)
        #expect(!second.passed)
        #expect(second.inputs[0].verdict == .adNotOracle)
        // The Hessian is diagonal: 9x from the wrong rule against 6x.
        let diagonal = second.elements.filter { $0.outputIndex == $0.inputIndex }
        for e in diagonal {
            if let forward = e.forward, let oracle = e.oracle { #expect(abs(forward / oracle - 1.5) < 1e-6) }
        }
    }
}

extension JacobianStrategy: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .automatic: return "automatic"
        case .full: return "full"
        case .directional(let count): return "directional(\(count))"
        }
    }
}
