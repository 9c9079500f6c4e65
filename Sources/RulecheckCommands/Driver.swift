import Charter

/// The `rulecheck` command line as a library function, so that every command can be run
/// and tested in-process. Only `main.swift` calls `exit`.
public enum Driver {
    /// Exit statuses, the same for every command.
    public enum ExitStatus {
        /// Clean: every rule passed, no errors.
        public static let success: Int32 = 0
        /// The rules or records were read, and something failed (a rule, a lint error).
        public static let failure: Int32 = 1
        /// The command could not be carried out: a usage error, an unreadable file, rules that
        /// do not load.
        public static let unusable: Int32 = 2
    }

    public static let version = "0.1.0"

    /// A command: its name, how its usage line reads in the overview, its `--help` (which
    /// shell completion reads its options from), and what runs it. A hidden command is left
    /// out of the overview and of completion: it serves the completion scripts.
    struct Command: Sendable {
        let name: String
        let synopsis: String
        let summary: String
        let help: String
        var hidden = false
        let run: @Sendable (_ arguments: [String], _ io: TextIO) -> Int32
    }

    /// The commands, in the order the overview lists them.
    static let commands: [Command] = [
        Command(name: "check", synopsis: "check FILE...", summary: "check records (JSON or CSV) against the rules", help: CheckCommand.help, run: CheckCommand.run),
        Command(name: "explain", synopsis: "explain FILE... --rule R", summary: "how rule R reached its verdict on each record", help: ExplainCommand.help, run: ExplainCommand.run),
        Command(name: "status", synopsis: "status FILE... --process P", summary: "where each record stands in a process", help: StatusCommand.help, run: StatusCommand.run),
        Command(name: "diff", synopsis: "diff --after PATH FILE...", summary: "what a change to the rules changes for the records", help: DiffCommand.help, run: DiffCommand.run),
        Command(name: "repl", synopsis: "repl [FILE...]", summary: "explore what-ifs: evaluate, redefine, compare", help: ReplCommand.help, run: ReplCommand.run),
        Command(name: "test", synopsis: "test [PATH...]", summary: "run the tests kept beside the rules (default: rules/)", help: TestCommand.help, run: TestCommand.run),
        Command(name: "lint", synopsis: "lint [PATH...]", summary: "parse and check rule files (default: rules/)", help: LintCommand.help, run: LintCommand.run),
        Command(name: "fmt", synopsis: "fmt [--check] [PATH...]", summary: "rewrite rule files in the canonical layout", help: FmtCommand.help, run: FmtCommand.run),
        Command(name: "lsp", synopsis: "lsp [--rules PATH]", summary: "a language server for editors, on stdin and stdout", help: LspCommand.help, run: LspCommand.run),
        Command(name: "calendar", synopsis: "calendar [GROUP...]", summary: "groups' meeting dates from their cadences, as text, JSON or iCalendar", help: CalendarCommand.help, run: CalendarCommand.run),
        Command(name: "chart", synopsis: "chart [--format FORMAT]", summary: "the governance structure as a picture", help: ChartCommand.help, run: ChartCommand.run),
        Command(name: "report", synopsis: "report FILE... [--out F]", summary: "one HTML page: chart, register, processes, meetings", help: ReportCommand.help, run: ReportCommand.run),
        Command(name: "workdays", synopsis: "workdays add DATE N", summary: "the Nth working day after DATE", help: WorkdaysCommand.help, run: WorkdaysCommand.run),
        Command(name: "workdays", synopsis: "workdays between DATE DATE", summary: "working days between two dates", help: WorkdaysCommand.help, run: WorkdaysCommand.run),
        Command(name: "bench", synopsis: "bench", summary: "measure evaluation and loading speed", help: BenchCommand.help, run: BenchCommand.run),
        Command(name: "bench", synopsis: "bench --rules PATH FILE...", summary: "the same on your own rules and records", help: BenchCommand.help, run: BenchCommand.run),
        Command(name: "completions", synopsis: "completions bash|zsh|fish", summary: "a shell completion script for rulecheck",
                help: CompletionsCommand.help, run: CompletionsCommand.run),
        Command(name: "names", synopsis: "names rules|processes|groups", summary: "the rulebook's names, one a line",
                help: NamesCommand.help, hidden: true, run: NamesCommand.run),
    ]

    public static let usage = """
        rulecheck: check governance rules written in Charter

        usage: rulecheck <command> [options]

        commands:
        \(commands.filter { !$0.hidden }.map { "  " + padded($0.synopsis, to: 26) + "  " + $0.summary }.joined(separator: "\n"))

        options:
          -h, --help         show help (also `rulecheck <command> --help`)
          --version          print the version

        exit status: 0 clean, 1 a rule or a lint check failed, 2 usage error or unusable input

        """

    /// Runs one command line (without the program name) and returns the exit status.
    public static func run(arguments: [String], io: TextIO) -> Int32 {
        guard let name = arguments.first else {
            io.writeError(usage)
            return ExitStatus.unusable
        }
        let rest = Array(arguments.dropFirst())
        switch name {
        case "-h", "--help", "help":
            io.write(usage)
            return ExitStatus.success
        case "--version":
            io.write("rulecheck \(version)\n")
            return ExitStatus.success
        default:
            if let command = commands.first(where: { $0.name == name }) {
                guard JSONOutcomeIO.asksForJSON(rest) else { return command.run(rest, io) }
                let outcome = JSONOutcomeIO(io, command: name)
                let status = command.run(rest, outcome)
                outcome.finish()
                return status
            }
            let hint = Suggest.didYouMean(name, among: commands.map(\.name) + ["help"]).map { " (\($0))" } ?? ""
            io.writeError("rulecheck: unknown command `\(name)`\(hint)\n\n\(usage)")
            return ExitStatus.unusable
        }
    }

    /// `text` followed by spaces up to `width` characters, for the overview's columns.
    private static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Writes a usage error in one form for every command.
    static func usageError(_ message: String, command: String, io: TextIO) -> Int32 {
        io.reportForJSON([JSONOutcomeIO.diagnostic(.usageError, message, help: "run `rulecheck \(command) --help` for usage")])
        io.writeError("rulecheck \(command): \(message)\nrun `rulecheck \(command) --help` for usage\n")
        return ExitStatus.unusable
    }
}
