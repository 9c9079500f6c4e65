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
    /// Colours for severities, carets, the gutter and `help`; plain unless the command asks.
    public let palette: Palette

    public init(files: SourceFiles, style: Style = .human, palette: Palette = .plain) {
        self.files = files
        self.style = style
        self.palette = palette
    }

    /// The rendering of every diagnostic, each ending with a newline. Each source line is
    /// prepared once, however many diagnostics stand on it, so that thousands of errors on one
    /// long line render in time linear in the output.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var lines = LineCache()
        var out = ""
        for diagnostic in diagnostics { render(diagnostic, lines: &lines, into: &out) }
        return out
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = LineCache()
        var out = ""
        render(diagnostic, lines: &lines, into: &out)
        return out
    }

    /// Source lines as shown in excerpts, by file and line number.
    private struct LineCache {
        struct Key: Hashable {
            let file: FileID
            let line: Int
        }
        var displayed: [Key: [String]] = [:]
    }

    private func render(_ diagnostic: Diagnostic, lines: inout LineCache, into out: inout String) {
        let role = Palette.role(of: diagnostic.severity)
        let label = palette.paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]", role)
        out += "\(location(diagnostic.span))\(label): \(diagnostic.message)\n"
        guard style == .human else { return }
        out += excerpt(diagnostic.span, role: role, lines: &lines)
        for note in diagnostic.notes {
            if let span = note.span {
                out += "  \(palette.paint("note", .note)): \(note.message) (\(locationText(span)))\n"
                out += excerpt(span, role: .note, lines: &lines)
            } else {
                out += "  \(palette.paint("note", .note)): \(note.message)\n"
            }
        }
        if let help = diagnostic.help {
            out += "  \(palette.paint("help", .help)): \(help)\n"
        }
    }

    private func locationText(_ span: SourceSpan) -> String {
        let path = files[span.file]?.path ?? "<unknown>"
        return "\(path):\(span.line):\(span.column)"
    }

    private func location(_ span: SourceSpan?) -> String {
        guard let span else { return "" }
        return locationText(span) + ": "
    }

    /// The source line with a gutter and `^^^` under the span (in the colour of `role`); tabs
    /// shown as four spaces.
    private func excerpt(_ span: SourceSpan?, role: Palette.Role, lines: inout LineCache) -> String {
        guard let span, let file = files[span.file], span.line <= file.lineStarts.count else { return "" }
        let key = LineCache.Key(file: span.file, line: span.line)
        let displayed: [String]
        if let cached = lines.displayed[key] {
            displayed = cached
        } else {
            // Control characters (from a binary file, say) are never written to a terminal as is.
            displayed = file.lineText(span.line).unicodeScalars.map { scalar -> String in
                if scalar == "\t" { return "    " }
                return (scalar.value < 0x20) || scalar.value == 0x7F ? "\u{FFFD}" : String(scalar)
            }
            lines.displayed[key] = displayed
        }
        let number = String(span.line)
        let gutter = String(repeating: " ", count: number.count)
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
        let carets = palette.paint(String(repeating: "^", count: min(width, DiagnosticRenderer.maxExcerptWidth)), role)
        return "  \(palette.paint("\(number) |", .gutter)) \(shown)\n  \(palette.paint("\(gutter) |", .gutter)) \(String(repeating: " ", count: lead))\(carets)\n"
    }
}
