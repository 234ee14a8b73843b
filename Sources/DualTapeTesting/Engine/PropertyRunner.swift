import Foundation

/// Runs `property` on cases from `generator` and returns what it found, without reporting:
/// the engine under `checkProperty`.
///
/// Case `i` draws from its own stream, split from the run's root stream (itself fixed by the
/// base seed and the property's name), with a size parameter that grows over the run. The
/// first failing case is shrunk (by the engine's shrinker) and both it and the shrunk case are
/// reported. An error the property throws fails the case. A generator that throws
/// ``GenerationRejected`` discards the case; any other error a generator throws is a bug in
/// the generator (as in Hypothesis, where only a rejection discards): it fails the case, and
/// that failure is shrunk and replayed like any other.
/// `DUALTAPE_PROPERTY_REPLAY`, when it names this property, runs exactly the case it holds.
///
/// - Parameters:
///   - name: The property's name: it selects the property's stream and replay tokens, and
///     titles the report.
///   - generator: Makes each case's value.
///   - configuration: Cases, seed, shrink budget, discards and replay; the
///     `DUALTAPE_PROPERTY_*` variables override it unless it says otherwise.
///   - describe: Prints a value for the report; `String(describing:)` by default.
///   - property: Judges one value: pass, classified, discard or fail.
/// - Returns: The counts, classifications, and the shrunk failure if any.
public func runProperty<Value>(_ name: String, _ generator: Gen<Value>,
                               configuration: PropertyConfiguration = PropertyConfiguration(),
                               describe: (Value) -> String = { String(describing: $0) },
                               _ property: (Value) throws -> CaseOutcome) -> PropertyReport {
    withoutActuallyEscaping(describe) { describe in
        withoutActuallyEscaping(property) { property in
            run(name, generator, configuration, describe, property)
        }
    }
}

private func run<Value>(_ name: String, _ generator: Gen<Value>, _ configuration: PropertyConfiguration,
                        _ describe: @escaping (Value) -> String,
                        _ property: @escaping (Value) throws -> CaseOutcome) -> PropertyReport {
    let environment = ProcessInfo.processInfo.environment
    let config = configuration.applyingEnvironment(environment)
    var report = PropertyReport(name: name, seed: config.seed, iterations: config.iterations)

    /// Generates from `source` and judges the case: the value's description and outcome,
    /// or `nil` when it was rejected.
    func judge(_ source: DrawSource) -> (description: String, outcome: CaseOutcome)? {
        let value: Value
        do {
            value = try generator.generate(source)
        } catch is GenerationRejected {
            return nil
        } catch {
            return ("(no value: the generator threw)", .fail("the generator threw \(error)"))
        }
        let outcome: CaseOutcome
        do { outcome = try property(value) } catch { outcome = .fail("threw \(error)") }
        return (describe(value), outcome)
    }

    func attempt(size: Int) -> Shrinker.Attempt {
        { choices in
            let source = DrawSource(replaying: choices, size: size)
            guard let (_, outcome) = judge(source), case .fail(let message) = outcome else { return nil }
            return (source.choices, source.spans, message)
        }
    }

    func fail(index: Int, size: Int, source: DrawSource, description: String, message: String) {
        var shrinker = Shrinker(choices: source.choices, spans: source.spans, message: message, budget: config.shrinkBudget,
                                attempt: attempt(size: size))
        shrinker.run()
        let shrunk = DrawSource(replaying: shrinker.best, size: size)
        let shrunkDescription = judge(shrunk)?.description ?? description
        report.failure = PropertyFailure(
            name: name, seed: config.seed, caseIndex: index, size: size, original: description, originalMessage: message,
            shrunk: shrunkDescription, shrunkMessage: shrinker.message, choices: shrinker.best,
            shrinkSteps: shrinker.improvements, shrinkReplays: shrinker.replays)
    }

    if let text = config.replay, let token = ReplayToken(text),
       token.nameHash == PropertyConfiguration.stableHash(name) {
        let source = DrawSource(replaying: token.choices, size: token.size)
        if let (description, outcome) = judge(source) {
            report.cases = 1
            if case .fail(let message) = outcome {
                fail(index: 0, size: token.size, source: source, description: description, message: message)
            }
        } else {
            report.gaveUp = "the replayed case could not be generated"
        }
        PropertySummary.append(report, environment: environment)
        return report
    }

    var root = SplitMix64(seed: SplitMix64.mix64(config.seed ^ PropertyConfiguration.stableHash(name)))
    let maxDiscards = Swift.max(10, config.iterations * config.maxDiscardRatio)
    var index = 0
    while report.cases < config.iterations {
        let size = PropertyConfiguration.size(ofCase: report.cases, of: config.iterations)
        let source = DrawSource(random: root.split(), size: size)
        defer { index += 1 }
        guard let (description, outcome) = judge(source) else {
            report.discarded += 1
            if report.discarded > maxDiscards {
                report.gaveUp = "\(report.discarded) cases discarded for \(report.cases) judged; the generator's filter rejects too much"
                break
            }
            continue
        }
        switch outcome {
        case .pass:
            report.cases += 1
        case .classified(let label):
            report.cases += 1
            report.classified[label, default: 0] += 1
        case .discard:
            report.discarded += 1
            if report.discarded > maxDiscards {
                report.gaveUp = "\(report.discarded) cases discarded for \(report.cases) judged; the property discards too much"
            }
        case .fail(let message):
            report.cases += 1
            fail(index: index, size: size, source: source, description: description, message: message)
        }
        if report.failure != nil || report.gaveUp != nil { break }
    }
    PropertySummary.append(report, environment: environment)
    return report
}

/// Runs a property like `runProperty` and records a
/// failure (or a run that gave up) as a test issue: through Swift Testing's `Issue.record`
/// inside a Swift Testing test, else through XCTest's `XCTFail`.
///
///     checkProperty("reverse is its own inverse", Gen.int(in: 0 ... 9).array(counts: 0 ... 5)) { xs in
///         .check(Array(xs.reversed().reversed()) == xs, "reversed twice: \(xs)")
///     }
///
/// - Parameters:
///   - name: The property's name: it selects the property's stream and replay tokens, and
///     titles the report.
///   - generator: Makes each case's value.
///   - configuration: Cases, seed, shrink budget, discards and replay.
///   - describe: Prints a value for the report; `String(describing:)` by default.
///   - fileID: The caller's `#fileID`, where the issue is recorded.
///   - filePath: The caller's `#filePath`.
///   - line: The caller's `#line`.
///   - column: The caller's `#column`.
///   - property: Judges one value: pass, classified, discard or fail.
/// - Returns: The report, also when it was recorded as an issue.
@discardableResult
public func checkProperty<Value>(_ name: String, _ generator: Gen<Value>,
                                 configuration: PropertyConfiguration = PropertyConfiguration(),
                                 describe: (Value) -> String = { String(describing: $0) },
                                 fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                                 line: UInt = #line, column: UInt = #column,
                                 _ property: (Value) throws -> CaseOutcome) -> PropertyReport {
    let report = runProperty(name, generator, configuration: configuration, describe: describe, property)
    if !report.passed {
        recordTestIssue(report.description, at: SourceCodeLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }
    return report
}
