/// A reverse incremental search through the earlier lines (Ctrl-R): what is typed narrows the
/// search, Ctrl-R again finds the next older line that holds it, Enter runs the line found, any
/// other editing key leaves it in the line to edit (and then does its work), Ctrl-G or Escape
/// gives the search up and brings back the line as it was.
public struct HistorySearch: Equatable, Sendable {
    /// What is searched for.
    public internal(set) var query: [Character] = []
    /// The index in the history of the line found, or nil while none is.
    public internal(set) var match: Int?
    /// True when the query is in no line older than where the search had got to.
    public internal(set) var failed = false
    /// The line, cursor and place in the history before the search, for giving it up.
    let original: (characters: [Character], cursor: Int, historyIndex: Int?, draft: [Character])

    public static func == (lhs: HistorySearch, rhs: HistorySearch) -> Bool {
        lhs.query == rhs.query && lhs.match == rhs.match && lhs.failed == rhs.failed
    }
}

extension LineBuffer {
    /// The prompt to draw: during a search it shows the query, and says when nothing holds it.
    public func prompt(for prompt: String) -> String {
        guard let search else { return prompt }
        return (search.failed ? "(failed reverse-i-search)`" : "(reverse-i-search)`") + String(search.query) + "': "
    }

    /// Ends the search, leaving the line found in place.
    public mutating func acceptSearch() {
        search = nil
    }

    mutating func startSearch() {
        search = HistorySearch(original: (characters, cursor, historyIndex, draft))
    }

    /// What `key` does during a search; nil when it ends the search with the line found left in
    /// place, for the key to be applied as usual.
    mutating func applySearching(_ key: EditKey) -> LineOutcome? {
        guard var current = search else { return nil }
        switch key {
        case .insert(let character):
            current.query.append(character)
            search = current
            find(from: current.match ?? history.count - 1, skippingSameText: false)
            return .editing
        case .backspace:
            guard !current.query.isEmpty else { return .editing }
            current.query.removeLast()
            current.match = nil
            current.failed = false
            search = current
            if current.query.isEmpty {
                restore(current.original)
                search = current
            } else {
                find(from: history.count - 1, skippingSameText: false)
            }
            return .editing
        case .searchHistory:
            guard !current.query.isEmpty else { return .editing }
            find(from: (current.match ?? history.count) - 1, skippingSameText: true)
            return .editing
        case .abort, .escape:
            restore(current.original)
            search = nil
            return .editing
        case .interrupt:
            search = nil
            return nil
        case .enter:
            search = nil
            return .submit(text)
        case .ignored:
            return .editing
        default:
            search = nil
            return nil
        }
    }

    /// Shows the newest line at `start` or before it that holds the query (one whose text is
    /// not that of the line shown, when `skippingSameText`); when none does, the search fails
    /// and the line shown stays.
    private mutating func find(from start: Int, skippingSameText: Bool) {
        guard var current = search else { return }
        let shown = text
        var index = Swift.min(start, history.count - 1)
        while index >= 0 {
            let line = history[index]
            if Self.range(of: current.query, in: Array(line)) != nil, !(skippingSameText && line == shown) { break }
            index -= 1
        }
        guard index >= 0, let found = Self.range(of: current.query, in: Array(history[index])) else {
            current.failed = true
            search = current
            return
        }
        if historyIndex == nil, current.match == nil { draft = characters }
        current.match = index
        current.failed = false
        search = current
        historyIndex = index
        characters = Array(history[index])
        cursor = found.lowerBound
    }

    private mutating func restore(_ original: (characters: [Character], cursor: Int, historyIndex: Int?, draft: [Character])) {
        characters = original.characters
        cursor = original.cursor
        historyIndex = original.historyIndex
        draft = original.draft
    }

    /// Where `query` first occurs in `line`, by characters; the empty query occurs nowhere.
    static func range(of query: [Character], in line: [Character]) -> Range<Int>? {
        guard !query.isEmpty, query.count <= line.count else { return nil }
        for start in 0...(line.count - query.count) where Array(line[start..<start + query.count]) == query {
            return start..<start + query.count
        }
        return nil
    }
}
