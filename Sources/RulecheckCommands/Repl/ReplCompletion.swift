import Charter
import Foundation

/// What Tab may put in place of the word before the cursor.
public struct LineCompletion: Equatable, Sendable {
    /// The characters of the line that a candidate replaces: the word before the cursor.
    public let range: Range<Int>
    /// The words that fit, each in full, sorted, each once.
    public let candidates: [String]

    public init(range: Range<Int>, candidates: [String]) {
        self.range = range
        self.candidates = candidates
    }

    /// The candidates in columns two spaces apart, row by row, in lines of at most `width`
    /// columns (one column when a candidate is wider). The folder that several candidates
    /// share is left out (`CR041.json` for `examples/change_requests/CR041.json`).
    public func listing(width: Int) -> String {
        var folder = candidates.first.map { String($0[...($0.lastIndex(of: "/") ?? $0.startIndex)]) } ?? ""
        if !folder.hasSuffix("/") { folder = "" }
        let shown = candidates.count > 1 && candidates.allSatisfy({ $0.hasPrefix(folder) && $0.count > folder.count })
            ? candidates.map { String($0.dropFirst(folder.count)) } : candidates
        let widest = shown.map(\.count).max() ?? 0
        let columns = Swift.max(1, (width + 2) / (widest + 2))
        var out = ""
        for (index, candidate) in shown.enumerated() {
            let last = index % columns == columns - 1 || index == candidates.count - 1
            out += last ? candidate + "\n" : candidate.padding(toLength: widest + 2, withPad: " ", startingAt: 0)
        }
        return out
    }
}

/// Tab in the REPL, without any I/O but the listing of a folder: what fits at the cursor of
/// the line being typed, given the lines of the block typed before it and the session.
/// After `:` the commands; after `:load` and `:save` file paths; after `:show`, `:check` and
/// `:explain` record ids (and a rule for `:explain`), after `:calendar` groups; after `.` the
/// fields of what stands before it; elsewhere what the language server offers (the clauses
/// of a block, rules after `check`, steps after `->`, keywords and declared names) with the
/// names of the prompt (the lists of loaded records, `today`) and the local names written.
public enum ReplCompletion {
    /// The completion of `line` at `cursor` (in characters), `pending` being the lines of the
    /// unfinished input before it (empty for none), relative paths read from `directory`.
    public static func complete(line: String, cursor: Int, pending: String, session: ReplSession,
                                directory: String) -> LineCompletion {
        let characters = Array(line)
        let cursor = Swift.max(0, Swift.min(cursor, characters.count))
        let before = String(characters[..<cursor])
        if pending.isEmpty, before.drop(while: \.isWhitespace).hasPrefix(":") {
            return command(before, cursor: cursor, session: session, directory: directory)
        }
        let word = String(before.reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }.reversed())
        let range = cursor - word.count..<cursor
        let text = pending.isEmpty ? before : pending + "\n" + before
        let bytes = Array(text.utf8)
        return LineCompletion(range: range, candidates: matching(word, names(at: bytes, word: word, session: session)))
    }

    /// The candidates among `names` that start with `word`, sorted, each once.
    static func matching(_ word: String, _ names: [String]) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(word) })).sorted()
    }

    // MARK: - Commands

    static func command(_ before: String, cursor: Int, session: ReplSession, directory: String) -> LineCompletion {
        let words = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let current = before.last?.isWhitespace == false ? words.last ?? "" : ""
        let range = cursor - current.count..<cursor
        let earlier = current.isEmpty ? words : Array(words.dropLast())
        guard let command = earlier.first else {
            return LineCompletion(range: range, candidates: matching(current, ReplSession.commandNames))
        }
        let arguments = Array(earlier.dropFirst())
        var names: [String] = []
        switch command {
        case ":load":
            if arguments.last == "--type" {
                names = session.symbols.all.filter { $0.kind == .recordType || $0.kind == .builtInRecordType }.map(\.name)
            } else if arguments.last == "--date-format" {
                names = []
            } else if current.hasPrefix("-") {
                names = ["--type", "--date-format"]
            } else {
                names = paths(current, directory: directory)
            }
        case ":save":
            names = arguments.isEmpty ? paths(current, directory: directory) : []
        case ":show", ":check":
            names = arguments.isEmpty ? session.recordIDs : []
        case ":explain":
            names = arguments.isEmpty ? session.recordIDs
                : arguments.count == 1 ? session.symbols.all.filter { $0.kind == .rule }.map(\.name) : []
        case ":calendar":
            names = arguments.isEmpty ? session.symbols.all.filter { $0.kind == .group }.map(\.name) : []
        default:
            break
        }
        return LineCompletion(range: range, candidates: matching(current, names))
    }

    /// The files and folders whose path starts with `typed`: a folder's with `/` after it,
    /// hidden ones only when the name typed starts with `.`; relative paths from `directory`.
    static func paths(_ typed: String, directory: String) -> [String] {
        let folder = typed.lastIndex(of: "/").map { String(typed[...$0]) } ?? ""
        let prefix = String(typed.dropFirst(folder.count))
        let listed = folder.hasPrefix("/") ? folder : (directory.hasSuffix("/") ? directory : directory + "/") + folder
        // A folder that cannot be listed offers no paths; Tab changes nothing, as a shell's does.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed.isEmpty ? "." : listed) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: listed + name, isDirectory: &isFolder)
            return folder + name + (exists && isFolder.boolValue ? "/" : "")
        }
    }

    // MARK: - Names

    static func names(at bytes: [UInt8], word: String, session: ReplSession) -> [String] {
        let symbols = session.symbols
        func declared(_ kinds: Set<Symbol.Kind>) -> [String] {
            symbols.all.filter { kinds.contains($0.kind) }.map(\.name)
        }
        switch NameCompletion.context(before: bytes.count, in: bytes) {
        case .field:
            let dot = bytes.count - word.utf8.count - 1
            let text = String(decoding: bytes, as: UTF8.self)
            return session.fields(beforeDotAt: dot, in: text)
                ?? declared([.field, .coreField]) + (session.recordIDs.isEmpty ? [] : ["outcome", "failed"])
        case .rule:
            return declared([.rule])
        case .step:
            let written = NameCompletion.stepsWritten(inProcessAround: bytes.count, in: bytes).map(\.name)
            return written.isEmpty ? declared([.step, .end]) : written
        case .clause(let words) where words != NameCompletion.clauses[""]:
            return words
        case .clause, .anywhere:
            // At the prompt a line starts a declaration or an expression alike.
            return Keyword.allCases.map(\.rawValue) + NameCompletion.weekdays + NameCompletion.units + NameCompletion.listForms
                + declared([.group, .role, .constituency, .recordType, .builtInRecordType, .rule, .process, .builtInFunction,
                            .builtInName, .function])
                + session.inputNames + localNames(in: bytes)
        }
    }

    /// The names the text binds as it is written: before `in` (`cr in change_requests`),
    /// after `let`, and after `for TYPE` (a rule's subject).
    static func localNames(in bytes: [UInt8]) -> [String] {
        let words = bytes.split { !NameCompletion.isNameByte($0) }.map { String(decoding: $0, as: UTF8.self) }
        var names: [String] = []
        for (index, word) in words.enumerated() {
            if word == "in", index > 0 { names.append(words[index - 1]) }
            if word == "let", index + 1 < words.count { names.append(words[index + 1]) }
            if word == "for", index + 2 < words.count { names.append(words[index + 2]) }
        }
        return names
    }
}
