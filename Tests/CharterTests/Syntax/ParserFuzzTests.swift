@testable import Charter
import Foundation
import Testing

/// Mutated rulebooks never crash or hang the parser: every mutation gives declarations,
/// diagnostics, or both. The generator is seeded, so a failure reproduces.
@Suite struct ParserFuzzTests {
    typealias Generator = SplitMix64

    static let fragments = ["{", "}", "(", ")", "[", "]", "\"", "{x", "->", "|", ":", ",", ".", "?", "??", "rule", "group",
                            "require", "else", "let", "in", "all", "count(", "2024-02-30", "2024-03-13", "10:00", "99:99",
                            "2h30m", "10 working days", "75%", "1.", "\\", "#", "\n", "\t", "\r\n", "é", "\u{0}", "not",
                            "and", "-", "9999999999999999999999", "seat", "meets", "monthly on fifth friday", "step", "end"]

    @Test func mutatedRulebooksParseWithoutCrashing() throws {
        let rules = GrammarDocumentTests.repository.appendingPathComponent("rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: rules.path).filter { $0.hasSuffix(".charter") }.sorted()
        let seeds = try files.map { try String(contentsOf: rules.appendingPathComponent($0), encoding: .utf8) }
            + GrammarDocumentTests.examples()
        #expect(!seeds.isEmpty)
        var generator = Generator(seed: 20_240_313)
        for round in 0..<1_500 {
            var text = Array(seeds[round % seeds.count].unicodeScalars)
            for _ in 0..<Int.random(in: 1...6, using: &generator) where !text.isEmpty {
                let at = Int.random(in: 0..<text.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: text.remove(at: at)
                case 1:
                    let fragment = Self.fragments[Int.random(in: 0..<Self.fragments.count, using: &generator)]
                    text.insert(contentsOf: fragment.unicodeScalars, at: at)
                case 2:
                    let end = min(text.count, at + Int.random(in: 1...40, using: &generator))
                    text.removeSubrange(at..<end)
                default:
                    let end = min(text.count, at + Int.random(in: 1...40, using: &generator))
                    text.insert(contentsOf: Array(text[at..<end]), at: at)
                }
            }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text)
            let result = parse(String(scalars))
            #expect(!result.rulebook.declarations.isEmpty || result.diagnostics.hasErrors)
            _ = DiagnosticRenderer(files: result.files).render(result.diagnostics)
        }
    }
}
