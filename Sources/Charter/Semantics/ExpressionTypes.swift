/// The type the checker gave each expression, by where the expression is written: what an
/// editor shows when the cursor rests on one. Kept in the order the checker met the nodes,
/// so that a node typed twice (narrowed after `is given`) answers with its last type.
public struct ExpressionTypes: Sendable {
    /// One expression's place and type.
    public struct Entry: Sendable {
        public let span: SourceSpan
        public let type: CharterType
    }

    private let entries: [Entry]

    init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The innermost expression of `file` whose span holds byte `offset` (or ends there, for a
    /// cursor just after a name), with its type: linear in the expressions, as a hover is one
    /// request among edits that re-check the whole rulebook anyway.
    public func innermost(at offset: Int, in file: FileID) -> Entry? {
        var best: Entry?
        for entry in entries where entry.span.file == file && entry.span.offset <= offset && offset <= entry.span.endOffset {
            guard let found = best else {
                best = entry
                continue
            }
            let length = entry.span.endOffset - entry.span.offset
            let bestLength = found.span.endOffset - found.span.offset
            // A span that holds `offset` strictly beats one that merely ends at it.
            let holds = offset < entry.span.endOffset, bestHolds = offset < found.span.endOffset
            if holds != bestHolds ? holds : length <= bestLength { best = entry }
        }
        return best
    }

    /// The type of the expression written exactly at `span`, the last the checker gave it.
    public func type(at span: SourceSpan) -> CharterType? {
        entries.last { $0.span == span }?.type
    }
}
