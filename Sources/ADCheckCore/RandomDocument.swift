// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// The JSON form of `adcheck random`.
struct RandomDocument: Codable {
    /// The failure found, shrunk.
    struct Failure: Codable {
        /// The failing case's position in the run, from 1, and its size parameter.
        var index: Int
        var size: Int
        var shrinkSteps: Int
        var shrinkReplays: Int
        var original: String
        var originalMessage: String
        var shrunk: String
        var shrunkMessage: String
        /// The shrunk expression in the language (absent when an operator has no spelling there).
        var expression: String?
        /// The `--replay` value of the shrunk case.
        var replay: String
        /// Shell commands that replay the shrunk case.
        var commands: [String]
        /// The full check of the shrunk case.
        var check: CheckDocument?
    }

    var tool = "adcheck"
    var version = Commands.version
    var command = "random"
    var passed: Bool
    var seed: UInt64
    var count: Int
    /// The dtype of every case, or absent when drawn per case.
    var dtype: DType?
    var order: Int
    var modes: [CheckMode]
    /// Cases checked, cases that agreed outright, cases classified (by class), cases discarded
    /// (rejected by the generator, or the check could not run: `unchecked` says why).
    var cases: Int
    var agreed: Int
    var classified: [String: Int]
    var discarded: Int
    var unchecked: [String]
    var gaveUp: String?
    var failure: Failure?

    /// The document of `run`.
    init(_ run: RandomRun) {
        passed = run.passed
        seed = run.report.seed
        count = run.count
        dtype = run.generatorDType
        order = run.settings.order
        modes = run.settings.sortedModes
        cases = run.report.cases
        agreed = run.agreed
        classified = run.report.classified
        discarded = run.report.discarded
        unchecked = run.unchecked
        gaveUp = run.report.gaveUp
        failure = run.failure.map { f in
            Failure(index: f.found.caseIndex + 1, size: f.found.size, shrinkSteps: f.found.shrinkSteps, shrinkReplays: f.found.shrinkReplays,
                    original: f.found.original, originalMessage: f.found.originalMessage, shrunk: f.found.shrunk,
                    shrunkMessage: f.found.shrunkMessage, expression: f.shrunk?.source, replay: f.token, commands: f.commands,
                    check: f.check.map(CheckDocument.init))
        }
    }
}
