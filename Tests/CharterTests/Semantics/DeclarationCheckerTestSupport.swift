@testable import Charter
import Testing

/// A test source with position markers (`1️⃣`, `2️⃣`, …) taken out, and the 1-based line and
/// column where each stood, so that a test can say where a diagnostic points without counting.
struct MarkedSource {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]

    let text: String
    let marks: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var marks: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while let character = rest.first {
            for marker in Self.markers where rest.hasPrefix(marker) {
                marks[marker] = (line, column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            text.append(character)
            rest = rest.dropFirst()
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.marks = marks
    }
}

/// Declarations most tests need, so that only the declarations under test can be flagged.
let checkerPrelude = """
    level 1 "Board"
    level 2 "Steering Group"
    level 3 "Advisory Groups"
    role SRO "Senior Responsible Owner"
    role IPA "Independent Programme Assurer"
    constituency supplier "Supplier"
    constituency consumer "Consumer"

    """

/// What `DeclarationChecker` reports for `text` (with `checkerPrelude` before it), expecting
/// the text itself to parse cleanly.
func checkDeclarations(_ text: String, prelude: Bool = true,
                       sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    let result = parse((prelude ? checkerPrelude : "") + text)
    #expect(result.diagnostics.isEmpty, "the test source does not parse: \(result.diagnostics.map(\.message))",
            sourceLocation: sourceLocation)
    return DeclarationChecker.check(result.rulebook)
}

/// Expects `marked` to draw exactly `count` diagnostics, all `code` with `severity`, the first
/// at marker 1️⃣ (and its first note, if any, at 2️⃣); returns the first for further checks.
@discardableResult
func expectFlagged(_ marked: String, _ code: DiagnosticCode, severity: Severity = .error, count: Int = 1,
                   prelude: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    let source = MarkedSource((prelude ? checkerPrelude : "") + marked)
    let diagnostics = checkDeclarations(source.text, prelude: false, sourceLocation: sourceLocation)
    #expect(diagnostics.map(\.code.id) == Array(repeating: code.id, count: count),
            "\(diagnostics.map { "\($0.code) \($0.message)" })", sourceLocation: sourceLocation)
    guard let first = diagnostics.first, first.code == code else { return nil }
    #expect(first.severity == severity, sourceLocation: sourceLocation)
    #expect(first.help?.isEmpty == false, "every diagnostic says how to fix it", sourceLocation: sourceLocation)
    if let mark = source.marks["1️⃣"] {
        #expect(first.span?.line == mark.line && first.span?.column == mark.column,
                "at \(first.span.map(String.init(describing:)) ?? "nowhere"), expected \(mark.line):\(mark.column)",
                sourceLocation: sourceLocation)
    }
    if let mark = source.marks["2️⃣"] {
        let note = first.notes.first?.span
        #expect(note?.line == mark.line && note?.column == mark.column,
                "note at \(note.map(String.init(describing:)) ?? "nowhere"), expected \(mark.line):\(mark.column)",
                sourceLocation: sourceLocation)
    }
    return first
}

/// Expects `text` to draw no diagnostic from the checker.
func expectClean(_ text: String, prelude: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
    let diagnostics = checkDeclarations(text, prelude: prelude, sourceLocation: sourceLocation)
    #expect(diagnostics.isEmpty, "\(diagnostics.map { "\($0.code) \($0.span.map(String.init(describing:)) ?? "") \($0.message)" })",
            sourceLocation: sourceLocation)
}
