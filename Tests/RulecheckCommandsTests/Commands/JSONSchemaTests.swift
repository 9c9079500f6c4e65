import Foundation
import RulecheckCommands
import Testing

/// Every command's `--format json` output against the schema the README documents: the
/// top-level shape and keys, in order, for a report and for a command that cannot run.
@Suite struct JSONSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The README's table: command → (is an array, keys).
    static func documented() throws -> [String: (array: Bool, keys: [String])] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- json-schema -->"))
        let end = try #require(readme.range(of: "<!-- /json-schema -->"))
        var table: [String: (Bool, [String])] = [:]
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[1].contains(":") else { continue }
            let command = cells[0].replacingOccurrences(of: "`", with: "")
            let (kind, keys) = (cells[1].prefix { $0 != ":" }, cells[1].drop { $0 != ":" }.dropFirst())
            table[command] = (kind.hasPrefix("array"), keys.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
            })
        }
        return table
    }

    /// The keys of the document (of its first element, for an array), in order.
    static func shape(_ output: String) throws -> (array: Bool, keys: [String]) {
        // JSONSerialization loses key order; the order is read from the text, one level deep.
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
        let isArray = object is [Any]
        var keys: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        let wanted = isArray ? 2 : 1
        var sawFirst = false
        var lastString = ""
        for character in output {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false; lastString = current } else { current.append(character) }
                continue
            }
            switch character {
            case "\"": inString = true; current = ""
            case "{", "[":
                depth += 1
            case "}", "]":
                if depth == wanted && character == "}" { sawFirst = true }
                depth -= 1
            case ":" where depth == wanted && !sawFirst: keys.append(lastString)
            default: break
            }
        }
        return (isArray, keys)
    }

    static let rules = ["--rules", path("rules")]
    static let cases: [(command: String, arguments: [String])] = [
        ("check", ["check"] + rules + ["--format", "json", path("examples/change_requests/CR041.json")]),
        ("explain", ["explain"] + rules + ["--format", "json", "--rule", "change_freeze", path("examples/change_requests/CR041.json")]),
        ("status", ["status"] + rules + ["--format", "json", "--process", "change_control", path("examples/change_requests/CR043.json")]),
        ("diff", ["diff"] + rules + ["--format", "json", "--after", path("examples/what-if/march-2024"), path("examples/change_requests/CR041.json")]),
        ("calendar", ["calendar"] + rules + ["--format", "json", "DAG", "--from", "2024-03-01", "--to", "2024-03-31"]),
        ("workdays add", ["workdays"] + rules + ["--format", "json", "add", "2024-03-13", "5"]),
        ("workdays between", ["workdays"] + rules + ["--format", "json", "between", "2024-03-13", "2024-03-20"]),
        ("test", ["test", "--format", "json", path("rules/tests/change_requests.test.json")]),
    ]

    @Test(arguments: cases.map(\.command))
    func eachCommandsReportHasItsDocumentedShape(command: String) throws {
        let arguments = try #require(Self.cases.first { $0.command == command }).arguments
        let io = CapturedIO()
        let status = Driver.run(arguments: arguments, io: io)
        #expect(status == 0 || status == 1, "\(io.errors)")
        let expected = try #require(try Self.documented()[command])
        let actual = try Self.shape(io.output)
        #expect(actual.array == expected.array)
        #expect(actual.keys == expected.keys)
    }

    /// Each command, made unable to run three ways: a bad option, rules that cannot be read,
    /// and (for the commands that read records) a record file that does not load.
    @Test(arguments: cases.map(\.command))
    func eachCommandThatCannotRunPrintsTheDiagnosticsDocument(command: String) throws {
        let arguments = try #require(Self.cases.first { $0.command == command }).arguments
        let failing = [arguments + ["--no-such-option"],
                       arguments.map { $0 == Self.path("rules") ? "/no/such/rules" : $0 },
                       arguments.map { $0.hasSuffix(".json") ? Self.path("README.md") : $0 }]
        let expected = try #require(try Self.documented()["any, when it cannot run (exit 2)"])
        for failure in failing where failure != arguments {
            let io = CapturedIO()
            #expect(Driver.run(arguments: failure, io: io) == 2, "\(failure)")
            let actual = try Self.shape(io.output)
            #expect(!actual.array)
            #expect(actual.keys == expected.keys, "\(failure): \(io.output)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(io.output.utf8)) as? [String: Any])
            let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
            #expect(!diagnostics.isEmpty)
            for diagnostic in diagnostics {
                #expect(Array(diagnostic.keys).sorted() == ["code", "help", "location", "message", "notes", "severity"])
            }
        }
    }
}
