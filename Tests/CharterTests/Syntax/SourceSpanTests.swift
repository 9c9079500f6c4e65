@testable import Charter
import Foundation
import Testing

/// Every span's bytes are what it stands for: each token's, sliced from its file, is the
/// token's own text, and each expression's covers its parts over however many lines; quoting
/// an expression gives its whole text whatever characters it holds.
@Suite struct SourceSpanTests {
    /// The MHHS rulebook's files, the Grammar.md examples, and texts with non-ASCII characters
    /// and CRLF line endings.
    static func sources() -> [String] {
        let rules = GrammarDocumentTests.repository.appendingPathComponent("rules")
        let files = (try? FileManager.default.contentsOfDirectory(at: rules, includingPropertiesForKeys: nil)) ?? []
        let rulebook = files.filter { $0.pathExtension == "charter" }.sorted { $0.path < $1.path }
            .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
        return rulebook + GrammarDocumentTests.examples() + [nonASCII, nonASCII.replacingOccurrences(of: "\n", with: "\r\n")]
    }

    static let nonASCII = """
        # Café – £5 “lunch” 😀, with a tab:\there
        record lunch {
          title: text
          price: number
        }
        rule no_cafe "No “Café – £5” lunch 😀" {
          for lunch l
          require l.title != "Café – £5 “lunch” 😀 {l.price + 1}\\u{2019}" and
            l.price < 5   # € too
          else "Lunch “{l.title}” costs {l.price} – too much 😀"
        }
        """

    @Test func sourcesAreThere() {
        #expect(Self.sources().count >= 12)
    }

    @Test(arguments: sources())
    func everyTokenSpanSlicesToItsToken(_ source: String) throws {
        var files = SourceFiles()
        let file = files.add(path: "t.charter", text: source)
        let (tokens, diagnostics) = Lexer.tokenize(file)
        #expect(diagnostics.isEmpty)
        var previousEnd = 0
        for token in tokens {
            // Between tokens there is only white space and comments.
            let gap = try #require(String(validating: file.bytes[previousEnd..<token.span.offset], as: UTF8.self))
            let uncommented = gap.split(separator: "\n", omittingEmptySubsequences: false).map { $0.prefix { $0 != "#" } }
            #expect(uncommented.allSatisfy { $0.allSatisfy(\.isWhitespace) }, "\(gap.debugDescription) before \(token.kind)")
            previousEnd = token.span.endOffset
            try checkSlice(of: token, in: file)
        }
        #expect(previousEnd <= file.bytes.count)
    }

