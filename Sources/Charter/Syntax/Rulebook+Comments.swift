/// Finding the comments that belong to a declaration or a clause, for a formatter: the comments
/// on their own lines before a declaration, those inside its body (between its clauses), and
/// the comment that ends the line a clause ends on. The tokens' trivia say the same at the
/// level of tokens (`Token.leadingTrivia`); these need only the rulebook.
extension Rulebook {
    /// `other`'s declarations after these, and its comments with these.
    public mutating func append(contentsOf other: Rulebook) {
        declarations += other.declarations
        let inOrder = comments.last.map { last in
            other.comments.first.map { Self.precedes(last, $0) } ?? true
        } ?? true
        comments += other.comments
        if !inOrder { comments.sort(by: Self.precedes) }
    }

    static func precedes(_ a: SourceComment, _ b: SourceComment) -> Bool {
        (a.span.file, a.span.offset) < (b.span.file, b.span.offset)
    }

    /// The comments of `file`, in order.
    public func comments(in file: FileID) -> ArraySlice<SourceComment> {
        comments[firstComment(in: file, from: 0)..<firstComment(in: file, from: Int.max)]
    }

    /// The comments that start within `span`'s bytes: inside a declaration's body, those
    /// between its clauses and at their ends.
    public func comments(within span: SourceSpan) -> ArraySlice<SourceComment> {
        comments[firstComment(in: span.file, from: span.offset)..<firstComment(in: span.file, from: span.endOffset)]
    }

    /// The comments on lines of their own between the declaration before `declaration` in its
    /// file (or the start of the file) and `declaration`: what a formatter keeps above it.
    public func leadingComments(of declaration: Declaration) -> [SourceComment] {
        let span = declaration.span
        let previousEnd = declarations.lazy.map(\.span)
            .filter { $0.file == span.file && $0.endOffset <= span.offset }
            .map(\.endOffset).max() ?? 0
        return comments[firstComment(in: span.file, from: previousEnd)..<firstComment(in: span.file, from: span.offset)]
            .filter { !$0.isTrailing }
    }

    /// The comment after the last token of `span` on the same line, as in
    /// `require cr.fixes_defect  # the design's defects only`: for a clause, pass the span of
    /// its last part (a `require`'s `else` message when it has one).
    public func trailingComment(of span: SourceSpan) -> SourceComment? {
        let index = firstComment(in: span.file, from: span.endOffset)
        guard comments.indices.contains(index), comments[index].span.file == span.file,
              comments[index].follows == span.endOffset else { return nil }
        return comments[index]
    }

    /// The index of the first comment at or after `offset` of `file` (the end of the comments
    /// of `file` for `Int.max`).
    private func firstComment(in file: FileID, from offset: Int) -> Int {
        var low = 0, high = comments.count
        while low < high {
            let middle = (low + high) / 2
            let span = comments[middle].span
            if (span.file, span.offset) < (file, offset) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
