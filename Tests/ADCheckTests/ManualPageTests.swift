import Foundation
import Testing
@testable import ADCheckCore

/// `adcheck.1`, the checked-in manual page, is what `adcheck --generate-manual` prints (so it
/// cannot drift from the help), and names every subcommand, argument and option.
@Suite("Manual page")
struct ManualPageTests {
    /// The repository's `adcheck.1`.
    static let checkedIn: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try? String(contentsOf: root.appendingPathComponent("adcheck.1"), encoding: .utf8)
    }()

    @Test("adcheck.1 is the generated page (regenerate it with 'make manual')")
    func checkedInPageIsGenerated() throws {
        let run = Run(["--generate-manual"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let page = try #require(Self.checkedIn, "adcheck.1 is missing at the repository's root")
        #expect(page == run.stdout, "adcheck.1 differs from 'adcheck --generate-manual': run 'make manual'")
    }

    @Test("every subcommand, argument and option of the command tree is on the page")
    func everyCommandAndOption() throws {
        let page = try #require(Self.checkedIn)
        var stacks = [[Commands.tool]]
        var index = 0
        while index < stacks.count {
            let stack = stacks[index]
            stacks += stack[stack.count - 1].subcommands.map { stack + [$0] }
            index += 1
        }
        #expect(stacks.map { $0.map(\.name).joined(separator: " ") } == ["adcheck", "adcheck check", "adcheck ops", "adcheck random", "adcheck example", "adcheck example seed"])
        for stack in stacks.dropFirst() {
            let command = stack[stack.count - 1]
            let path = stack.map(\.name).joined(separator: " ")
            let isDefault = stack[stack.count - 2].defaultSubcommand == command.name
            #expect(page.contains(".Ss \"\(path)\(isDefault ? " (default)" : "")\"\n"), "\(path)")
            #expect(page.contains(".Cm " + (stack.count > 2 ? "\"\(stack.dropFirst().map(\.name).joined(separator: " "))\"" : command.name) + "\n"), "\(path) in SYNOPSIS")
            for argument in command.arguments { #expect(page.contains(".It Ar \(argument.name)"), "\(path) <\(argument.name)>") }
            for option in command.options {
                let flag = "Fl \\-" + option.name.replacingOccurrences(of: "-", with: "\\-")
                #expect(page.contains(".It " + (option.short.map { "Fl \($0) , " } ?? "") + flag), "\(path) --\(option.name)")
                #expect(page.contains(".Op " + flag) || option.isRequired, "\(path) --\(option.name) in SYNOPSIS")
            }
        }
        for option in ["version", "generate\\-manual"] { #expect(page.contains(".It Fl \\-\(option)\n")) }
        #expect(page.contains(".It Fl h , Fl \\-help\n"))
        for topic in Commands.tool.topics { #expect(page.contains(".It Cm \"adcheck help \(topic.name)\"")) }
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "SUBCOMMANDS", "\"HELP TOPICS\"", "\"EXIT STATUS\"", "EXAMPLES", "\"SEE ALSO\""] {
            #expect(page.contains("\n.Sh \(section)\n"), "section \(section)")
        }
    }

    @Test("--generate-manual belongs to the tool, not to its subcommands")
    func onlyAtTheTop() {
        let run = Run(["ops", "--generate-manual"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: Unknown option '--generate-manual'"))
    }
}
