@testable import RulecheckCommands
import Foundation
import Testing

/// The pictures under `docs/` that the README shows are what `rulecheck chart` draws from
/// `rules/` now: a change to the rules or to the chart that is not drawn again fails here.
@Suite struct DocsPicturesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func drawn(_ arguments: [String]) -> String {
        let io = CapturedIO()
        let paths = arguments.map { $0.hasSuffix(".charter") ? repository.appendingPathComponent($0).path : $0 }
        let status = Driver.run(arguments: ["chart", "--rules", repository.appendingPathComponent("rules").path] + paths, io: io)
        #expect(status == 0, "\(io.errors)")
        return io.output
    }

    @Test(arguments: [
        ("docs/governance-chart.svg", [String]()),
        ("docs/change-control-march-2024.svg", ["--process", "change_control",
                                                "--before", "examples/what-if/march-2024/before.charter",
                                                "--after", "examples/what-if/march-2024/after.charter"]),
    ])
    func thePictureIsUpToDate(_ path: String, _ arguments: [String]) throws {
        let stored = try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
        let command = (["swift", "run", "rulecheck", "chart"] + arguments + ["--out", path]).joined(separator: " ")
        #expect(stored == Self.drawn(arguments), "\(path) is out of date: run `\(command)`")
    }
}
