/// Parsing in swift-argument-parser's conventions:
///
/// - `--name value` and `--name=value`; `-n value` for a short name; flags take no value;
///   an option given twice keeps its last value unless it is repeatable.
/// - `--` ends the options: every later word is positional.
/// - A word that starts with `-` but is not `-x` or `--name` (such as `-1` or `-x^2`) is
///   positional, so negative numbers and expressions need no `--`.
/// - The first positional word may name a subcommand; otherwise it goes to the default
///   subcommand, whose options may also come before it.
/// - `-h`/`--help` anywhere shows the help of the command reached so far; `help [name...]`
///   shows a subcommand's help or a help topic; `--version` prints the version, and
///   `--generate-manual` (before any subcommand) the manual page.
extension Command {
    /// Interprets `arguments` (without the executable's name).
    public func parse(_ arguments: [String]) throws(CommandLineError) -> ParseResult {
        var parser = CommandLineParser(root: self)
        return try parser.parse(arguments)
    }
}

/// The state of one parse: the commands entered so far and the values collected.
struct CommandLineParser {
    let root: Command
    var stack: [Command]
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init(root: Command) {
        self.root = root
        stack = [root]
    }

    var command: Command { stack[stack.count - 1] }

    func fail(_ kind: CommandLineError.Kind) -> CommandLineError {
        CommandLineError(kind, commandPath: stack.map(\.name), usage: Help.usage(stack))
    }

    /// A word that names an option: `--name`, `--name=value` or `-n`.
    static func optionName(_ word: String) -> (name: String, isShort: Bool, value: String?)? {
        let characters = Array(word)
        if characters.count >= 3, characters[0] == "-", characters[1] == "-", characters[2].isLetter {
            let body = word.dropFirst(2)
            guard let equals = body.firstIndex(of: "=") else { return (String(body), false, nil) }
            return (String(body[..<equals]), false, String(body[body.index(after: equals)...]))
        }
        if characters.count == 2, characters[0] == "-", characters[1].isLetter { return (String(characters[1]), true, nil) }
        return nil
    }

    mutating func parse(_ arguments: [String]) throws(CommandLineError) -> ParseResult {
        var index = 0
        var terminated = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if !terminated && word == "--" {
                terminated = true
            } else if !terminated, let (name, isShort, inline) = Self.optionName(word) {
                if (isShort && name == "h") || (!isShort && name == "help") { return .help(Help.text(stack)) }
                if !isShort && name == "version", let version = stack.lazy.compactMap(\.version).last { return .version(version) }
                if !isShort && name == Help.generateManual.name && stack.count == 1, let page = root.manualPage() { return .manual(page) }
                let option = try resolve(name, isShort: isShort, word: word)
                try take(option, inline: inline, arguments, &index)
            } else if positionals.isEmpty && !command.subcommands.isEmpty && !terminated {
                if word == "help" { return try help(Array(arguments[index...])) }
                if let subcommand = command.subcommand(word) {
                    stack.append(subcommand)
                } else if let name = command.defaultSubcommand, let subcommand = command.subcommand(name) {
                    stack.append(subcommand)
                    positionals.append(word)
                } else {
                    throw fail(.unknownSubcommand(word, suggestion: Suggestion.nearest(to: word, among: command.subcommands.map(\.name))))
                }
            } else {
                positionals.append(word)
            }
        }
        if !command.subcommands.isEmpty {
            guard let name = command.defaultSubcommand, let subcommand = command.subcommand(name) else {
                if arguments.isEmpty { return .help(Help.text(stack)) }
                throw fail(.missingSubcommand)
            }
            stack.append(subcommand)
        }
        return .run(try finish())
    }

    /// The option `name` of the current command (entering the default subcommand when the
    /// option is one of its own), or an unknown-option error with the nearest name.
    mutating func resolve(_ name: String, isShort: Bool, word: String) throws(CommandLineError) -> Option {
        func lookup(_ command: Command) -> Option? {
            isShort ? name.first.flatMap { command.option(short: $0) } : command.option(long: name)
        }
        if let option = lookup(command) { return option }
        if positionals.isEmpty, let d = command.defaultSubcommand, let subcommand = command.subcommand(d), let option = lookup(subcommand) {
            stack.append(subcommand)
            return option
        }
        let known = Help.options(stack).map { "--\($0.name)" }
        let written = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
        throw fail(.unknownOption(written, suggestion: isShort ? nil : Suggestion.nearest(to: written, among: known)))
    }

    /// Records `option`, reading its value from `inline` or the next word.
    mutating func take(_ option: Option, inline: String?, _ arguments: [String], _ index: inout Int) throws(CommandLineError) {
        guard case .value(let type) = option.kind else {
            if let inline { throw fail(.unexpectedValue(inline, flag: "--\(option.name)")) }
            flags.insert(option.name)
            return
        }
        let value: String
        if let inline {
            value = inline
        } else if index < arguments.count, arguments[index] != "--", Self.optionName(arguments[index]) == nil {
            value = arguments[index]
            index += 1
        } else {
            throw fail(.missingValue(option: option.synopsis))
        }
        if let expected = Self.mismatch(value, type) { throw fail(.invalidValue(value, option: option.synopsis, expected: expected)) }
        values[option.name, default: []].append(value)
        if !option.isRepeatable { values[option.name] = [value] }
    }

    /// What `value` should have been, when it is not of `type`.
    static func mismatch(_ value: String, _ type: Option.ValueType) -> String? {
        switch type {
        case .string: return nil
        case .integer: return Int(value) == nil ? "an integer" : nil
        case .number: return Double(value)?.isFinite == true ? nil : "a finite number"
        case .choice(let words):
            guard !words.contains(value) else { return nil }
            let quoted = words.map { "'\($0)'" }
            let list = quoted.count <= 2 ? quoted.joined(separator: " and ") : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            return "one of \(list)"
        }
    }

    /// `help`, `help <subcommand>...` or `help <topic>`.
    func help(_ names: [String]) throws(CommandLineError) -> ParseResult {
        var path = stack
        for name in names {
            if let subcommand = path[path.count - 1].subcommand(name) {
                path.append(subcommand)
            } else if let topic = path[path.count - 1].topics.first(where: { $0.name == name }) {
                return .help(topic.text)
            } else {
                let here = path[path.count - 1]
                let candidates = here.subcommands.map(\.name) + here.topics.map(\.name)
                throw CommandLineError(.unknownSubcommand(name, suggestion: Suggestion.nearest(to: name, among: candidates)),
                                       commandPath: path.map(\.name), usage: Help.usage(path))
            }
        }
        return .help(Help.text(path))
    }

    /// The invocation, once positional arguments are matched and required values checked.
    func finish() throws(CommandLineError) -> Invocation {
        var values = self.values
        var rest = positionals[...]
        for argument in command.arguments {
            if argument.isRepeating {
                values[argument.name] = Array(rest)
                rest = []
            } else if let first = rest.first {
                values[argument.name] = [first]
                rest = rest.dropFirst()
            }
            if !argument.isOptional && values[argument.name, default: []].isEmpty {
                throw fail(.missingArgument("<\(argument.name)>"))
            }
        }
        guard rest.isEmpty else { throw fail(.unexpectedArguments(Array(rest))) }
        if let missing = command.options.first(where: { $0.isRequired && values[$0.name] == nil }) {
            throw fail(.missingArgument(missing.synopsis))
        }
        return Invocation(path: stack.map(\.name), command: command, values: values, flags: flags, usage: Help.usage(stack))
    }
}
