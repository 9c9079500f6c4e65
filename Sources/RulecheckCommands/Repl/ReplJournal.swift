import Charter
import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The journal of a REPL session: how it started, then each change it accepted, written as it
/// is accepted, so that a session that ends by any cause (a crash, a kill, a closed terminal)
/// can be resumed with `rulecheck repl --resume`. A session that ends normally marks its
/// journal finished.
///
/// The file is JSON lines: a header, one line per change, and a last `finished` line. It is
/// appended to and flushed entry by entry rather than written whole (`AtomicFile`): a kill
/// mid-write can only cut its last line short, and a reader leaves that line out.
///
/// A session holds a lock on its journal while it runs (released by the system however the
/// process ends), so that a second session of the same rules neither offers nor replaces the
/// journal of one still running.
final class ReplJournal {
    /// How the session started: its rules, records and options, with paths absolute.
    struct Start: Equatable {
        var rules: [String]
        var records: [String]
        var typeName: String?
        var dateFormat: String?
        var asOf: String?
    }

    /// What a journal file holds.
    struct Contents {
        var start: Start
        var changes: [ReplChange]
        var finished: Bool
        /// When the session started.
        var started: Date?
        /// When the last line was written: the session's last change, or its start.
        var lastWritten: Date?
        /// Lines that could not be read, such as a last line cut short by a kill.
        var unreadableLines: Int

        /// How many changes would be in effect after these, undos and resets applied.
        var whatIfsInEffect: Int {
            changes.reduce(0) { depth, change in
                switch change {
                case .declarations, .load: depth + 1
                case .undo: Swift.max(depth - 1, 0)
                case .reset: 0
                }
            }
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// One line of the file. Every field but the time is optional, so one type reads all kinds.
    private struct Line: Codable {
        var journal: String?
        var version: Int?
        var at: String
        var rules: [String]?
        var records: [String]?
        var type: String?
        var dateFormat: String?
        var asOf: String?
        var declarations: String?
        var load: [String]?
        var undo: Bool?
        var reset: Bool?
        var finished: Bool?

        enum CodingKeys: String, CodingKey {
            case journal, version, at, rules, records, type, declarations, load, undo, reset, finished
            case dateFormat = "date-format"
            case asOf = "as-of"
        }

        init(at: String) { self.at = at }
    }

    static let kind = "rulecheck repl"

    let path: String
    private let handle: FileHandle
    private let now: () -> Date

    private init(path: String, handle: FileHandle, now: @escaping () -> Date) {
        self.path = path
        self.handle = handle
        self.now = now
    }

    deinit { try? handle.close() }

    // MARK: - Writing

    /// Starts the journal at `path` with `start` and `changes` already made, replacing any
    /// journal there, and opens it for appending. The first lines are written whole, so that a
    /// journal is never found without its header. A resumed session's journal keeps the times
    /// of the one it resumes: `startedAt` for its start, `changedAt` for the changes made again.
    static func create(at path: String, start: Start, changes: [ReplChange] = [],
                       startedAt: Date? = nil, changedAt: Date? = nil,
                       now: @escaping () -> Date = Date.init) throws -> ReplJournal {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Problem(description: "cannot make the directory `\(directory.path)`")
        }
        let time = now()
        var header = Line(at: timestamp(startedAt ?? time))
        header.journal = kind
        header.version = 1
        header.rules = start.rules
        header.records = start.records
        header.type = start.typeName
        header.dateFormat = start.dateFormat
        header.asOf = start.asOf
        var text = try encode(header)
        for change in changes { text += try encode(line(for: change, at: timestamp(changedAt ?? time))) }
        try AtomicFile.write(Data(text.utf8), to: path)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Problem(description: "cannot open `\(path)` to add to it")
        }
        // Not a reason to stop: a file system without locks still keeps the journal.
        _ = flock(handle.fileDescriptor, LOCK_EX | LOCK_NB)
        do {
            try handle.seekToEnd()
        } catch {
            throw Problem(description: "cannot open `\(path)` to add to it: \(error.localizedDescription)")
        }
        return ReplJournal(path: path, handle: handle, now: now)
    }

