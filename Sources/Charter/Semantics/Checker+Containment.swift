/// Which declarations an error falls in, so that the type checker's findings about the other
/// declarations are reported in the same run: a rule whose record type is misspelt does not
/// hide a date compared with a number in the rule after it.
struct DeclarationExtents {
    /// The extent of each declaration, by file then start; the declarations of one file do not
    /// overlap, as the parser makes them one after another.
    private let extents: [SourceSpan]

    init(_ rulebook: Rulebook) {
        extents = rulebook.declarations.map(\.span).sorted { ($0.file, $0.offset) < ($1.file, $1.offset) }
    }

    /// The extent of the declaration `span` lies in, found by halves; nil outside them all.
    func extent(containing span: SourceSpan) -> SourceSpan? {
        var low = 0, high = extents.count
        while low < high {
            let middle = low + (high - low) / 2
            if (extents[middle].file, extents[middle].offset) <= (span.file, span.offset) { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let candidate = extents[low - 1]
        guard candidate.file == span.file, span.offset < Swift.max(candidate.endOffset, candidate.offset + 1) else { return nil }
        return candidate
    }

    /// `found` without the diagnostics inside a declaration that one of `errors` falls in.
    func excluding(_ found: [Diagnostic], inDeclarationsWith errors: [Diagnostic]) -> [Diagnostic] {
        let flagged = Set(errors.filter { $0.severity == .error }.compactMap { $0.span.flatMap(extent(containing:)) })
        return found.filter { diagnostic in
            guard let span = diagnostic.span, let extent = extent(containing: span) else { return true }
            return !flagged.contains(extent)
        }
    }
}
