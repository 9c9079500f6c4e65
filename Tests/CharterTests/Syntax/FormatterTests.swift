@testable import Charter
import Foundation
import Testing

/// The formatter's properties over every Charter text the repository holds (the rulebook, the
/// examples, Grammar.md's blocks, the fuzz seeds and the golden cases that parse), and its
/// layout on small inputs.
@Suite struct FormatterTests {
    static let repository = GrammarDocumentTests.repository

    /// A Charter text and where it comes from.
    struct Sample: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        var testDescription: String { name }
    }

    /// The `.charter` files under `folder` of the repository (or those ending with `suffix`).
    static func files(under folder: String, suffix: String = ".charter") -> [Sample] {
        let root = repository.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var samples: [Sample] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(suffix),
                  let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else { continue }
            samples.append(Sample(name: folder + "/" + relative, text: text))
        }
        return samples.sorted { $0.name < $1.name }
    }

    /// The rulebook and the examples, which are kept formatted.
    static func shipped() -> [Sample] { files(under: "rules") + files(under: "examples") }

    /// Every text that parses: the shipped files, Grammar.md's blocks, the fuzz seeds, the golden cases.
    static func corpus() -> [Sample] {
        let grammar = GrammarDocumentTests.examples().enumerated().map { Sample(name: "Grammar.md block \($0.offset + 1)", text: $0.element) }
        let all = shipped() + grammar + files(under: "Fuzz/seeds/charter") + files(under: "Tests/GoldenTests/Cases")
            + files(under: "Tests/GoldenTests/Cases/fmt", suffix: ".stdin") + files(under: "Fuzz/regressions/fmt")
        return all.filter { !parse($0.text).diagnostics.hasErrors }
    }

    static func formatted(_ text: String) -> String? {
        if case .formatted(let result) = SourceFormatter.format(text: text) { result } else { nil }
    }

    // MARK: - Properties

    @Test func theCorpusIsLarge() {
        #expect(Self.shipped().count >= 7)
        #expect(Self.corpus().count >= 60)
    }

    @Test(arguments: corpus())
    func formattingTwiceChangesNothing(_ sample: Sample) throws {
        let once = try #require(Self.formatted(sample.text))
        let twice = try #require(Self.formatted(once), "the formatted text does not parse:\n\(once)")
        #expect(twice == once)
    }

    @Test(arguments: corpus())
    func formattingKeepsTheSyntaxTree(_ sample: Sample) throws {
        let once = try #require(Self.formatted(sample.text))
        #expect(SpanFreeTree.of(parse(once).rulebook) == SpanFreeTree.of(parse(sample.text).rulebook))
    }

    @Test(arguments: corpus())
    func formattingKeepsEveryCommentInOrder(_ sample: Sample) throws {
        let once = try #require(Self.formatted(sample.text))
        let before = parse(sample.text).rulebook.comments.map { SourceFormatter.Layout.trimmed($0.text) }
        #expect(parse(once).rulebook.comments.map(\.text) == before)
    }

    @Test(arguments: shipped())
    func shippedFilesAreFormatted(_ sample: Sample) throws {
        #expect(try #require(Self.formatted(sample.text)) == sample.text, "run `swift run rulecheck fmt rules/ examples/`")
    }

    /// Grammar.md's blocks are written as `rulecheck fmt` writes them (each as a file of its own).
    @Test func grammarBlocksAreFormatted() {
        for (index, block) in GrammarDocumentTests.examples().enumerated() {
            #expect(Self.formatted(block + "\n") == block + "\n", "Grammar.md's block \(index + 1) is not formatted")
        }
    }

    /// The structural comparison itself tells trees apart.
    @Test func spanFreeTreesDifferWhenTheTreesDo() {
        let a = SpanFreeTree.of(parse("rule r { for t x\n require x.a + 1 > 2 }").rulebook)
        let b = SpanFreeTree.of(parse("rule r {\n  for t x\n  require x.a + 1 > 2\n}").rulebook)
        let c = SpanFreeTree.of(parse("rule r { for t x\n require x.a + (1 > 2) }").rulebook)
        #expect(a == b)
        #expect(a != c)
        #expect(a.contains("binary"))
    }

    // MARK: - Layout

    @Test func indentsBlocksAndContinuations() {
        let input = """
            rule   r "t" {
            for change_request cr
                  when cr.new_form
            require all r in cr.rows:
            (r.a ?? 0) +  (r.b ?? 0) in [ 0 , 100% ]
            else "{cr.id} fails"
            }
            """
        #expect(Self.formatted(input) == """
            rule r "t" {
              for change_request cr
              when cr.new_form
              require all r in cr.rows:
                (r.a ?? 0) + (r.b ?? 0) in [0, 100%]
              else "{cr.id} fails"
            }

            """)
    }

    /// The `else` of an `if` that starts a line continues the clause; the `else` after it is
    /// the rule's message.
    @Test func indentsTheBranchesOfAnIfAsContinuations() {
        let input = """
            rule r {
            for change_request cr
            let n = if cr.id == "a"
            then 1
            else if cr.id == "b" then 2
            else 3
            require n%2 == 1 and min(n,2) > 0 and cr.title  is   not given
            else "{n}"
            }
            """
        #expect(Self.formatted(input) == """
            rule r {
              for change_request cr
              let n = if cr.id == "a"
                then 1
                else if cr.id == "b" then 2
                else 3
              require n % 2 == 1 and min(n, 2) > 0 and cr.title is not given
              else "{n}"
            }

            """)
    }

    @Test func keepsLineBreaksAndMakesBlankLinesOne() {
        let input = "\n\n# head\n\n\n\nrole A \"a\"\nrole B \"b\"\n\n\n\nrecord t {\n\n  id: text\n\n}\n\n\n"
        #expect(Self.formatted(input) == "# head\n\nrole A \"a\"\nrole B \"b\"\n\nrecord t {\n  id: text\n}\n")
    }

    @Test func linesUpEndOfLineCommentsOfConsecutiveLines() {
        let input = "record t {\n  id: text # the id\n  long_name: text? #  a note   \n\n  x: date     # alone\n}\n"
        #expect(Self.formatted(input) == "record t {\n  id: text          # the id\n  long_name: text?  #  a note\n\n  x: date  # alone\n}\n")
    }

    @Test func putsTheBracesOfAMultiLineBlockOnLinesOfTheirOwn() {
        let input = "record t { id: text\n  n: number }\nrole A \"a\" { employer \"X\" }\n"
        #expect(Self.formatted(input) == "record t {\n  id: text\n  n: number\n}\nrole A \"a\" { employer \"X\" }\n")
    }

    /// Found by the `fmt` fuzzer: the two marks of a type optional twice, written touching,
    /// would read as `??` and the formatted text would not parse.
    @Test func keepsTheMarksOfATypeOptionalTwiceApart() {
        #expect(Self.formatted("record r {\n  id: text ? ?\n  xs: list of text?  ?\n}\n") == "record r {\n  id: text? ?\n  xs: list of text? ?\n}\n")
    }

    @Test func spacesOperatorsButNotUnaryMinusCallsOrFields() {
        let input = "rule r { for t x\nrequire count( y in x . items where y.n>-1 )>=sum(x.vals)*- x.n - 1 }\n"
        #expect(Self.formatted(input) == "rule r {\n  for t x\n  require count(y in x.items where y.n > -1) >= sum(x.vals) * -x.n - 1\n}\n")
    }

    @Test func indentsProcessStepsAndTheirContinuations() {
        let input = "process p {\nfor t x\nstep a \"A\"\nby PMO -> b\nstep b\nend b\n}\n"
        #expect(Self.formatted(input) == "process p {\n  for t x\n  step a \"A\"\n    by PMO -> b\n  step b\n  end b\n}\n")
    }

    @Test func keepsCommentsBeforeAClosingBraceInsideTheBlock() {
        let input = "group G {\n  level 3\n# last\n}\n# end of file"
        #expect(Self.formatted(input) == "group G {\n  level 3\n  # last\n}\n# end of file\n")
    }

    @Test func readsCRLFAndWritesLineFeeds() {
        #expect(Self.formatted("role A \"a\"\r\n\r\nrole B\r\n") == "role A \"a\"\n\nrole B\n")
    }

    /// A file that declares nothing does not parse (P014), so it is not formatted either.
    @Test func anEmptyFileIsRefused() {
        #expect(Self.formatted("") == nil)
        #expect(Self.formatted("\n# only a comment\n") == nil)
    }

    @Test func refusesAFileThatDoesNotParse() {
        guard case .unparsable(let errors) = SourceFormatter.format(text: "rule r {\n  require\n") else {
            Issue.record("a file that does not parse was formatted")
            return
        }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.severity == .error })
    }
}
