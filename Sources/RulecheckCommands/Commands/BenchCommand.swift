import Charter
import Foundation

/// `rulecheck bench`: how fast rules evaluate, and how fast records load, on generated change
/// requests. The records are the same for the same N (a fixed pseudo-random sequence).
enum BenchCommand {
    static let help = """
        usage: rulecheck bench [--records N] [--repeat K] [--only evaluate|csv|json|native]

        Generates N change requests (default 200000), then measures:
          outcomes   the Change Freeze rule and an Impact Assessment support rule over records
                     already in memory: nanoseconds per record (both rules), best of K runs
          verdicts   the same, with the message of every failure interpolated
          csv        reading a CSV file of the same records, decoding and checking them
          json       the same from a JSON file
          native     the same two checks written as a Swift closure over structs, for scale
        Build with `swift build -c release` (or `swift run -c release rulecheck bench`) for
        figures that mean anything.

        exit status: 0 measured, 2 usage error

        """

    /// The rulebook the benchmark evaluates: the Change Freeze criteria as in `rules/`, and a
    /// support test over Impact Assessment counts.
    static let rulebook = """
        record change_request {
          fixes_defect: bool
          critical_to_m10: bool
          ia_yes: number
          ia_no: number
          ia_abstain: number
          ia_no_reply: number
        }
        rule change_freeze "Change Freeze criteria" {
          for change_request cr
          require cr.fixes_defect or cr.critical_to_m10
          else "{cr.id} '{cr.title}' neither fixes a defect in the design nor is critical to M10"
        }
        rule ia_support "An Impact Assessment with responses has more support than opposition" {
          for change_request cr
          when cr.ia_yes + cr.ia_no + cr.ia_abstain > 0
          require cr.ia_yes > cr.ia_no and cr.ia_yes >= 25% of (cr.ia_yes + cr.ia_no + cr.ia_abstain)
          else "{cr.id}: {cr.ia_yes} for, {cr.ia_no} against"
        }
        """

    struct Generated {
        var id: String, title: String, raised: String
        var fixesDefect: Bool, criticalToM10: Bool
        var yes: Int, no: Int, abstain: Int, noReply: Int
    }

