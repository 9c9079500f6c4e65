import Charter
import Foundation

/// `rulecheck repl`: an interactive session for what-if questions.
enum ReplCommand {
    static let help = """
        usage: rulecheck repl [--rules PATH]... [--as-of DATE] [--type NAME] [--date-format FORMAT]
                              [--budget STEPS] [--journal FILE] [FILE...]
               rulecheck repl --resume [--rules PATH]... [--budget STEPS] [--journal FILE]

        Loads the rules (default rules/) and the record files, then reads expressions,
        declarations and `:` commands from standard input; :help inside the session lists them.
        With input from a file or a pipe no prompt is shown, so a saved session replays as a
        transcript.

        At a terminal the session keeps a journal of its changes (declarations, :load, :undo,
        :reset), written as each is made, in $XDG_STATE_HOME/charter/ or else
        ~/.local/state/charter/, one for each set of rules; a session ended by a crash, a kill
        or a closed terminal can be resumed from it. Ctrl-C stops an input that takes too long
        to evaluate and leaves the session as it was before that input. At a terminal Tab
        completes commands, file paths, record ids, names and fields, and Ctrl-R searches the
        earlier inputs. The inputs are kept for recall in later sessions in
        $XDG_STATE_HOME/charter/repl_history or else ~/.local/state/charter/repl_history
        (CHARTER_REPL_HISTORY names another file).

          --budget STEPS   the most evaluation steps one rule may take on one record, and one
                           expression typed (default 10,000,000)
          --journal FILE   keep the journal in FILE; with input from a file or a pipe no
                           journal is kept unless this is given
          --resume         start the session as its journal says (the same rules, records and
                           options), make its changes again, and go on with it

        exit status: 0 at the end of the session, 2 when the rules or records cannot be loaded
        or there is no journal to resume

        """

    static let prompt = "charter> "
    static let continuation = "    ...> "

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        let explicitJournal: String?
        var limits: EvaluationLimits
        do {
            parsed = try Arguments(arguments, options: ["rules", "as-of", "type", "date-format", "journal", "budget"],
                                   flags: ["help", "resume"])
            if parsed.flag("help") {
                io.write(help)
                return Driver.ExitStatus.success
            }
            limits = try CommandSupport.limits(parsed)
            explicitJournal = try parsed.value("journal").map(absolute)
            if parsed.flag("resume") {
                guard parsed.positionals.isEmpty, parsed.values("type").isEmpty, parsed.values("date-format").isEmpty,
                      parsed.values("as-of").isEmpty else {
                    throw Arguments.UsageError(description: "`--resume` starts the session with the records and options of its journal; give only `--rules`, `--budget` or `--journal` with it")
                }
            }
        } catch {
            return Driver.usageError("\(error)", command: "repl", io: io)
        }
        let rules = (parsed.values("rules").isEmpty ? ["rules"] : parsed.values("rules")).map(absolute)
        let defaultJournal = ReplJournal.defaultPath(rules: rules, environment: io.environment)
        // Piped input is a transcript or a script: it leaves no journal unless asked to.
        var journalPath = explicitJournal ?? (io.isInteractive ? defaultJournal : nil)
        var notes = ""
        if let path = journalPath, ReplJournal.isInUse(path) {
            if parsed.flag("resume") {
                io.writeError("rulecheck repl: the session of the journal `\(path)` is still running; end it before resuming it\n")
                return Driver.ExitStatus.unusable
            }
            notes = "note: another session of these rules is running and keeping `\(path)`; this one keeps no journal unless given `--journal FILE`\n"
            journalPath = nil
        }

