/// Diagnostics as JSON for scripts: each with its severity, code, message, help and notes, and
/// where it is as a file, 1-based line and column (in characters) and byte range, so that
/// every phase (rule files, record files, evaluation) is reported one way.
public struct DiagnosticJSON: Sendable {
    public let diagnostics: [Diagnostic]
    public let files: SourceFiles

    public init(_ diagnostics: [Diagnostic], files: SourceFiles) {
        self.diagnostics = diagnostics
        self.files = files
    }

    public func json() -> JSON {
        .array(diagnostics.map { diagnostic in
            .object([
                ("severity", .string(diagnostic.severity.rawValue)),
                ("code", .string(diagnostic.code.id)),
                ("message", .string(diagnostic.message)),
                ("location", location(diagnostic.span)),
                ("help", .optional(diagnostic.help)),
                ("notes", .array(diagnostic.notes.map { note in
                    .object([("message", .string(note.message)), ("location", location(note.span))])
                })),
            ])
        })
    }

    func location(_ span: SourceSpan?) -> JSON {
        guard let span else { return .null }
        return .object([
            ("file", .optional(files[span.file]?.path)),
            ("line", .integer(span.line)),
            ("column", .integer(span.column)),
            ("offset", .integer(span.offset)),
            ("end_offset", .integer(span.endOffset)),
        ])
    }
}
