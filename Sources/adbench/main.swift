// adbench: DualTape's benchmarks (run in release: `swift run -c release adbench`).
//
//   adbench [--quick] [--json] [--filter W3] [--kernels] [--overhead] [--compiled [--plans]] [--bandwidth]
//
// Each workload is timed as the function alone, value plus gradient (reverse) and value
// plus JVP (forward), as the median of several runs after a warm-up; ratios are AD time
// over primal time. Every workload checks its derivative against a closed form or a
// hand-written gradient; a wrong derivative makes adbench exit with status 1 (speed never does).
import DualTape
import Foundation

var quick = false, json = false, kernelsOnly = false, overheadOnly = false, compiledOnly = false, bandwidthOnly = false, verbose = false
var filter: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--quick": quick = true
    case "--json": json = true
    case "--kernels": kernelsOnly = true
    case "--overhead": overheadOnly = true
    case "--compiled": compiledOnly = true
    case "--bandwidth": bandwidthOnly = true
    case "--plans": verbose = true
    case "--filter":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("Error: --filter needs a workload id (W1 ... W8)\n".utf8))
            exit(64)
        }
        filter = value
    case "-h", "--help":
        print("USAGE: adbench [--quick] [--json] [--filter <id>] [--kernels] [--overhead] [--compiled [--plans]] [--bandwidth]")
        exit(0)
    default:
        FileHandle.standardError.write(Data("Error: unknown argument '\(argument)'\nUSAGE: adbench [--quick] [--json] [--filter <id>] [--kernels] [--overhead] [--compiled [--plans]] [--bandwidth]\n".utf8))
        exit(64)
    }
}

if bandwidthOnly {
    // Memory bandwidth, STREAM's copy and triad (see Bandwidth.swift).
    print("adbench --bandwidth (\(quick ? "quick" : "full"), \(ProcessInfo.processInfo.activeProcessorCount) cores)")
    BandwidthBenchmarks.print(BandwidthBenchmarks.run(quick: quick))
    exit(0)
}

if compiledOnly {
    // Each workload eager and compiled, side by side in one run (see CompiledWorkloads.swift).
    let rows = try CompiledBenchmarks.run(quick: quick, filter: filter)
    print("adbench --compiled (\(quick ? "quick" : "full"), \(ProcessInfo.processInfo.activeProcessorCount) cores)")
    CompiledBenchmarks.print(rows, verbose: verbose)
    exit(rows.allSatisfy { $0.error <= 1e-9 } ? 0 : 1)
}

struct Report: Codable {
    var machine: String
    var blas: String
    var quick: Bool
    var kernels: [KernelBenchmarks.Result]
    var workloads: [WorkloadResult]
    var peakMemoryBytes: Int?
}

let kernels = overheadOnly ? OverheadBenchmarks.run(quick: quick)
    : filter == nil ? KernelBenchmarks.run(quick: quick) + OverheadBenchmarks.run(quick: quick) : []
if overheadOnly { kernelsOnly = true }
var results: [WorkloadResult] = []
var failed = false
if !kernelsOnly {
    for w in Workloads.all(quick: quick) where filter == nil || filter == w.id {
        do {
            let primal = medianTime(runs: w.runs) { w.primal() }
            let reverse = try w.reverse.map { body in try medianTime(runs: w.runs) { try body() } }
            let forward = try w.forward.map { body in try medianTime(runs: w.runs) { try body() } }
            let baseline = w.baseline.map { body in medianTime(runs: w.runs) { body() } }
            let reference = w.reference.map { r in medianTime(runs: w.runs) { _ = r.gradient() } }
            let error = try w.check()
            let passed = error <= 1e-9
            failed = failed || !passed
            results.append(WorkloadResult(
                id: w.id, title: w.title, primalSeconds: primal, reverseSeconds: reverse, forwardSeconds: forward,
                baselineSeconds: baseline, referenceSeconds: reference, referenceName: w.reference?.name, reverseRatio: reverse.map { $0 / primal }, forwardRatio: forward.map { $0 / primal },
                tapeNodes: try w.tapeNodes(), maxRelativeError: error, passed: passed))
        } catch {
            FileHandle.standardError.write(Data("Error: \(w.id) failed: \(error)\n".utf8))
            failed = true
        }
    }
}

let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.operatingSystemVersionString)"
if json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let report = Report(machine: machine, blas: BLAS.configuration.description, quick: quick, kernels: kernels, workloads: results, peakMemoryBytes: peakMemoryBytes())
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
} else {
    print("adbench (\(quick ? "quick" : "full"), \(machine))")
    print("BLAS: \(BLAS.configuration)")
    if !kernels.isEmpty {
        print("\nkernels                  time        reference   ratio")
        for k in kernels {
            print(k.name.padding(toLength: 24, withPad: " ", startingAt: 0), formatTime(k.seconds).padding(toLength: 11, withPad: " ", startingAt: 0),
                  formatTime(k.referenceSeconds).padding(toLength: 11, withPad: " ", startingAt: 0), k.ratio.map { String(format: "%.2f", $0) } ?? "-")
        }
    }
    if !results.isEmpty {
        print("\nid  primal       value+grad   ratio  value+jvp    ratio  baseline     nodes    error     ok")
        for r in results {
            let cells = [
                r.id.padding(toLength: 3, withPad: " ", startingAt: 0),
                formatTime(r.primalSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                formatTime(r.reverseSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                (r.reverseRatio.map { String(format: "%.2f", $0) } ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0),
                formatTime(r.forwardSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                (r.forwardRatio.map { String(format: "%.2f", $0) } ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0),
                formatTime(r.baselineSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                String(r.tapeNodes).padding(toLength: 8, withPad: " ", startingAt: 0),
                String(format: "%.1e", r.maxRelativeError).padding(toLength: 9, withPad: " ", startingAt: 0),
                r.passed ? "yes" : "NO",
            ]
            print(cells.joined(separator: " "))
        }
        for r in results { print("\(r.id): \(r.title)") }
        for r in results {
            if let seconds = r.referenceSeconds, let name = r.referenceName, let ours = r.reverseSeconds {
                print("\(r.id) value+grad by \(name): \(formatTime(seconds)) (DualTape / it: \(String(format: "%.2f", ours / seconds)))")
            }
        }
    }
    if let peak = peakMemoryBytes() { print(String(format: "\npeak memory: %.1f MB", Double(peak) / 1e6)) }
}
exit(failed ? 1 : 0)
