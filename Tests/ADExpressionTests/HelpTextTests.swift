import Foundation
import Testing
@testable import ADExpression
import DualTape

@Suite("adcheck help expressions")
struct HelpTextTests {
    static let text = ExpressionLanguage.helpText

    @Test("fits in 80 columns, in the usual sections")
    func layout() {
        for line in Self.text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 80, "\(line)")
        }
        #expect(Self.text.hasPrefix("OVERVIEW: The expression language of adcheck.\n"))
        for section in ["GRAMMAR:", "PRECEDENCE", "FUNCTIONS", "ARGUMENTS AND RESULTS:", "VARIABLES:", "LIMITS", "EXAMPLES:"] {
            #expect(Self.text.contains("\n\n\(section)"), "\(section)")
        }
    }

    @Test("lists every function with its signature")
    func functions() {
        for function in FunctionTable.all {
            // A signature too long for the summaries' column ends its line.
            #expect(Self.text.contains("    \(function.signature) ") || Self.text.contains("    \(function.signature)\n"), "\(function.name)")
        }
        #expect(ExpressionLanguage.functionNames.count == FunctionTable.all.count)
    }

    @Test("the precedence table, pinned")
    func precedence() {
        #expect(Self.text.contains("""
            PRECEDENCE (tightest first, as in Python and NumPy):
              f(x)  x[i]              calls, indexing and slicing
              ^  **                   power, right-associative: 2^3^2 is 2^9
              -x  +x                  signs: -x^2 is -(x^2), and 2^-1 is 0.5
              *  /  @                 multiply, divide, matrix product (left to right)
              +  -                    add, subtract (left to right)
              <  <=  >  >=  ==  !=    comparisons, giving 0/1 masks; a < b < c is an error
            """))
    }

    @Test("the limits it documents are the ones enforced")
    func limits() {
        #expect(Self.text.contains("100,000 characters; 200 levels of nesting"))
        #expect(Self.text.contains("1,000,000 elements and 32 axes"))
        #expect(Self.text.contains("1,000,000,000 element operations"))
        #expect(ExpressionLimits.maximumLength == 100_000)
        #expect(ExpressionLimits.maximumDepth == 200)
        #expect(ExpressionLimits.maximumElements == 1_000_000)
        #expect(ExpressionLimits.maximumRank == 32)
        #expect(ExpressionLimits.maximumWork == 1_000_000_000)
    }

    @Test("every example parses, and compiles with small variables")
    func examples() throws {
        let section = Self.text.components(separatedBy: "EXAMPLES:\n")[1]
        let sources = section.split(separator: "\n").map { line in
            String(line.dropFirst(2).components(separatedBy: "   ")[0]).trimmingCharacters(in: .whitespaces)
        }
        #expect(sources.count == 8)
        let shapes: [String: [Int]] = ["x": [2, 3], "y": [3], "w": [3, 4]]
        for source in sources {
            let parsed = try ParsedExpression(source)
            var types = Dictionary(uniqueKeysWithValues: parsed.variables.map { ($0, ArrayType(shapes[$0] ?? [3])) })
            if source.hasPrefix("concat") { types["x"] = ArrayType([1, 3]) }
            if source.hasPrefix("clip") { types["x"] = ArrayType([3, 2]) }
            _ = try parsed.compile(types: types)
        }
    }
}
