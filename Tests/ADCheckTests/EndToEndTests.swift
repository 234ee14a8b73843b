import DualTape
import Foundation
import Testing

/// The built `adcheck` executable, run as a user runs it: exit statuses, standard error,
/// standard output (JSON parsed), and a smaller fuzz through the process boundary.
@Suite("The adcheck executable, end to end")
struct EndToEndTests {
    /// The `adcheck` built next to this test bundle (`swift build --build-tests` builds it).
    static let executable: URL? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("adcheck")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// One run of the executable.
    struct Process {
        let status: Int32
        let exited: Bool
        let stdout: String
        let stderr: String

        init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
            let process = Foundation.Process()
            guard let executable = EndToEndTests.executable else { throw MissingExecutable() }
            process.executableURL = executable
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            environment.merge(extra) { $1 }
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read both pipes before waiting, so a large output cannot fill a pipe and block.
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            status = process.terminationStatus
            exited = process.terminationReason == .exit
            stdout = String(decoding: outData, as: UTF8.self)
            stderr = String(decoding: errData, as: UTF8.self)
        }
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "adcheck was not built next to the tests; run swift build --build-tests first" }
    }

    @Test("a check that agrees: status 0, the same report as in-process")
    func agrees() throws {
        let arguments = ["sum(2*x*x)", "--var", "x=[[1,2],[3,4]]"]
        let run = try Process(arguments)
        #expect(run.exited && run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(masked(run.stdout) == Run(arguments).maskedStdout)
        #expect(run.stdout.hasSuffix("PASSED: forward mode, reverse mode, the compiled function and the oracle agree.\n"))
    }

    @Test("a check that fails: status 1")
    func fails() throws {
        let run = try Process(["sum(stop_gradient(x) * x)", "--var", "x=[1,2]"])
        #expect(run.exited && run.status == 1)
        #expect(run.stdout.hasSuffix("FAILED: a derivative does not agree; see the verdicts above.\n"))
    }

    @Test("bad input: status 64, the error, the usage and the hint on standard error")
    func badInput() throws {
        let run = try Process(["sn(x)", "--var", "x=[1]"])
        #expect(run.exited && run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == usageError("unknown function 'sn'; did you mean 'sin'?\n  sn(x)\n  ^~", "adcheck check <expression> [<options>]"))
        let deep = try Process([String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000), "--var", "x=[1]"])
        #expect(deep.exited && deep.status == 64)
        #expect(deep.stderr.hasPrefix("Error: the expression nests deeper than 200 levels"))
    }

    @Test("--json from every subcommand parses")
    func json() throws {
        let commands: [([String], String)] = [
            (["sum(2*x*x)", "--var", "x=[[1,2],[3,4]]", "--json"], "check"),
            (["ops", "sin", "relu", "--points", "3", "--json"], "ops"),
            (["random", "--count", "5", "--seed", "2", "--json"], "random"),
            (["example", "seed", "--json"], "example seed"),
        ]
        for (arguments, command) in commands {
            let run = try Process(arguments)
            #expect(run.exited && run.status == 0, "\(arguments)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(object["command"] as? String == command)
            #expect(object["passed"] as? Bool == true)
            #expect(run.stderr.isEmpty)
        }
    }

    @Test("help and version on standard output with status 0")
    func help() throws {
        let run = try Process(["help", "ops"])
        #expect(run.exited && run.status == 0)
        #expect(run.stdout == HelpPages.ops + "\n")
        #expect(try Process(["--version"]).stdout == "adcheck 0.1.0\nBLAS: \(BLAS.configuration)\n")
    }

    #if arch(x86_64)
    /// The user's OPENBLAS_CORETYPE reaches OpenBLAS untouched, and --version says so
    /// (OpenBLAS's x86-64 kernel names; only --version runs, so no kernel executes).
    @Test("--version reports the OpenBLAS kernels the user chose with OPENBLAS_CORETYPE")
    func userCoreType() throws {
        for core in ["Haswell", "Prescott"] {
            let run = try Process(["--version"], environment: ["OPENBLAS_CORETYPE": core])
            #expect(run.exited && run.status == 0)
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.first == "adcheck 0.1.0")
            #expect(lines.last?.hasPrefix("BLAS: OpenBLAS ") == true)
            #expect(lines.last?.contains(", core \(core) (set by OPENBLAS_CORETYPE=\(core)), ") == true, "\(run.stdout)")
        }
    }
    #endif

    @Test("fuzz through the process: every run exits with 0, 1 or 64 and says something")
    func fuzz() throws {
        var inputs = ToolFuzzInputs(seed: 99)
        let all = inputs.randomWords(40) + inputs.mutations(80) + inputs.expressions(60) + inputs.optionValues(20)
        for arguments in all {
            let run = try Process(arguments)
            let shown = arguments.joined(separator: " ").prefix(200)
            #expect(run.exited, "killed by a signal: \(shown)")
            #expect([0, 1, 64].contains(run.status), "status \(run.status): \(shown)")
            #expect(!(run.stdout + run.stderr).isEmpty, "\(shown)")
            if run.status == 64 { #expect(run.stderr.hasPrefix("Error: "), "\(shown)") }
        }
    }
}
