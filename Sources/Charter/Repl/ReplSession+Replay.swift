/// A change a session accepted: what is needed, with the rules and records it started with, to
/// bring a session back to the same state, undo history included.
public enum ReplChange: Equatable, Sendable {
    /// Declarations typed at the prompt, as typed.
    case declarations(String)
    /// The words of a `:load`, its paths absolute.
    case load([String])
    case undo
    case reset

    /// The change in a few words, for saying which one could not be made again.
    public var summary: String {
        switch self {
        case .declarations(let text):
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let first = lines.first { !$0.isEmpty && !$0.hasPrefix("#") } ?? ""
            return first.count > 60 ? String(first.prefix(59)) + "…" : first
        case .load(let words): return ":load " + words.joined(separator: " ")
        case .undo: return ":undo"
        case .reset: return ":reset"
        }
    }
}

/// What `ReplSession.replay` rebuilt.
public struct ReplayReport: Sendable {
    public struct Failure: Sendable {
        public let change: ReplChange
        /// What the session said when it tried the change again.
        public let said: String
    }

    /// What each change now in effect did, oldest first; `:undo` and `:reset` already applied.
    public let whatIfs: [[String]]
    /// The changes that no longer succeed (a file gone or changed since), in order.
    public let failures: [Failure]
}

extension ReplSession {
    /// Makes `changes` again, in order, as a journal kept them. Files that a `:load` names are
    /// read again. A declaration or `:load` that no longer succeeds is kept as a change that
    /// changes nothing, so that each `:undo` after it takes back the same change as it did
    /// when it was typed.
    public func replay(_ changes: [ReplChange]) -> ReplayReport {
        replaying = true
        defer { replaying = false }
        var failures: [ReplayReport.Failure] = []
        for change in changes {
            let accepted = self.changes.count
            let said: String
            switch change {
            case .declarations(let text): said = handleToTheEnd(text)
            case .load(let words):
                history.append(":load " + words.joined(separator: " "))
                said = load(words)
            case .undo: said = undo()
            case .reset: said = reset()
            }
            guard self.changes.count == accepted else { continue }
            failures.append(.init(change: change, said: said))
            switch change {
            case .declarations, .load:
                undoStack.append(state)
                self.changes.append(change)
            case .undo, .reset:
                // Nothing was left to take back: the undos already line up with the changes.
                break
            }
        }
        return ReplayReport(whatIfs: state.whatIfs, failures: failures)
    }
}

/// The parts of a session an input may change, kept so that an interrupted input can be
/// taken back whole: its outcomes, computed only in part, must not stay.
struct SessionSnapshot {
    let state: ReplSession.State
    let undoStack: [ReplSession.State]
    let program: Program
    let records: [LoadedRecord]
    let changes: [ReplChange]
    let recordValues: [Int: [Value]]?
    let sideResults: [OutcomeDiff.SideResults]

    init(of session: ReplSession) {
        state = session.state
        undoStack = session.undoStack
        program = session.program
        records = session.records
        changes = session.changes
        recordValues = session.recordValues
        sideResults = session.sideResults
    }

    /// Puts the session back; the record values and results kept before the input are still
    /// right, any kept since may hold outcomes cut short.
    func restore(into session: ReplSession) {
        session.state = state
        session.undoStack = undoStack
        session.program = program
        session.records = records
        session.changes = changes
        session.recordValues = recordValues
        session.sideResults = sideResults
    }
}
