// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeTesting

/// What `adcheck random` found: the property run's counts and, on a failure, the shrunk
/// case regenerated from its choices, checked again in full, with its replay commands.
struct RandomRun {
    /// The failure found, regenerated and checked again.
    struct Failure {
        let found: PropertyFailure
        /// The `--replay` token of the shrunk case.
        let token: String
        let shrunk: RandomCase?
        /// The full check of the shrunk case.
        let check: CheckOutcome?
        let commands: [String]
    }

    let report: PropertyReport
    let settings: CheckSettings
    /// The dtype the generator was fixed to (`--dtype`), or nil when drawn per case.
    let generatorDType: DType?
    let count: Int
    /// Why each generated case the check could not run on was discarded (the other
    /// discards are cases the generator rejected).
    let unchecked: [String]
    let failure: Failure?

    var passed: Bool { report.passed }

    /// Cases that passed outright (neither classified nor failed).
    var agreed: Int { report.cases - report.classified.values.reduce(0, +) - (report.failure == nil ? 0 : 1) }

    /// The run `report` describes; a failure is regenerated from its choices and checked in full.
    init(report: PropertyReport, settings: CheckSettings, generator: ExpressionGenerator, count: Int, unchecked: [String]) {
        self.report = report
        self.settings = settings
        generatorDType = generator.dtype
        self.count = count
        self.unchecked = unchecked
        failure = report.failure.map { found in
            let token = ReplayCase.token(size: found.size, choices: found.choices)
            let shrunk = (try? generator.cases.generate(DrawSource(replaying: found.choices, size: found.size))).map(RandomCase.init)
            let check = shrunk.flatMap { try? CheckRunner.run($0.subject, settings) }
            let commands = shrunk?.commands(replay: token, settings: settings, generatorDType: generator.dtype) ?? []
            return Failure(found: found, token: token, shrunk: shrunk, check: check, commands: commands)
        }
    }
}
