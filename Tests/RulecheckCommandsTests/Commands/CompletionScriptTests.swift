import Foundation
@testable import RulecheckCommands
import Testing

/// The completion scripts are written from the command table: every option they offer is one
/// the command takes, and the bash script, sourced into bash, completes a partial line.
@Suite struct CompletionScriptTests {
    static let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GoldenTests/Cases/completions")

    /// Every option a spec offers is accepted by its command: none is an unknown option. With
    /// `--help` after it, the command parses its line and prints its help, doing nothing else.
    @Test func everyOptionOfferedIsOneTheCommandTakes() {
        for spec in CommandSpec.all() {
            for option in spec.options where option.name != "help" {
                let io = CapturedIO()
                let arguments = [spec.name, "--\(option.name)"] + (option.value == nil ? [] : ["x"]) + ["--help"]
                _ = Driver.run(arguments: arguments, io: io)
                #expect(!io.errors.contains("unknown option"), "`\(spec.name) --\(option.name)`: \(io.errors)")
            }
        }
    }

    @Test func optionsAndTheirValuesComeFromTheHelp() throws {
        let specs = CommandSpec.all()
        let check = try #require(specs.first { $0.name == "check" })
        #expect(check.options.contains(CommandSpec.Option(name: "rule", value: .names("rules"))))
        #expect(check.options.contains(CommandSpec.Option(name: "format", value: .words(["text", "json"]))))
        #expect(check.options.contains(CommandSpec.Option(name: "strict", value: nil)))
        #expect(check.arguments == .files)
        #expect(specs.first { $0.name == "calendar" }?.arguments == .names("groups"))
        #expect(specs.first { $0.name == "workdays" }?.arguments == .words(["add", "between"]))
        #expect(specs.first { $0.name == "status" }?.options.contains(CommandSpec.Option(name: "process", value: .names("processes"))) == true)
        #expect(!specs.contains { $0.name == "names" }, "the hidden helper is not offered")
    }

    /// Runs `line` (the words typed, the last one partial) through the bash script's
    /// completion function, with `rulecheck` standing for the real one by answering `names`
    /// with what the command prints in-process, and returns COMPREPLY.
    private func complete(_ words: [String]) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("rulecheck.bash")
        try #require(CompletionScript.script(for: "bash")).write(to: script, atomically: true, encoding: .utf8)
        let rules = Self.cases.appendingPathComponent("names.charter").path
        var stubs = ""
        for kind in NamesCommand.kinds {
            let io = CapturedIO()
            #expect(Driver.run(arguments: ["names", kind, "--rules", rules], io: io) == 0)
            stubs += "    [[ \"$*\" == \(CompletionScript.quoted("names \(kind) --rules \(rules)")) ]] && printf '%s' \(CompletionScript.quoted(io.output))\n"
        }
        let quotedWords = words.map(CompletionScript.quoted).joined(separator: " ")
        let program = """
            source \(CompletionScript.quoted(script.path))
            rulecheck() {
            \(stubs)    return 0
            }
            COMP_WORDS=(\(quotedWords))
            COMP_CWORD=\(words.count - 1)
            _rulecheck
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--norc", "--noprofile", "-c", program]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func bashCompletesAPartialLine() throws {
        let rules = Self.cases.appendingPathComponent("names.charter").path
        #expect(try complete(["rulecheck", "ch"]) == ["check", "chart"])
        #expect(try complete(["rulecheck", "check", "--rules", rules, "--rule", "quo"]) == ["quorate_board"])
        #expect(try complete(["rulecheck", "status", "--rules", rules, "--process", ""]) == ["approval"])
        #expect(try complete(["rulecheck", "calendar", "--rules", rules, "A"]) == ["Audit"])
        #expect(try complete(["rulecheck", "chart", "--format", "m"]) == ["mermaid"])
        #expect(try complete(["rulecheck", "fmt", "--ch"]) == ["--check"])
        #expect(try complete(["rulecheck", "completions", "z"]) == ["zsh"])
    }
}
