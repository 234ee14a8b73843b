/// A command-line interface described as data, in swift-argument-parser's conventions:
/// a command with positional arguments, options and flags, subcommands (one of them the
/// default), help topics, `-h`/`--help`, `help <subcommand>`, `--version`, and
/// `--generate-manual` (its mdoc manual page, from the same text).
///
/// CommandLineKit is an internal helper target of the `adcheck` tool, not public API of
/// DualTape: swift-argument-parser cannot be fetched here, so this is the small part of
/// it that `adcheck` needs.
///
///     let tool = Command("adcheck", abstract: "Check derivatives.", version: "1.0",
///                        subcommands: [check], defaultSubcommand: "check")
///     switch try tool.parse(Array(CommandLine.arguments.dropFirst())) {
///     case .run(let invocation): ...
///     case .help(let text), .version(let text), .manual(let text): print(text)
///     }
public struct Command: Sendable {
    public var name: String
    /// One sentence: the OVERVIEW line, and the command's line under SUBCOMMANDS.
    public var abstract: String
    /// Paragraphs shown after the abstract in the command's help.
    public var discussion: String
    /// The text `--version` prints; `nil` leaves `--version` undefined.
    public var version: String?
    public var arguments: [Argument]
    /// Options and flags, in the order help lists them.
    public var options: [Option]
    public var subcommands: [Command]
    /// The subcommand that runs when none is named.
    public var defaultSubcommand: String?
    /// Texts that `help <topic>` prints (such as `adcheck help expressions`).
    public var topics: [HelpTopic]
    /// The tool's manual page, which `--generate-manual` prints; `nil` leaves the option undefined.
    public var manual: ManualPage?

    public init(_ name: String, abstract: String = "", discussion: String = "", version: String? = nil,
                arguments: [Argument] = [], options: [Option] = [], subcommands: [Command] = [],
                defaultSubcommand: String? = nil, topics: [HelpTopic] = [], manual: ManualPage? = nil) {
        precondition(defaultSubcommand.map { d in subcommands.contains { $0.name == d } } ?? true,
                     "Command \(name): the default subcommand \(defaultSubcommand ?? "") is not one of its subcommands")
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
        self.topics = topics
        self.manual = manual
    }

    /// The subcommand called `name`.
    public func subcommand(_ name: String) -> Command? { subcommands.first { $0.name == name } }

    /// The option whose long name is `name` (without dashes) or whose short name is `short`.
    func option(long name: String) -> Option? { options.first { $0.name == name } }
    func option(short: Character) -> Option? { options.first { $0.short == short } }
}

/// A positional argument, shown as `<name>`.
public struct Argument: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// Whether it takes every remaining positional argument (`<files> ...`); it must come last.
    public var isRepeating: Bool

    public init(_ name: String, help: String, isOptional: Bool = false, isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isRepeating = isRepeating
    }
}

/// A named option: a flag (`--json`) or an option with a value (`--seed 7`, `--seed=7`).
public struct Option: Sendable {
    /// What an option's values must look like; a value that does not is an error (exit 64).
    public enum ValueType: Sendable, Equatable {
        case string
        case integer
        /// A finite number.
        case number
        /// One of the listed words.
        case choice([String])
    }

    public enum Kind: Sendable, Equatable {
        case flag
        case value(ValueType)
    }

    /// The long name, without the dashes.
    public var name: String
    public var short: Character?
    public var kind: Kind
    /// The placeholder in help and errors: `--seed <seed>`.
    public var valueName: String
    public var help: String
    public var defaultValue: String?
    /// Whether it may be given several times, collecting every value (`--var`).
    public var isRepeatable: Bool
    public var isRequired: Bool

    /// A flag: present or absent.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
        Option(name: name, short: short, kind: .flag, valueName: name, help: help, defaultValue: nil, isRepeatable: false, isRequired: false)
    }

    /// An option with a value; the last one wins unless it is `repeatable`.
    public static func value(_ name: String, short: Character? = nil, valueName: String? = nil, type: ValueType = .string,
                             default defaultValue: String? = nil, repeatable: Bool = false, required: Bool = false,
                             help: String) -> Option {
        Option(name: name, short: short, kind: .value(type), valueName: valueName ?? name, help: help,
               defaultValue: defaultValue, isRepeatable: repeatable, isRequired: required)
    }

    var isFlag: Bool { kind == .flag }

    /// `--seed <seed>` or `--json`: how usage lines and errors name the option.
    var synopsis: String { isFlag ? "--\(name)" : "--\(name) <\(valueName)>" }
}

/// A page of help that is not a command: `adcheck help expressions`.
public struct HelpTopic: Sendable {
    public var name: String
    /// One line for the HELP TOPICS section.
    public var abstract: String
    /// The text printed as is.
    public var text: String

    public init(_ name: String, abstract: String, text: String) {
        self.name = name
        self.abstract = abstract
        self.text = text
    }
}
