import Charter
import Foundation

/// `rulecheck fmt [--check] [PATH...]`: rewrite rule files in the one canonical layout
/// (`SourceFormatter`), or with `--check` list those that are not in it.
enum FmtCommand {
    static let help = """
        usage: rulecheck fmt [--check] [PATH...]
               rulecheck fmt [--check] -

        Rewrites every `.charter` file at or under each PATH (default: rules/) in the one
        canonical layout: two-space indentation by block, continuation lines one level deeper,
        one space between tokens, the author's line breaks with at most one blank line, and
        every comment where it was written (end-of-line comments of consecutive lines lined
        up). There are no options to choose a layout. Formatting twice changes nothing.

        A file that does not parse is not formatted: its errors are printed and no file is
        written. Files are replaced whole or not at all. With `-` the text is read from
        standard input and written formatted to standard output (for editors).

        options:
          --check     write nothing; list the files that are not formatted, one a line

        exit status: 0 formatted (with --check: every file already was), 1 with --check: a file
        would change, 2 usage error, unreadable path or a file that does not parse

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, options: [], flags: ["help", "check"])
        } catch {
            return Driver.usageError("\(error)", command: "fmt", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        if parsed.positionals == ["-"] { return formatStandardInput(check: parsed.flag("check"), io: io) }
        let paths = parsed.positionals.isEmpty ? ["rules"] : parsed.positionals
        let loaded = RulebookLoader().load(paths: paths)
        for problem in loaded.unreadable {
            io.writeError("rulecheck fmt: \(problem)\n")
        }
        if !loaded.unreadable.isEmpty { return Driver.ExitStatus.unusable }

        // Every file is formatted before any is written, so that one that does not parse
        // leaves them all as they were.
        var refused = loaded.diagnostics.filter { $0.severity == .error && $0.span == nil }
        var changed: [(path: String, text: String)] = []
        for file in loaded.files.files {
            if loaded.diagnostics.contains(where: { $0.severity == .error && $0.span?.file == file.id }) {
                refused += loaded.diagnostics.filter { $0.severity == .error && $0.span?.file == file.id }
                continue
            }
            switch SourceFormatter.format(file) {
            case .unparsable(let errors): refused += errors
            case .formatted(let text): if text != file.text { changed.append((file.path, text)) }
            }
        }
        guard refused.isEmpty else {
            io.writeError(DiagnosticRenderer(files: loaded.files).render(refused.sortedBySource()))
            io.writeError("rulecheck fmt: nothing formatted: fix the errors above first\n")
            return Driver.ExitStatus.unusable
        }
        if parsed.flag("check") {
            for file in changed { io.write(file.path + "\n") }
            return changed.isEmpty ? Driver.ExitStatus.success : Driver.ExitStatus.failure
        }
        for file in changed {
            do {
                try AtomicFile.write(Data(file.text.utf8), to: file.path)
            } catch {
                io.writeError("rulecheck fmt: \(error)\n")
                return Driver.ExitStatus.unusable
            }
        }
        return Driver.ExitStatus.success
    }

    /// `fmt -`: standard input formatted to standard output; with `--check`, nothing written
    /// but `<stdin>` when it would change.
    static func formatStandardInput(check: Bool, io: TextIO) -> Int32 {
        var text = ""
        while let line = io.readLine() {
            text += line + "\n"
            guard text.utf8.count <= RulebookLoader.maxFileBytes else {
                io.writeError("rulecheck fmt: standard input is larger than \(RulebookLoader.maxFileBytes / 1024 / 1024) MiB\n")
                return Driver.ExitStatus.unusable
            }
        }
        var files = SourceFiles()
        let file = files.add(path: "<stdin>", text: text)
        switch SourceFormatter.format(file) {
        case .unparsable(let errors):
            io.writeError(DiagnosticRenderer(files: files).render(errors.sortedBySource()))
            io.writeError("rulecheck fmt: nothing formatted: fix the errors above first\n")
            return Driver.ExitStatus.unusable
        case .formatted(let formatted):
            if check {
                if formatted == text { return Driver.ExitStatus.success }
                io.write("<stdin>\n")
                return Driver.ExitStatus.failure
            }
            io.write(formatted)
            return Driver.ExitStatus.success
        }
    }
}
