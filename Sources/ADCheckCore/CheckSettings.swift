// SPDX-License-Identifier: GPL-3.0-or-later
import CommandLineKit
import DualTape
import DualTapeOracle

/// The options that say how to check (modes, order, seed, dtype, tolerance, step), read
/// from the command line and validated: a value the parser accepts but the check cannot
/// use (`--seed -1`, `--step 0`, `--tolerance 1,x`) is a usage error.
struct CheckSettings {
    /// Jacobians with at most this many elements (inputs × outputs) are checked element by
    /// element; larger ones along random directions. Keeps a check within seconds.
    static let fullJacobianLimit = 4_096

    var modes: Set<CheckMode>
    /// The highest order checked (every order from 1 up to it is checked).
    var order: Int
    var seed: UInt64
    /// The element type given with `--dtype`, if the command has one and it was given.
    var dtype: DType?
    /// The oracle's options: tolerance, step, seed (the inputs to differentiate are set per check).
    var options: GradientCheckOptions

    /// The orders to check, from 1.
    var orders: [Int] { Array(1 ... order) }

    /// The modes in a fixed order.
    var sortedModes: [CheckMode] { modes.sorted() }

    /// The modes in words, for titles: empty for all three, `, forward and reverse modes`,
    /// `, compiled mode`.
    var modesTitle: String {
        if modes == CheckMode.all { return "" }
        let names = sortedModes.map(\.rawValue)
        return ", " + (names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!) + " mode"
            + (names.count == 1 ? "" : "s")
    }

    /// What agrees when a check passes: `forward mode, reverse mode, the compiled function and the oracle`.
    var agreeingParties: String {
        let parts = sortedModes.map { $0 == .compiled ? "the compiled function" : "\($0.rawValue) mode" } + ["the oracle"]
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// The settings `invocation` gives, validated (a usage error for a value the check cannot use).
    init(_ invocation: Invocation) throws(CommandLineError) {
        switch invocation.declared("mode") {
        case "forward": modes = [.forward]
        case "reverse": modes = [.reverse]
        case "compiled": modes = [.compiled]
        case "both": modes = [.forward, .reverse]
        default: modes = CheckMode.all
        }
        order = invocation.declared("order") == "2" ? 2 : 1
        seed = try Self.seed(invocation)
        dtype = invocation.declared("dtype").flatMap(DType.init(rawValue:))
        options = GradientCheckOptions(fullJacobianLimit: Self.fullJacobianLimit, seed: seed)
        if let text = invocation.declared("tolerance") {
            options.tolerance = try Self.tolerance(text, invocation)
        }
        if let text = invocation.declared("step"), let step = Double(text) {
            guard step > 0 && step <= 1 else {
                throw invocation.error("The value '\(text)' is invalid for '--step <step>'. Please provide a number greater than 0 and at most 1.")
            }
            options.relativeStep = step
        }
    }

    /// `--seed` as a non-negative 64-bit integer.
    private static func seed(_ invocation: Invocation) throws(CommandLineError) -> UInt64 {
        let text = invocation.declared("seed") ?? "0"
        guard let seed = UInt64(text) else {
            throw invocation.error("The value '\(text)' is invalid for '--seed <seed>'. Please provide a non-negative integer.")
        }
        return seed
    }

    /// `--tolerance R` or `--tolerance R,A`: the relative floor, and the absolute floor in
    /// units of the function's scale.
    private static func tolerance(_ text: String, _ invocation: Invocation) throws(CommandLineError) -> TolerancePolicy {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingSpaces) }
        guard (1 ... 2).contains(parts.count), parts.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 } ?? false }) else {
            throw invocation.error("The value '\(text)' is invalid for '--tolerance <relative,absolute>'. Please provide one or two non-negative numbers separated by a comma, such as 1e-6,1e-9.")
        }
        var policy = TolerancePolicy()
        policy.relativeFloor = parts[0] ?? policy.relativeFloor
        if parts.count == 2 { policy.scaleFloor = parts[1] ?? policy.scaleFloor }
        return policy
    }

    /// The command-line flags that reproduce these settings (for replay commands).
    var flags: [String] {
        var flags: [String] = []
        if order != 1 { flags += ["--order", String(order)] }
        if modes.count == 1, let mode = modes.first { flags += ["--mode", mode.rawValue] }
        if modes == [.forward, .reverse] { flags += ["--mode", "both"] }
        let defaults = TolerancePolicy()
        if options.tolerance != defaults {
            flags += ["--tolerance", "\(options.tolerance.relativeFloor),\(options.tolerance.scaleFloor)"]
        }
        if options.relativeStep != GradientCheckOptions().relativeStep { flags += ["--step", "\(options.relativeStep)"] }
        return flags
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension Invocation {
    /// The value of option `name`, or nil when it was not given (and has no default) or the
    /// command does not declare it.
    func declared(_ name: String) -> String? {
        command.options.contains { $0.name == name } ? string(name) : nil
    }
}
