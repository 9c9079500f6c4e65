/// Shell completion scripts for `rulecheck`, written from the command table (`CommandSpec`):
/// commands, their options, each option's values, and their arguments. Names from the
/// rulebook (`--rule`, `--process`, a calendar's groups) come from `rulecheck names` at
/// completion time, for the rules the command line names with `--rules` (bash and zsh) or
/// `rules/`.
enum CompletionScript {
    static let shells = ["bash", "zsh", "fish"]

    static func script(for shell: String, commands: [CommandSpec] = CommandSpec.all()) -> String? {
        switch shell {
        case "bash": bash(commands)
        case "zsh": zsh(commands)
        case "fish": fish(commands)
        default: nil
        }
    }

    /// Single-quoted for a POSIX shell or fish.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    // MARK: - bash

    static func bash(_ commands: [CommandSpec]) -> String {
        func reply(_ values: CommandSpec.Values) -> String {
            switch values {
            case .none: "COMPREPLY=()"
            case .files: #"COMPREPLY=($(compgen -f -- "$cur"))"#
            case .words(let words): #"COMPREPLY=($(compgen -W \#(quoted(words.joined(separator: " "))) -- "$cur"))"#
            case .names(let kind): #"COMPREPLY=($(compgen -W "$(rulecheck names \#(kind) "${rules[@]}" 2>/dev/null)" -- "$cur"))"#
            }
        }
        var lines = [
            "# bash completion for rulecheck, written by `rulecheck completions bash`.",
            "# Load it with: source <(rulecheck completions bash)",
            "_rulecheck() {",
            #"    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}""#,
            "    if (( COMP_CWORD == 1 )); then",
            #"        COMPREPLY=($(compgen -W \#(quoted(commands.map(\.name).joined(separator: " "))) -- "$cur"))"#,
            "        return",
            "    fi",
            "    # The rules the line names, for the names the rulebook declares.",
            "    local rules=() i",
            "    for (( i = 2; i < COMP_CWORD; i++ )); do",
            #"        [[ ${COMP_WORDS[i]} == --rules ]] && rules+=(--rules "${COMP_WORDS[i+1]}")"#,
            "    done",
            #"    case "${COMP_WORDS[1]} $prev" in"#,
        ]
        for command in commands {
            for option in command.options {
                guard let value = option.value else { continue }
                lines.append("        \(quoted("\(command.name) --\(option.name)"))) \(reply(value)); return ;;")
            }
        }
        lines += ["    esac", #"    case "${COMP_WORDS[1]}" in"#]
        for command in commands {
            let options = quoted(command.options.map { "--" + $0.name }.joined(separator: " "))
            lines.append("        \(command.name))")
            lines.append(#"            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \#(options) -- "$cur")); else \#(reply(command.arguments)); fi ;;"#)
        }
        lines += ["    esac", "}", "complete -o filenames -F _rulecheck rulecheck", ""]
        return lines.joined(separator: "\n")
    }

    // MARK: - zsh

    static func zsh(_ commands: [CommandSpec]) -> String {
        func offer(_ values: CommandSpec.Values) -> String {
            switch values {
            case .none: ":"
            case .files: "_files"
            case .words(let words): "compadd -- \(words.map(quoted).joined(separator: " "))"
            case .names(let kind): #"compadd -- ${(f)"$(rulecheck names \#(kind) $rules 2>/dev/null)"}"#
            }
        }
        var lines = [
            "#compdef rulecheck",
            "# zsh completion for rulecheck, written by `rulecheck completions zsh`.",
            "# Load it with: source <(rulecheck completions zsh), after compinit.",
            "_rulecheck() {",
            "    local cur=${words[CURRENT]} prev=${words[CURRENT-1]}",
            "    if (( CURRENT == 2 )); then",
            "        local -a commands",
            "        commands=(",
        ]
        for command in commands {
            lines.append("            \(quoted(command.name + ":" + command.summary.replacingOccurrences(of: ":", with: "\\:")))")
        }
        lines += [
            "        )",
            "        _describe command commands",
            "        return",
            "    fi",
            "    # The rules the line names, for the names the rulebook declares.",
            "    local -a rules",
            "    local i",
            "    for (( i = 3; i < CURRENT; i++ )); do",
            "        [[ ${words[i]} == --rules ]] && rules+=(--rules ${words[i+1]})",
            "    done",
            #"    case "${words[2]} $prev" in"#,
        ]
        for command in commands {
            for option in command.options {
                guard let value = option.value else { continue }
                lines.append("        \(quoted("\(command.name) --\(option.name)"))) \(offer(value)); return ;;")
            }
        }
        lines += ["    esac", "    case ${words[2]} in"]
        for command in commands {
            let options = command.options.map { quoted("--" + $0.name) }.joined(separator: " ")
            lines.append("        \(command.name))")
            lines.append("            if [[ $cur == -* ]]; then compadd -- \(options); else \(offer(command.arguments)); fi ;;")
        }
        lines += ["    esac", "}", "compdef _rulecheck rulecheck", ""]
        return lines.joined(separator: "\n")
    }

    // MARK: - fish

    static func fish(_ commands: [CommandSpec]) -> String {
        func offer(_ values: CommandSpec.Values) -> String {
            switch values {
            case .none: "-x"
            case .files: "-r -F"
            case .words(let words): "-x -a \(quoted(words.joined(separator: " ")))"
            case .names(let kind): "-x -a \(quoted("(rulecheck names \(kind) 2>/dev/null)"))"
            }
        }
        var lines = [
            "# fish completion for rulecheck, written by `rulecheck completions fish`.",
            "# Load it with: rulecheck completions fish | source",
            "complete -c rulecheck -f",
        ]
        for command in commands {
            lines.append("complete -c rulecheck -n __fish_use_subcommand -a \(command.name) -d \(quoted(command.summary))")
        }
        for command in commands {
            let when = quoted("__fish_seen_subcommand_from \(command.name)")
            for option in command.options {
                let value = option.value.map { " " + offer($0) } ?? ""
                lines.append("complete -c rulecheck -n \(when) -l \(option.name)\(value)")
            }
            switch command.arguments {
            case .none: break
            case .files: lines.append("complete -c rulecheck -n \(when) -F")
            case .words, .names: lines.append("complete -c rulecheck -n \(when) \(offer(command.arguments))")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
