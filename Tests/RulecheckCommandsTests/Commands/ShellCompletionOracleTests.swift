import Foundation
@testable import RulecheckCommands
import Testing

/// The completion scripts of `rulecheck completions bash|zsh|fish` loaded into the real shells,
/// which are asked what Tab offers for a few command lines: commands, options, an option's
/// values, and the rulebook's names, which the scripts read from `rulecheck names` (here a
/// stand-in on the `PATH` that prints what the command prints in-process, for `rules/` and for
/// `names.charter`). bash runs the script's function as `complete -F` would; zsh completes
/// in a pseudo-terminal through its own completion system (`compinit`), with the matches it
/// adds printed; fish answers `complete -C`.
///
/// Each shell is found through `CHARTER_ORACLE_BASH`, `CHARTER_ORACLE_ZSH` or
/// `CHARTER_ORACLE_FISH` (set by `.ci/run`, which installs the Debian packages `zsh` and `fish`
/// when they are missing) or on the usual paths; without one its test is skipped, except in CI.
@Suite struct ShellCompletionOracleTests {
    static let repository = CalendarOracleTests.repository
    static let namesRules = repository.appendingPathComponent("Tests/GoldenTests/Cases/completions/names.charter").path

    static func shell(_ name: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        return [environment["CHARTER_ORACLE_\(name.uppercased())"], "/bin/\(name)", "/usr/bin/\(name)", "/usr/local/bin/\(name)"]
            .compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let bash = shell("bash")
    static let zsh = shell("zsh")
    static let fish = shell("fish")

    @Test func theShellsAreThereInCI() {
        guard CalendarOracleTests.inCI else { return }
        #expect(Self.bash != nil, "CI must have bash")
        #expect(Self.zsh != nil, "CI must install zsh (.ci/run sets CHARTER_ORACLE_ZSH)")
        #expect(Self.fish != nil, "CI must install fish (.ci/run sets CHARTER_ORACLE_FISH)")
    }

    /// What `rulecheck names KIND [--rules PATH]` prints, run in-process.
    static func names(_ kind: String, rules: String) -> String {
        let io = CapturedIO()
        _ = Driver.run(arguments: ["names", kind, "--rules", rules], io: io)
        return io.output
    }

    /// A folder holding the shell's script and a `bin/rulecheck` that answers `names` as the
    /// command does, for the MHHS rules (`rules/`, the current folder's) and `names.charter`.
    final class Workspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shell-completion-\(UUID().uuidString)")
        var bin: String { root.appendingPathComponent("bin").path }

        init(shell: String) throws {
            let fm = FileManager.default
            try fm.createDirectory(atPath: root.appendingPathComponent("bin").path, withIntermediateDirectories: true)
            try #require(CompletionScript.script(for: shell)).write(to: root.appendingPathComponent("rulecheck.\(shell)"),
                                                                   atomically: true, encoding: .utf8)
            var stub = "#!/bin/sh\ncase \"$*\" in\n"
            for kind in NamesCommand.kinds {
                let mhhs = ShellCompletionOracleTests.names(kind, rules: ShellCompletionOracleTests.repository.appendingPathComponent("rules").path)
                stub += "  \(CompletionScript.quoted("names \(kind)"))) printf '%s' \(CompletionScript.quoted(mhhs)) ;;\n"
                let own = ShellCompletionOracleTests.names(kind, rules: ShellCompletionOracleTests.namesRules)
                stub += "  \(CompletionScript.quoted("names \(kind) --rules \(ShellCompletionOracleTests.namesRules)"))) printf '%s' \(CompletionScript.quoted(own)) ;;\n"
            }
            stub += "esac\n"
            let path = bin + "/rulecheck"
            try stub.write(toFile: path, atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        func script(_ shell: String) -> String { root.appendingPathComponent("rulecheck.\(shell)").path }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    /// Runs `executable` with `arguments` in the repository (whose `rules/` the scripts read),
    /// the stand-in first on the `PATH`; its standard output, or nil when it failed or took
    /// more than 30 seconds.
    static func run(_ executable: String, _ arguments: [String], workspace: Workspace) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = repository
        var environment = ["PATH": workspace.bin + ":/usr/bin:/bin", "HOME": workspace.root.path, "TERM": "dumb",
                           "LANG": "C.UTF-8"]
        environment["XDG_CONFIG_HOME"] = workspace.root.path
        environment["XDG_DATA_HOME"] = workspace.root.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + .seconds(30)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The lines of `output` (a terminal's end with CR LF), without empty ones, sorted.
    static func lines(_ output: String?) -> [String] {
        (output ?? "").split(whereSeparator: \.isNewline).map(String.init).sorted()
    }

    // MARK: - The shells

    /// The words bash's completion function offers for `line` (the last word, after the last
    /// space, is the one completed).
    static func bashCandidates(_ line: String, bash: String, workspace: Workspace) throws -> [String] {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if line.hasSuffix(" ") { words.append("") }
        let program = """
            source \(CompletionScript.quoted(workspace.script("bash")))
            complete -p rulecheck >/dev/null || exit 3
            COMP_LINE=\(CompletionScript.quoted(line)); COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(\(words.map(CompletionScript.quoted).joined(separator: " "))); COMP_CWORD=\(words.count - 1)
            _rulecheck
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        return lines(try run(bash, ["--norc", "--noprofile", "-c", program], workspace: workspace))
    }

    /// A zsh that starts another, interactive one in a pseudo-terminal (`zpty`), loads the
    /// completion system and the script there, types the line and Tab, and prints each match
    /// the completion adds, between the lines that mark where completion starts and ends.
    static let zshCapture = #"""
        zmodload zsh/zpty || exit 3
        zpty z zsh -f -i
        local line
        zpty -w z 'PROMPT=; autoload -U compinit; compinit -u -D; bindkey "^I" complete-word'
        zpty -w z 'null-line () { echo -E - $'"'"'\0'"'"' }; compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
        zpty -w z 'zstyle ":completion:*" insert-tab false'
        zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do echo -E - "match:$h"; done }'
        zpty -w z "source ${(q)1}"
        zpty -w z 'echo ready''ready'
        while zpty -r z line; do [[ $line == readyready* ]] && break; done
        zpty -w -n z "$2"$'\t'
        integer seen=0
        while zpty -r z line; do
          [[ $line == *$'\0'* ]] && { (( seen++ )) && break || continue; }
          (( seen )) && print -r -- $line
        done
        zpty -d z
        """#

    static func zshCandidates(_ line: String, zsh: String, workspace: Workspace) throws -> [String] {
        lines(try run(zsh, ["-f", "-c", zshCapture, "zsh", workspace.script("zsh"), line], workspace: workspace))
            .filter { $0.hasPrefix("match:") }.map { String($0.dropFirst("match:".count)) }
    }

    /// What fish's own completion offers for `line` (`complete -C`), without the descriptions.
    static func fishCandidates(_ line: String, fish: String, workspace: Workspace) throws -> [String] {
        let program = "source \(CompletionScript.quoted(workspace.script("fish"))); complete -C \(CompletionScript.quoted(line))"
        return lines(try run(fish, ["--no-config", "-c", program], workspace: workspace))
            .map { String($0.prefix { $0 != "\t" }) }
    }

    // MARK: - What they offer

    static let mhhsRules = lines(names("rules", rules: repository.appendingPathComponent("rules").path))
    static let mhhsProcesses = lines(names("processes", rules: repository.appendingPathComponent("rules").path))
    static let checkOptions = (CommandSpec.all().first { $0.name == "check" }?.options.map { "--" + $0.name } ?? []).sorted()

    /// The lines every shell completes alike, and what it offers for each.
    static let common: [(line: String, expected: [String])] = [
        ("rulecheck ch", ["chart", "check"]),
        ("rulecheck check --", checkOptions),
        ("rulecheck check --rule ", mhhsRules),
        ("rulecheck check --rule change_f", mhhsRules.filter { $0.hasPrefix("change_f") }),
        ("rulecheck chart --format m", ["mermaid"]),
        ("rulecheck completions z", ["zsh"]),
        ("rulecheck fmt --ch", ["--check"]),
    ]

    @Test func theExpectationsHoldSomething() {
        #expect(Self.mhhsRules.contains("change_freeze"))
        #expect(Self.mhhsRules.count >= 10)
        #expect(Self.checkOptions.contains("--rule") && Self.checkOptions.contains("--format"))
        #expect(Self.common.allSatisfy { !$0.expected.isEmpty })
    }

    @Test(.enabled(if: bash != nil, "needs bash"))
    func bashCompletes() throws {
        let bash = try #require(Self.bash)
        let workspace = try Workspace(shell: "bash")
        for (line, expected) in Self.common {
            #expect(try Self.bashCandidates(line, bash: bash, workspace: workspace) == expected, "bash: `\(line)`")
        }
        #expect(try Self.bashCandidates("rulecheck status --rules \(Self.namesRules) --process ", bash: bash, workspace: workspace)
                == ["approval"])
        #expect(try Self.bashCandidates("rulecheck calendar --rules \(Self.namesRules) A", bash: bash, workspace: workspace) == ["Audit"])
    }

    @Test(.enabled(if: zsh != nil, "needs zsh"))
    func zshCompletes() throws {
        let zsh = try #require(Self.zsh)
        let workspace = try Workspace(shell: "zsh")
        for (line, expected) in Self.common {
            #expect(try Self.zshCandidates(line, zsh: zsh, workspace: workspace) == expected, "zsh: `\(line)`")
        }
        #expect(try Self.zshCandidates("rulecheck status --rules \(Self.namesRules) --process ", zsh: zsh, workspace: workspace)
                == ["approval"])
    }

    @Test(.enabled(if: fish != nil, "needs fish"))
    func fishCompletes() throws {
        let fish = try #require(Self.fish)
        let workspace = try Workspace(shell: "fish")
        for (line, expected) in Self.common {
            #expect(try Self.fishCandidates(line, fish: fish, workspace: workspace) == expected, "fish: `\(line)`")
        }
        // fish reads the names from `rules/` whatever the line says.
        #expect(try Self.fishCandidates("rulecheck status --process ", fish: fish, workspace: workspace) == Self.mhhsProcesses)
    }
}
