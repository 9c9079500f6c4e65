import Charter
import Foundation

/// `rulecheck bench`: how fast rules evaluate, and how fast records load, on generated change
/// requests. The records are the same for the same N (a fixed pseudo-random sequence).
enum BenchCommand {
    static let help = """
        usage: rulecheck bench [--records N] [--repeat K] [--only evaluate|csv|json|native]
               rulecheck bench --write PATH [--records N]
               rulecheck bench --rules PATH [--type NAME] [--repeat K] [--jobs N] FILE...

        Generates N change requests (default 100000), then measures:
          outcomes   two rules over records already in memory: whether a change request is
                     admissible during the Change Freeze, and whether it is recommended
                     (admissible, with more for than against and at least 5 votes cast):
                     nanoseconds per record (both rules), best of K runs
          native     the same two rules written by hand in Swift over structs, in passes
                     alternating with Charter's; the counts must agree, and the ratio is shown
          verdicts   the same rules, with the message of every failure interpolated, into
                     bytes as `check` writes it
          csv        reading a CSV file of the same records (load: wall-clock time, and the
                     CPU time of the loading thread), and checking them too
          json       the same from a JSON file
          peak memory of the whole run (getrusage maxrss)

        --write PATH writes the generated workload to the directory PATH instead of measuring
        it: its rules (bench.charter) and its records (records.json, records.csv).

        With --rules, measures those rules on the records in FILE (read as `check` reads
        them: --type, --date-format, --delimiter, --input-format, --sheet, --strict, --as-of):
          load       reading and decoding the files
          outcomes   every rule for each record's type, outcomes only
          verdicts   the same, with the message of every failure interpolated
          text out   writing the verdicts as text, and json out as JSON
          check      checking the records in memory and writing JSON, with --jobs 1, and
                     with --jobs N (default: the number of processors): the speed-up
          e2e        end to end as `check --jobs N` runs, output discarded: read, decode,
                     check, write nothing but the summary (none), text, or JSON
          peak memory of the whole run
        each in nanoseconds per record and records per second, the best of K runs (the files
        are read at most 3 times each).

        Build with `swift build -c release` (or `swift run -c release rulecheck bench`) for
        figures that mean anything.

        exit status: 0 measured, 2 usage error

        """

    /// The rulebook the benchmark evaluates: whether a change request is admissible during the
    /// Change Freeze, and whether its Impact Assessment recommends it, the second reading the
    /// first through a function.
    static let rulebook = """
        record change_request {
          fixes_defect: bool
          critical_to: list of text
          cost_impact_gbp: number
          affects: list of text
          ia_yes: number
          ia_no: number
          ia_abstain: number
        }
        def admits(cr: change_request) =
          (cr.fixes_defect or "M10" in cr.critical_to) and cr.raised >= 2023-10-01
            and not (cr.cost_impact_gbp > 1000000 and "PSG" not in cr.affects)
        rule admissible "A change is admissible during the Change Freeze" {
          for change_request cr
          require admits(cr)
          else "{cr.id} is not admissible: it neither fixes a defect nor is critical to M10, or it was raised too early, or it costs over £1m without PSG"
        }
        rule recommended "An admissible change has the support of its Impact Assessment" {
          for change_request cr
          require admits(cr) and cr.ia_yes > cr.ia_no and cr.ia_yes + cr.ia_no + cr.ia_abstain >= 5
          else "{cr.id}: {cr.ia_yes} for, {cr.ia_no} against, {cr.ia_abstain} abstaining"
        }
        """

    struct Generated {
        var id: String, title: String, raised: String
        var raisedKey: Int
        var fixesDefect: Bool, criticalTo: [String], cost: Int, affects: [String]
        var yes: Int, no: Int, abstain: Int
    }

    static let milestones = ["M5", "M8", "M10", "M11", "M14"]
    static let groups = ["PSG", "DAG", "TMAG", "CCAG", "SITAG"]

