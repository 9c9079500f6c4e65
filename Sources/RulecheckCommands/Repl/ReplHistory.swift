import Foundation

/// The inputs of earlier REPL sessions, so that Up at a terminal recalls them in the next one:
/// one file in the user's state directory (`$XDG_STATE_HOME/charter/repl_history`, else
/// `~/.local/state/charter/repl_history`), never in the project; `CHARTER_REPL_HISTORY` names
/// another file. Each input is a JSON string on a line of its own, so that a block typed over
/// several lines comes back whole and a line cut short by a kill spoils only itself.
struct ReplHistory {
    /// The most inputs recalled from earlier sessions.
    static let kept = 1000

    let path: String

    /// The history file for `environment`, or nil when neither variable gives a place for it.
    static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["CHARTER_REPL_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/charter/repl_history" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/charter/repl_history" }
        return nil
    }

    /// The inputs kept, oldest first, at most `kept` of them; none when the file is missing or
    /// cannot be read, and lines that are not a JSON string are left out.
    func read() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        let entries = data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(String.self, from: Data($0)) }
        return Array(entries.suffix(Self.kept))
    }

    /// Adds `input` at the end of the file (made, with its directory, when missing). A history
    /// that cannot be written is not a reason to stop the session, so failure is only returned.
    @discardableResult
    func append(_ input: String) -> Bool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil,
              let encoded = try? JSONEncoder().encode(input) else { return false }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return false }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            // One write per input: a kill never leaves half of one joined to the next.
            try handle.write(contentsOf: encoded + Data("\n".utf8))
        } catch {
            return false
        }
        return true
    }
}