        var start = ReplJournal.Start(rules: rules, records: parsed.positionals.map(absolute),
                                      typeName: parsed.values("type").first, dateFormat: parsed.values("date-format").first,
                                      asOf: parsed.values("as-of").first)
        var resumed: ReplJournal.Contents?
        if parsed.flag("resume") {
            guard let path = explicitJournal ?? defaultJournal else {
                io.writeError("rulecheck repl: there is no journal to resume: neither XDG_STATE_HOME nor HOME is set; give `--journal FILE`\n")
                return Driver.ExitStatus.unusable
            }
            do {
                guard let contents = try ReplJournal.read(path) else {
                    io.writeError("rulecheck repl: there is no session to resume: no journal at `\(path)`\n")
                    return Driver.ExitStatus.unusable
                }
                resumed = contents
                start = contents.start
            } catch {
                io.writeError("rulecheck repl: \(error)\n")
                return Driver.ExitStatus.unusable
            }
        }

        let asOf: CivilDate?
        let dateFormat: DateFormat
        do {
            asOf = try start.asOf.map { try CommandSupport.date($0, "--as-of") }
            dateFormat = try start.dateFormat.map { text in
                do { return try DateFormat(text) } catch { throw Arguments.UsageError(description: "--date-format: \(error)") }
            } ?? .iso
        } catch {
            return Driver.usageError("\(error)", command: "repl", io: io)
        }
        limits.interrupted = io.interruption
        // A resumed session reads the files its journal names; a new one the paths as typed,
        // so that messages name them as the person wrote them.
        let (started, banner) = resumed == nil
            ? ReplSession.start(rulePaths: parsed.values("rules"), recordPaths: parsed.positionals, typeName: start.typeName,
                                dateFormat: dateFormat, asOf: asOf, limits: limits)
            : ReplSession.start(rulePaths: start.rules, recordPaths: start.records, typeName: start.typeName,
                                dateFormat: dateFormat, asOf: asOf, limits: limits)
        guard let session = started else {
            io.writeError(banner)
            return Driver.ExitStatus.unusable
        }
        io.write(banner + notes)
        let keeper = journalPath.map { ReplJournalKeeper(path: $0, start: start) }
        if let resumed {
            io.write(restored(session.replay(resumed.changes), from: resumed))
            keeper?.resume(session, from: resumed, io: io)
        } else if let journalPath {
            io.write(offer(journalPath, rules: rules, explicit: explicitJournal != nil, arguments: parsed))
        }
        // Piped input is a transcript: it reads and writes no history unless a file is named.
        let history = io.isInteractive || io.environment["CHARTER_REPL_HISTORY"].map({ !$0.isEmpty }) == true
            ? ReplHistory.defaultPath(environment: io.environment).map(ReplHistory.init) : nil
        loop(session, io: io, keeper: keeper, history: history)
        keeper?.finish(io: io)
        return Driver.ExitStatus.success
    }

    /// Reads and handles inputs until `:quit` or the end of input at the prompt.
    static func loop(_ session: ReplSession, io: TextIO, keeper: ReplJournalKeeper?, history: ReplHistory? = nil) {
        var pending = ""
        let earlier = history?.read() ?? []
        while !session.finished {
            let line: String
            switch read(io, prompt: pending.isEmpty ? prompt : continuation, history: earlier + session.history,
                        pending: pending, session: session) {
            case .line(let read):
                line = read
            case .interrupted:
                // Ctrl-C inside a block drops the block, so that the next line is read afresh
                // (`:quit` included) rather than swallowed until the braces balance.
                if !pending.isEmpty { io.write("interrupted: the unfinished input is discarded\n") }
                pending = ""
                continue
            case .endOfInput:
                // At a terminal, ctrl-D leaves the cursor after the prompt; the shell's prompt goes on a new line.
                if io.isInteractive { io.write("\n") }
                guard !pending.isEmpty else { return }
                // Inside a block the end of input drops the block, not the session: at a
                // terminal the person may go on, and a pipe ends at its next read.
                io.write("error: the input ended inside a block or a text; what was typed since the last complete input is discarded\n")
                pending = ""
                continue
            }
            pending += pending.isEmpty ? line : "\n" + line
            // A command is one line; anything else may need more lines to close its brackets.
            if !pending.hasPrefix(":"), InputBalance.state(of: pending) == .open { continue }
            let input = pending
            if !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { history?.append(input) }
            if let path = savePath(input) {
                io.write(save(session, to: path))
                pending = ""
                continue
            }
            let out = io.whileInterruptible { session.handle(input) }
            // Journalled before it is shown: once the person sees a change, it is kept.
            keeper?.record(session, io: io)
            // The terminal echoed `^C` where the cursor was; the word goes on a line of its own.
            if io.isInteractive, out.hasPrefix("interrupted") { io.write("\n") }
            io.write(out)
            pending = ""
        }
    }

    /// One line of input; where the input can complete, Tab completes from the session,
    /// relative paths from the current folder.
    static func read(_ io: TextIO, prompt: String, history: [String], pending: String, session: ReplSession) -> LineInput {
        guard let completing = io as? CompletingInput else { return io.readInput(prompt: prompt, history: history) }
        let directory = FileManager.default.currentDirectoryPath
        return completing.readInput(prompt: prompt, history: history) { line, cursor in
            ReplCompletion.complete(line: line, cursor: cursor, pending: pending, session: session, directory: directory)
        }
    }

    /// The path of a `:save` input (empty when none is given), or nil for any other input.
    /// `:save` is handled here, not by the session, since writing files is the front end's.
    static func savePath(_ input: String) -> String? {
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        guard trimmed == ":save" || trimmed.hasPrefix(":save ") || trimmed.hasPrefix(":save\t") else { return nil }
        return trimmed.dropFirst(":save".count).trimmingCharacters(in: .whitespaces)
    }

    /// Writes the session's declarations to `path` for `diff --after`; a path that cannot be
    /// written is an error and the session goes on as it was.
    static func save(_ session: ReplSession, to path: String) -> String {
        guard !path.isEmpty else { return "error: write `:save FILE`\n" }
        guard let source = session.whatIfSource() else {
            return "nothing to save: no declaration has been typed or loaded in this session\n"
        }
        do {
            try AtomicFile.write(Data(source.utf8), to: path)
        } catch {
            return "error: \(error); nothing was saved\n"
        }
        return "saved the what-ifs to `\(path)`; `rulecheck diff --after \(path)` compares them with the rules\n"
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// What a resumed session says it restored.
    static func restored(_ report: ReplayReport, from journal: ReplJournal.Contents) -> String {
        var out = ""
        for failure in report.failures {
            out += failure.said + "not restored: \(failure.change.summary)\n"
        }
        if journal.unreadableLines > 0 {
            out += "note: \(journal.unreadableLines) \(journal.unreadableLines == 1 ? "line" : "lines") of the journal cannot be read and \(journal.unreadableLines == 1 ? "is" : "are") left out\n"
        }
        let when = journal.lastWritten.map { " of \(ReplJournal.spoken($0))" } ?? ""
        guard !report.whatIfs.isEmpty else { return out + "resumed the session\(when): no what-ifs in effect\n" }
        out += "resumed the session\(when) with \(whatIfs(report.whatIfs.count)):\n"
        for whatIf in report.whatIfs {
            out += whatIf.map { "  " + $0 + "\n" }.joined()
        }
        return out
    }

    /// The banner's note when the journal this session would write holds a session of the same
    /// rules that did not end normally; empty otherwise.
    static func offer(_ path: String, rules: [String], explicit: Bool, arguments: Arguments) -> String {
        guard let journal = try? ReplJournal.read(path), !journal.finished, journal.start.rules == rules,
              journal.whatIfsInEffect > 0 else { return "" }
        var command = "rulecheck repl --resume"
        for rule in arguments.values("rules") { command += " --rules \(rule)" }
        if explicit, let given = arguments.values("journal").first { command += " --journal \(given)" }
        let when = journal.lastWritten.map { " on \(ReplJournal.spoken($0))" } ?? ""
        return "note: a session of these rules was cut short\(when) with \(whatIfs(journal.whatIfsInEffect)); quit and run `\(command)` to restore \(journal.whatIfsInEffect == 1 ? "it" : "them"), before changing anything here\n"
    }

    static func whatIfs(_ count: Int) -> String { count == 1 ? "1 what-if" : "\(count) what-ifs" }
}
