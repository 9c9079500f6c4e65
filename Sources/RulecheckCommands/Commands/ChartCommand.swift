import Charter
import Foundation

/// `rulecheck chart`: the governance structure, or a process, as a picture (SVG, Mermaid or DOT).
enum ChartCommand {
    static let help = """
        usage: rulecheck chart [GROUP...] [--format svg|mermaid|dot] [--out FILE] [--rules PATH]...
               rulecheck chart --process NAME [--before PATH]... [--after PATH]... [--format …] [--out FILE]

        Draws the governance structure the rules declare: the levels as rows in order, each
        group as a box with its name and title, decision-making and non-decision-making groups
        styled apart, its attendance (closed to nominated reps, open, or restricted), its
        status, who chairs it and whom it advises, groups that replaced others (with the date),
        and the reporting and advisory lines between them. With GROUP, only those groups and
        the groups that report to them, directly or through others.

        With --process, draws process NAME as a flowchart instead: its steps in order with who
        acts, deciding steps marked, the rules each checks and its `lasts` and `waits`; the ways
        out of each step with their `when` guards; the ends; and the appeal routes. With
        --after (and --before), as `rulecheck diff` builds them, one chart of both versions
        of the process, with the steps, ways out and appeals added, removed or changed marked.

        options:
          --format svg|mermaid|dot
                             svg: a picture laid out by rulecheck, to print on A4 landscape
                             or put in a page (default); mermaid: for GitHub and other
                             Markdown that renders Mermaid; dot: for Graphviz
          --process NAME     draw the process NAME as a flowchart
          --before PATH      what-if changes for the "before" version (repeatable; default none)
          --after PATH       what-if changes for the "after" version (repeatable)
          --out FILE         write to FILE (replaced whole, never left half-written)
          --rules PATH       rule files or directories (repeatable; default rules/)

        exit status: 0 drawn, 2 usage error, unknown group or process, or rules that cannot be used
        (errors such as a reporting cycle, or no levels declared)

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let out: String?
        do {
            parsed = try Arguments(arguments, options: ["format", "rules", "out", "process", "before", "after"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["svg", "mermaid", "dot"], default: "svg")
            out = try parsed.value("out")
            let process = try parsed.value("process")
            if process == nil, !parsed.values("before").isEmpty || !parsed.values("after").isEmpty {
                throw Arguments.UsageError(description: "--before and --after compare two versions of a process; name it with --process NAME")
            }
            if process != nil, let extra = parsed.positionals.first {
                throw Arguments.UsageError(description: "unexpected argument `\(extra)`; --process draws one process, not groups")
            }
        } catch {
            return Driver.usageError("\(error)", command: "chart", io: io)
        }
        if let process = parsed.values("process").last {
            return drawProcess(process, parsed: parsed, format: format, out: out, io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "chart", io: io) else {
            return Driver.ExitStatus.unusable
        }
        var chart = GovernanceChart(loaded.rulebook)
        if !parsed.positionals.isEmpty {
            let groups = chart.boxes.filter { !$0.isSponsor }.map(\.name)
            for name in parsed.positionals where !groups.contains(name) {
                let hint = Suggest.didYouMean(name, among: groups).map { "; \($0)" } ?? ""
                return Driver.usageError("there is no group `\(name)` in the rules\(hint)", command: "chart", io: io)
            }
            chart = chart.under(parsed.positionals)
        }
        guard !chart.levels.isEmpty else {
            let unplaced = loaded.warnings.filter { $0.code == .groupWithoutLevel }
            if !unplaced.isEmpty { io.writeError(DiagnosticRenderer(files: loaded.files).render(unplaced)) }
            return fail("the rules declare no levels, so the chart has no rows; declare them with `level 1 \"…\"`", io: io)
        }
        let output: String
        switch format {
        case "mermaid": output = chart.mermaid()
        case "dot": output = chart.dot()
        default: output = chart.svg()
        }
        return write(output, to: out, io: io)
    }

    /// `chart --process NAME`: one version of the process, or with `--before`/`--after` both in one chart.
    static func drawProcess(_ name: String, parsed: Arguments, format: String, out: String?, io: TextIO) -> Int32 {
        let comparing = !parsed.values("before").isEmpty || !parsed.values("after").isEmpty
        var charts: [ProcessChart?] = []
        var declared = Set<String>()
        let versions: [[String]] = comparing ? [parsed.values("before"), parsed.values("after")] : [[]]
        for overlay in versions {
            guard let loaded = CommandSupport.loadRules(parsed.values("rules"), overlay: overlay, command: "chart", io: io) else {
                return Driver.ExitStatus.unusable
            }
            let program = Program(loaded)
            let processes = program.processes()
            charts.append(processes[name].map { ProcessChart($0, ruleNames: program.rules.map(\.name)) })
            declared.formUnion(processes.keys)
        }
        // A process the what-if adds or removes is drawn all added or all removed; one that
        // neither version has is a mistake in the name.
        guard charts.contains(where: { $0 != nil }) else {
            let names = declared.sorted()
            let hint = Suggest.didYouMean(name, among: names).map { "; \($0)" }
                ?? (names.isEmpty ? "; the rules declare no process" : "; the processes are \(Suggest.list(names, conjunction: "and"))")
            return Driver.usageError("there is no process `\(name)` in the rules\(hint)", command: "chart", io: io)
        }
        let chart: ProcessChart
        if comparing {
            let empty = ProcessChart.empty(named: name)
            chart = ProcessChart.comparing(before: (charts.first ?? nil) ?? empty, after: (charts.last ?? nil) ?? empty)
        } else if let only = charts.first ?? nil {
            chart = only
        } else {
            return fail("there is no process `\(name)`", io: io)
        }
        let output: String
        switch format {
        case "mermaid": output = chart.mermaid()
        case "dot": output = chart.dot()
        default: output = chart.svg()
        }
        return write(output, to: out, io: io)
    }

    /// `output` to standard output, or to the file `--out` names, written whole.
    static func write(_ output: String, to path: String?, command: String = "chart", io: TextIO) -> Int32 {
        guard let path else {
            io.write(output)
            return Driver.ExitStatus.success
        }
        do {
            try AtomicFile.write(Data(output.utf8), to: path)
        } catch {
            io.writeError("rulecheck \(command): \(error)\n")
            return Driver.ExitStatus.unusable
        }
        return Driver.ExitStatus.success
    }

    static func fail(_ message: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck chart: \(message)\n")
        return Driver.ExitStatus.unusable
    }
}