    /// The records for `count`: a fixed linear congruential sequence, so every run sees the same.
    static func generate(_ count: Int) -> [Generated] {
        var state: UInt64 = 0x2024_0313
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            Generated(id: "CR\(index)", title: "Change \(index)",
                      raised: "202\(next(5))-\(10 + next(3))-\(10 + next(19))",
                      fixesDefect: next(10) < 8, criticalToM10: next(4) == 0,
                      yes: next(20) + 2, no: next(6), abstain: next(5), noReply: next(200))
        }
    }

    static func csv(_ records: [Generated]) -> [UInt8] {
        var out = "id,title,raiser,raised,status,fixes_defect,critical_to_m10,ia_yes,ia_no,ia_abstain,ia_no_reply\n"
        for r in records {
            out += "\(r.id),\"\(r.title), generated\",Bench,\(r.raised),Raised,\(r.fixesDefect),\(r.criticalToM10),\(r.yes),\(r.no),\(r.abstain),\(r.noReply)\n"
        }
        return Array(out.utf8)
    }

    static func json(_ records: [Generated]) -> [UInt8] {
        var out = "[\n"
        for (index, r) in records.enumerated() {
            out += #"{"type":"change_request","id":"\#(r.id)","title":"\#(r.title)","raiser":"Bench","raised":"\#(r.raised)","status":"Raised","fixes_defect":\#(r.fixesDefect),"critical_to_m10":\#(r.criticalToM10),"ia_yes":\#(r.yes),"ia_no":\#(r.no),"ia_abstain":\#(r.abstain),"ia_no_reply":\#(r.noReply)}"#
            out += index == records.count - 1 ? "\n" : ",\n"
        }
        return Array((out + "]\n").utf8)
    }

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let count: Int
        let repeats: Int
        let only: String?
        do {
            let parsed = try Arguments(arguments, options: ["records", "repeat", "only"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            guard parsed.positionals.isEmpty else { throw Arguments.UsageError(description: "bench takes no files") }
            count = try positive(parsed.value("records"), "--records", default: 200_000, max: 10_000_000)
            repeats = try positive(parsed.value("repeat"), "--repeat", default: 5, max: 100)
            only = try parsed.value("only") == nil ? nil : parsed.choice("only", among: ["evaluate", "csv", "json", "native"], default: "")
        } catch {
            return Driver.usageError("\(error)", command: "bench", io: io)
        }
        var files = SourceFiles()
        let parsed = Parser.parse(files.add(path: "<bench rules>", text: rulebook))
        guard let checked = Checker.checked(parsed.rulebook, files: files).checked else {
            io.writeError("rulecheck bench: the benchmark's own rules do not check\n")
            return Driver.ExitStatus.unusable
        }
        let program = Program(checked)
        guard let shape = program.shapeByName["change_request"], program.rules.count == 2 else {
            io.writeError("rulecheck bench: the benchmark's own rules did not compile\n")
            return Driver.ExitStatus.unusable
        }
        let generated = generate(count)
        io.write("\(count) generated change requests, 2 rules (change_freeze, ia_support)\n")

        // Evaluation over records already decoded.
        let decoder = RecordFiles(shapes: program.shapes, byName: program.shapeByName, typeName: "change_request")
        var loaded: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        decoder.load(bytes: csv(generated), path: "bench.csv", into: &loaded, errors: &errors)
        guard errors.isEmpty, loaded.count == count else {
            io.writeError("rulecheck bench: generated records did not load: \(errors.first.map { "\($0)" } ?? "")\n")
            return Driver.ExitStatus.unusable
        }
        let records = loaded.map(\.value)
        let evaluator = program.evaluator()
        let indices = evaluator.ruleIndices(for: shape)
        var failed = 0
        func measured(_ part: String) -> Bool { only == nil || only == part }
        let evaluation = !measured("evaluate") ? 0 : best(of: repeats) {
            failed = 0
            for record in records {
                for index in indices where evaluator.verdict(rule: index, on: record).outcome == .fail { failed += 1 }
            }
        }
        let expectedFailures = generated.reduce(0) { total, r in
            let freeze = r.fixesDefect || r.criticalToM10 ? 0 : 1
            let cast = r.yes + r.no + r.abstain
            let support = cast > 0 && !(r.yes > r.no && r.yes * 4 >= cast) ? 1 : 0
            return total + freeze + support
        }
        guard failed == expectedFailures || !measured("evaluate") else {
            io.writeError("rulecheck bench: \(failed) failures, but the generator made \(expectedFailures)\n")
            return Driver.ExitStatus.unusable
        }
        var outcomesFailed = 0
        let outcomes = !measured("evaluate") ? 0 : best(of: repeats) {
            outcomesFailed = 0
            for record in records {
                for index in indices where evaluator.outcome(rule: index, on: record) == .fail { outcomesFailed += 1 }
            }
        }
        if measured("evaluate") {
            io.write(line("outcomes", seconds: outcomes, count: count, extra: "\(outcomesFailed) rule failures, outcomes only"))
            io.write(line("verdicts", seconds: evaluation, count: count, extra: "\(failed) rule failures, each with its message"))
        }

        // End to end from files.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rulecheck-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in [("csv", csv(generated)), ("json", json(generated))] where measured(name) {
            let path = directory.appendingPathComponent("records.\(name)").path
            do {
                try AtomicFile.write(Data(bytes), to: path)
            } catch {
                io.writeError("rulecheck bench: \(error)\n")
                return Driver.ExitStatus.unusable
            }
            var checked = 0
            let seconds = best(of: Swift.min(repeats, 3)) {
                let (records, _) = decoder.load(paths: [path])
                checked = program.check(records).count
            }
            io.write(line(name, seconds: seconds, count: checked, extra: "\(bytes.count / 1024) KiB, read + decode + check"))
        }

        // The same checks written natively, for scale.
        guard measured("native") else { return Driver.ExitStatus.success }
        var nativeFailures = 0
        let native = best(of: repeats) {
            nativeFailures = 0
            for r in generated {
                if !(r.fixesDefect || r.criticalToM10) { nativeFailures += 1 }
                let cast = r.yes + r.no + r.abstain
                if cast > 0 && !(r.yes > r.no && r.yes * 4 >= cast) { nativeFailures += 1 }
            }
        }
        io.write(line("native", seconds: native, count: count, extra: "\(nativeFailures) rule failures"))
        return Driver.ExitStatus.success
    }

    static func positive(_ text: String?, _ name: String, default fallback: Int, max: Int) throws -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), (1...max).contains(value) else {
            throw Arguments.UsageError(description: "\(name) takes a whole number from 1 to \(max), not `\(text)`")
        }
        return value
    }

    /// The fastest of `runs` timings of `body`, in seconds.
    static func best(of runs: Int, _ body: () -> Void) -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            fastest = Swift.min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return fastest
    }

    static func line(_ name: String, seconds: Double, count: Int, extra: String) -> String {
        let perRecord = seconds * 1e9 / Double(Swift.max(count, 1))
        let rate = Double(count) / Swift.max(seconds, 1e-9)
        let padded = name.padding(toLength: 9, withPad: " ", startingAt: 0)
        return "\(padded) \(format(perRecord, 1)) ns/record  \(format(rate, 0)) records/s  \(format(seconds * 1000, 1)) ms  (\(extra))\n"
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