    /// The records for `count`: a fixed linear congruential sequence, so every run sees the same.
    /// About a quarter of them fail a rule (most of those `recommended` alone), as a register
    /// in use does, so that `verdicts` measures messages at that rate.
    static func generate(_ count: Int) -> [Generated] {
        var state: UInt64 = 0x2024_0313
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func some(_ names: [String]) -> [String] { names.filter { _ in next(3) == 0 } }
        return (0..<count).map { index in
            let year = next(20) == 0 ? 2023 : 2024, month = 1 + next(12), day = 10 + next(19)
            let raised = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day)"
            return Generated(id: "CR\(index)", title: "Change \(index)", raised: raised,
                             raisedKey: year * 10_000 + month * 100 + day,
                             fixesDefect: next(10) < 9, criticalTo: some(milestones),
                             cost: next(10) == 0 ? 1_000_000 + next(5_000_000) : next(1_000_000),
                             affects: some(groups), yes: 3 + next(10), no: next(6), abstain: next(4))
        }
    }

    /// The two rules written by hand over the generated structs: how many records are
    /// admissible, and how many recommended.
    @inline(never)
    static func nativeCounts(_ records: [Generated]) -> (admitted: Int, recommended: Int) {
        var admitted = 0, recommended = 0
        for r in records {
            let admits = (r.fixesDefect || r.criticalTo.contains("M10")) && r.raisedKey >= 2023_10_01
                && !(r.cost > 1_000_000 && !r.affects.contains("PSG"))
            if admits { admitted += 1 }
            if admits && r.yes > r.no && r.yes + r.no + r.abstain >= 5 { recommended += 1 }
        }
        return (admitted, recommended)
    }

    static func csv(_ records: [Generated]) -> [UInt8] {
        var out = "id,title,raiser,raised,status,fixes_defect,critical_to,cost_impact_gbp,affects,ia_yes,ia_no,ia_abstain\n"
        for r in records {
            out += "\(r.id),\"\(r.title), generated\",Bench,\(r.raised),Raised,\(r.fixesDefect),\(r.criticalTo.joined(separator: ";")),\(r.cost),\(r.affects.joined(separator: ";")),\(r.yes),\(r.no),\(r.abstain)\n"
        }
        return Array(out.utf8)
    }

    static func json(_ records: [Generated]) -> [UInt8] {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        var out = "[\n"
        for (index, r) in records.enumerated() {
            out += #"{"type":"change_request","id":"\#(r.id)","title":"\#(r.title)","raiser":"Bench","raised":"\#(r.raised)","status":"Raised","fixes_defect":\#(r.fixesDefect),"critical_to":\#(list(r.criticalTo)),"cost_impact_gbp":\#(r.cost),"affects":\#(list(r.affects)),"ia_yes":\#(r.yes),"ia_no":\#(r.no),"ia_abstain":\#(r.abstain)}"#
            out += index == records.count - 1 ? "\n" : ",\n"
        }
        return Array((out + "]\n").utf8)
    }

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        if let status = runOnFiles(arguments, io: io) { return status }
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
            count = try positive(parsed.value("records"), "--records", default: 100_000, max: 10_000_000)
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
        io.write("\(count) generated change requests, 2 rules (admissible, recommended)\n")

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
        func measured(_ part: String) -> Bool { only == nil || only == part }
        var charterBest = Double.infinity
        if measured("evaluate") || measured("native") {
            // Charter and the hand-written predicates take turns, pass by pass, so that both
            // see the same state of a loaded machine; each keeps its best pass.
            var nativeBest = Double.infinity
            var charterCounts = (admitted: 0, recommended: 0), nativeCounts = (admitted: 0, recommended: 0)
            for _ in 0..<repeats {
                charterBest = Swift.min(charterBest, best(of: 1) {
                    var passed = [0, 0]
                    for record in records {
                        for (position, index) in indices.enumerated() where evaluator.outcome(rule: index, on: record) == .pass {
                            passed[position] += 1
                        }
                    }
                    charterCounts = (passed[0], passed[1])
                })
                nativeBest = Swift.min(nativeBest, best(of: 1) { nativeCounts = Self.nativeCounts(generated) })
            }
            guard charterCounts == nativeCounts else {
                io.writeError("rulecheck bench: Charter admits \(charterCounts.admitted) and recommends \(charterCounts.recommended), but the hand-written rules admit \(nativeCounts.admitted) and recommend \(nativeCounts.recommended)\n")
                return Driver.ExitStatus.unusable
            }
            io.write(line("outcomes", seconds: charterBest, count: count, extra: "\(charterCounts.admitted) admitted, \(charterCounts.recommended) recommended"))
            io.write(line("native", seconds: nativeBest, count: count, extra: "the same two rules as Swift over structs; the same counts"))
            io.write("ratio     \(format(charterBest / Swift.max(nativeBest, 1e-9), 1))× hand-written Swift (outcomes, best of \(repeats) alternating passes)\n")
        }
        if measured("evaluate") {
            var failed = 0, failing = 0
            let verdicts = best(of: repeats) {
                failed = 0
                failing = 0
                for record in records {
                    var fails = false
                    for index in indices where evaluator.verdict(rule: index, on: record).outcome == .fail {
                        failed += 1
                        fails = true
                    }
                    if fails { failing += 1 }
                }
            }
            let share = format(100 * Double(failing) / Double(Swift.max(count, 1)), 0)
            io.write(line("verdicts", seconds: verdicts, count: count, extra: "\(failed) rule failures, each with its message; \(share)% of records fail a rule"))
            io.write("          \(format(verdicts / Swift.max(charterBest, 1e-9), 2))× outcomes (verdicts with messages against outcomes alone)\n")
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
            // The records of each run are freed before the next starts, outside its timing.
            var loadedCount = 0
            var kept: [LoadedRecord] = []
            var load = Double.infinity, loadCPU = Double.infinity
            for _ in 0..<Swift.min(repeats, 3) {
                kept = []
                let cpu = threadCPUSeconds()
                load = Swift.min(load, best(of: 1) { kept = decoder.load(paths: [path]).0 })
                loadCPU = Swift.min(loadCPU, threadCPUSeconds() - cpu)
                loadedCount = kept.count
            }
            kept = []
            io.write(line("\(name) load", seconds: load, count: loadedCount, extra: "\(bytes.count / 1024) KiB, read + decode"))
            io.write(line("\(name) cpu", seconds: loadCPU, count: loadedCount, extra: "the same load in CPU time, on one core"))
            var checked = 0
            let seconds = best(of: Swift.min(repeats, 3)) {
                let (records, _) = decoder.load(paths: [path])
                checked = program.check(records).count
            }
            io.write(line(name, seconds: seconds, count: checked, extra: "read + decode + check"))
        }
        io.write("peak memory \(peakMemoryKiB() / 1024) MiB (getrusage maxrss)\n")
        return Driver.ExitStatus.success
    }

    /// The CPU time the calling thread has used, in seconds: what a measurement costs on one
    /// core, however loaded the machine is.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The most memory the process has held at once, in KiB.
    static func peakMemoryKiB() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
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
