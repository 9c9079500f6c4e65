@testable import RulecheckCommands
import Foundation
import Testing

/// Titles, names and record fields with markup characters, quotes and right-to-left script
/// appear in the HTML report escaped, never as markup, and the page keeps its structure.
@Suite struct ReportEscapingTests {
    static let awkward = #"<script>alert(1)</script> & "quoted" 'single' מועצת המנהלים"#

    @Test func userTextIsEscapedInThePage() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("charter-report-escaping-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let quoted = Self.awkward.replacingOccurrences(of: "\"", with: "\\\"")
        try """
            charter "Programme \(quoted)" { sponsor Funder }
            role Funder "Funder \(quoted)"
            level 1 "Top"
            level 2 "Board \(quoted)"
            group Board "\(quoted)" { level 2  decides  meets monthly on first monday from 2024-01-01 }
            record proposal { id: text  title: text }
            rule titled "A proposal's title is short" {
              for proposal p
              require p.title == "short"
              else "{p.id}: the title {p.title} is not short"
            }
            """.write(to: work.appendingPathComponent("rules.charter"), atomically: true, encoding: .utf8)
        let record = try JSONSerialization.data(withJSONObject: ["type": "proposal", "id": Self.awkward, "title": Self.awkward])
        try record.write(to: work.appendingPathComponent("proposal.json"))
        let io = CapturedIO()
        let status = Driver.run(arguments: ["report", work.appendingPathComponent("proposal.json").path,
                                            "--rules", work.appendingPathComponent("rules.charter").path, "--as-of", "2024-03-13"], io: io)
        #expect(status == 0, "\(io.errors)")
        let page = io.output
        #expect(!page.contains("<script>alert"), "user text never becomes markup")
        #expect(!page.contains(Self.awkward))
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39; מועצת המנהלים"
        #expect(page.contains("<h1>Programme \(escaped)</h1>"))
        #expect(page.contains("data-record=\"\(escaped)\""))
        #expect(page.contains("\(escaped): the title \(escaped) is not short"))
        #expect(page.contains("<th scope=\"row\">Board — \(escaped)</th>"))
        // The page's own script is the only one.
        #expect(page.components(separatedBy: "<script>").count == 2)
    }
}
