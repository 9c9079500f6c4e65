@testable import Charter

/// Lines typed into a REPL session over the MHHS rulebook and the example records, one fresh
/// session per input, joined into complete inputs the way `rulecheck repl` joins them.
/// `:load` is skipped: it reads the files the input names, which is the file system's
/// business, not the session's.
@_cdecl("LLVMFuzzerTestOneInput")
public func replOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let base = ReplBase.shared
    let session = ReplSession(files: base.mhhs.loaded.files, state: base.state, program: base.mhhs.program,
                              records: base.mhhs.records, asOf: nil, limits: .standard)
    session.recordValues = base.recordValues
    // The first rules' results on the records, which a session keeps once it has compared them.
    session.sideResults = [base.mhhs.results]
    var sink = 0
    var pending = ""
    for line in FuzzSupport.lossyText(data, size).split(separator: "\n", omittingEmptySubsequences: false) {
        if session.finished { break }
        pending += pending.isEmpty ? String(line) : "\n" + line
        // As in ReplCommand.run: a command is one line; anything else may need more lines.
        if !pending.hasPrefix(":"), InputBalance.state(of: pending) == .open { continue }
        let input = pending
        pending = ""
        if input.trimmingCharacters(in: .whitespaces).hasPrefix(":load") { continue }
        sink &+= session.handle(input).utf8.count
    }
    FuzzSink.keep(sink)
    return 0
}

/// The session's starting state, made once: the rulebook and the example record files, read.
final class ReplBase {
    let mhhs: MHHSBase
    let state: ReplSession.State
    /// The records with their outcomes, as the first expression of every session would work
    /// them out: worked out here once, as the session itself caches them.
    let recordValues: [Int: [Value]]?

    nonisolated(unsafe) static let shared = ReplBase()

    private init() {
        mhhs = MHHSBase.shared
        let sources = mhhs.recordFiles.map {
            ReplSession.RecordSource(path: FuzzSupport.path($0.path), typeName: $0.typeName, dateFormat: $0.dateFormat)
        }
        state = ReplSession.State(rulebook: mhhs.loaded.rulebook, sources: sources)
        let warm = ReplSession(files: mhhs.loaded.files, state: state, program: mhhs.program, records: mhhs.records, asOf: nil, limits: .standard)
        _ = warm.expressionScope()
        recordValues = warm.recordValues
    }
}
