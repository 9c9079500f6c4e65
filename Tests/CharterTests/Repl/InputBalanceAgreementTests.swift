@testable import Charter
import Foundation
import Testing

/// The REPL reads lines until `InputBalance` says the input is complete, then hands it to the
/// parser. The two must agree: input the REPL would submit never fails for having ended too
/// soon, and input the REPL would keep reading is input the parser finds unfinished. Checked on
/// every prefix of every rule file the project keeps and every Grammar.md example: cut at each
/// line's end, as the REPL sees input, and at each token's end, which reaches the middle of a
/// line, a text or an interpolation.
@Suite("InputBalance agrees with the parser")
struct InputBalanceAgreementTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.charter` text under `rules/` and `examples/`, and Grammar.md's examples.
    static func sources() -> [String] {
        var texts = GrammarDocumentTests.examples()
        for folder in ["rules", "examples"] {
            let root = repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "charter" {
                if let text = try? String(contentsOf: url, encoding: .utf8) { texts.append(text) }
            }
        }
        return texts
    }

    /// The expressions written in those sources, each as its own text (rules' `when`, `let`,
    /// `require` and messages): what a user types at the prompt, where a bracket left open
    /// is the only thing that keeps the REPL reading.
    static func expressions() -> [String] {
        var texts: [String] = []
        for source in sources() {
            var files = SourceFiles()
            let file = files.add(path: "<source>", text: source)
            for case .rule(let rule) in Parser.parse(file).rulebook.declarations {
                for clause in rule.clauses {
                    switch clause {
                    case .when(let expr), .bind(_, let expr): texts.append(file.spelling(of: expr.span))
                    case .require(let expr, let message):
                        texts.append(file.spelling(of: expr.span))
                        if let message { texts.append(file.spelling(of: message.span)) }
                    }
                }
            }
        }
        return texts
    }

    /// The errors the REPL's parse of `text` reports: a declaration when it starts with a
    /// declaration's keyword, else one expression, as `ReplSession` reads its input.
    static func replParse(_ text: String) -> (diagnostics: [Diagnostic], lastTokenEnd: Int) {
        var files = SourceFiles()
        let file = files.add(path: "<input>", text: text)
        let lexed = Lexer.tokenize(file)
        let lastEnd = lexed.tokens.last { $0.kind != .endOfInput }?.span.endOffset ?? 0
        if let first = lexed.tokens.first, case .keyword(let keyword) = first.kind, keyword.startsDeclaration {
            return (Parser.parse(file).diagnostics, lastEnd)
        }
        var parser = Parser(tokens: lexed.tokens)
        _ = try? parser.parseExpression()
        var diagnostics = lexed.diagnostics + parser.diagnostics
        if diagnostics.isEmpty, !parser.atEnd {
            diagnostics.append(.error(.expectedToken, "the expression ends before this", at: parser.current.span))
        }
        return (diagnostics, lastEnd)
    }

    /// Whether the parser reports an error at the end of the input, after the last token,
    /// which is how it says that the input stopped too soon.
    static func parserWantsMore(_ text: String) -> Bool {
        let (diagnostics, lastEnd) = replParse(text)
        return diagnostics.contains { diagnostic in
            guard diagnostic.severity == .error, let span = diagnostic.span else { return false }
            return span.offset >= lastEnd
        }
    }

    /// The byte offsets just past each line and each token of `text`.
    static func cuts(of text: String) -> [Int] {
        var files = SourceFiles()
        let tokens = Lexer.tokenize(files.add(path: "<input>", text: text)).tokens
        var offsets = Set(tokens.map(\.span.endOffset))
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { offsets.insert(offset) }
        }
        return offsets.filter { $0 > 0 && $0 <= text.utf8.count }.sorted()
    }

    static func prefix(_ text: String, bytes: Int) -> String {
        String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
    }

    @Test func thereAreSourcesToCut() {
        #expect(Self.sources().count >= 10)
    }

    @Test func thereAreExpressionsToCut() {
        #expect(Self.expressions().count >= 50)
    }

    @Test(arguments: sources())
    func everyPrefixOfADeclarationIsJudgedAlike(_ text: String) {
        Self.expectAgreement(on: text)
    }

    @Test func everyPrefixOfAnExpressionIsJudgedAlike() {
        for text in Self.expressions() { Self.expectAgreement(on: text) }
    }

    static func expectAgreement(on text: String) {
        var disagreements: [String] = []
        for cut in cuts(of: text) {
            let input = prefix(text, bytes: cut)
            let state = InputBalance.state(of: input)
            let wantsMore = parserWantsMore(input)
            switch state {
            case .open where !wantsMore:
                disagreements.append("open, but the parser finds it finished:\n\(input)")
            case .complete where wantsMore && endsInsideBrackets(input):
                disagreements.append("complete, but the parser wants more:\n\(input)")
            default:
                break
            }
            if disagreements.count >= 3 { break }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n---\n"))")
    }

    /// A whole source is complete, as the REPL's `:load` of a file and a pasted rulebook are.
    @Test(arguments: sources())
    func aWholeSourceIsComplete(_ text: String) {
        #expect(InputBalance.state(of: text) == .complete)
    }

    /// Whether the parser's complaint at the end is about a bracket. A complete input can still
    /// stop in the middle of a declaration that has no brackets yet (`rule r`), which the REPL
    /// submits for the parser to report: that is agreement, not a disagreement.
    static func endsInsideBrackets(_ text: String) -> Bool {
        replParse(text).diagnostics.contains { diagnostic in
            [.unclosedBlock, .unclosedDelimiter, .unterminatedInterpolation].contains(diagnostic.code)
        }
    }
}
