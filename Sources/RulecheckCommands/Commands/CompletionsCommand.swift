import Charter

/// `rulecheck completions bash|zsh|fish`: a completion script for the shell.
enum CompletionsCommand {
    static let help = """
        usage: rulecheck completions bash|zsh|fish

        Writes a script that completes rulecheck's commands, their options and the options'
        values, files, and the names the rulebook declares: rules after --rule, processes
        after --process, groups for `calendar` and `chart` (read from the rules the line gives
        with --rules, or rules/, when Tab is pressed). Load it with
          bash:  source <(rulecheck completions bash)
          zsh:   source <(rulecheck completions zsh)     (after compinit)
          fish:  rulecheck completions fish | source

        exit status: 0 written, 2 usage error

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, options: [], flags: ["help"])
        } catch {
            return Driver.usageError("\(error)", command: "completions", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        guard parsed.positionals.count == 1, let shell = parsed.positionals.first else {
            return Driver.usageError("give one shell: \(Suggest.list(CompletionScript.shells))", command: "completions", io: io)
        }
        guard let script = CompletionScript.script(for: shell) else {
            let hint = Suggest.didYouMean(shell, among: CompletionScript.shells).map { "; \($0)" } ?? ""
            return Driver.usageError("no completion for the shell `\(shell)`\(hint)", command: "completions", io: io)
        }
        io.write(script)
        return Driver.ExitStatus.success
    }
}

/// `rulecheck names rules|processes|groups [--rules PATH]...`: the names the rulebook
/// declares, one a line, for the completion scripts. Not in the overview. A rulebook with
/// errors still has names; one that cannot be read has none, and nothing is written to
/// standard error, which the shell would show in the middle of the line being completed.
enum NamesCommand {
    static let kinds = ["rules", "processes", "groups"]

    static let help = """
        usage: rulecheck names rules|processes|groups [--rules PATH]...

        Lists the rules, processes or groups the rulebook declares, one a line, in the order
        written: what the completion scripts offer after --rule, after --process and for
        `calendar`.

        options:
          --rules PATH      rule files or directories (repeatable; default rules/)

        exit status: 0 listed, 2 usage error or rules that cannot be read

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, options: ["rules"], flags: ["help"])
        } catch {
            return Driver.usageError("\(error)", command: "names", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        guard parsed.positionals.count == 1, let kind = parsed.positionals.first, kinds.contains(kind) else {
            return Driver.usageError("give one of \(Suggest.list(kinds))", command: "names", io: io)
        }
        let paths = parsed.values("rules")
        let loaded = RulebookLoader().load(paths: paths.isEmpty ? ["rules"] : paths)
        guard loaded.unreadable.isEmpty else { return Driver.ExitStatus.unusable }
        var names: [String] = []
        for declaration in loaded.rulebook.declarations {
            switch (kind, declaration) {
            case ("rules", .rule(let rule)): names.append(rule.name.text)
            case ("processes", .process(let process)): names.append(process.name.text)
            case ("groups", .group(let group)): names.append(group.name.text)
            default: break
            }
        }
        var seen: Set<String> = []
        for name in names where seen.insert(name).inserted { io.write(name + "\n") }
        return Driver.ExitStatus.success
    }
}
