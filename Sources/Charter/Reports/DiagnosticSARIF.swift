/// Diagnostics as a SARIF 2.1.0 log (the Static Analysis Results Interchange Format, which
/// GitHub code scanning and editors read): one run of `rulecheck`, its rules the diagnostic
/// codes that occur, and one result per diagnostic with its level, message (and help), and
/// where it is as a file, 1-based line and column and byte range; notes become related
/// locations.
public struct DiagnosticSARIF: Sendable {
    public static let version = "2.1.0"
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    public let diagnostics: [Diagnostic]
    public let files: SourceFiles
    /// The version of the tool that found them.
    public let toolVersion: String

    public init(_ diagnostics: [Diagnostic], files: SourceFiles, toolVersion: String) {
        self.diagnostics = diagnostics
        self.files = files
        self.toolVersion = toolVersion
    }

    public func json() -> JSON {
        var codes: [String] = []
        for diagnostic in diagnostics where !codes.contains(diagnostic.code.id) { codes.append(diagnostic.code.id) }
        let driver = JSON.object([
            ("name", .string("rulecheck")),
            ("version", .string(toolVersion)),
            ("rules", .array(codes.map { .object([("id", .string($0))]) })),
        ])
        let results = diagnostics.map { diagnostic -> JSON in
            var members: [(String, JSON)] = [
                ("ruleId", .string(diagnostic.code.id)),
                ("ruleIndex", .integer(codes.firstIndex(of: diagnostic.code.id) ?? 0)),
                ("level", .string(Self.level(diagnostic.severity))),
                ("message", .object([("text", .string(Self.text(diagnostic)))])),
            ]
            if let location = location(diagnostic.span) { members.append(("locations", .array([location]))) }
            let related = diagnostic.notes.compactMap { note in
                location(note.span, message: note.message)
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            return .object(members)
        }
        return .object([
            ("$schema", .string(Self.schema)),
            ("version", .string(Self.version)),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
    }

    /// SARIF's level for a severity: `error`, `warning` or `note`.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// The message, with the help after it: SARIF has one text for both.
    static func text(_ diagnostic: Diagnostic) -> String {
        diagnostic.help.map { "\(diagnostic.message)\nhelp: \($0)" } ?? diagnostic.message
    }

    /// A location: the file as a relative URI reference, and the region the span covers on its
    /// first line (SARIF's end column is the one after the region).
    func location(_ span: SourceSpan?, message: String? = nil) -> JSON? {
        guard let span, let path = files[span.file]?.path else { return nil }
        var members: [(String, JSON)] = [
            ("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(Self.uri(path)))])),
                ("region", .object([
                    ("startLine", .integer(max(1, span.line))),
                    ("startColumn", .integer(max(1, span.column))),
                    ("endColumn", .integer(max(1, span.column) + max(1, span.length))),
                    ("byteOffset", .integer(span.offset)),
                    ("byteLength", .integer(span.byteLength)),
                ])),
            ])),
        ]
        if let message { members.append(("message", .object([("text", .string(message))]))) }
        return .object(members)
    }

    /// `path` as a URI reference: `/` separators, and the characters a URI cannot hold
    /// percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "/-._~:@!$&'()*+,;=".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    /// The text with zeros before it up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
