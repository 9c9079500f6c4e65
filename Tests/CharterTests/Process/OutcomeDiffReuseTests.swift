@testable import Charter
import Foundation
import Testing

/// A comparison that takes one side's results from an earlier comparison (`known`) must say
/// exactly what working both sides out again says: the same records, rule changes, messages
/// and routes, in the same order.
@Suite("Comparisons reuse the results of a side")
struct OutcomeDiffReuseTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    static func recordPaths() throws -> [String] {
        let folder = path("examples/change_requests")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        return names.map { (folder as NSString).appendingPathComponent($0) } + [path("examples/dag_2024-03-13.json")]
    }

    static func session() throws -> ReplSession {
        let (session, banner) = ReplSession.start(rulePaths: [path("rules")], recordPaths: try recordPaths())
        return try #require(session, "the session does not start: \(banner)")
    }

    /// Everything a comparison says, as text.
    static func described(_ diff: OutcomeDiff) -> [String] {
        diff.records.map { record in
            "\(record.id) \(record.type): "
                + record.rules.map { "\($0.rule) \($0.before?.rawValue ?? "-")>\($0.after?.rawValue ?? "-") \($0.message ?? "")" }.joined(separator: "; ")
                + " | " + record.routes.map { "\($0.process) \($0.before?.path ?? "-") > \($0.after?.path ?? "-")" }.joined(separator: "; ")
        }
    }

    /// Changes that move outcomes and routes: rules that fail every record, that err, that
    /// pass; a record type added (other shapes).
    static let changes = [
        "rule change_freeze \"nothing passes\" { for change_request cr require cr.id == \"\" else \"{cr.id} fails\" }",
        "rule change_freeze { for change_request cr require cr.id != \"\" }",
        "rule erring { for change_request cr require 1 / (count(cr.history) - count(cr.history)) > 0 }",
        "rule every_meeting_fails { for meeting m require false else \"{m.group} fails\" }",
        "record probe_type { probe_field: text? }",
    ]

    @Test func aComparisonWithAKnownSideSaysWhatOneWorkedOutAgainSays() throws {
        let session = try Self.session()
        let base = session.program
        let records = session.records
        let baseSide = OutcomeDiff.Side(program: base, processes: base.processes())
        let known = OutcomeDiff.SideResults(baseSide, records: records, asOf: nil)
        for change in Self.changes {
            var files = session.files
            let parsed = Parser.parse(files.add(path: "change.charter", text: change))
            let (rulebook, _) = session.state.rulebook.redefined(by: parsed.rulebook)
            let checked = try #require(Checker.checked(rulebook, files: files).checked, "\(change) does not check")
            let program = Program(checked)
            let (decoded, problems) = ReplSession.load(session.state.sources, program: program)
            #expect(problems.isEmpty)
            let sameShapes = program.shapes == base.shapes && program.shapeByName == base.shapeByName
            // Records in the same shapes are the session's own records; others are decoded again.
            let compared = sameShapes ? records : decoded
            let side = OutcomeDiff.Side(program: program, processes: program.processes())
            for asOf in [nil, CivilDate(iso: "2024-06-01")] {
                let fresh = OutcomeDiff(before: baseSide, after: side, records: compared, asOf: asOf)
                let reused = OutcomeDiff(before: baseSide, after: side, records: compared, asOf: asOf,
                                         known: [known, fresh.results.after] + (fresh.results.before.map { [$0] } ?? []))
                #expect(Self.described(reused) == Self.described(fresh), "\(change) as of \(String(describing: asOf))")
                #expect(Self.described(fresh).contains { !$0.hasSuffix(": | ") } || change.contains("record"),
                        "\(change) changes nothing, so it tests nothing")
                // The same program on both sides: nothing changes, whatever is known.
                let itself = OutcomeDiff(before: side, after: side, records: compared, asOf: asOf, known: [fresh.results.after])
                #expect(itself.records.allSatisfy { $0.isEmpty })
                #expect(itself.records.map(\.id) == fresh.records.map(\.id))
            }
            // Results of other records, another date or another program are not taken.
            #expect(!known.are(of: side, on: records, asOf: nil))
            #expect(!known.are(of: baseSide, on: decoded, asOf: nil) || decoded.isEmpty)
            #expect(!known.are(of: baseSide, on: records, asOf: CivilDate(iso: "2024-06-01")))
        }
    }

    /// A session keeping the results of its comparisons prints exactly what one that keeps
    /// none prints, input by input, through changes, `:diff`, `:undo` and `:reset`.
    @Test func aSessionKeepingResultsSaysWhatOneKeepingNoneSays() throws {
        let keeping = try Self.session()
        let forgetting = try Self.session()
        var inputs: [String] = []
        for change in Self.changes { inputs += [change, ":diff", "count(cr in change_requests where cr.outcome == fail)"] }
        inputs += [":undo", ":diff", ":undo", ":undo", ":diff", Self.changes[0], ":reset", ":diff", ":undo", ":diff"]
        let transcripts = try FileManager.default.contentsOfDirectory(atPath: Self.path("Tests/GoldenTests/Cases/repl"))
            .filter { $0.hasSuffix(".stdin") }.sorted()
        for name in transcripts {
            let text = try String(contentsOfFile: Self.path("Tests/GoldenTests/Cases/repl/\(name)"), encoding: .utf8)
            var pending = ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                pending += pending.isEmpty ? String(line) : "\n" + line
                if !pending.hasPrefix(":"), InputBalance.state(of: pending) == .open { continue }
                // Files are the disk's business: a `:save` would write one, a `:load` reads paths relative to the goldens.
                if !pending.hasPrefix(":save"), !pending.hasPrefix(":load"), !pending.hasPrefix(":quit") { inputs.append(pending) }
                pending = ""
            }
        }
        var reused = 0
        for input in inputs {
            forgetting.sideResults = []
            let said = keeping.handle(input)
            #expect(said == forgetting.handle(input), "after \(input)")
            reused += keeping.sideResults.isEmpty ? 0 : 1
        }
        #expect(reused > 0, "the session kept no results, so nothing was reused")
    }
}
