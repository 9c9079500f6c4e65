import Foundation
import Testing

/// A small TextMate tokenizer over `editors/vscode/syntaxes/charter.tmLanguage.json`: `match`
/// rules, `begin`/`end` regions (the end tried first, as TextMate does), `include` of the
/// repository, one line at a time with regions carried over lines. Text inside a region with a
/// `name` is scoped by it; elsewhere each character that is not white space must be matched.
struct TextMateGrammar {
    final class Rule {
        var name: String?
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var patterns: [Rule] = []
        var include: String?
    }

    struct Token: Equatable {
        let text: String
        let scope: String
    }

    let top: [Rule]
    let repository: [String: Rule]

    init(contentsOf url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let root = object as? [String: Any] else { throw GrammarError.malformed("the grammar is not an object") }
        var repository: [String: Rule] = [:]
        for (key, value) in root["repository"] as? [String: Any] ?? [:] {
            repository[key] = try Self.rule(value)
        }
        self.repository = repository
        top = try (root["patterns"] as? [Any] ?? []).map(Self.rule)
    }

    enum GrammarError: Error { case malformed(String) }

    private static func rule(_ value: Any) throws -> Rule {
        guard let object = value as? [String: Any] else { throw GrammarError.malformed("a rule that is not an object") }
        let rule = Rule()
        rule.name = object["name"] as? String
        rule.include = object["include"] as? String
        func regex(_ key: String) throws -> NSRegularExpression? {
            guard let source = object[key] as? String else { return nil }
            return try NSRegularExpression(pattern: source, options: [.anchorsMatchLines])
        }
        rule.match = try regex("match")
        rule.begin = try regex("begin")
        rule.end = try regex("end")
        rule.patterns = try (object["patterns"] as? [Any] ?? []).map(Self.rule)
        return rule
    }

    /// The match and region rules `rules` stand for, includes followed.
    private func expanded(_ rules: [Rule], depth: Int = 0) -> [Rule] {
        guard depth < 16 else { return [] }
        return rules.flatMap { rule -> [Rule] in
            if let include = rule.include {
                guard include.hasPrefix("#"), let target = repository[String(include.dropFirst())] else { return [] }
                return expanded([target], depth: depth + 1)
            }
            if rule.match == nil, rule.begin == nil { return expanded(rule.patterns, depth: depth + 1) }
            return [rule]
        }
    }

    /// The tokens of `source`, and the text no rule matched.
    func tokenize(_ source: String) -> (tokens: [Token], unmatched: [String]) {
        var tokens: [Token] = []
        var unmatched: [String] = []
        var stack: [Rule] = []
        for line in source.components(separatedBy: "\n") {
            let text = line as NSString
            var position = 0
            var steps = 0
            while position <= text.length, steps < 10_000 {
                steps += 1
                let region = stack.last
                let candidates = expanded(region?.patterns ?? top)
                let range = NSRange(location: position, length: text.length - position)
                var best: (NSTextCheckingResult, Rule?)?
                if let end = region?.end, let found = end.firstMatch(in: line, range: range) { best = (found, nil) }
                for rule in candidates {
                    guard let regex = rule.match ?? rule.begin, let found = regex.firstMatch(in: line, range: range) else { continue }
                    if best == nil || found.range.location < (best?.0.range.location ?? Int.max) { best = (found, rule) }
                }
                let stop = best?.0.range.location ?? text.length
                if stop > position {
                    let gap = text.substring(with: NSRange(location: position, length: stop - position))
                    if region?.name != nil {
                        tokens.append(Token(text: gap, scope: region?.name ?? ""))
                    } else if !gap.trimmingCharacters(in: .whitespaces).isEmpty {
                        unmatched.append(gap.trimmingCharacters(in: .whitespaces))
                    }
                }
                guard let (found, rule) = best else { break }
                let matched = text.substring(with: found.range)
                position = found.range.location + found.range.length
                if let rule {
                    tokens.append(Token(text: matched, scope: rule.name ?? "meta.region"))
                    if rule.begin != nil { stack.append(rule) }
                    else if found.range.length == 0 { position += 1 }
                } else {
                    tokens.append(Token(text: matched, scope: region?.name ?? "meta.region"))
                    stack.removeLast()
                }
                if position >= text.length, found.range.length == 0, rule != nil { break }
            }
        }
        return (tokens, unmatched)
    }
}

