@testable import Charter
import Foundation
import Testing

/// Reading record files a window at a time (`RecordStream`) gives what loading them whole
/// gives: the same records with the same places, and the same warnings, wherever the windows
/// end; and for a file with an error, or one it does not stream, it gives up (`unhandled`), so
/// that the file is loaded whole and its errors reported.
@Suite struct RecordStreamTests {
    /// What the stream gives for `paths`, as text to compare, or nil when it gives up.
    static func streamed(_ files: RecordFiles, _ paths: [String], chunkBytes: Int) -> (records: [String], warnings: [String])? {
        var stream = RecordStream(files: files, paths: paths, chunkBytes: chunkBytes)
        var records: [String] = []
        while true {
            switch stream.next() {
            case .records(let batch): records += batch.map { "\($0.file) \($0.place) \($0.value)" }
            case .end: return (records, stream.warnings.map(describe))
            case .unhandled: return nil
            }
        }
    }

    static func describe(_ error: RecordFileError) -> String {
        "\(error.severity) \(error.code.id) \(error.description) @\(error.line ?? 0):\(error.column ?? 0)"
    }

    /// Loading `paths` whole: the records and warnings, or nil when a file has an error.
    static func loaded(_ files: RecordFiles, _ paths: [String]) -> (records: [String], warnings: [String])? {
        let (records, errors, warnings) = files.load(paths: paths, standardInput: nil)
        guard errors.isEmpty else { return nil }
        return (records.map { "\($0.file) \($0.place) \($0.value)" }, warnings.map(describe))
    }

    /// Expects the stream, in windows of each of `chunks` bytes, to give what loading whole
    /// gives, or to give up where loading finds an error. Returns whether the files loaded.
    @discardableResult
    static func agree(_ files: RecordFiles, _ paths: [String], chunks: [Int], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let whole = loaded(files, paths)
        for chunk in chunks {
            let read = streamed(files, paths, chunkBytes: chunk)
            if let whole {
                // The fast readers leave a few files without an error to the precise ones.
                guard let read else { continue }
                #expect(read.records == whole.records, "\(paths) in windows of \(chunk) bytes: the records differ", sourceLocation: sourceLocation)
                #expect(read.warnings == whole.warnings, "\(paths) in windows of \(chunk) bytes: the warnings differ", sourceLocation: sourceLocation)
            } else {
                #expect(read == nil, "\(paths) has an error, but was streamed in windows of \(chunk) bytes", sourceLocation: sourceLocation)
            }
        }
        return whole != nil
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let rulebook = """
        record ticket {
          id: text
          fixes_defect: bool
          critical_to: list of text
          cost_impact_gbp: number
          note: text?
        }
        """

    static func checked(_ text: String) -> CheckedRulebook? {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: text, path: "stream.charter", into: &loaded)
        return loaded.check()
    }

    static func files(typeName: String? = nil) throws -> RecordFiles {
        let checked = try #require(Self.checked(rulebook))
        return RecordFiles(shapes: checked.shapes, byName: checked.shapeByName, typeName: typeName)
    }

