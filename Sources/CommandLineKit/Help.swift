/// Help and usage text in swift-argument-parser's layout: sections OVERVIEW, USAGE,
/// ARGUMENTS, OPTIONS, SUBCOMMANDS (and HELP TOPICS), labels indented by 2, descriptions in
/// a column at 26, everything wrapped at 80 columns.
enum Help {
    static let width = 80
    static let labelColumn = 26

    /// The help of the last command of `stack` (the commands from the tool down).
    static func text(_ stack: [Command]) -> String {
        let command = stack[stack.count - 1]
        var blocks: [String] = []
        if !command.abstract.isEmpty { blocks.append(Wrapping.wrap("OVERVIEW: \(command.abstract)", width: width)) }
        if !command.discussion.isEmpty { blocks.append(Wrapping.wrap(command.discussion, width: width)) }
        blocks.append("USAGE: \(usage(stack))")
        let arguments = command.arguments.map { row("<\($0.name)>" + ($0.isRepeating ? " ..." : ""), $0.help) }
        let options = options(stack).map { row(label($0), describe($0)) }
        let subcommands = command.subcommands.map { row($0.name + ($0.name == command.defaultSubcommand ? " (default)" : ""), $0.abstract) }
        let topics = command.topics.map { row($0.name, $0.abstract) }
        for (title, rows) in [("ARGUMENTS", arguments), ("OPTIONS", options), ("SUBCOMMANDS", subcommands), ("HELP TOPICS", topics)] where !rows.isEmpty {
            blocks.append("\(title):\n" + rows.joined(separator: "\n"))
        }
        if !command.subcommands.isEmpty {
            let names = [stack[0].name, "help"] + stack.dropFirst().map(\.name)
            blocks.append("  See '\(names.joined(separator: " ")) <subcommand>' for detailed help.")
        }
        return blocks.joined(separator: "\n\n")
    }

    /// The options the help of the last command of `stack` lists: its own, `--version` when
    /// the tool has a version, `--generate-manual` at the top of a tool with a manual page,
    /// and `-h, --help`. The manual page lists the same.
    static func options(_ stack: [Command]) -> [Option] {
        var options = stack[stack.count - 1].options
        if stack.contains(where: { $0.version != nil }) { options.append(.flag("version", help: "Show the version.")) }
        if stack.count == 1, stack[0].manual != nil { options.append(generateManual) }
        options.append(.flag("help", short: "h", help: "Show help information."))
        return options
    }

    /// The option that prints the manual page.
    static let generateManual = Option.flag("generate-manual", help: "Print the manual page (mdoc) on standard output.")

    /// The usage line of the last command of `stack`, without `USAGE: `: arguments, then
    /// options (`[<options>]` when the full list would not fit in 80 columns), then
    /// `<subcommand>` for a command that has them.
    static func usage(_ stack: [Command]) -> String {
        let command = stack[stack.count - 1]
        let name = stack.map(\.name).joined(separator: " ")
        let arguments = command.arguments.map { argument in
            let base = "<\(argument.name)>" + (argument.isRepeating ? " ..." : "")
            return argument.isOptional ? "[\(base)]" : base
        }
        let required = command.options.filter(\.isRequired).map { $0.synopsis + ($0.isRepeatable ? " ..." : "") }
        let optional = command.options.filter { !$0.isRequired }.map { "[\($0.synopsis)\($0.isRepeatable ? " ..." : "")]" }
        let subcommand = command.subcommands.isEmpty ? [] : ["<subcommand>"]
        let full = ([name] + arguments + required + optional + subcommand).joined(separator: " ")
        guard "USAGE: ".count + full.count > width, !optional.isEmpty else { return full }
        return ([name] + arguments + required + ["[<options>]"] + subcommand).joined(separator: " ")
    }

    /// `-s, --seed <seed>`.
    static func label(_ option: Option) -> String {
        (option.short.map { "-\($0), " } ?? "") + option.synopsis
    }

    /// The option's help with its values and default: `... (values: float32, float64; default: float64)`.
    static func describe(_ option: Option) -> String {
        var notes: [String] = []
        if case .value(.choice(let words)) = option.kind { notes.append("values: \(words.joined(separator: ", "))") }
        if let value = option.defaultValue { notes.append("default: \(value)") }
        return notes.isEmpty ? option.help : "\(option.help) (\(notes.joined(separator: "; ")))"
    }

    /// One section row: the label at column 2 and the description at column 26 (on the next
    /// line when the label is too long), wrapped at 80.
    static func row(_ label: String, _ description: String) -> String {
        let padded = "  " + label
        guard !description.isEmpty else { return padded }
        let lines = Wrapping.lines(description, width: width - labelColumn)
        let indent = String(repeating: " ", count: labelColumn)
        let rest = lines.dropFirst().map { indent + $0 }
        if padded.count < labelColumn {
            return ([padded + String(repeating: " ", count: labelColumn - padded.count) + lines[0]] + rest).joined(separator: "\n")
        }
        return ([padded, indent + lines[0]] + rest).joined(separator: "\n")
    }
}

/// Word wrapping that keeps explicit line breaks and never breaks a word.
enum Wrapping {
    /// `text` wrapped to `width`, paragraph by paragraph.
    static func wrap(_ text: String, width: Int) -> String { lines(text, width: width).joined(separator: "\n") }

    /// The lines of `text` wrapped to `width` (a word longer than `width` gets a line of its own).
    static func lines(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    result.append(line)
                    line = String(word)
                }
            }
            result.append(line)
        }
        return result
    }
}
