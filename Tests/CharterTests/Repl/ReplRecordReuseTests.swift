@testable import Charter
import Foundation
import Testing

/// A redefinition at the REPL keeps the records it has when the new rules read them into the
/// same shapes, and decodes them again otherwise. Either way the session's records after each
/// change must be exactly what decoding its record files against the new program gives.
@Suite("ReplSession keeps its records across redefinitions")
struct ReplRecordReuseTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// A session over `rules/` and the example change requests and meeting.
    static func session() throws -> ReplSession {
        let folder = path("examples/change_requests")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        let records = names.map { (folder as NSString).appendingPathComponent($0) } + [path("examples/dag_2024-03-13.json")]
        let (session, banner) = ReplSession.start(rulePaths: [path("rules")], recordPaths: records)
        return try #require(session, "the session does not start: \(banner)")
    }

    /// The session's records are those its sources decode to against its program.
    static func expectRecordsAsDecoded(_ session: ReplSession, after input: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        // What the rules see of the records (`meetings`, `impact_assessments`), before decoding
        // again gives the program the fresh ones.
        let provided = session.program.context.records
        let (fresh, problems) = ReplSession.load(session.state.sources, program: session.program)
        #expect(problems.isEmpty, "after \(input)", sourceLocation: sourceLocation)
        #expect(session.records.map(\.value) == fresh.map(\.value), "after \(input)", sourceLocation: sourceLocation)
        #expect(session.records.map(\.place) == fresh.map(\.place), "after \(input)", sourceLocation: sourceLocation)
        #expect(provided == session.program.context.records, "after \(input)", sourceLocation: sourceLocation)
    }

    /// The source text of every rule, group, process and `def` of `rules/`.
    static func declarationTexts() -> [String] {
        var files = SourceFiles()
        var texts: [String] = []
        let folder = path("rules")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".charter") }.sorted()
        for name in names {
            guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8) else { continue }
            let file = files.add(path: name, text: text)
            for declaration in Parser.parse(file).rulebook.declarations {
                switch declaration {
                case .rule(let d): texts.append(file.spelling(of: d.span))
                case .group(let d): texts.append(file.spelling(of: d.span))
                case .process(let d): texts.append(file.spelling(of: d.span))
                case .function(let d): texts.append(file.spelling(of: d.span))
                case .record(let d): texts.append(file.spelling(of: d.span))
                default: break
                }
            }
        }
        return texts
    }

    @Test func restatingEachDeclarationLeavesTheRecordsAsDecoded() throws {
        let session = try Self.session()
        let texts = Self.declarationTexts()
        #expect(texts.count > 20)
        for text in texts {
            let out = session.handle(text)
            #expect(!out.contains("no change"), "restating a declaration of rules/ is refused: \(out)")
            Self.expectRecordsAsDecoded(session, after: text)
        }
    }

    @Test func aRedefinedRuleKeepsTheRecordsItHad() throws {
        let session = try Self.session()
        let before = session.records
        let out = session.handle("rule freeze_relaxed_probe { for change_request cr require cr.id != \"\" }")
        #expect(out.contains("added rule freeze_relaxed_probe"))
        #expect(session.records.map(\.value) == before.map(\.value))
        Self.expectRecordsAsDecoded(session, after: "an added rule")
        #expect(session.handle("count(cr in change_requests where \"freeze_relaxed_probe\" in cr.failed)") == "0  : number\n")
    }

    /// The records are kept for a program of the same shapes, and only then.
    @Test func theRecordsAreKeptOnlyForTheSameShapes() throws {
        let session = try Self.session()
        func program(overlay text: String) throws -> Program {
            var files = session.files
            let parsed = Parser.parse(files.add(path: "<overlay>", text: text))
            let checked = Checker.checked(session.state.rulebook.redefined(by: parsed.rulebook).rulebook, files: files).checked
            return Program(try #require(checked, "the overlay does not check: \(text)"))
        }
        let sameShapes = try program(overlay: "rule probe { for change_request cr require cr.id != \"\" }")
        #expect(session.recordsUnchanged(from: session.state.sources, program: sameShapes)?.map(\.value) == session.records.map(\.value))
        let recordText = try #require(Self.declarationTexts().first { $0.hasPrefix("record change_request") })
        let widened = try program(overlay: recordText.replacingOccurrences(of: "record change_request {",
                                                                           with: "record change_request {\n  probe_note: text?"))
        #expect(session.recordsUnchanged(from: session.state.sources, program: widened) == nil)
        #expect(session.recordsUnchanged(from: Array(session.state.sources.dropLast()), program: sameShapes) == nil)
    }

    @Test func aRedefinedRecordTypeDecodesTheRecordsAgain() throws {
        let session = try Self.session()
        let shapesBefore = session.program.shapes
        let recordText = Self.declarationTexts().first { $0.hasPrefix("record change_request") }
        let text = try #require(recordText, "rules/ declares no `record change_request`")
        let widened = text.replacingOccurrences(of: "record change_request {", with: "record change_request {\n  probe_note: text?")
        let out = session.handle(widened)
        #expect(out.contains("redefined record change_request"), "\(out)")
        #expect(session.program.shapes != shapesBefore)
        Self.expectRecordsAsDecoded(session, after: "a widened record type")
        #expect(session.handle("all cr in change_requests: (cr.probe_note ?? \"\") == \"\"") == "true  : bool\n")
        // Undoing goes back to the shapes, and the records, of before.
        _ = session.handle(":undo")
        #expect(session.program.shapes == shapesBefore)
        Self.expectRecordsAsDecoded(session, after: ":undo")
    }

    @Test func aRedefinedGroupThatChangesWhatAGroupFieldReadsDecodesAgain() throws {
        let session = try Self.session()
        let groupText = Self.declarationTexts().first { $0.hasPrefix("group ") }
        let text = try #require(groupText, "rules/ declares no group")
        let out = session.handle(text)
        #expect(!out.contains("no change"), "\(out)")
        Self.expectRecordsAsDecoded(session, after: text)
    }
}