    /// The token's bytes lex again, alone, to one token of the same kind that covers them all;
    /// its line and column are where the line index puts its first byte.
    func checkSlice(of token: Token, in file: SourceFile) throws {
        let slice = try #require(String(validating: file.bytes[token.span.byteRange], as: UTF8.self))
        if case .endOfInput = token.kind {
            #expect(slice.isEmpty)
            return
        }
        var files = SourceFiles()
        let alone = files.add(path: "slice", text: slice)
        let relexed = Lexer.tokenize(alone).tokens
        #expect(relexed.count == 2 && relexed.first.map { Self.shape($0.kind) } == Self.shape(token.kind),
                "\(slice.debugDescription) lexes as \(relexed.map(\.kind)), not \(token.kind)")
        #expect(relexed.first?.span.byteRange == 0..<slice.utf8.count)
        let location = file.lineIndex.location(of: token.span.offset)
        #expect(location.line + 1 == token.span.line && location.scalarColumn + 1 == token.span.column,
                "\(slice.debugDescription) at \(token.span), indexed at \(location.line + 1):\(location.scalarColumn + 1)")
        if case .text(let parts) = token.kind {
            for case .interpolation(let inner) in parts {
                for innerToken in inner {
                    #expect(token.span.byteRange.contains(innerToken.span.offset))
                    try checkSlice(of: innerToken, in: file)
                }
            }
        }
    }

    /// A token's kind without the spans inside a text's interpolations.
    static func shape(_ kind: TokenKind) -> String {
        guard case .text(let parts) = kind else { return "\(kind)" }
        return "text(" + parts.map { part in
            switch part {
            case .literal(let literal): literal.debugDescription
            case .interpolation(let tokens): "{" + tokens.map { shape($0.kind) }.joined(separator: " ") + "}"
            }
        }.joined(separator: ", ") + ")"
    }

    @Test(arguments: sources())
    func everyExpressionSpanCoversItsParts(_ source: String) {
        let result = parse(source)
        #expect(result.diagnostics.isEmpty)
        for case .rule(let rule) in result.rulebook.declarations {
            for clause in rule.clauses {
                switch clause {
                case .when(let condition): checkCovers(condition)
                case .bind(_, let value): checkCovers(value)
                case .require(let condition, let message): checkCovers(condition); message.map(checkCovers)
                }
            }
        }
    }

    /// A declaration with a body in braces covers it all, for an editor's outline and folding;
    /// its underline is still its header's.
    @Test(arguments: sources())
    func declarationSpansCoverTheirBodies(_ source: String) throws {
        let result = parse(source)
        let file = try #require(result.files.files.first)
        for declaration in result.rulebook.declarations {
            let keyword: String
            switch declaration {
            case .rule: keyword = "rule"
            case .record: keyword = "record"
            case .process: keyword = "process"
            case .group: keyword = "group"
            default: continue
            }
            let span = declaration.span
            let text = String(decoding: file.bytes[span.byteRange], as: UTF8.self)
            #expect(text.hasPrefix(keyword + " ") && text.hasSuffix("}"), "\(text.debugDescription)")
            #expect(file.lineText(span.line).unicodeScalars.dropFirst(span.column - 1).starts(with: (keyword + " ").unicodeScalars))
        }
    }

    func checkCovers(_ expr: Expr) {
        func covers(_ part: SourceSpan) {
            #expect(expr.span.offset <= part.offset && part.endOffset <= expr.span.endOffset, "\(expr.span) over \(part)")
        }
        var parts: [Expr] = []
        switch expr.kind {
        case .list(let elements): parts = elements
        case .field(let base, let field): parts = [base]; covers(field.span)
        case .call(let callee, let arguments): covers(callee.span); parts = arguments
        case .unary(_, let operand): parts = [operand]
        case .binary(_, let left, let right): parts = [left, right]
        case .quantifier(_, let binding, let body): covers(binding.variable.span); parts = [binding.source, body] + (binding.filter.map { [$0] } ?? [])
        case .aggregate(_, let binding, let value):
            binding.map { covers($0.variable.span) }
            parts = [value] + (binding.map { [$0.source] + ($0.filter.map { [$0] } ?? []) } ?? [])
        case .bind(let name, let value, let body): covers(name.span); parts = [value, body]
        case .text(let pieces): for case .expr(let inner) in pieces { parts.append(inner) }
        case .grouped(let inner): parts = [inner]
        default: break
        }
        for part in parts {
            covers(part.span)
            checkCovers(part)
        }
    }

    /// The quoted text of a `require` without `else` is its whole condition: a text literal
    /// of characters of several bytes, and a condition over two lines with a comment, are
    /// not cut short.
    @Test func quotingIsWholeForAnyText() throws {
        let source = """
            record lunch {
              title: text
              ends: time
              group: text
            }
            rule no_lunch "x" {
              for lunch l
              require l.title != "Café – £5 “lunch” 😀" and l.ends < 12:00
            }
            rule early "y" {
              for lunch l
              require l.ends <= 12:00     # the room is booked after
                or l.group == "DAG – Design Authority"
            }
            """
        let result = parse(source)
        let file = try #require(result.files.files.first)
        let conditions = result.rulebook.declarations.compactMap { declaration -> Expr? in
            guard case .rule(let rule) = declaration else { return nil }
            return rule.clauses.compactMap { clause -> Expr? in
                if case .require(let condition, _) = clause { condition } else { nil }
            }.first
        }
        #expect(conditions.map { file.text(of: $0.span) } == [
            "l.title != \"Café – £5 “lunch” 😀\" and l.ends < 12:00",
            "l.ends <= 12:00 or l.group == \"DAG – Design Authority\"",
        ])
        // The underline stays on the condition's first line.
        #expect(conditions.last.map { ($0.span.line, $0.span.column, $0.span.length) } ?? (0, 0, 0) == (12, 11, 15))
    }

    @Test func verdictMessageQuotesTheWholeCondition() throws {
        let rulebook = CompiledRulebook("""
            record lunch {
              title: text
            }
            rule no_lunch "x" {
              for lunch l
              require l.title != "Café – £5 “lunch”" and l.title == "Lunch"
            }
            """)
        let verdict = try rulebook.verdict("no_lunch", on: #"{"type": "lunch", "title": "Tea"}"#)
        #expect(verdict.messages == ["`l.title != \"Café – £5 “lunch”\" and l.title == \"Lunch\"` does not hold"])
    }
}
