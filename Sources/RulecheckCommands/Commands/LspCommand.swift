import Charter
import Foundation

/// `rulecheck lsp [--rules PATH]...`: a language server on standard input and output.
enum LspCommand {
    static let help = """
        usage: rulecheck lsp [--rules PATH]...

        Serves the Language Server Protocol (3.17) on standard input and output, for an
        editor: diagnostics as `lint` gives them, hover, go to definition, references,
        rename, outline, completion and quick fixes for the did-you-mean suggestions.
        The rulebook is every `.charter` file under each --rules PATH, or else the
        workspace folder's rules/ (the folder itself when it has none).

        exit status: 0 after `shutdown` then `exit`, 1 on `exit` without `shutdown` or
        when the input ends first, 2 usage error

        """

    static func run(_ arguments: [String], io: TextIO) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, options: ["rules"], flags: ["help"])
            guard parsed.positionals.isEmpty else {
                throw Arguments.UsageError(description: "`lsp` takes no files; give the rulebook with --rules PATH")
            }
        } catch {
            return Driver.usageError("\(error)", command: "lsp", io: io)
        }
        if parsed.flag("help") {
            io.write(help)
            return Driver.ExitStatus.success
        }
        let rules = parsed.values("rules")
        let server = LanguageServer(rules: rules.isEmpty ? nil : rules.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        return serve(server, io: io) {
            let data = FileHandle.standardInput.availableData
            return data.isEmpty ? nil : [UInt8](data)
        }
    }

    /// Feeds what `read` returns (nil at the end of the input) to `server`, framed, and writes
    /// its replies to `io`, until `exit` or the end of the input. Framing errors are logged
    /// to the client and the stream goes on.
    static func serve(_ server: LanguageServer, io: TextIO, read: () -> [UInt8]?) -> Int32 {
        var framing = MessageFraming()
        while let bytes = read() {
            framing.append(bytes)
            while let frame = framing.next() {
                let replies: [JSON]
                switch frame {
                case .body(let body): replies = server.receive(body)
                case .malformed(let reason): replies = [LanguageServer.log("rulecheck lsp: skipped malformed input: \(reason)")]
                }
                for reply in replies { io.write(MessageFraming.framed(reply.rendered(pretty: false))) }
                if let status = server.exitStatus { return status }
            }
        }
        return server.exitStatus ?? Driver.ExitStatus.failure
    }
}

extension LanguageServer {
    /// What the server writes in reply to `input`, a stream of framed messages, and its exit
    /// status: a whole session without a process, for transcript tests.
    public func serve(_ input: [UInt8]) -> (output: String, status: Int32) {
        let io = CapturedIO()
        var remaining: [UInt8]? = input
        let status = LspCommand.serve(self, io: io) {
            defer { remaining = nil }
            return remaining
        }
        return (io.output, status)
    }
}
