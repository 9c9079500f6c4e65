import Foundation

/// Finds, reads and parses rule files: every `.charter` file named, or under a directory named.
public struct RulebookLoader: Sendable {
    /// A rule file larger than this is refused: no real rulebook comes near it, and it keeps a
    /// mistaken path (a log, a database) from being read into memory.
    public static let maxFileBytes = 16 * 1024 * 1024

    /// What loading produced: the parsed rulebook, the sources for rendering, diagnostics,
    /// and paths that could not be read at all (a usage error, not a rule error).
    public struct Result: Sendable {
        public var rulebook = Rulebook()
        public var files = SourceFiles()
        public var diagnostics: [Diagnostic] = []
        public var unreadable: [String] = []
    }

    public init() {}

    /// Loads every `.charter` file at or under `paths`, in a stable (sorted) order.
    public func load(paths: [String]) -> Result {
        var result = Result()
        load(paths: paths, into: &result)
        return result
    }

    /// Loads `paths` on top of `result`: `overlay` replaces same-named declarations (see
    /// `Rulebook.redefined(by:)`) and returns what it changed; without it, files are added.
    @discardableResult
    public func load(paths: [String], into result: inout Result, overlay: Bool) -> [Rulebook.Change] {
        guard overlay else {
            load(paths: paths, into: &result)
            return []
        }
        let base = result.rulebook
        result.rulebook = Rulebook()
        load(paths: paths, into: &result)
        let (combined, changes) = base.redefined(by: result.rulebook)
        result.rulebook = combined
        return changes
    }

    private func load(paths: [String], into result: inout Result) {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.unreadable.append("\(path): no such file or directory")
                continue
            }
            if isDirectory.boolValue {
                let found = charterFiles(under: path)
                if found.isEmpty {
                    result.unreadable.append("\(path): no `.charter` files in this directory")
                }
                for file in found { load(file: file, into: &result) }
            } else {
                load(file: path, into: &result)
            }
        }
    }

    /// Parses `text` as if read from `path` (the REPL and tests use this).
    public func load(text: String, path: String, into result: inout Result) {
        let file = result.files.add(path: path, text: text)
        let parsed = Parser.parse(file)
        result.rulebook.append(contentsOf: parsed.rulebook)
        result.diagnostics += parsed.diagnostics
    }

    private func charterFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".charter") {
                found.append((directory as NSString).appendingPathComponent(relative))
            }
        }
        return found.sorted()
    }

    private func load(file path: String, into result: inout Result) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            result.unreadable.append("\(path): cannot be read")
            return
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: RulebookLoader.maxFileBytes + 1) ?? Data()
        } catch {
            result.unreadable.append("\(path): cannot be read (\(error.localizedDescription))")
            return
        }
        if data.count > RulebookLoader.maxFileBytes {
            result.files.add(path: path, text: "")
            result.diagnostics.append(.error(.fileTooLarge, "`\(path)` is larger than \(RulebookLoader.maxFileBytes / 1024 / 1024) MiB",
                                             at: nil, help: "a rulebook this large is not a rulebook; check the path"))
            return
        }
        let bytes = [UInt8](data)
        switch SourceDecoder.decode(bytes) {
        case .success(let text):
            load(text: text, path: path, into: &result)
        case .failure(let failure):
            // Show the line with the bad bytes replaced, so the caret has something to point at.
            let file = result.files.add(path: path, text: String(decoding: bytes, as: UTF8.self))
            let span = SourceSpan(file: file.id, offset: failure.offset, line: failure.line, column: failure.column, length: 1)
            switch failure.kind {
            case .nulByte:
                result.diagnostics.append(.error(.binaryFile, "`\(path)` holds NUL bytes: it is not a text file",
                                                 at: span, help: "rule files are UTF-8 text; check the path"))
            case .invalidUTF8:
                result.diagnostics.append(.error(.invalidUTF8, "`\(path)` is not valid UTF-8 at byte offset \(failure.offset)",
                                                 at: span, help: "save the file as UTF-8"))
            }
        }
    }
}

extension RulebookLoader.Result {
    /// Adds the checker's diagnostics, and returns the checked rulebook when there are no
    /// errors. When some files do not parse (or cannot be decoded) the whole rulebook is still
    /// checked, with what the parser recovered of those files, so that the names they declare
    /// are known; but only the diagnostics about the other files are added, as a missing block
    /// or clause in a broken file would echo as mistakes of its own.
    @discardableResult
    public mutating func check() -> CheckedRulebook? {
        let (checked, found) = Checker.checked(rulebook, files: files)
        let parsed = !diagnostics.hasErrors
        diagnostics += aboutFilesThatParse(found)
        return parsed ? checked : nil
    }

    /// Of the checker's diagnostics `found`, those about files with no error of their own
    /// (every one, when every file parsed): what `check()` adds, and an editor publishes.
    /// While a file does not parse, what the other files use may be written in its lost part
    /// (a field after the mistake, a group whose header is broken): a name or field that
    /// nothing declares is left until the file parses, so that it is not reported falsely.
    public func aboutFilesThatParse(_ found: [Diagnostic]) -> [Diagnostic] {
        let broken = Set(diagnostics.filter { $0.severity == .error }.map { $0.span?.file })
        guard !broken.isEmpty else { return found }
        return found.filter { !broken.contains($0.span?.file) && !Self.mayBeDeclaredInABrokenFile.contains($0.code) }
    }

    /// The diagnostics that say a name or field is declared nowhere.
    static let mayBeDeclaredInABrokenFile: Set<DiagnosticCode> = [
        .unknownGroup, .unknownConstituency, .unknownBody, .unknownChair, .unknownRule, .unknownStep, .unknownRecordType,
        .unknownName, .unknownFunction, .unknownField,
    ]
}
