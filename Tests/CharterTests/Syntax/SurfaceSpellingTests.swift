@testable import Charter
import Foundation
import Testing

/// What a formatter must write back as it was written can be read from the spans: a literal's
/// spelling (`0.50`, `75%`, `2 weeks`, `2h30m`, a text with its escapes and interpolations) is
/// the exact text of its node's span, and an operator's is the one token between its operands.
@Suite struct SurfaceSpellingTests {
    static let fixture = """
        record r { a: number  b: number  when: date  at: time  title: text  tags: list of text  n: number? }
        role PMO "PMO" { since 2024-01-01  weight 0.50 }
        rule spelled {
          for r x
          require x.a >= 0.50 and x.b < 12.5% of 200 and x.a != - 5 and x.b == -(5)
          require x.when + 2 weeks > x.when - 1 hour and x.at < 09:30 and 2h30m > 10 working days
          require x.title == "a \\"quoted\\" \\u{2019} \\{braces\\} {x.title} and {x.a + 1}\\t" or not x.a in [1, 2]
          require "x" not in x.tags and (x.n ?? 0) <= 1/3 of x.a * 2 and x.a / 4 - 1 > 0 or true == false
        }
        """

    /// Every expression of `rulebook`, with those inside them.
    static func expressions(of rulebook: Rulebook) -> [Expr] {
        var found: [Expr] = []
        func add(_ expr: Expr) {
            found.append(expr)
            expr.children.forEach(add)
        }
        func add(_ attributes: [Attribute]) { attributes.map(\.value).forEach(add) }
        for declaration in rulebook.declarations {
            switch declaration {
            case .role(let role): add(role.attributes)
            case .constituency(let constituency): add(constituency.attributes)
            case .group(let group):
                for clause in group.clauses {
                    switch clause {
                    case .quorum(_, let expr, _), .threshold(_, let expr, _): add(expr)
                    case .seat(let seat): add(seat.attributes)
                    case .member(let member): add(member.attributes)
                    default: break
                    }
                }
            case .rule(let rule):
                for clause in rule.clauses {
                    switch clause {
                    case .when(let expr), .bind(_, let expr): add(expr)
                    case .require(let condition, let message): add(condition); message.map(add)
                    }
                }
            case .process(let process):
                for step in process.steps {
                    step.lasts.map(add)
                    step.transitions.compactMap(\.condition).forEach(add)
                }
                process.appeals.compactMap(\.within).forEach(add)
            case .function(let function): add(function.body)
            case .charter, .level, .record: break
            }
        }
        return found
    }

    /// The rule files of the repository and Grammar.md's examples that parse cleanly, parsed.
    static func corpus() -> [(name: String, file: SourceFile, rulebook: Rulebook)] {
        TriviaTests.corpus().filter { !$0.name.hasPrefix("Tests/") }.map { ($0.name, $0.text) }
            .appending(("fixture", fixture))
            .compactMap { name, text in
                let parsed = parse(text)
                guard !parsed.diagnostics.hasErrors, let file = parsed.files.files.first else { return nil }
                return (name, file, parsed.rulebook)
            }
    }

    /// A literal's kind and value, comparable across parses (the places inside a text's
    /// interpolations left out).
    static func literal(_ expr: Expr) -> String? {
        switch expr.kind {
        case .number(let value, let isPercent): "number \(value) \(isPercent)"
        case .duration(let amount, let unit): "duration \(amount) \(unit)"
        case .date(let date): "date \(date)"
        case .time(let time): "time \(time)"
        case .bool(let flag): "bool \(flag)"
        case .text(let parts):
            "text " + parts.map { part in
                switch part {
                case .literal(let text): text.debugDescription
                case .expr(let inner): "{\(inner.span.byteLength)}"
                }
            }.joined(separator: "|")
        default: nil
        }
    }

    static func reparsed(_ text: String) -> Expr? {
        var files = SourceFiles()
        let lexed = Lexer.tokenize(files.add(path: "spelling", text: text))
        var parser = Parser(tokens: lexed.tokens)
        guard lexed.diagnostics.isEmpty, let expr = try? parser.parseExpression(), parser.atEnd, parser.diagnostics.isEmpty else {
            return nil
        }
        return expr
    }

    @Test func theFixtureAndTheCorpusParse() {
        let corpus = Self.corpus()
        #expect(corpus.contains { $0.name == "fixture" })
        #expect(corpus.filter { $0.name.hasPrefix("rules/") }.count >= 5)
    }

    /// A literal's span is exactly its spelling: read alone, it is the same literal, and it
    /// has no white space at either end.
    @Test func everyLiteralIsSpelledByItsSpan() {
        var literals = 0
        var spellings: Set<String> = []
        for (name, file, rulebook) in Self.corpus() {
            for expr in Self.expressions(of: rulebook) {
                guard let literal = Self.literal(expr) else { continue }
                let spelling = file.spelling(of: expr.span)
                spellings.insert(spelling)
                #expect(spelling.trimmingCharacters(in: .whitespacesAndNewlines) == spelling, "\(name): \(spelling.debugDescription)")
                let again = Self.reparsed(spelling)
                #expect(again.flatMap(Self.literal) == literal, "\(name): \(spelling.debugDescription)")
                literals += 1
            }
        }
        #expect(literals > 100)
        for written in ["0.50", "12.5%", "2 weeks", "1 hour", "09:30", "2h30m", "10 working days", "- 5", "-(5)", "2024-01-01",
                        #""a \"quoted\" \u{2019} \{braces\} {x.title} and {x.a + 1}\t""#] {
            #expect(spellings.contains(written), "\(written)")
        }
    }

    /// Between the operands of a binary operator stands the operator's spelling and nothing
    /// else but trivia; a unary operator's span starts with it; a group's has its parentheses.
    @Test func everyOperatorIsSpelledBetweenItsOperands() throws {
        var operators: Set<BinaryOperator> = []
        for (name, file, rulebook) in Self.corpus() {
            for expr in Self.expressions(of: rulebook) {
                let spelling = file.spelling(of: expr.span)
                switch expr.kind {
                case .binary(let op, let left, let right):
                    let between = file.spelling(of: SourceSpan(file: file.id, offset: left.span.endOffset, endOffset: right.span.offset,
                                                               line: 1, column: 1, length: 0))
                    var files = SourceFiles()
                    let tokens = Lexer.tokenize(files.add(path: "between", text: between)).tokens.dropLast()
                    let betweenFile = try #require(files.files.first)
                    #expect(tokens.map { $0.spelling(in: betweenFile) }.joined(separator: " ") == op.rawValue, "\(name): \(spelling)")
                    #expect(expr.span.byteRange == left.span.offset..<right.span.endOffset, "\(name): \(spelling)")
                    operators.insert(op)
                case .unary(let op, _):
                    #expect(spelling.hasPrefix(op.rawValue), "\(name): \(spelling)")
                case .grouped:
                    #expect(spelling.hasPrefix("(") && spelling.hasSuffix(")"), "\(name): \(spelling)")
                default:
                    break
                }
            }
        }
        let all: [BinaryOperator] = [.or, .and, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn,
                                     .coalesce, .of, .add, .subtract, .multiply, .divide]
        #expect(all.filter { !operators.contains($0) } == [])
    }
}

extension Array {
    fileprivate func appending(_ element: Element) -> [Element] { self + [element] }
}
