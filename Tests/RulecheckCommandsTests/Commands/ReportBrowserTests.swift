@testable import RulecheckCommands
import Foundation
import Testing

/// `report` read by a real browser, an implementation independent of Charter's: headless
/// Chromium loads the page, runs its script, and dumps the DOM it built; every register row
/// agrees with `check --format json` on the same records (the record, its outcome, one reason
/// per failure), and the browser's screenshot of the page is kept under `.build/artefacts/`.
///
/// Chromium is found through `CHARTER_ORACLE_CHROMIUM` (set by `.ci/run`, which installs the
/// Debian package `chromium` when it is missing) or on the usual paths. Without it the test is
/// skipped, except in CI (`CI=true`), where a missing browser is a failure.
@Suite struct ReportBrowserTests {
    static let repository = CalendarOracleTests.repository

    static let chromium: String? = {
        let environment = ProcessInfo.processInfo.environment
        return [environment["CHARTER_ORACLE_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test func theBrowserIsThereInCI() {
        if CalendarOracleTests.inCI { #expect(Self.chromium != nil, "CI must install Chromium (.ci/run sets CHARTER_ORACLE_CHROMIUM)") }
    }

    /// Runs the browser headless on `arguments`, giving up after a minute; its standard output.
    static func browse(_ executable: String, _ arguments: [String], profile: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(profile.path)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    static let records = ["examples/change_requests", "examples/dag_2024-03-13.json", "examples/cr043_impact_assessment.json"]

    @Test(.enabled(if: chromium != nil, "needs Chromium (the Debian package `chromium`)"))
    func theRenderedRegisterAgreesWithCheck() throws {
        let chromium = try #require(Self.chromium)
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("charter-report-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let page = work.appendingPathComponent("report.html")
        let files = try Self.records.flatMap { path -> [String] in
            let url = Self.repository.appendingPathComponent(path)
            guard path.hasSuffix("change_requests") else { return [url.path] }
            return try fm.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".json") }.sorted().map { url.appendingPathComponent($0).path }
        }
        let rules = ["--rules", Self.repository.appendingPathComponent("rules").path, "--as-of", "2024-03-13"]
        let reportIO = CapturedIO()
        #expect(Driver.run(arguments: ["report"] + files + rules + ["--out", page.path], io: reportIO) == 0, "\(reportIO.errors)")
        let checkIO = CapturedIO()
        _ = Driver.run(arguments: ["check", "--format", "json"] + files + rules, io: checkIO)
        let checked = try #require(try JSONSerialization.jsonObject(with: Data(checkIO.output.utf8)) as? [String: Any])
        let records = try #require(checked["records"] as? [[String: Any]])

        let dom = try Self.browse(chromium, ["--dump-dom", page.absoluteString], profile: work.appendingPathComponent("profile"))
        #expect(dom.contains("<h2>Register of records</h2>"), "the browser rendered the page")
        let table = try #require(dom.range(of: "<table id=\"register-table\"").map { dom[$0.lowerBound...] })
        let body = table.components(separatedBy: "</table>").first ?? ""
        let rows = body.components(separatedBy: "<tr data-record=\"").dropFirst()
        #expect(rows.count == records.count)
        for (row, record) in zip(rows, records) {
            let id = try #require(record["id"] as? String)
            let outcome = try #require(record["outcome"] as? String)
            #expect(row.hasPrefix(Self.escaped(id, attribute: true) + "\" data-outcome=\"\(outcome)\""), "\(id)")
            let rules = try #require(record["rules"] as? [[String: Any]])
            let failing = rules.filter { ($0["outcome"] as? String) == "fail" || ($0["outcome"] as? String) == "error" }
            let reasons = failing.map { max(1, ($0["failures"] as? [Any])?.count ?? 0) }.reduce(0, +)
            #expect(row.components(separatedBy: "<li data-rule=").count - 1 == reasons, "\(id)")
            for failure in failing.flatMap({ ($0["failures"] as? [[String: Any]]) ?? [] }) {
                let message = try #require(failure["message"] as? String)
                #expect(row.contains(Self.escaped(message)), "\(id): \(message)")
            }
        }

        let artefacts = Self.repository.appendingPathComponent(".build/artefacts")
        try fm.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let screenshot = artefacts.appendingPathComponent("report.png")
        try? fm.removeItem(at: screenshot)
        _ = try Self.browse(chromium, ["--screenshot=\(screenshot.path)", "--window-size=1280,3000", page.absoluteString],
                            profile: work.appendingPathComponent("profile-shot"))
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
    }

    /// Text as a browser serialises it in the DOM: `&`, `<` and `>` escaped, and in an
    /// attribute `"` too.
    static func escaped(_ text: String, attribute: Bool = false) -> String {
        let markup = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return attribute ? markup.replacingOccurrences(of: "\"", with: "&quot;") : markup
    }

    /// The page's own script, run by the browser: a click on the Outcome column's button sorts
    /// the register by outcome, and typing in the filter hides the rows without the text. The
    /// clicks and typing are a script the test adds to a copy of the page.
    @Test(.enabled(if: chromium != nil, "needs Chromium (the Debian package `chromium`)"))
    func theRegisterSortsAndFiltersInTheBrowser() throws {
        let chromium = try #require(Self.chromium)
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("charter-report-script-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let records = try fm.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("examples/change_requests").path)
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { Self.repository.appendingPathComponent("examples/change_requests").appendingPathComponent($0).path }
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["report"] + records + ["--rules", Self.repository.appendingPathComponent("rules").path,
                                                             "--as-of", "2024-03-13"], io: io) == 0, "\(io.errors)")
        func rendered(_ actions: String) throws -> [(id: String, hidden: Bool)] {
            let page = work.appendingPathComponent("page-\(UUID().uuidString).html")
            try io.output.replacingOccurrences(of: "</body>", with: "<script>\(actions)</script>\n</body>")
                .write(to: page, atomically: true, encoding: .utf8)
            let dom = try Self.browse(chromium, ["--dump-dom", page.absoluteString], profile: work.appendingPathComponent("profile-\(UUID().uuidString)"))
            let table = dom.components(separatedBy: "<table id=\"register-table\"").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
            return table.components(separatedBy: "<tr ").dropFirst().compactMap { row in
                guard let start = row.range(of: "data-record=\"") else { return nil }
                let id = row[start.upperBound...].prefix { $0 != "\"" }
                let tag = row.prefix { $0 != ">" }
                return (String(id), tag.contains("hidden"))
            }
        }
        let unsorted = try rendered("")
        #expect(unsorted.map(\.id) == (39...46).map { "CR0\($0)" })
        let sorted = try rendered(##"document.querySelectorAll("#register-table thead th button")[2].click();"##)
        // Ascending by outcome: "failed" before "passed".
        #expect(sorted.first?.id == "CR041")
        #expect(sorted.map(\.id).sorted() == unsorted.map(\.id).sorted())
        let filtered = try rendered(##"var f = document.getElementById("register-filter"); f.value = "freeze"; f.dispatchEvent(new Event("input"));"##)
        #expect(filtered.filter { !$0.hidden }.map(\.id) == ["CR041"])
    }
}
