/// Tab's completion applied to the line.
extension LineBuffer {
    /// Puts `completion` in the line: its one candidate in place of the word it replaces, or
    /// the candidates' common prefix when that is longer than the word. When nothing more can
    /// be inserted and `listing` (a second Tab in a row), returns the candidates to show;
    /// otherwise nil. A completion whose range does not end at the cursor changes nothing.
    public mutating func complete(_ completion: LineCompletion, listing: Bool) -> [String]? {
        let range = completion.range
        guard range.lowerBound >= 0, range.upperBound == cursor, cursor <= characters.count,
              let first = completion.candidates.first else { return nil }
        let typed = Array(characters[range])
        var common = Array(first)
        for candidate in completion.candidates.dropFirst() {
            let other = Array(candidate)
            var length = 0
            while length < common.count, length < other.count, common[length] == other[length] { length += 1 }
            common.removeSubrange(length...)
        }
        if common.count > typed.count || (completion.candidates.count == 1 && common != typed) {
            characters.replaceSubrange(range, with: common)
            cursor = range.lowerBound + common.count
            return nil
        }
        return listing && completion.candidates.count > 1 ? completion.candidates : nil
    }
}
