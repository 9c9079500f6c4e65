/// What applying a key did to the line.
public enum LineOutcome: Equatable, Sendable {
    /// The line may have changed; keep reading keys.
    case editing
    /// Enter: the line is done.
    case submit(String)
    /// Ctrl-C: the line was discarded and a new empty one begins.
    case cancel
    /// Ctrl-D on an empty line.
    case endOfInput
    /// Ctrl-L: clear the screen, then draw the line again.
    case clearScreen
    /// Tab again with several candidates and nothing more to insert: show them on the lines
    /// below, then draw the line again.
    case list([String])
}

/// The line being edited, as characters with a cursor, and a walk through the earlier lines.
public struct LineBuffer: Sendable {
    /// The earlier lines, oldest first. Up recalls the newest first; editing a recalled
    /// line changes only the line being edited, never this array.
    public let history: [String]
    /// The line, one element per character (grapheme cluster).
    public internal(set) var characters: [Character] = []
    /// Where the cursor is, in characters from the start: 0...characters.count.
    public internal(set) var cursor = 0
    /// The index in `history` of the line shown, or nil for the line being typed.
    public internal(set) var historyIndex: Int?
    /// The line being typed, kept while history is shown.
    var draft: [Character] = []
    /// The history search under way (Ctrl-R), or nil.
    public internal(set) var search: HistorySearch?

    /// Spaces inserted by Tab (Charter treats tabs and spaces alike).
    public static let tabSpaces = 4

    public init(history: [String] = []) {
        self.history = history
    }

    public var text: String { String(characters) }

    public mutating func apply(_ key: EditKey) -> LineOutcome {
        if search != nil, let outcome = applySearching(key) { return outcome }
        switch key {
        case .insert(let character):
            insert(character)
        case .tab:
            for _ in 0..<Self.tabSpaces { insert(" ") }
        case .enter:
            return .submit(text)
        case .backspace:
            if cursor > 0 {
                cursor -= 1
                characters.remove(at: cursor)
            }
        case .delete:
            deleteUnderCursor()
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home:
            cursor = 0
        case .end:
            cursor = characters.count
        case .up:
            recallOlder()
        case .down:
            recallNewer()
        case .wordLeft:
            cursor = wordStart(before: cursor)
        case .wordRight:
            cursor = wordEnd(after: cursor)
        case .deleteWordBefore:
            let start = wordStart(before: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .killToEnd:
            characters.removeSubrange(cursor...)
        case .killToStart:
            characters.removeSubrange(..<cursor)
            cursor = 0
        case .clearScreen:
            return .clearScreen
        case .searchHistory:
            startSearch()
        case .interrupt:
            characters = []
            cursor = 0
            historyIndex = nil
            draft = []
            return .cancel
        case .endOfInput:
            if characters.isEmpty { return .endOfInput }
            deleteUnderCursor()
        case .ignored, .abort, .escape:
            break
        }
        return .editing
    }

    private mutating func insert(_ character: Character) {
        // A combining mark (or another piece of a cluster) joins the character before it, so
        // that `characters` and `text` count the same characters.
        if cursor > 0 {
            let joined = String(characters[cursor - 1]) + String(character)
            if joined.count == 1, let single = joined.first {
                characters[cursor - 1] = single
                return
            }
        }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    private mutating func deleteUnderCursor() {
        if cursor < characters.count { characters.remove(at: cursor) }
    }

    /// Letters, digits and `_` make words.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, !Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        while index > 0, Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        return index
    }

    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < characters.count, !Self.isWordCharacter(characters[index]) { index += 1 }
        while index < characters.count, Self.isWordCharacter(characters[index]) { index += 1 }
        return index
    }
}