@Suite struct TextMateGrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private func grammar() throws -> TextMateGrammar {
        try TextMateGrammar(contentsOf: Self.root.appendingPathComponent("editors/vscode/syntaxes/charter.tmLanguage.json"))
    }

    private func grammarMarkdown() throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent("Grammar.md"), encoding: .utf8)
    }

    /// The bodies of the fenced blocks of `language` in `markdown`.
    private func blocks(_ language: String, in markdown: String) -> [String] {
        var found: [String] = []
        var current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```" + language {
                current = []
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                found.append(current?.joined(separator: "\n") ?? "")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return found
    }

    /// The reserved keywords Grammar.md lists, and every word its EBNF quotes.
    private func words(in markdown: String) throws -> Set<String> {
        var words: Set<String> = []
        let reserved = try #require(markdown.range(of: "**Reserved keywords** cannot be names (P005):"))
        let rest = markdown[reserved.upperBound...]
        let list = try #require(rest.split(separator: "`", maxSplits: 2).dropFirst().first)
        words.formUnion(list.split(whereSeparator: \.isWhitespace).map(String.init))
        let quoted = try NSRegularExpression(pattern: "\"([a-z_]+)\"")
        for block in blocks("ebnf", in: markdown) {
            for match in quoted.matches(in: block, range: NSRange(location: 0, length: (block as NSString).length)) {
                words.insert((block as NSString).substring(with: match.range(at: 1)))
            }
        }
        return words
    }

    @Test func everyReservedAndContextualWordHasAScope() throws {
        let grammar = try grammar()
        let words = try words(in: grammarMarkdown())
        #expect(words.count > 60)
        #expect(words.contains("require") && words.contains("reports_to"))
        for word in words.sorted() {
            let tokens = grammar.tokenize(word).tokens
            #expect(tokens.count == 1 && tokens.first?.scope != "variable.other.charter",
                    "`\(word)` has no keyword scope: \(tokens)")
        }
    }

    @Test func literalsHaveTheirScopes() throws {
        let grammar = try grammar()
        let cases: [(String, String)] = [
            ("2024-03-13", "constant.numeric.date.charter"), ("9:30", "constant.numeric.time.charter"),
            ("75%", "constant.numeric.percentage.charter"), ("12.5%", "constant.numeric.percentage.charter"),
            ("10 working days", "constant.numeric.duration.charter"), ("2h30m", "constant.numeric.duration.charter"),
            ("2.5", "constant.numeric.charter"), ("# note", "comment.line.number-sign.charter"),
            ("change_freeze", "variable.other.charter"),
        ]
        for (text, scope) in cases {
            #expect(grammar.tokenize(text).tokens == [TextMateGrammar.Token(text: text, scope: scope)], "`\(text)`")
        }
        let interpolated = grammar.tokenize(#""{cr.id} is \"late\"""#).tokens
        #expect(interpolated.contains(TextMateGrammar.Token(text: "cr", scope: "variable.other.charter")))
        #expect(interpolated.contains(TextMateGrammar.Token(text: #"\""#, scope: "constant.character.escape.charter")))
        #expect(interpolated.contains(TextMateGrammar.Token(text: " is ", scope: "string.quoted.double.charter")))
    }

    @Test func unmatchedTextIsFound() throws {
        // The tokenizer must be able to fail: a character no rule takes is reported.
        #expect(try grammar().tokenize("rule r ` {").unmatched == ["`"])
    }

    @Test func grammarExamplesTokenizeCompletely() throws {
        let grammar = try grammar()
        let examples = blocks("charter", in: try grammarMarkdown())
        #expect(examples.count >= 5)
        for (index, example) in examples.enumerated() {
            let unmatched = grammar.tokenize(example).unmatched
            #expect(unmatched.isEmpty, "Grammar.md charter block \(index + 1) leaves \(unmatched) unmatched")
        }
    }

    @Test func rulebookTokenizesCompletely() throws {
        let grammar = try grammar()
        let folder = Self.root.appendingPathComponent("rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".charter") }
        #expect(!files.isEmpty)
        for file in files.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let unmatched = grammar.tokenize(text).unmatched
            #expect(unmatched.isEmpty, "rules/\(file) leaves \(unmatched.prefix(10)) unmatched")
        }
    }
}