    /// Adds a change, flushed to the disk before returning.
    func append(_ change: ReplChange) throws {
        try write(Self.line(for: change, at: Self.timestamp(now())))
    }

    /// Marks the session as ended normally: nothing to offer to resume.
    func finish() throws {
        var line = Line(at: Self.timestamp(now()))
        line.finished = true
        try write(line)
    }

    private func write(_ line: Line) throws {
        // One write per line: a line is never split between two writes that a kill could part.
        do {
            try handle.write(contentsOf: Data(Self.encode(line).utf8))
            try handle.synchronize()
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "cannot add to `\(path)`: \(error.localizedDescription)")
        }
    }

    private static func line(for change: ReplChange, at time: String) -> Line {
        var line = Line(at: time)
        switch change {
        case .declarations(let text): line.declarations = text
        case .load(let words): line.load = words
        case .undo: line.undo = true
        case .reset: line.reset = true
        }
        return line
    }

    private static func encode(_ line: Line) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let text = String(data: try encoder.encode(line), encoding: .utf8) else {
            throw Problem(description: "cannot write a journal line")
        }
        // JSON escapes the line breaks inside texts, so each entry is one line of the file.
        return text + "\n"
    }

    /// True when a running session holds the journal at `path`.
    static func isInUse(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // A shared lock is refused only while another open file holds the exclusive one.
        return flock(descriptor, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }

    // MARK: - Reading

    /// The journal at `path`, or why it cannot be read; nil when there is no file.
    static func read(_ path: String) throws -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read the journal `\(path)`")
        }
        let decoder = JSONDecoder()
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard let first = lines.first, let header = try? decoder.decode(Line.self, from: Data(first)),
              header.journal == kind, let rules = header.rules else {
            throw Problem(description: "`\(path)` is not a journal of `rulecheck repl`")
        }
        guard header.version == 1 else {
            throw Problem(description: "`\(path)` is a journal of another version of `rulecheck repl`")
        }
        let start = Start(rules: rules, records: header.records ?? [], typeName: header.type,
                          dateFormat: header.dateFormat, asOf: header.asOf)
        var contents = Contents(start: start, changes: [], finished: false, started: date(header.at),
                                lastWritten: date(header.at), unreadableLines: 0)
        for bytes in lines.dropFirst() {
            guard let line = try? decoder.decode(Line.self, from: Data(bytes)) else {
                contents.unreadableLines += 1
                continue
            }
            contents.lastWritten = date(line.at) ?? contents.lastWritten
            if line.finished == true {
                contents.finished = true
            } else if let text = line.declarations {
                contents.changes.append(.declarations(text))
            } else if let words = line.load {
                contents.changes.append(.load(words))
            } else if line.undo == true {
                contents.changes.append(.undo)
            } else if line.reset == true {
                contents.changes.append(.reset)
            } else {
                contents.unreadableLines += 1
            }
            // A session resumed from a finished journal goes on in it: only the last word counts.
            if line.finished != true { contents.finished = false }
        }
        return contents
    }

    // MARK: - Where journals live

    /// The journal of sessions over `rules` in the user's state directory
    /// (`$XDG_STATE_HOME/charter/`, else `~/.local/state/charter/`): one per set of rules, named
    /// after the first and a hash of all their absolute paths. Nil without either variable.
    static func defaultPath(rules: [String], environment: [String: String]) -> String? {
        let directory: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            directory = state + "/charter"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            directory = home + "/.local/state/charter"
        } else {
            return nil
        }
        let name = rules.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "rules"
        let readable = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(40))
        return directory + "/repl-\(readable)-\(hash(rules.joined(separator: "\n"))).journal"
    }

    /// FNV-1a, 64 bits, in hex: the same for the same text in every run, unlike `Hasher`.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: - Times

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func date(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    /// `2026-12-02 at 04:40 UTC`, for messages.
    static func spoken(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd 'at' HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
