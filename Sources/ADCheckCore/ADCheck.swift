// adcheck: compares forward mode, reverse mode, compiled functions and the GSL numerical oracle on derivatives.
//
// Copyright the DualTape authors.
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ADCheckCore links the GNU Scientific Library (GPL-3.0) through DualTapeOracle, so it and
// the `adcheck` executable are licensed under the GNU General Public License, version 3 or
// (at your option) any later version; see LICENSE-GPL.
//
// Goals, in priority order: never trap and never mislead, whatever the input (every input
// goes through ADExpression's checker before DualTape sees it); say exactly what was
// compared and with which tolerance; feel like a well-made Swift command-line tool.
import CommandLineKit
import DualTape

/// Runs `adcheck` with `arguments` (without the executable's name), writing to `stdout`
/// and `stderr`, and returns the exit status: 0 when every check agrees, 1 when a check
/// fails, 64 for bad input (the error on `stderr`, then the usage and a hint to `--help`).
///
///     let out = CapturedStream(), err = CapturedStream()
///     let status = runADCheck(["sum(2*x*x)", "--var", "x=[[1,2],[3,4]]"], stdout: out, stderr: err)
public func runADCheck(_ arguments: [String], stdout: any ConsoleStream, stderr: any ConsoleStream) -> Int32 {
    let console = Console(out: stdout, err: stderr)
    do {
        switch try Commands.tool.parse(arguments) {
        case .help(let text), .manual(let text):
            console.line(text)
            return ExitCode.success.rawValue
        case .version(let text):
            // The BLAS line says which OpenBLAS kernels run (loading OpenBLAS only here, not on every parse).
            console.line(text)
            console.line("BLAS: \(BLAS.configuration)")
            return ExitCode.success.rawValue
        case .run(let invocation):
            return try run(invocation, console).rawValue
        }
    } catch {
        stderr.write(error.description + "\n")
        return error.exitCode.rawValue
    }
}

/// The subcommand `invocation` names.
private func run(_ invocation: Invocation, _ console: Console) throws(CommandLineError) -> ExitCode {
    switch invocation.path.dropFirst().joined(separator: " ") {
    case "ops": return try OpsCommand.run(invocation, console)
    case "random": return try RandomCommand.run(invocation, console)
    case "example seed": return try SeedExample.run(invocation, console)
    default: return try CheckCommand.run(invocation, console)
    }
}