    @Test func theExamplesAndGoldenRecordFilesStreamAsTheyLoad() throws {
        let paths = FastReadingTests.exampleAndGoldenRecordFiles()
        #expect(paths.count > 40)
        var clean = 0, streamedWhole = 0
        for path in paths {
            for program in FastReadingTests.programs(beside: path) {
                for type in [nil, "change_request"] as [String?] {
                    let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: type)
                    if Self.agree(files, [path.path], chunks: [13, 200, RecordStream.standardChunkBytes]) {
                        clean += 1
                        if Self.streamed(files, [path.path], chunkBytes: 64) != nil { streamedWhole += 1 }
                    }
                }
            }
        }
        // Most files load, and most of those stream.
        #expect(clean > 40)
        #expect(streamedWhole > clean / 2)
    }

    @Test func aJSONArrayStreamsWhereverTheWindowsEnd() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = (0..<12).map { index in
            #"{"type": "ticket", "id": "CR\#(index)", "fixes_defect": \#(index % 2 == 0), "critical_to": ["M\#(index)", "é\u00e9\#(index)"],"#
                + #" "cost_impact_gbp": \#(index * 1000).5, "note": \#(index % 3 == 0 ? "null" : #""said \"so\"""#)}"#
        }
        let text = "\u{FEFF}[\r\n  " + records.joined(separator: " ,\r\n  ") + "\r\n]\r\n\t "
        let path = try Self.write(text, "records.json", in: directory)
        let files = try Self.files()
        #expect(Self.agree(files, [path], chunks: Array(1...40) + [97, 256, 1 << 16]))
        #expect(Self.streamed(files, [path], chunkBytes: 5)?.records.count == 12)
    }

    @Test func aJSONDocumentOfOneRecordStreams() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.write(#"  {"type": "ticket", "id": "CR1", "fixes_defect": true, "critical_to": [], "cost_impact_gbp": 5}  "#,
                                  "one.json", in: directory)
        let files = try Self.files()
        #expect(Self.agree(files, [path], chunks: [1, 3, 8, 1024]))
        #expect(Self.streamed(files, [path], chunkBytes: 7)?.records.count == 1)
    }

    @Test func aCSVTableStreamsWhereverTheWindowsEnd() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = ["id;fixes_defect;critical_to;cost_impact_gbp;note;extra"]
        for index in 0..<10 {
            rows.append("CR\(index);\(index % 2 == 0);M1,M\(index);\(index * 7);\"a \"\"quoted\"\"\r\nnote; é\";x")
            if index % 4 == 0 { rows.append("") }
        }
        let path = try Self.write("\u{FEFF}" + rows.joined(separator: "\r\n") + "\r\n", "records.csv", in: directory)
        let files = try Self.files(typeName: "ticket")
        #expect(Self.agree(files, [path], chunks: Array(1...40) + [97, 256, 1 << 16]))
        let read = try #require(Self.streamed(files, [path], chunkBytes: 3))
        #expect(read.records.count == 10)
        // The column no field claims is one warning, as when the file is loaded whole.
        #expect(read.warnings.count == 1)
    }

    @Test func severalFilesStreamInOrder() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try Self.write(#"[{"id": "J1", "fixes_defect": false, "critical_to": [], "cost_impact_gbp": 1}]"#, "a.json", in: directory)
        let csv = try Self.write("id,fixes_defect,critical_to,cost_impact_gbp\nC1,true,,2\nC2,false,M10,3", "b.csv", in: directory)
        let files = try Self.files(typeName: "ticket")
        #expect(Self.agree(files, [json, csv, json], chunks: [1, 10, 4096]))
        #expect(Self.streamed(files, [json, csv, json], chunkBytes: 10)?.records.count == 4)
    }

    @Test func aFileWithAnErrorAnywhereIsLeftToThePreciseReaders() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.files(typeName: "ticket")
        let good = (0..<50).map { #"{"id": "CR\#($0)", "fixes_defect": true, "critical_to": [], "cost_impact_gbp": \#($0)}"# }
        let bad = [
            "[" + good.joined(separator: ",") + ",]",
            "[" + good.joined(separator: ",") + "]x",
            "[" + good.joined(separator: ",") + "",
            "[" + good.joined(separator: ",") + #", {"id": "CR", "fixes_defect": 1, "critical_to": [], "cost_impact_gbp": 1}]"#,
            "[]",
            "",
        ]
        for (index, text) in bad.enumerated() {
            let path = try Self.write(text, "bad\(index).json", in: directory)
            #expect(!Self.agree(files, [path], chunks: [1, 64, 1 << 16]))
        }
        let rows = (0..<50).map { "CR\($0),true,,\($0)" }
        let badCSV = [
            "id,fixes_defect,critical_to,cost_impact_gbp\n" + rows.joined(separator: "\n") + "\nCR,maybe,,1\n",
            "id,fixes_defect,critical_to,cost_impact_gbp\n" + rows.joined(separator: "\n") + "\nCR,true,,1,2\n",
            "id,fixes_defect,critical_to,cost_impact_gbp\n" + rows.joined(separator: "\n") + "\n\"CR,true,,1\n",
            "id,fixes_defect,critical_to,cost_impact_gbp\n",
        ]
        for (index, text) in badCSV.enumerated() {
            let path = try Self.write(text, "bad\(index).csv", in: directory)
            #expect(!Self.agree(files, [path], chunks: [1, 64, 1 << 16]))
        }
        // A good file before a bad one: the files as a whole are left to the precise readers.
        let before = try Self.write("[" + good.joined(separator: ",") + "]", "good.json", in: directory)
        let after = try Self.write("[" + good.joined(separator: ",") + ",]", "worse.json", in: directory)
        #expect(Self.streamed(files, [before, after], chunkBytes: 100) == nil)
    }

    @Test func whatItDoesNotStreamIsLeftToTheLoader() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.files(typeName: "ticket")
        let unnamed = try Self.write(#"[{"id": "CR1", "fixes_defect": true, "critical_to": [], "cost_impact_gbp": 1}]"#, "records.txt", in: directory)
        #expect(Self.loaded(files, [unnamed]) != nil)
        #expect(Self.streamed(files, [unnamed], chunkBytes: 1 << 16) == nil)
        #expect(Self.streamed(files, [directory.appendingPathComponent("missing.json").path], chunkBytes: 1 << 16) == nil)
        #expect(Self.streamed(files, [directory.path + "/"], chunkBytes: 1 << 16) == nil)
        #expect(Self.streamed(files, ["-"], chunkBytes: 1 << 16) == nil)
    }

    @Test func onlyRulebooksThatReadOtherRecordsAreNotStreamed() throws {
        let plain = try #require(Self.checked(Self.rulebook + """

            rule cheap "Cheap" {
              for ticket t
              require t.cost_impact_gbp < 10
            }
            """))
        #expect(Program(plain).readsOtherRecords == false)
        let across = try #require(Self.checked(Self.rulebook + """

            rule unique "Unique" {
              for ticket t
              require count(tickets) >= 1
            }
            """))
        #expect(Program(across).readsOtherRecords)
    }
}
