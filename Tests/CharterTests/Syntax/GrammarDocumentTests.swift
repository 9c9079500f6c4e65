@testable import Charter
import Foundation
import Testing

/// Grammar.md is the language reference: every example on it must parse cleanly, and every
/// diagnostic code the library defines must be in its table.
@Suite struct GrammarDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func grammar() throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Grammar.md"), encoding: .utf8)
    }

    /// The ` ```charter ` blocks of Grammar.md.
    static func examples() -> [String] {
        guard let text = try? grammar() else { return [] }
        var examples: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```charter" {
                current = []
            } else if current != nil, line == "```" {
                examples.append((current ?? []).joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return examples
    }

    @Test func grammarHasExamples() {
        #expect(Self.examples().count >= 8)
    }

    @Test(arguments: examples())
    func exampleParses(_ example: String) {
        let result = parse(example)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer(files: result.files).render(result.diagnostics))")
        #expect(!result.rulebook.declarations.isEmpty)
    }

    @Test func everyDiagnosticCodeIsDocumented() throws {
        let source = try String(contentsOf: Self.repository.appendingPathComponent("Sources/Charter/Diagnostics/DiagnosticCode.swift"),
                                encoding: .utf8)
        let grammar = try Self.grammar()
        let ids = source.components(separatedBy: "DiagnosticCode(\"").dropFirst().compactMap { $0.split(separator: "\"").first }
        #expect(ids.count >= 25)
        for id in ids {
            #expect(grammar.contains("| \(id) |"), "\(id) is not in Grammar.md's table")
        }
    }
}
