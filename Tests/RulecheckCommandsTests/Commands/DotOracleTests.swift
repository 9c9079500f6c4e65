@testable import RulecheckCommands
import Foundation
import Testing

/// `chart --format dot` read by Graphviz itself (`dot -Tjson`), a parser independent of
/// Charter's: the governance chart, a process and the March 2024 what-if parse, and a title
/// with quotes, markup, a backslash and right-to-left script comes back as written.
///
/// Graphviz is found through `CHARTER_ORACLE_DOT` (set by `.ci/run`, which installs the Debian
/// package `graphviz` when it is missing) or on the usual paths; without it the test is
/// skipped, except in CI.
@Suite struct DotOracleTests {
    static let repository = CalendarOracleTests.repository

    static let dot: String? = {
        let environment = ProcessInfo.processInfo.environment
        return [environment["CHARTER_ORACLE_DOT"], "/usr/bin/dot", "/usr/local/bin/dot"].compactMap { $0 }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test func graphvizIsThereInCI() {
        if CalendarOracleTests.inCI { #expect(Self.dot != nil, "CI must install Graphviz (.ci/run sets CHARTER_ORACLE_DOT)") }
    }

    /// The objects Graphviz read from `source`, by name, with their labels' escapes undone.
    static func labels(_ source: String, dot: String) throws -> (graph: String, nodes: [String: String]) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("charter-\(UUID().uuidString).dot")
        try Data(source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let data = try CalendarOracleTests.run(dot, ["-Tjson", file.path])
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func unescaped(_ label: String) -> String {
            var out = ""
            var escaped = false
            for character in label {
                if escaped {
                    out.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        var nodes: [String: String] = [:]
        for object in graph["objects"] as? [[String: Any]] ?? [] {
            if let name = object["name"] as? String, let label = object["label"] as? String { nodes[name] = unescaped(label) }
        }
        return (unescaped(graph["label"] as? String ?? ""), nodes)
    }

    static func chart(_ arguments: [String]) -> String {
        let io = CapturedIO()
        let status = Driver.run(arguments: ["chart", "--format", "dot", "--rules", repository.appendingPathComponent("rules").path]
                                + arguments.map { $0.hasSuffix(".charter") ? repository.appendingPathComponent($0).path : $0 }, io: io)
        #expect(status == 0, "\(io.errors)")
        return io.output
    }

    @Test(.enabled(if: dot != nil, "needs Graphviz's dot"))
    func theShippedChartsParse() throws {
        let dot = try #require(Self.dot)
        let governance = try Self.labels(Self.chart([]), dot: dot)
        #expect(governance.nodes["g_SITAG"]?.hasPrefix("SITAG\nSystems Integration") == true)
        #expect(governance.nodes.count >= 25)
        let process = try Self.labels(Self.chart(["--process", "change_control"]), dot: dot)
        #expect(process.nodes["s_board_assessment"]?.contains("check change_freeze, freeze_form") == true)
        let whatIf = try Self.labels(Self.chart(["--process", "change_control", "--before", "examples/what-if/march-2024/before.charter",
                                                 "--after", "examples/what-if/march-2024/after.charter"]), dot: dot)
        #expect(whatIf.nodes["s_issue_decision"]?.hasPrefix("removed\nissue_decision") == true)
    }

    @Test(.enabled(if: dot != nil, "needs Graphviz's dot"))
    func awkwardTitlesComeBackAsWritten() throws {
        let dot = try #require(Self.dot)
        let fm = FileManager.default
        let rules = fm.temporaryDirectory.appendingPathComponent("charter-dot-\(UUID().uuidString).charter")
        try #"""
            charter "Programme <b>&\"x\" \\N" { sponsor Funder }
            role Funder "Funder"
            level 1 "Top"
            level 2 "Below"
            group G "Board \"Friends\" \\N" { level 2  decides }
            """#.write(to: rules, atomically: true, encoding: .utf8)
        defer { try? fm.removeItem(at: rules) }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["chart", "--format", "dot", "--rules", rules.path], io: io) == 0, "\(io.errors)")
        let read = try Self.labels(io.output, dot: dot)
        #expect(read.graph == #"Programme <b>&"x" \N: governance and decision-making structure"#)
        #expect(read.nodes["g_G"] == "G\n" + #"Board "Friends" \N"#)
    }
}
