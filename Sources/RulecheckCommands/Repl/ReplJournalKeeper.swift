import Charter
import Foundation

/// Keeps a session's journal up to date with its changes. A new session's journal is made at
/// its first change, so that a session that changes nothing leaves an earlier journal at the
/// same path as it was (still there to resume); a resumed session's is made at once, from the
/// changes it made again. When the journal cannot be written the session goes on without one,
/// and says so once.
final class ReplJournalKeeper {
    let path: String
    let start: ReplJournal.Start
    private let now: () -> Date
    private var journal: ReplJournal?
    /// How many of the session's changes are in the journal.
    private var written = 0
    private var failed = false

    init(path: String, start: ReplJournal.Start, now: @escaping () -> Date = Date.init) {
        self.path = path
        self.start = start
        self.now = now
    }

    /// Writes the session's changes not yet in the journal.
    func record(_ session: ReplSession, io: TextIO) {
        guard !failed, session.changes.count > written else { return }
        attempt(io) {
            if let journal {
                for change in session.changes[written...] { try journal.append(change) }
            } else {
                // Started since this session began: replacing it would lose that one's changes.
                guard !ReplJournal.isInUse(path) else {
                    throw ReplJournal.Problem(description: "another session is keeping `\(path)`")
                }
                journal = try ReplJournal.create(at: path, start: start, changes: session.changes, now: now)
            }
            written = session.changes.count
        }
    }

    /// Starts the journal again with the changes a resumed session made again, cleaned of any
    /// line a kill cut short (appending after such a line would spoil the next one too).
    func resume(_ session: ReplSession, from resumed: ReplJournal.Contents, io: TextIO) {
        attempt(io) {
            journal = try ReplJournal.create(at: path, start: start, changes: session.changes,
                                             startedAt: resumed.started, changedAt: resumed.lastWritten, now: now)
            written = session.changes.count
        }
    }

    /// Marks the journal finished, if this session wrote one.
    func finish(io: TextIO) {
        guard let journal, !failed else { return }
        attempt(io) { try journal.finish() }
    }

    private func attempt(_ io: TextIO, _ work: () throws -> Void) {
        do {
            try work()
        } catch {
            failed = true
            io.writeError("note: the session's journal cannot be written (\(error)); the session goes on without one\n")
        }
    }
}
