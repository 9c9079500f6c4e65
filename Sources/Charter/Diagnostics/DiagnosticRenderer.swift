/// Renders diagnostics for people (source line, underline, notes, help) or for scripts
/// (one line each).
public struct DiagnosticRenderer: Sendable {
    public enum Style: String, Sendable {
        /// `file:line:col: error[CODE]: message`, the source line, an underline, notes and help.
        case human
        /// `file:line:col: error[CODE]: message`, one line per diagnostic.
        case plain
    }

    /// Source lines longer than this many characters are shown as a window around the span.
    static let maxExcerptWidth = 120

    public let files: SourceFiles
    public let style: Style

    public init(files: SourceFiles, style: Style = .human) {
        self.files = files
        self.style = style
    }

    /// The rendering of every diagnostic, each ending with a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = "\(location(diagnostic.span))\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]: \(diagnostic.message)\n"
        guard style == .human else { return out }
        out += excerpt(diagnostic.span)
        for note in diagnostic.notes {
            if let span = note.span {
                out += "  note: \(note.message) (\(locationText(span)))\n"
                out += excerpt(span)
            } else {
                out += "  note: \(note.message)\n"
            }
        }
        if let help = diagnostic.help {
            out += "  help: \(help)\n"
        }
        return out
    }

    private func locationText(_ span: SourceSpan) -> String {
        let path = files[span.file]?.path ?? "<unknown>"
        return "\(path):\(span.line):\(span.column)"
    }

    private func location(_ span: SourceSpan?) -> String {
        guard let span else { return "" }
        return locationText(span) + ": "
    }

    /// The source line with a gutter and `^^^` under the span; tabs shown as four spaces.
    private func excerpt(_ span: SourceSpan?) -> String {
        guard let span, let file = files[span.file], span.line <= file.lineStarts.count else { return "" }
        let line = file.lineText(span.line)
        // Control characters (from a binary file, say) are never written to a terminal as is.
        let characters = line.unicodeScalars.map { scalar -> Unicode.Scalar in
            (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F ? "\u{FFFD}" : scalar
        }
        let number = String(span.line)
        let gutter = String(repeating: " ", count: number.count)
        let displayed = characters.map { $0 == "\t" ? "    " : String($0) }
        let prefixCount = min(max(span.column - 1, 0), displayed.count)
        let underlineEnd = min(prefixCount + max(span.length, 1), displayed.count)
        // A very long line (generated or minified input) is shown as a window around the span.
        let windowStart = prefixCount > DiagnosticRenderer.maxExcerptWidth / 2
            ? prefixCount - DiagnosticRenderer.maxExcerptWidth / 4 : 0
        let windowEnd = min(displayed.count, max(windowStart + DiagnosticRenderer.maxExcerptWidth, underlineEnd))
        let cutStart = windowStart > 0
        let cutEnd = windowEnd < displayed.count
        let lead = displayed[windowStart..<prefixCount].reduce(0) { $0 + $1.count } + (cutStart ? 1 : 0)
        let width = max(displayed[prefixCount..<max(min(underlineEnd, windowEnd), prefixCount)].reduce(0) { $0 + $1.count }, 1)
        let shown = (cutStart ? "…" : "") + displayed[windowStart..<windowEnd].joined() + (cutEnd ? "…" : "")
        return "  \(number) | \(shown)\n  \(gutter) | \(String(repeating: " ", count: lead))\(String(repeating: "^", count: min(width, DiagnosticRenderer.maxExcerptWidth)))\n"
    }
}
