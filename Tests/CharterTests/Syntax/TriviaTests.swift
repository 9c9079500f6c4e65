@testable import Charter
import Foundation
import Testing

/// Tokens keep their trivia: a file printed back from its tokens, each with its leading trivia,
/// its spelling and its trailing trivia, is the file byte for byte, and every comment is in the
/// trivia of the token it belongs to.
@Suite struct TriviaTests {
    /// Every rule file of the repository (rules/, examples/, the golden cases that are text),
    /// and each ` ```charter ` block of Grammar.md.
    static func corpus() -> [(name: String, text: String)] {
        let root = GrammarDocumentTests.repository
        var found: [(String, String)] = []
        for directory in ["rules", "examples", "Tests/GoldenTests/Cases"] {
            let base = root.appendingPathComponent(directory)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".charter"),
                      let data = FileManager.default.contents(atPath: base.appendingPathComponent(relative).path),
                      case .success(let text) = SourceDecoder.decode(Array(data)) else { continue }
                found.append(("\(directory)/\(relative)", text))
            }
        }
        for (index, example) in GrammarDocumentTests.examples().enumerated() {
            found.append(("Grammar.md example \(index + 1)", example))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func lexed(_ text: String) -> (file: SourceFile, tokens: [Token], comments: [SourceComment]) {
        var files = SourceFiles()
        let file = files.add(path: "t.charter", text: text)
        let lexed = Lexer.lex(file)
        return (file, lexed.tokens, lexed.comments)
    }

    /// The file written back from its tokens: trivia from their pieces, tokens from their spans.
    static func reprinted(_ tokens: [Token], in file: SourceFile) -> String {
        tokens.map { token in
            token.leadingTrivia.pieces(in: file).map(\.text).joined() + token.spelling(in: file)
                + token.trailingTrivia.pieces(in: file).map(\.text).joined()
        }.joined()
    }

    @Test func theCorpusIsThere() {
        let corpus = Self.corpus()
        #expect(corpus.filter { $0.name.hasPrefix("rules/") }.count >= 5)
        #expect(corpus.filter { $0.name.hasPrefix("examples/") }.count >= 2)
        #expect(corpus.filter { $0.name.hasPrefix("Grammar.md") }.count >= 8)
        #expect(corpus.contains { $0.text.contains("#") })
    }

    /// The lossless round trip, and the shape of the trivia that makes it useful: the ranges tile
    /// the file; trailing trivia never holds a line break; leading trivia starts at a line break
    /// (but at the start of the input); and the comments the lexer lists are the comments of
    /// the trivia, a trailing one just after the token it follows.
    @Test func everyFilePrintsBackByteForByteFromItsTokens() {
        var comments = 0
        for (name, text) in Self.corpus() {
            let (file, tokens, listed) = Self.lexed(text)
            let printed = Array(Self.reprinted(tokens, in: file).utf8)
            let differ = zip(printed, file.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? Swift.min(printed.count, file.bytes.count)
            #expect(printed == file.bytes, "\(name): printed back differs from byte \(differ) on")
            var expected = 0
            var inTrivia: [(text: String, follows: Int?)] = []
            for (index, token) in tokens.enumerated() {
                let leading = token.leadingTrivia.byteRange, trailing = token.trailingTrivia.byteRange
                #expect(leading.lowerBound == expected, "\(name): token \(index) at \(token.span)")
                let isEnd = token.kind == .endOfInput
                #expect(leading.upperBound == (isEnd ? file.bytes.count : token.span.offset), "\(name): \(token.span)")
                #expect(isEnd ? trailing.isEmpty : trailing.lowerBound == token.span.endOffset, "\(name): \(token.span)")
                expected = isEnd ? leading.upperBound : trailing.upperBound
                let leadingPieces = token.leadingTrivia.pieces(in: file), trailingPieces = token.trailingTrivia.pieces(in: file)
                #expect(!trailingPieces.contains(where: Self.isLineBreak), "\(name): \(token.span)")
                if index > 0, let first = leadingPieces.first {
                    #expect(Self.isLineBreak(first), "\(name): \(token.span) \(leadingPieces)")
                }
                for case .comment(let comment) in leadingPieces { inTrivia.append((comment, nil)) }
                for case .comment(let comment) in trailingPieces { inTrivia.append((comment, token.span.endOffset)) }
            }
            #expect(expected == file.bytes.count, "\(name)")
            #expect(listed.map(\.text) == inTrivia.map(\.text), "\(name)")
            #expect(listed.map(\.follows) == inTrivia.map(\.follows), "\(name)")
            for comment in listed {
                #expect(file.spelling(of: comment.span) == comment.text && comment.text.hasPrefix("#"), "\(name): \(comment.span)")
            }
            comments += listed.count
        }
        #expect(comments > 400)
    }

    static func isLineBreak(_ piece: TriviaPiece) -> Bool {
        switch piece {
        case .newlines, .carriageReturnLineFeeds: true
        default: false
        }
    }

    // MARK: - Where trivia goes

    @Test func aCommentOnALineOfItsOwnLeadsTheNextTokenAndOneAfterCodeTrailsIt() throws {
        let text = "# the rule\nrule r {  # opens\n\n\n  require x   # why\n}\n# the end\n"
        let (file, tokens, comments) = Self.lexed(text)
        let spelled = tokens.map { $0.spelling(in: file) }
        #expect(spelled == ["rule", "r", "{", "require", "x", "}", ""])
        #expect(tokens[0].leadingTrivia.pieces(in: file) == [.comment("# the rule"), .newlines(1)])
        #expect(tokens[2].trailingTrivia.pieces(in: file) == [.spaces(2), .comment("# opens")])
        #expect(tokens[3].leadingTrivia.pieces(in: file) == [.newlines(3), .spaces(2)])
        #expect(tokens[3].leadingTrivia.lineBreaks(in: file) == 3, "two blank lines before `require`")
        #expect(tokens[4].trailingTrivia.comments(in: file) == ["# why"])
        #expect(tokens[5].leadingTrivia.pieces(in: file) == [.newlines(1)])
        #expect(tokens[5].trailingTrivia.isEmpty)
        #expect(tokens[6].leadingTrivia.pieces(in: file) == [.newlines(1), .comment("# the end"), .newlines(1)])
        #expect(comments.map(\.text) == ["# the rule", "# opens", "# why", "# the end"])
        #expect(comments.map(\.follows) == [nil, tokens[2].span.endOffset, tokens[4].span.endOffset, nil])
        let why = try #require(comments.first { $0.text == "# why" })
        #expect((why.span.line, why.span.column, why.span.length) == (5, 15, 5))
    }

    @Test func tokensOnOneLineShareNoLeadingTrivia() {
        let (file, tokens, _) = Self.lexed("a  +\tb")
        #expect(tokens.map { $0.trailingTrivia.pieces(in: file) } == [[.spaces(2)], [.tabs(1)], [], []])
        #expect(tokens.allSatisfy { $0.leadingTrivia.isEmpty })
    }

    @Test func crlfLineEndingsAreLineBreaksAndNotPartOfTheComment() {
        let (file, tokens, comments) = Self.lexed("a # note\r\n\r\nb\rc")
        #expect(comments.map(\.text) == ["# note"])
        #expect(tokens[0].trailingTrivia.pieces(in: file) == [.spaces(1), .comment("# note")])
        #expect(tokens[1].leadingTrivia.pieces(in: file) == [.carriageReturnLineFeeds(2)])
        // A carriage return alone is white space within the line.
        #expect(tokens[1].trailingTrivia.pieces(in: file) == [.carriageReturns(1)])
        #expect(tokens.map { $0.spelling(in: file) } == ["a", "b", "c", ""])
    }

    @Test func theFirstTokenLeadsWithEverythingBeforeIt() {
        let (file, tokens, comments) = Self.lexed("  # c\n\t a")
        #expect(tokens[0].leadingTrivia.pieces(in: file) == [.spaces(2), .comment("# c"), .newlines(1), .tabs(1), .spaces(1)])
        #expect(comments.map(\.follows) == [nil])
    }

    @Test func inputOfTriviaAloneIsTheLeadingTriviaOfItsEnd() {
        for text in ["", "# only a comment", "\n\n# one\n# two\n", "   "] {
            let (file, tokens, comments) = Self.lexed(text)
            #expect(tokens.count == 1 && tokens[0].kind == .endOfInput, "\(text.debugDescription)")
            #expect(tokens[0].leadingTrivia.byteRange == 0..<file.bytes.count, "\(text.debugDescription)")
            #expect(comments.count == text.components(separatedBy: "#").count - 1, "\(text.debugDescription)")
        }
    }

    @Test func theTokensOfAnInterpolationHaveTheirOwnTrivia() throws {
        let (file, tokens, comments) = Self.lexed(#"x = "a { b +  c } d # e""#)
        guard case .text(let parts) = tokens[2].kind, case .interpolation(let inner) = parts[1] else {
            Issue.record("\(tokens[2].kind)")
            return
        }
        #expect(inner.map { $0.spelling(in: file) } == ["b", "+", "c", ""])
        #expect(inner[0].leadingTrivia.pieces(in: file) == [.spaces(1)])
        #expect(inner[1].trailingTrivia.pieces(in: file) == [.spaces(2)])
        #expect(inner[2].trailingTrivia.pieces(in: file) == [.spaces(1)])
        #expect(comments.isEmpty, "`#` inside text is text")
    }

    @Test func aTokenWithAnErrorIsSpelledWholeSoTheFileStillPrintsBack() {
        for text in ["a = \"unclosed ( text\nb", "x = 2024-13-45 + 1.2.3 ? \"{a # b}\"", "y = ☃☃ + 99999999999999999999 # c\n", "\"a {\"b {c}\"} d\""] {
            let (file, tokens, _) = Self.lexed(text)
            #expect(Self.reprinted(tokens, in: file) == text, "\(text.debugDescription)")
        }
    }

    @Test func theParserReadsTheSameTokensWithTheirTriviaAsBefore() {
        // Trivia changes no kind or span: the kinds of a commented file are those of the file
        // with its comments blanked out.
        for (name, text) in Self.corpus() where text.contains("#") && !name.hasPrefix("Tests/") {
            let (file, tokens, comments) = Self.lexed(text)
            var blanked = file.bytes
            for comment in comments {
                for i in comment.span.byteRange { blanked[i] = UInt8(ascii: " ") }
            }
            let plain = Self.lexed(String(decoding: blanked, as: UTF8.self)).tokens
            #expect(plain.map(\.kind) == tokens.map(\.kind), "\(name)")
            #expect(plain.map(\.span) == tokens.map(\.span), "\(name)")
        }
    }
}
