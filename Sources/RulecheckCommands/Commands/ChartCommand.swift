import Charter
import Foundation

/// `rulecheck chart`: the governance structure as a picture (SVG, Mermaid or DOT).
enum ChartCommand {
    static let help = """
        usage: rulecheck chart [--format svg|mermaid|dot] [--out FILE] [--rules PATH]...

        Draws the governance structure the rules declare: the levels as rows in order, each
        group as a box with its name and title, decision-making and non-decision-making groups
        styled apart, its attendance (closed to nominated reps, open, or restricted), its
        status, who chairs it and whom it advises, groups that replaced others (with the date),
        and the reporting and advisory lines between them.

        options:
          --format svg|mermaid|dot
                             svg: a picture laid out by rulecheck, to print on A4 landscape
                             or put in a page (default); mermaid: for GitHub and other
                             Markdown that renders Mermaid; dot: for Graphviz
          --out FILE         write to FILE (replaced whole, never left half-written)
          --rules PATH       rule files or directories (repeatable; default rules/)

        exit status: 0 drawn, 2 usage error, or rules that cannot be used (errors such as a
        reporting cycle, or no levels declared)

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let format: String
        let out: String?
        do {
            parsed = try Arguments(arguments, options: ["format", "rules", "out"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            format = try parsed.choice("format", among: ["svg", "mermaid", "dot"], default: "svg")
            out = try parsed.value("out")
            if let extra = parsed.positionals.first {
                throw Arguments.UsageError(description: "unexpected argument `\(extra)`; the chart is of the rules named by --rules")
            }
        } catch {
            return Driver.usageError("\(error)", command: "chart", io: io)
        }
        guard let loaded = CommandSupport.loadRules(parsed.values("rules"), command: "chart", io: io) else {
            return Driver.ExitStatus.unusable
        }
        let chart = GovernanceChart(loaded.rulebook)
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

    /// `output` to standard output, or to the file `--out` names, written whole.
    static func write(_ output: String, to path: String?, io: TextIO) -> Int32 {
        guard let path else {
            io.write(output)
            return Driver.ExitStatus.success
        }
        do {
            try AtomicFile.write(Data(output.utf8), to: path)
        } catch {
            return fail("\(error)", io: io)
        }
        return Driver.ExitStatus.success
    }

    static func fail(_ message: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck chart: \(message)\n")
        return Driver.ExitStatus.unusable
    }
}
