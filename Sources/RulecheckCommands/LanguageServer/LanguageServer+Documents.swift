import Charter
import Foundation

/// The last check of the rulebook: its sources, diagnostics and symbol table.
struct RulebookState {
    var files = SourceFiles()
    var diagnostics: [Diagnostic] = []
    var symbols: Symbols?
    var types: ExpressionTypes?
    var fileByPath: [String: FileID] = [:]

    /// The file at `path`, if it is one of the rulebook's.
    func file(atPath path: String) -> SourceFile? {
        fileByPath[path].flatMap { files[$0] }
    }
}

extension LanguageServer {
    // MARK: - Document synchronisation

    func document(_ method: String, _ params: JSONValue?) throws {
        let path = try documentPath(params)
        switch method {
        case "textDocument/didOpen":
            guard let text = params?["textDocument"]?["text"]?.stringValue else {
                throw RequestFailure.invalidParams("`didOpen` without the document's text")
            }
            documents[path] = text
        case "textDocument/didChange":
            guard let text = documents[path] else {
                throw RequestFailure.invalidParams("`didChange` for `\(path)`, which is not open")
            }
            documents[path] = try Self.applying(params?["contentChanges"]?.arrayValue ?? [], to: text)
        case "textDocument/didSave":
            if let text = params?["text"]?.stringValue, documents[path] != nil { documents[path] = text }
        default:
            documents[path] = nil
        }
    }

