import Foundation
@testable import RulecheckCommands
import Testing

/// The grammar `rulecheck lsp` shows on hover is Grammar.md's, kept in the product: these fail
/// when the two drift apart, and say which line to copy.
@Suite struct GrammarSummaryTests {
    static let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Grammar.md")

    /// The text of Grammar.md's ```ebnf block.
    static func ebnfBlock() throws -> String {
        let text = try String(contentsOf: grammar, encoding: .utf8)
        guard let open = text.range(of: "```ebnf\n"),
              let close = text.range(of: "```", range: open.upperBound..<text.endIndex) else {
            Issue.record("Grammar.md has no ```ebnf block")
            return ""
        }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test func embeddedGrammarIsGrammarMdsBlock() throws {
        // A Swift multi-line literal ends before the newline of its last line.
        let block = String(try Self.ebnfBlock().dropLast())
        let embedded = GrammarSummary.ebnf.split(separator: "\n", omittingEmptySubsequences: false)
        let written = block.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in written.enumerated() where !embedded.indices.contains(index) || embedded[index] != line {
            Issue.record("line \(index + 1) of Grammar.md's EBNF differs from GrammarSummary.ebnf: `\(line)`")
            break
        }
        #expect(GrammarSummary.ebnf == block)
    }

    @Test func everyKeywordTheGrammarSpellsHasItsLines() {
        let spelled = ["rule", "require", "for", "step", "def", "if", "where", "all", "quorum", "seat", "meets"]
        for word in spelled {
            let lines = GrammarSummary.lines(for: word)
            #expect(!lines.isEmpty, "no line of the grammar for `\(word)`")
            #expect(lines.allSatisfy { $0.contains("\"\(word)\"") })
        }
        #expect(GrammarSummary.lines(for: "expense").isEmpty)
    }

    @Test func continuationLinesNameTheirProduction() {
        #expect(GrammarSummary.lines(for: "require") == [#"rule-clause … | "require" expression [ "else" expression ] ;"#])
        #expect(GrammarSummary.lines(for: "def") == [#"function = "def" NAME "(" [ parameter { "," parameter } ] ")" "=" expression ;"#])
        #expect(GrammarSummary.lines(for: "sponsor") == [#"charter-clause= "sponsor" NAME | "calendar" NAME | "holiday" DATE [ TEXT ] ;"#])
    }
}
