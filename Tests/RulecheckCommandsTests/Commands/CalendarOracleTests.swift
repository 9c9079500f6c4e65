@testable import Charter
@testable import RulecheckCommands
import Foundation
import Testing

/// `calendar --format ics` read back by an independent iCalendar parser (Python's `icalendar`,
/// `Tests/Oracles/ics_events.py`): every meeting `calendar --format json` lists for 2024 is an
/// event on the same day, at the same local times, with the offset from UTC that British time
/// has that day, and cancelled meetings are cancelled events.
///
/// The parser is found through `CHARTER_ORACLE_PYTHON` (set by `.ci/run`, which installs it in a
/// virtual environment) or a `python3` that has it. Without one the test is skipped, except in
/// CI (`CI=true`), where a missing oracle is a failure rather than a silent pass.
@Suite struct CalendarOracleTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [environment["CHARTER_ORACLE_PYTHON"], "/usr/bin/python3", "/usr/local/bin/python3"].compactMap({ $0 }) {
            guard FileManager.default.isExecutableFile(atPath: candidate),
                  (try? run(candidate, ["-c", "import icalendar"])) != nil else { continue }
            return candidate
        }
        return nil
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return data
    }

    @Test func theOracleIsThereInCI() {
        if Self.inCI { #expect(Self.python != nil, "CI must install Python's icalendar (.ci/run sets CHARTER_ORACLE_PYTHON)") }
    }

    struct Event: Decodable {
        let uid: String
        let status: String
        let date: String
        let start: String?
        let end: String?
        let offset: Double?
        let summary: String
    }

    @Test(.enabled(if: python != nil, "needs Python's icalendar package"))
    func everyMeetingOf2024IsAnEventOnItsDay() throws {
        let python = try #require(Self.python)
        let rules = Self.repository.appendingPathComponent("rules").path
        let range = ["--from", "2024-01-01", "--to", "2024-12-31", "--rules", rules]
        let icsIO = CapturedIO(environment: ["SOURCE_DATE_EPOCH": "1709251200"])
        #expect(Driver.run(arguments: ["calendar", "--format", "ics"] + range, io: icsIO) == 0, "\(icsIO.errors)")
        let jsonIO = CapturedIO()
        #expect(Driver.run(arguments: ["calendar", "--format", "json"] + range, io: jsonIO) == 0, "\(jsonIO.errors)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("charter-\(UUID().uuidString).ics")
        try Data(icsIO.output.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = Self.repository.appendingPathComponent("Tests/Oracles/ics_events.py").path
        let events = try JSONDecoder().decode([Event].self, from: Self.run(python, [script, file.path]))

        let listing = try #require(try JSONSerialization.jsonObject(with: Data(jsonIO.output.utf8)) as? [String: Any])
        let calendars = try #require(listing["calendars"] as? [[String: Any]])
        var expected: [(group: String, date: String, start: String?, end: String?, status: String)] = []
        for calendar in calendars {
            let group = try #require(calendar["group"] as? String)
            for meeting in try #require(calendar["meetings"] as? [[String: Any]]) {
                expected.append((group, try #require(meeting["date"] as? String), meeting["start"] as? String,
                                 meeting["end"] as? String, try #require(meeting["status"] as? String)))
            }
        }
        #expect(expected.count >= 50)
        #expect(events.count == expected.count)
        #expect(Set(events.map(\.uid)).count == events.count, "UIDs are unique")
        for (meeting, event) in zip(expected, events) {
            #expect(event.uid.hasPrefix(meeting.group + "-"))
            #expect(event.date == meeting.date, "\(event.uid)")
            #expect(event.start == meeting.start, "\(event.uid)")
            #expect(event.end == meeting.end, "\(event.uid)")
            #expect((event.status == "CANCELLED") == (meeting.status == "cancelled"), "\(event.uid)")
            if let offset = event.offset {
                // British Summer Time runs from 31 March to 27 October 2024.
                let summer = meeting.date >= "2024-03-31" && meeting.date < "2024-10-27"
                #expect(offset == (summer ? 3600 : 0), "\(event.uid) on \(meeting.date)")
            }
        }
        #expect(events.contains { $0.offset == 3600 } && events.contains { $0.offset == 0 }, "timed meetings in both seasons")
    }
}
