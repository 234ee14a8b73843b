import CommandLineKit

/// A command tree shaped like `adcheck`'s, for the tests.
enum Fixtures {
    static let check = Command(
        "check",
        abstract: "Check the derivatives of an expression in forward mode, reverse mode and against a numerical oracle.",
        discussion: "Variables are bound with --var; unbound shapes are sampled inside the domain the expression needs, from the seed.",
        arguments: [Argument("expression", help: "The expression to differentiate (see 'adcheck help expressions').")],
        options: [
            .value("var", valueName: "binding", repeatable: true, help: "Bind a variable: NAME=ARRAY or NAME=shape:2x3."),
            .value("seed", short: "s", type: .integer, default: "0", help: "The seed of the random values."),
            .value("dtype", type: .choice(["float32", "float64"]), default: "float64", help: "The element type."),
            .value("tolerance", type: .number, help: "A relative tolerance to use instead of the automatic one."),
            .flag("json", help: "Print the report as JSON."),
            .flag("progress", help: "Show progress on standard error."),
        ])

    static let ops = Command("ops", abstract: "List the operators of the catalog.", options: [.flag("json", help: "Print the list as JSON.")])

    static let tool = Command(
        "adcheck", abstract: "Compare forward mode, reverse mode and a GSL oracle.", version: "adcheck 0.1.0",
        subcommands: [check, ops], defaultSubcommand: "check",
        topics: [HelpTopic("expressions", abstract: "The expression language: grammar, functions, examples.", text: "EXPRESSIONS\n  x + y")])

    /// The same tool with a manual page (`--generate-manual`).
    static let documented: Command = {
        var documented = Fixtures.tool
        documented.manual = ManualPage(date: "January 2, 2026", sections: [("EXIT STATUS", "0 when every check agrees, 64 for bad input.")])
        return documented
    }()

    /// The same tool without a default subcommand.
    static let strict = Command("tool", abstract: "A tool.", subcommands: [check, ops])

    /// The invocation `arguments` asks `tool` to run, or `nil` for help or version.
    static func run(_ arguments: [String], _ command: Command = tool) throws(CommandLineError) -> Invocation? {
        if case .run(let invocation) = try command.parse(arguments) { return invocation }
        return nil
    }

    /// The error `arguments` give, or `nil`.
    static func error(_ arguments: [String], _ command: Command = tool) -> CommandLineError? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    /// The help or version text `arguments` ask for, or `nil`.
    static func text(_ arguments: [String], _ command: Command = tool) -> String? {
        switch try? command.parse(arguments) {
        case .help(let text)?, .version(let text)?, .manual(let text)?: return text
        default: return nil
        }
    }
}
