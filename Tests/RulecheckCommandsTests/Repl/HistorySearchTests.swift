import Testing
@testable import RulecheckCommands

/// Ctrl-R: the reverse incremental search through the earlier lines, as a state machine on
/// `LineBuffer`, and the keys that drive it.
@Suite("History search")
struct HistorySearchTests {
    static let history = ["count(change_requests)", ":show CR041", "all m in meetings: quorate(m)", ":show CR042",
                          "count(meetings)"]

    /// A buffer over `history` with `typed` in the line, after `keys` are applied.
    static func buffer(_ typed: String = "", history: [String] = Self.history, _ keys: [EditKey] = []) -> LineBuffer {
        var line = LineBuffer(history: history)
        for character in typed { _ = line.apply(.insert(character)) }
        for key in keys { _ = line.apply(key) }
        return line
    }

    static func typing(_ text: String) -> [EditKey] { text.map(EditKey.insert) }

    @Test func typingNarrowsToTheNewestLineThatHoldsIt() {
        var line = Self.buffer("draft", [.searchHistory])
        #expect(line.search?.query == [])
        #expect(line.text == "draft")
        #expect(line.prompt(for: "charter> ") == "(reverse-i-search)`': ")
        _ = line.apply(.insert("s"))
        #expect(line.text == "count(meetings)")
        #expect(line.cursor == 13)  // at the `s` of `meetings`
        for key in Self.typing("how") { _ = line.apply(key) }
        #expect(line.text == ":show CR042")
        #expect(line.cursor == 1)
        #expect(line.search?.match == 3)
        #expect(line.prompt(for: "charter> ") == "(reverse-i-search)`show': ")
    }

    @Test func ctrlRAgainFindsTheNextOlderMatchAndFailsPastTheOldest() {
        var line = Self.buffer("", [.searchHistory] + Self.typing("count"))
        #expect(line.text == "count(meetings)")
        _ = line.apply(.searchHistory)
        #expect(line.text == "count(change_requests)")
        #expect(line.search?.match == 0)
        _ = line.apply(.searchHistory)
        #expect(line.search?.failed == true)
        #expect(line.text == "count(change_requests)")
        #expect(line.prompt(for: "> ") == "(failed reverse-i-search)`count': ")
    }

    @Test func aQueryNoLineHoldsFailsAndKeepsTheLine() {
        var line = Self.buffer("mine", [.searchHistory] + Self.typing("zz"))
        #expect(line.search?.failed == true)
        #expect(line.text == "mine")
        // Taking the letters back finds again.
        _ = line.apply(.backspace)
        _ = line.apply(.backspace)
        #expect(line.search?.failed == false)
        #expect(line.text == "mine")
        _ = line.apply(.insert("q"))
        #expect(line.text == "all m in meetings: quorate(m)")
    }

    @Test func repeatedLinesAreFoundOnce() {
        var line = Self.buffer(history: ["x = 1", "count(a)", "count(a)"], [.searchHistory] + Self.typing("count"))
        #expect(line.search?.match == 2)
        _ = line.apply(.searchHistory)
        #expect(line.search?.failed == true)
        #expect(line.search?.match == 2)
    }

    @Test func enterRunsTheLineFound() {
        var line = Self.buffer("draft", [.searchHistory] + Self.typing("CR041"))
        #expect(line.apply(.enter) == .submit(":show CR041"))
        #expect(line.search == nil)
    }

    @Test func ctrlGAndEscapeGiveUpAndBringBackTheLine() {
        for key in [EditKey.abort, .escape] {
            var line = Self.buffer("dra", [.left, .searchHistory] + Self.typing("show"))
            #expect(line.text == ":show CR042")
            #expect(line.apply(key) == .editing)
            #expect(line.search == nil)
            #expect(line.text == "dra")
            #expect(line.cursor == 2)
            #expect(line.historyIndex == nil)
        }
    }

    @Test func anotherKeyLeavesTheLineFoundToEdit() {
        var line = Self.buffer("draft", [.searchHistory] + Self.typing("quorate"))
        _ = line.apply(.end)
        #expect(line.search == nil)
        #expect(line.cursor == line.characters.count)
        _ = line.apply(.insert("!"))
        #expect(line.text == "all m in meetings: quorate(m)!")
        // From there Up and Down walk the history, and Down at the end brings back the draft.
        _ = line.apply(.down)
        #expect(line.text == ":show CR042")
        _ = line.apply(.down)
        _ = line.apply(.down)
        #expect(line.text == "draft")
    }

    @Test func ctrlCDuringASearchDiscardsTheLine() {
        var line = Self.buffer("draft", [.searchHistory] + Self.typing("show"))
        #expect(line.apply(.interrupt) == .cancel)
        #expect(line.search == nil)
        #expect(line.text == "")
    }

    @Test func anEmptyHistoryFindsNothing() {
        var line = Self.buffer("x", history: [], [.searchHistory, .insert("a"), .searchHistory])
        #expect(line.search?.failed == true)
        #expect(line.text == "x")
        _ = line.apply(.backspace)
        _ = line.apply(.backspace)
        #expect(line.search?.query == [])
        #expect(line.apply(.searchHistory) == .editing)
    }

    @Test func theKeysOfTheSearch() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(0x12) == [.searchHistory])
        #expect(decoder.feed(0x07) == [.abort])
        #expect(decoder.feed(0x1B) == [])
        #expect(decoder.isAwaitingEscape)
        #expect(decoder.flushEscape() == [.escape])
        #expect(!decoder.isAwaitingEscape)
        #expect(decoder.flushEscape() == [])
        // An Escape that starts a sequence is not flushed half-way.
        #expect(decoder.feed(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.flushEscape() == [])
        #expect(decoder.feed(UInt8(ascii: "A")) == [.up])
    }

    @Test func tabDuringASearchTakesTheLineThenCompletes() {
        var editor = LineEditor(history: ["count(change_re"]) { _, cursor in
            LineCompletion(range: cursor - 9..<cursor, candidates: ["change_requests"])
        }
        for key in [EditKey.searchHistory] + Self.typing("count") { _ = editor.apply(key) }
        _ = editor.apply(.end)
        #expect(editor.buffer.search == nil)
        for key in [EditKey.searchHistory] + Self.typing("change") { _ = editor.apply(key) }
        #expect(editor.buffer.search != nil)
        #expect(editor.prompt(for: "> ") == "(reverse-i-search)`change': ")
        _ = editor.apply(.end)
        #expect(editor.apply(.tab) == .editing)
        #expect(editor.buffer.text == "count(change_requests")
    }
}
