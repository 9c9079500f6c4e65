@testable import Charter
import Foundation

/// What every harness shares: the repository it runs in, and the MHHS rulebook and example
/// records loaded and compiled once, so that each input pays only for its own work.
enum FuzzSupport {
    /// The repository root: `CHARTER_ROOT` when the script sets it, else two folders up from
    /// this file (Fuzz/Support/), else the working directory.
    static let repository: String = {
        if let root = ProcessInfo.processInfo.environment["CHARTER_ROOT"], !root.isEmpty { return root }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: here.appendingPathComponent("rules").path) { return here.path }
        return FileManager.default.currentDirectoryPath
    }()

    static func path(_ relative: String) -> String { (repository as NSString).appendingPathComponent(relative) }

    /// The text of a fuzzed rule file as `RulebookLoader` would take it, or nil for bytes it
    /// would refuse (not UTF-8, NUL bytes) before parsing.
    static func decodedText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
        switch SourceDecoder.decode(Array(UnsafeBufferPointer(start: data, count: size))) {
        case .success(let text): text
        case .failure: nil
        }
    }

    static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The input as text, invalid UTF-8 replaced, as a terminal line reader would hand it over.
    static func lossyText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }
}

/// A record file as it is on disk, read once.
struct RecordFile {
    let path: String
    let bytes: [UInt8]
    /// The `--type` and `--date-format` the examples README gives for it.
    let typeName: String?
    let dateFormat: DateFormat
}

/// The MHHS rulebook (`rules/`), checked and compiled, and the example records read and decoded.
final class MHHSBase {
    let loaded: RulebookLoader.Result
    let program: Program
    let processes: [String: ProcessModel]
    let recordFiles: [RecordFile]
    let records: [LoadedRecord]
    /// What checking the rulebook reported of each rule, for checking files laid over it.
    let overlay: OverlayBase
    /// What the rulebook gives the example records, for comparing another rulebook with it.
    let results: OutcomeDiff.SideResults

    /// Loaded on first use; a harness that finds the rulebook unusable stops at once, since
    /// every input would otherwise be judged against nothing.
    nonisolated(unsafe) static let shared = MHHSBase()

    private init() {
        var loaded = RulebookLoader().load(paths: [FuzzSupport.path("rules")])
        let checked = loaded.check()
        guard loaded.unreadable.isEmpty, let checked else {
            fatalError("the MHHS rulebook under \(FuzzSupport.path("rules")) does not load cleanly")
        }
        self.loaded = loaded
        overlay = OverlayBase(loaded.rulebook)
        program = Program(checked)
        processes = program.processes()
        recordFiles = MHHSBase.exampleRecordFiles()
        records = MHHSBase.decode(recordFiles, program: program).records
        guard !records.isEmpty else { fatalError("no example records under \(FuzzSupport.path("examples"))") }
        results = OutcomeDiff.SideResults(.init(program: program, processes: processes), records: records, asOf: nil)
    }

    static func exampleRecordFiles() -> [RecordFile] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: FuzzSupport.path("examples"))) ?? []).sorted()
        let crs = ((try? FileManager.default.contentsOfDirectory(atPath: FuzzSupport.path("examples/change_requests"))) ?? []).sorted()
        var files: [RecordFile] = []
        for relative in names.map({ "examples/\($0)" }) + crs.map({ "examples/change_requests/\($0)" }) {
            guard let data = FileManager.default.contents(atPath: FuzzSupport.path(relative)) else { continue }
            if relative.hasSuffix(".json") {
                files.append(RecordFile(path: relative, bytes: [UInt8](data), typeName: nil, dateFormat: .iso))
            } else if relative.hasSuffix(".csv"), let format = try? DateFormat("dd/mm/yyyy") {
                files.append(RecordFile(path: relative, bytes: [UInt8](data), typeName: "change_request", dateFormat: format))
            }
        }
        return files
    }

    /// The records of `files` decoded against `program`'s shapes, as `check` would load them.
    static func decode(_ files: [RecordFile], program: Program) -> (records: [LoadedRecord], errors: [RecordFileError]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        for file in files {
            RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: file.dateFormat, typeName: file.typeName)
                .load(bytes: file.bytes, path: file.path, into: &records, errors: &errors)
        }
        return (records, errors)
    }
}

/// What `check`, `status` and `explain` do with records once loaded, with the output built and
/// thrown away: every verdict, each process's status and route, and an explanation of each
/// rule in `explained` (every rule of the record's type when nil).
enum RecordWork {
    static func run(_ records: [LoadedRecord], program: Program, processes: [String: ProcessModel],
                    rulebook: Rulebook, files: SourceFiles, explained: Set<String>?, maxExplained: Int = 8) {
        var sink = 0
        let reports = program.check(records)
        sink &+= CheckSummary(reports).failed
        for report in reports {
            for verdict in report.verdicts { sink &+= verdict.message?.utf8.count ?? 0 }
        }
        for record in records {
            for name in processes.keys.sorted() {
                guard let process = processes[name] else { continue }
                if let shape = process.shape, shape != record.value.shape { continue }
                let status = process.status(of: record.value, program: program, asOf: nil)
                sink &+= status.violations.count &+ status.next.count
                let route = process.route(of: record.value, program: program, asOf: nil)
                sink &+= route.path.utf8.count
            }
        }
        var explainedCount = 0
        for rule in program.rules where explained?.contains(rule.name) ?? true {
            guard explainedCount < maxExplained,
                  let explainer = program.explainer(rule: rule.name, rulebook: rulebook, files: files) else { continue }
            for record in records where explainer.applies(to: record.value) && explainedCount < maxExplained {
                explainedCount += 1
                let explanation = explainer.explain(record.value)
                sink &+= explanation.text(indent: 2).utf8.count
                sink &+= explanation.jsonMembers().count
            }
        }
        FuzzSink.keep(sink)
    }
}

/// Keeps the optimiser from dropping work whose results a harness does not otherwise use.
enum FuzzSink {
    nonisolated(unsafe) static var total = 0
    static func keep(_ value: Int) { total &+= value }
}
