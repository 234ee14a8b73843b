/// What the command line asks for.
public enum ParseResult: Sendable {
    /// Run a command with these values.
    case run(Invocation)
    /// Print this help text on standard output and exit with status 0.
    case help(String)
    /// Print this version on standard output and exit with status 0.
    case version(String)
    /// Print this manual page (mdoc, see ``ManualPage``) on standard output and exit with status 0.
    case manual(String)
}

/// A command to run, with the values the command line gave it, already checked against
/// their declared types (so `integer("seed")` of an `.integer` option is never malformed).
public struct Invocation: Sendable {
    /// The command names from the tool down: `["adcheck", "check"]`.
    public let path: [String]
    /// The command to run.
    public let command: Command
    let values: [String: [String]]
    let flags: Set<String>
    let usage: String

    /// Whether flag `name` was given.
    public func flag(_ name: String) -> Bool {
        precondition(command.option(long: name)?.isFlag == true, "Invocation: '\(name)' is not a flag of \(command.name)")
        return flags.contains(name)
    }

    /// Every value given for option or argument `name`, in order (defaults not included).
    public func strings(_ name: String) -> [String] {
        precondition(isDeclared(name), "Invocation: '\(name)' is not an option or argument of \(command.name)")
        return values[name] ?? []
    }

    /// The last value given for option or argument `name`, or its default.
    public func string(_ name: String) -> String? { strings(name).last ?? command.option(long: name)?.defaultValue }

    /// ``string(_:)`` of an `.integer` option.
    public func integer(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// ``string(_:)`` of a `.number` option.
    public func number(_ name: String) -> Double? { string(name).flatMap { Double($0) } }

    /// A usage error for a value the tool rejects after parsing (a malformed `--var`), printed
    /// like the parser's own errors.
    public func error(_ message: String) -> CommandLineError {
        CommandLineError(.invalid(message), commandPath: path, usage: usage)
    }

    private func isDeclared(_ name: String) -> Bool {
        command.option(long: name).map { !$0.isFlag } ?? command.arguments.contains { $0.name == name }
    }
}
