@testable import Charter
import Foundation
import Testing

/// The fast readers (`JSONRecordScanner`, `CSVRecordScanner`) against the precise ones
/// (`JSONReader`/`CSVReader` and `RecordDecoder`): on every record file of the examples and the
/// golden cases, on generated files and on mangled copies of them, loading the fast way gives
/// exactly the records, errors and warnings of loading the precise way.
@Suite struct FastReadingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The MHHS rulebook of `rules/`, compiled.
    static func mhhsProgram() -> Program? {
        var loaded = RulebookLoader().load(paths: [root.appendingPathComponent("rules").path])
        return loaded.check().map { Program($0) }
    }

    /// What loading `bytes` as `path` gives, as text to compare: each record (its fields,
    /// file and place), each error and each warning with its line and column.
    static func outcome(_ files: RecordFiles, _ bytes: [UInt8], path: String) -> (records: [String], errors: [String]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        var warnings: [RecordFileError] = []
        files.load(bytes: bytes, path: path, into: &records, errors: &errors, warnings: &warnings)
        let described = (errors + warnings).map { "\($0.severity) \($0.code.id) \($0.description) @\($0.line ?? 0):\($0.column ?? 0) field \($0.csvField ?? -1)" }
        return (records.map { "\($0.file) \($0.place) \($0.value)" }, described)
    }

    /// Expects the fast and the precise way to agree on `bytes`; returns whether the file
    /// loaded without an error.
    @discardableResult
    static func agree(_ files: RecordFiles, _ bytes: [UInt8], path: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var precise = files
        precise.readsFast = false
        let slow = outcome(precise, bytes, path: path)
        let fast = outcome(files, bytes, path: path)
        #expect(fast.records == slow.records, "\(path): the records differ", sourceLocation: sourceLocation)
        #expect(fast.errors == slow.errors, "\(path): the errors differ", sourceLocation: sourceLocation)
        return slow.errors.allSatisfy { !$0.hasPrefix("error") }
    }

    /// Whether the fast reader reads `bytes` by itself, with no second pass.
    static func readsFast(_ files: RecordFiles, _ bytes: [UInt8], path: String) -> Bool {
        switch files.format(of: bytes, path: path) {
        case .json: JSONRecordScanner.records(bytes, path: path, files: files) != nil
        case .csv: CSVRecordScanner.records(bytes, path: path, files: files) != nil
        case .xlsx: false
        }
    }

    /// The record files (`.json`, `.csv`) under `folder`.
    static func recordFiles(under folder: URL) -> [URL] {
        let found = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return found.filter { ["json", "csv"].contains($0.pathExtension) && !$0.lastPathComponent.hasSuffix(".test.json") }
            .sorted { $0.path < $1.path }
    }

    /// Each rulebook a golden case's record file may be read against: the MHHS rules, and each
    /// `.charter` file beside it that checks.
    static func programs(beside file: URL) -> [Program] {
        let folder = file.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var programs = mhhsProgram().map { [$0] } ?? []
        for name in names.sorted() where name.hasSuffix(".charter") {
            var loaded = RulebookLoader().load(paths: [folder.appendingPathComponent(name).path])
            if let checked = loaded.check() { programs.append(Program(checked)) }
        }
        return programs
    }

    /// Every record file of the examples and of the golden cases.
    static func exampleAndGoldenRecordFiles() -> [URL] {
        recordFiles(under: root.appendingPathComponent("examples"))
            + recordFiles(under: root.appendingPathComponent("Tests/GoldenTests/Cases"))
    }

    @Test func theExamplesAndGoldenRecordFilesReadAlike() throws {
        let files = Self.exampleAndGoldenRecordFiles()
        #expect(files.count > 40)
        var clean = 0, fast = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            for program in Self.programs(beside: file) {
                for type in [nil, "change_request", "meeting"] as [String?] {
                    let reader = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: type)
                    guard Self.agree(reader, bytes, path: file.path) else { continue }
                    clean += 1
                    if Self.readsFast(reader, bytes, path: file.path) { fast += 1 }
                }
            }
        }
        // Every file that loads without an error is read in one pass.
        #expect(clean > 40)
        #expect(fast == clean)
    }

    // MARK: - Generated files

    static let rulebook = """
        record change_request {
          fixes_defect: bool
          critical_to: list of text
          cost_impact_gbp: number
          affects: list of text
          ia_yes: number
          ia_no: number
          ia_abstain: number?
          decided: date?
          vote: one of "yes", "no"
          board: group?
          items: list of { n: number  note: text? }
        }
        group PSG "Programme Steering Group" { decides }
        """

    static func program() throws -> Program {
        var files = SourceFiles()
        let parsed = Parser.parse(files.add(path: "fast.charter", text: rulebook))
        return Program(try #require(Checker.checked(parsed.rulebook, files: files).checked))
    }

    /// A fixed pseudo-random sequence.
    struct Sequence {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// `count` change requests as a JSON array, pretty-printed (one key a line) when `pretty`.
    static func json(_ count: Int, pretty: Bool, seed: UInt64 = 7) -> [UInt8] {
        var random = Sequence(state: seed)
        let texts = ["M10", "PSG", "caf\u{E9}", "a \\\"quoted\\\" \\u00e9 \\ud83d\\ude00 word", "", "tab\\tand\\nline"]
        var records: [String] = []
        for index in 0..<count {
            var fields = [
                #""type": "change_request""#, #""id": "CR\#(index)""#, #""title": "\#(texts[random.next(texts.count)])""#,
                #""raiser": "Bench""#, #""raised": "202\#(3 + random.next(2))-0\#(1 + random.next(9))-1\#(random.next(10))""#,
                #""status": "Raised""#, #""fixes_defect": \#(random.next(2) == 0)"#,
                #""critical_to": [\#((0..<random.next(3)).map { _ in "\"\(texts[random.next(3)])\"" }.joined(separator: ", "))]"#,
                #""cost_impact_gbp": \#(["0", "-12.50", "1000000", "999999999999999999", "0.125"][random.next(5)])"#,
                #""ia_yes": \#(random.next(12))"#, #""ia_no": \#(random.next(6))"#,
                #""vote": "\#(["yes", "no"][random.next(2)])""#,
            ]
            if random.next(3) > 0 { fields.append(#""ia_abstain": \#(random.next(2) == 0 ? "null" : "\(random.next(4))")"#) }
            if random.next(2) == 0 { fields.append(#""decided": "2024-02-2\#(random.next(10))""#) }
            if random.next(2) == 0 { fields.append(#""board": "PSG""#) }
            if random.next(2) == 0 { fields.append(#""items": [{"n": 1, "note": "x"}, {"note": null, "n": 2}]"#) }
            if random.next(2) == 0 { fields.append(#""affects": ["PSG"]"#) }
            // Now and then the type comes later in the record, or the keys in another order.
            if random.next(8) == 0 { fields.swapAt(0, 1 + random.next(fields.count - 1)) }
            if random.next(8) == 0 { fields.swapAt(2, 3) }
            records.append(pretty ? "  {\n    " + fields.joined(separator: ",\n    ") + "\n  }" : "{" + fields.joined(separator: ",") + "}")
        }
        return Array(((pretty ? "[\n" : "[") + records.joined(separator: pretty ? ",\n" : ",") + (pretty ? "\n]\n" : "]")).utf8)
    }

    @Test func generatedJSONReadsAlikeAndFast() throws {
        let program = try Self.program()
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName)
        for pretty in [false, true] {
            let bytes = Self.json(300, pretty: pretty)
            let clean = Self.agree(files, bytes, path: "generated.json")
            #expect(clean, "\(Self.outcome(files, bytes, path: "generated.json").errors.prefix(3))")
            #expect(Self.readsFast(files, bytes, path: "generated.json"))
            #expect(Self.outcome(files, bytes, path: "generated.json").records.count == 300)
        }
    }

    /// Copies of `bytes` each with one small fault: a byte dropped, doubled or replaced by
    /// one of the bytes that matter to JSON and CSV.
    static func mangled(_ bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = Sequence(state: seed)
        let replacements = Array("\"\\,;:{}[]\n\r\t -.0e9aZ".utf8) + [0x00, 0xC3, 0xFF, 0x80]
        return (0..<count).map { _ in
            var copy = bytes
            let at = random.next(copy.count)
            switch random.next(3) {
            case 0: copy.remove(at: at)
            case 1: copy.insert(copy[at], at: at)
            default: copy[at] = replacements[random.next(replacements.count)]
            }
            return copy
        }
    }

    @Test func mangledJSONReadsAlike() throws {
        let program = try Self.program()
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName)
        let typed = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        for (index, bytes) in Self.mangled(Self.json(6, pretty: true), count: 400, seed: 11).enumerated() {
            Self.agree(index % 2 == 0 ? files : typed, bytes, path: "mangled.json")
        }
        if let mhhs = Self.mhhsProgram() {
            let reader = RecordFiles(shapes: mhhs.shapes, byName: mhhs.shapeByName)
            let dag = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("examples/dag_2024-03-13.json")))
            for bytes in Self.mangled(dag, count: 150, seed: 12) { Self.agree(reader, bytes, path: "dag.json") }
        }
    }

    /// `count` change requests as CSV: quoted cells with commas, quotes and line breaks,
    /// lists, empty optional cells, blank rows, CRLF line ends now and then, and a trailing
    /// column with no header.
    static func csv(_ count: Int, seed: UInt64 = 5, delimiter: String = ",") -> [UInt8] {
        var random = Sequence(state: seed)
        let d = delimiter
        let titles = ["plain", "\"with\(d) a delimiter\"", "\"a \"\"quote\"\"\"", "\"two\nlines\"", " padded ", "caf\u{E9}", ""]
        var out = "\u{FEFF}id\(d)title\(d)raiser\(d)raised\(d)status\(d)fixes_defect\(d)critical_to\(d)cost_impact_gbp\(d)affects\(d)ia_yes\(d)ia_no\(d)ia_abstain\(d)decided\(d)vote\(d)board\(d)\n"
        for index in 0..<count {
            let cells = [
                "CR\(index)", titles[random.next(titles.count)], "Bench", "202\(3 + random.next(2))-0\(1 + random.next(9))-1\(random.next(10))",
                "Raised", ["true", "false", " true", "yes", "N"][random.next(5)],
                ["", "M10", "\"M10;M5\"", "\" M5 ; M8 \"", "\"M10;;M5\""][random.next(5)],
                ["0", "-12.50", "1000000", "\"1,000,000\"", "999999999999999999", " 7 "][random.next(6)],
                ["PSG", "", "\"PSG;DAG\""][random.next(3)], "\(random.next(12))", "\(random.next(6))",
                ["", "3", " "][random.next(3)], ["", "2024-02-20", " 2024-02-21"][random.next(3)],
                ["yes", "no"][random.next(2)], ["", "PSG"][random.next(2)], "",
            ]
            out += cells.joined(separator: d) + (random.next(5) == 0 ? "\r\n" : "\n")
            if random.next(20) == 0 { out += random.next(2) == 0 ? "\n" : String(repeating: d, count: 15) + "\n" }
        }
        return Array(out.utf8)
    }

    @Test func generatedCSVReadsAlikeAndFast() throws {
        let program = try Self.program()
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        for delimiter in [",", ";", "\t"] {
            let bytes = Self.csv(300, delimiter: delimiter)
            let clean = Self.agree(files, bytes, path: "generated.csv")
            #expect(clean, "\(Self.outcome(files, bytes, path: "generated.csv").errors.prefix(3))")
            #expect(Self.readsFast(files, bytes, path: "generated.csv"))
            #expect(Self.outcome(files, bytes, path: "generated.csv").records.count == 300)
        }
        let strict = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request",
                                 options: .init(strict: true))
        Self.agree(strict, Self.csv(20), path: "strict.csv")
    }

    @Test func mangledCSVReadsAlike() throws {
        let program = try Self.program()
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        for bytes in Self.mangled(Self.csv(8), count: 500, seed: 13) {
            Self.agree(files, bytes, path: "mangled.csv")
        }
        if let mhhs = Self.mhhsProgram() {
            let reader = RecordFiles(shapes: mhhs.shapes, byName: mhhs.shapeByName, dateFormat: try DateFormat("dd/mm/yyyy"),
                                     typeName: "change_request")
            let register = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("examples/cr_register.csv")))
            let clean = Self.agree(reader, register, path: "register.csv")
            #expect(clean)
            #expect(Self.readsFast(reader, register, path: "register.csv"))
            for bytes in Self.mangled(register, count: 150, seed: 14) { Self.agree(reader, bytes, path: "register.csv") }
        }
    }

    /// Files at the edges of what the fast readers take: each loads as the precise way loads it.
    @Test func edgeCasesReadAlike() throws {
        let program = try Self.program()
        let files = RecordFiles(shapes: program.shapes, byName: program.shapeByName)
        let typed = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        let base = #""id": "CR1", "title": "t", "raiser": "r", "raised": "2024-01-02", "status": "s", "fixes_defect": true, "cost_impact_gbp": 1, "ia_yes": 1, "ia_no": 0, "vote": "yes""#
        let json = [
            "[{\"type\": \"change_request\", \(base)}]", "{\"type\": \"change_request\", \(base)}", "[]", "{}", "[{}]", "",
            "\u{FEFF}[{\(base), \"type\": \"change_request\"}]", "[{\"type\": \"change_request\", \(base), \"type\": \"change_request\"}]",
            "[{\"type\": \"change_request\", \(base), \"id\": \"CR2\"}]", "[{\"type\": \"meeting\", \(base)}]",
            "[{\"type\": \"change_requests\", \(base)}]", "[{\"type\": 1, \(base)}]", "[{\"typ\\u0065\": \"change_request\", \(base)}]",
            "[{\"type\": \"change_request\", \(base), \"cost_impact_gbp\": 1e3}]".replacingOccurrences(of: "\"cost_impact_gbp\": 1,", with: ""),
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"ia_yes\": 1", with: "\"ia_yes\": 1234567890123456789"))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"ia_yes\": 1", with: "\"ia_yes\": -0.50"))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"ia_yes\": 1", with: "\"ia_yes\": 01"))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"ia_yes\": 1", with: "\"ia_yes\": 1."))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "true", with: "truex"))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "2024-01-02", with: "2024-02-30"))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"yes\"", with: "\"maybe\""))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"t\"", with: "\"a\\qb\""))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"t\"", with: "\"\\ud800\""))}]",
            "[{\"type\": \"change_request\", \(base.replacingOccurrences(of: "\"t\"", with: "\"caf\u{E9}\""))}]",
            "[{\"type\": \"change_request\", \(base), \"board\": \"PSX\"}]", "[{\"type\": \"change_request\", \(base), \"ia_abstain\": null}]",
            "[{\"type\": \"change_request\", \(base), \"items\": [{\"n\": 1, \"type\": 2}]}]",
            "[{\"type\": \"change_request\", \(base), \"critical_to\": [\"M10\", 5]}]", "[{\"type\": \"change_request\", \(base)}] x",
            "[{\"type\": \"change_request\", \(base)},]", "[{\"type\": \"change_request\", \(base)}", "\(String(repeating: "[", count: 300))",
        ]
        for (index, text) in json.enumerated() {
            Self.agree(index % 2 == 0 ? files : typed, Array(text.utf8), path: "edge\(index).json")
            Self.agree(index % 2 == 0 ? typed : files, Array(text.utf8), path: "edge\(index).json")
        }
        let header = "id,title,raiser,raised,status,fixes_defect,cost_impact_gbp,ia_yes,ia_no,vote"
        let row = "CR1,t,r,2024-01-02,s,true,1,1,0,yes"
        let csv = [
            "\(header)\n\(row)\n", "\(header)\r\n\(row)", "\(header)\r\(row)\r", "\(header)\n", "", "\n\n\(header)\n\n\(row)\n\n",
            "\(header),\n\(row)\n", "\(header),,\n\(row),,x\n", "\(header)\n\(row),1\n", "\(header)\n\(row.dropLast(4))\n",
            "\(header)\n\"CR1\",\"a \"\"b\"\"\",r,2024-01-02,s,true,1,1,0,yes\n", "\(header)\n\"CR1\"x,t,r,2024-01-02,s,true,1,1,0,yes\n",
            "\(header)\n\"CR1,t,r\n", "\(header)\nC\"R1,t,r,2024-01-02,s,true,1,1,0,yes\n", "\(header),type\n\(row),change_request\n",
            "\(header),type\n\(row),meeting\n", "\(header),type\n\(row),\n", "\(header),extra\n\(row),1\n",
            "\(header)\n\(row.replacingOccurrences(of: "true", with: " yes "))\n", "\(header)\n\(row.replacingOccurrences(of: ",1,1,", with: ",\"1,000\",1,"))\n",
            "\(header)\n\(row.replacingOccurrences(of: "2024-01-02", with: "2024-13-02"))\n", "\(header)\n\(row.replacingOccurrences(of: "t,r", with: "caf\u{E9},r"))\n",
            "\(header)\n\(row.replacingOccurrences(of: ",1,1,", with: ",1234567890123456789,1,"))\n", "\(header)\n\(row)\n,,,,,,,,,\n\(row)",
            "\u{FEFF}\(header.replacingOccurrences(of: ",", with: ";"))\n\(row.replacingOccurrences(of: ",", with: ";"))\n",
        ]
        for (index, text) in csv.enumerated() {
            Self.agree(typed, Array(text.utf8), path: "edge\(index).csv")
            Self.agree(files, Array(text.utf8), path: "edge\(index).csv")
        }
        var invalid = Array("\(header)\n\(row)\n".utf8)
        invalid[header.utf8.count + 3] = 0xC3
        Self.agree(typed, invalid, path: "invalid.csv")
        Self.agree(typed, [0xFF, 0xFE] + Array("a".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, path: "utf16.csv")
    }
}