    /// The path of `params.textDocument.uri`.
    func documentPath(_ params: JSONValue?) throws -> String {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            throw RequestFailure.invalidParams("no `textDocument.uri`")
        }
        guard let path = Self.path(ofURI: uri) else {
            throw RequestFailure.invalidParams("`\(uri)` is not a `file:` URI")
        }
        return path
    }

    /// `text` with each change applied in turn: a change with a `range` replaces it (positions
    /// in UTF-16 code units, clamped to the line, inside a character rounded down to its start);
    /// one without replaces the whole text.
    static func applying(_ changes: [JSONValue], to text: String) throws -> String {
        var bytes = Array(text.utf8)
        for change in changes {
            guard let replacement = change["text"]?.stringValue else {
                throw RequestFailure.invalidParams("a content change without `text`")
            }
            guard let range = change["range"] else {
                bytes = Array(replacement.utf8)
                continue
            }
            let index = LineIndex(utf8: bytes)
            let start = try offset(range["start"], in: index)
            let end = Swift.max(start, try offset(range["end"], in: index))
            bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte offset of an LSP `Position`.
    static func offset(_ position: JSONValue?, in index: LineIndex) throws -> Int {
        guard let line = position?["line"]?.intValue, let character = position?["character"]?.intValue else {
            throw RequestFailure.invalidParams("a position needs whole-number `line` and `character`")
        }
        return index.offset(line: line, column: character, in: .utf16)
    }

    // MARK: - Checking

    /// Every `.charter` file of the rulebook, and every open one, by path.
    func rulebookPaths() -> [String] {
        var paths = Set(documents.keys.filter { $0.hasSuffix(".charter") })
        for root in rulesPaths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                paths.insert(URL(fileURLWithPath: root).standardizedFileURL.path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".charter") else { continue }
                let full = (root as NSString).appendingPathComponent(relative)
                paths.insert(URL(fileURLWithPath: full).standardizedFileURL.path)
            }
        }
        return paths.sorted()
    }

    /// Checks the rulebook again, open documents as the editor holds them and the other files
    /// as they are on disk, and publishes the diagnostics of every file.
    func recheck() -> [JSON] {
        var loaded = RulebookLoader().load(paths: [])
        var messages: [JSON] = []
        for path in rulebookPaths() {
            if let text = documents[path] {
                RulebookLoader().load(text: text, path: path, into: &loaded)
            } else {
                RulebookLoader().load(paths: [path], into: &loaded, overlay: false)
                messages += loaded.unreadable.map(Self.log)
                loaded.unreadable = []
            }
        }
        let analysis = Checker.analysis(of: loaded.rulebook, files: loaded.files)
        // As `lint` does: a file that does not parse reports its syntax errors alone, and the
        // others are checked all the same.
        let diagnostics = loaded.diagnostics + loaded.aboutFilesThatParse(analysis.diagnostics)
        var fileByPath: [String: FileID] = [:]
        for file in loaded.files.files { fileByPath[file.path] = file.id }
        state = RulebookState(files: loaded.files, diagnostics: diagnostics.sortedBySource(), symbols: analysis.symbols,
                              types: analysis.types, fileByPath: fileByPath)
        return messages + publishDiagnostics()
    }

    /// A `publishDiagnostics` for every file of the rulebook, and an empty one for each file
    /// that has left it since the last time.
    private func publishDiagnostics() -> [JSON] {
        var byFile: [FileID: [JSON]] = [:]
        var messages: [JSON] = []
        for diagnostic in state.diagnostics {
            guard let span = diagnostic.span, state.files[span.file] != nil else {
                messages.append(Self.log("\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]: \(diagnostic.message)"))
                continue
            }
            byFile[span.file, default: []].append(lspDiagnostic(diagnostic, span: span))
        }
        var now: Set<String> = []
        for file in state.files.files {
            now.insert(file.path)
            messages.append(Self.notification("textDocument/publishDiagnostics", .object([
                ("uri", .string(Self.uri(ofPath: file.path))),
                ("diagnostics", .array(byFile[file.id] ?? [])),
            ])))
        }
        for gone in published.subtracting(now).sorted() {
            messages.append(Self.notification("textDocument/publishDiagnostics", .object([
                ("uri", .string(Self.uri(ofPath: gone))), ("diagnostics", .array([])),
            ])))
        }
        published = now
        return messages
    }

    /// A diagnostic as LSP has it: the help follows the message, as `lint` prints it, and is
    /// also kept in `data` for code actions; notes become related information.
    func lspDiagnostic(_ diagnostic: Diagnostic, span: SourceSpan) -> JSON {
        let severity = switch diagnostic.severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
        var message = diagnostic.message
        if let help = diagnostic.help { message += "\nhelp: " + help }
        var members: [(String, JSON)] = [
            ("range", range(span)),
            ("severity", .integer(severity)),
            ("code", .string(diagnostic.code.id)),
            ("source", .string("charter")),
            ("message", .string(message)),
        ]
        let related: [JSON] = diagnostic.notes.compactMap { note in
            guard let span = note.span, let location = location(span) else { return nil }
            return .object([("location", location), ("message", .string(note.message))])
        }
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        if let help = diagnostic.help { members.append(("data", .object([("help", .string(help))]))) }
        return .object(members)
    }

    // MARK: - Positions

    /// The LSP `Range` of `span`, in UTF-16 code units.
    func range(_ span: SourceSpan) -> JSON {
        guard let file = state.files[span.file] else { return Self.position(0, 0, to: 0, 0) }
        let (start, end) = file.lineIndex.locations(of: span)
        return Self.position(start.line, start.utf16Column, to: end.line, end.utf16Column)
    }

    static func position(_ line: Int, _ character: Int, to endLine: Int, _ endCharacter: Int) -> JSON {
        .object([
            ("start", .object([("line", .integer(line)), ("character", .integer(character))])),
            ("end", .object([("line", .integer(endLine)), ("character", .integer(endCharacter))])),
        ])
    }

    /// The LSP `Location` of `span`.
    func location(_ span: SourceSpan) -> JSON? {
        guard let file = state.files[span.file] else { return nil }
        return .object([("uri", .string(Self.uri(ofPath: file.path))), ("range", range(span))])
    }

    /// The file and byte offset of `params.textDocument` and `params.position`.
    func place(_ params: JSONValue?) throws -> (file: SourceFile, offset: Int) {
        let path = try documentPath(params)
        guard let file = state.file(atPath: path) else {
            throw RequestFailure(code: ErrorCode.requestFailed, message: "`\(path)` is not a file of the rulebook")
        }
        return (file, try Self.offset(params?["position"], in: file.lineIndex))
    }
}
