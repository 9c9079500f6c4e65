@testable import Charter
import Testing

/// Diagnostics render in time linear in their number and the lengths of their lines: a
/// one-line file with thousands of errors renders each source line once.
@Suite struct RenderingScaleTests {
    @Test func thousandsOfErrorsOnOneLongLine() {
        let count = 8_000
        let requirements = (0..<count).map { "require cr.f\($0)" }.joined(separator: " ")
        let parsed = parse("rule r { for change_request cr  \(requirements) }")
        let diagnostics = Checker.check(parsed.rulebook)
        #expect(diagnostics.count == count)
        let rendered = DiagnosticRenderer(files: parsed.files).render(diagnostics)
        let lines = rendered.split(separator: "\n")
        // Each: the message, the excerpt, the underline and the help.
        #expect(lines.count == 4 * count)
        // Each excerpt is a window of the line, never the whole 130,000 characters.
        #expect(lines.allSatisfy { $0.count < 400 })
        #expect(lines[1].hasPrefix("  1 | rule r {"))
        #expect(lines[4 * (count - 1) + 1].contains("require cr.f7999 }"))
    }
}
