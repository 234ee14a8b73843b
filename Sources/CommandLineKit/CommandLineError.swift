/// Bad command-line input, with the usage of the command it was meant for. Its
/// ``description`` is what the tool prints on standard error before exiting with
/// ``ExitCode/usage`` (64):
///
///     Error: Unknown option '--jsn'. Did you mean '--json'?
///     Usage: adcheck check <expression> [--var <var> ...] [--json]
///       See 'adcheck check --help' for more information.
public struct CommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// `--jsn`; the nearest known option, if one is close.
        case unknownOption(String, suggestion: String?)
        /// An option that takes a value came last, or before another option.
        case missingValue(option: String)
        /// A value that does not fit the option's type.
        case invalidValue(String, option: String, expected: String)
        /// `--json=yes`: a flag takes no value.
        case unexpectedValue(String, flag: String)
        /// Positional arguments beyond those the command takes.
        case unexpectedArguments([String])
        /// A required argument or option that is absent (`<expression>`, `--name <name>`).
        case missingArgument(String)
        /// A word where a subcommand (or, after `help`, a help topic) was expected.
        case unknownSubcommand(String, suggestion: String?)
        /// A command with subcommands, none named and no default.
        case missingSubcommand
        /// Anything the tool finds wrong with a value after parsing (a malformed `--var`).
        case invalid(String)
    }

    public let kind: Kind
    /// The command the input was meant for: `["adcheck", "check"]`.
    public let commandPath: [String]
    /// Its usage line, without `Usage: `.
    public let usage: String

    public init(_ kind: Kind, commandPath: [String], usage: String) {
        self.kind = kind
        self.commandPath = commandPath
        self.usage = usage
    }

    /// Always ``ExitCode/usage``: the input was wrong.
    public var exitCode: ExitCode { .usage }

    /// The message after `Error: `.
    public var message: String {
        switch kind {
        case .unknownOption(let option, let suggestion):
            if let suggestion { return "Unknown option '\(option)'. Did you mean '\(suggestion)'?" }
            let dash = option.count == 2 ? ". To pass an argument that starts with '-', put '--' before it." : ""
            return "Unknown option '\(option)'\(dash)"
        case .missingValue(let option):
            return "Missing value for '\(option)'"
        case .invalidValue(let value, let option, let expected):
            return "The value '\(value)' is invalid for '\(option)'. Please provide \(expected)."
        case .unexpectedValue(let value, let flag):
            return "The option '\(flag)' does not take any value, but '\(value)' was specified."
        case .unexpectedArguments(let values):
            if values.count == 1 { return "Unexpected argument '\(values[0])'" }
            return "\(values.count) unexpected arguments: '\(values.joined(separator: "', '"))'"
        case .missingArgument(let name):
            return "Missing expected argument '\(name)'"
        case .unknownSubcommand(let word, let suggestion):
            return "Unknown subcommand '\(word)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
        case .missingSubcommand:
            return "Missing required subcommand."
        case .invalid(let message):
            return message
        }
    }

    /// `Error: …`, the usage line, and where to find help.
    public var description: String {
        "Error: \(message)\nUsage: \(usage)\n  See '\(commandPath.joined(separator: " ")) --help' for more information."
    }
}
