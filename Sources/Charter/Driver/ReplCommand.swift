/// `rulecheck repl`: an interactive session for what-if questions.
enum ReplCommand {
    static let help = """
        usage: rulecheck repl [--rules PATH]... [--as-of DATE] [--type NAME] [--date-format FORMAT] [FILE...]

        Loads the rules (default rules/) and the record files, then reads expressions,
        declarations and `:` commands from standard input; :help inside the session lists them.
        With input from a file or a pipe no prompt is shown, so a saved session replays as a
        transcript.

        exit status: 0 at the end of the session, 2 when the rules or records cannot be loaded

        """

    static let prompt = "charter> "
    static let continuation = "    ...> "

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let asOf: CivilDate?
        let dateFormat: DateFormat
        do {
            parsed = try Arguments(arguments, options: ["rules", "as-of", "type", "date-format"], flags: ["help"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            asOf = try parsed.value("as-of").map { try CommandSupport.date($0, "--as-of") }
            dateFormat = try CommandSupport.dateFormat(parsed)
            _ = try parsed.value("type")
        } catch {
            return Driver.usageError("\(error)", command: "repl", io: io)
        }
        let (started, banner) = ReplSession.start(rulePaths: parsed.values("rules"), recordPaths: parsed.positionals,
                                                  typeName: parsed.values("type").first, dateFormat: dateFormat, asOf: asOf)
        guard let session = started else {
            io.writeError(banner)
            return Driver.ExitStatus.unusable
        }
        io.write(banner)
        var pending = ""
        while !session.finished {
            guard let line = io.readLine(prompt: pending.isEmpty ? prompt : continuation, history: session.history) else {
                // At a terminal, ctrl-D leaves the cursor after the prompt; the shell's prompt goes on a new line.
                if io.isInteractive { io.write("\n") }
                if !pending.isEmpty {
                    io.write("error: the input ended inside a block or a text; what was typed since the last complete input is discarded\n")
                }
                break
            }
            pending += pending.isEmpty ? line : "\n" + line
            // A command is one line; anything else may need more lines to close its brackets.
            if !pending.hasPrefix(":"), InputBalance.state(of: pending) == .open { continue }
            io.write(session.handle(pending))
            pending = ""
        }
        return Driver.ExitStatus.success
    }
}
