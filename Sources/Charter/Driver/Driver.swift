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

    public static let usage = """
        rulecheck: check governance rules written in Charter

        usage: rulecheck <command> [options]

        commands:
          check FILE...               check records (JSON or CSV) against the rules
          explain FILE... --rule R    how rule R reached its verdict on each record
          status FILE... --process P  where each record stands in a process
          diff --after PATH FILE...   what a change to the rules changes for the records
          repl [FILE...]              explore what-ifs: evaluate, redefine, compare
          lint [PATH...]              parse and check rule files (default: rules/)
          calendar GROUP              a group's meeting dates from its cadence
          workdays add DATE N         the Nth working day after DATE
          workdays between DATE DATE  working days between two dates
          bench                       measure evaluation and loading speed

        options:
          -h, --help         show help (also `rulecheck <command> --help`)
          --version          print the version

        exit status: 0 clean, 1 a rule or a lint check failed, 2 usage error or unusable input

        """

    /// Runs one command line (without the program name) and returns the exit status.
    public static func run(arguments: [String], io: TextIO) -> Int32 {
        guard let command = arguments.first else {
            io.writeError(usage)
            return ExitStatus.unusable
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            io.write(usage)
            return ExitStatus.success
        case "--version":
            io.write("rulecheck \(version)\n")
            return ExitStatus.success
        case "lint":
            return LintCommand.run(rest, io: io)
        case "check":
            return CheckCommand.run(rest, io: io)
        case "explain":
            return ExplainCommand.run(rest, io: io)
        case "status":
            return StatusCommand.run(rest, io: io)
        case "diff":
            return DiffCommand.run(rest, io: io)
        case "repl":
            return ReplCommand.run(rest, io: io)
        case "bench":
            return BenchCommand.run(rest, io: io)
        case "calendar":
            return CalendarCommand.run(rest, io: io)
        case "workdays":
            return WorkdaysCommand.run(rest, io: io)
        default:
            let commands = ["check", "explain", "status", "diff", "repl", "lint", "calendar", "workdays", "bench", "help"]
            let hint = Suggest.didYouMean(command, among: commands).map { " (\($0))" } ?? ""
            io.writeError("rulecheck: unknown command `\(command)`\(hint)\n\n\(usage)")
            return ExitStatus.unusable
        }
    }

    /// Writes a usage error in one form for every command.
    static func usageError(_ message: String, command: String, io: TextIO) -> Int32 {
        io.writeError("rulecheck \(command): \(message)\nrun `rulecheck \(command) --help` for usage\n")
        return ExitStatus.unusable
    }
}
