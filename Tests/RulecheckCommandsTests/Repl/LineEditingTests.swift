import Testing
@testable import RulecheckCommands

/// The keys for `bytes` fed one at a time to a fresh decoder.
private func decode(_ bytes: [UInt8]) -> [EditKey] {
    var decoder = KeyDecoder()
    var keys: [EditKey] = []
    for byte in bytes { keys += decoder.feed(byte) }
    return keys
}

private func decode(_ text: String) -> [EditKey] {
    decode(Array(text.utf8))
}

private let esc: UInt8 = 0x1B

/// A buffer holding `text` typed in, with the cursor at its end.
private func typed(_ text: String, history: [String] = []) -> LineBuffer {
    var line = LineBuffer(history: history)
    for character in text { _ = line.apply(.insert(character)) }
    return line
}

private extension LineBuffer {
    /// Applies `keys` in order, for tests where only the resulting line matters.
    mutating func press(_ keys: EditKey...) {
        for key in keys { _ = apply(key) }
    }
}

@Suite("LineEditing: key decoder")
struct LineEditingKeyDecoderTests {
    @Test("Control bytes", arguments: [
        (UInt8(0x01), EditKey.home),
        (0x02, .left),
        (0x03, .interrupt),
        (0x04, .endOfInput),
        (0x05, .end),
        (0x06, .right),
        (0x08, .backspace),
        (0x09, .tab),
        (0x0A, .enter),
        (0x0B, .killToEnd),
        (0x0C, .clearScreen),
        (0x0D, .enter),
        (0x0E, .down),
        (0x10, .up),
        (0x12, .searchHistory),
        (0x15, .killToStart),
        (0x17, .deleteWordBefore),
        (0x7F, .backspace),
        (0x00, .ignored),
        (0x07, .abort),
        (0x1A, .ignored),
        (0x1F, .ignored),
    ])
    func controlByte(_ byte: UInt8, _ key: EditKey) {
        var decoder = KeyDecoder()
        #expect(decoder.feed(byte) == [key])
        #expect(!decoder.isPending)
    }

    @Test func printableASCIIInserts() {
        #expect(decode("a Z~ 0") == [.insert("a"), .insert(" "), .insert("Z"), .insert("~"), .insert(" "), .insert("0")])
    }

    @Test("Escape sequences", arguments: [
        ("[A", EditKey.up),
        ("[B", .down),
        ("[C", .right),
        ("[D", .left),
        ("OA", .up),
        ("OB", .down),
        ("OC", .right),
        ("OD", .left),
        ("[H", .home),
        ("[F", .end),
        ("OH", .home),
        ("OF", .end),
        ("[1~", .home),
        ("[4~", .end),
        ("[7~", .home),
        ("[8~", .end),
        ("[3~", .delete),
        ("[1;5C", .wordRight),
        ("[1;5D", .wordLeft),
        ("[1;3C", .wordRight),
        ("[1;3D", .wordLeft),
        ("[1;2C", .right),
        ("[1;5A", .up),
        ("b", .wordLeft),
        ("f", .wordRight),
        ("\u{7F}", .deleteWordBefore),
        ("[200~", .ignored),
        ("[201~", .ignored),
        ("[5~", .ignored),
        ("[?1;2c", .ignored),
        ("[Z", .ignored),
        ("x", .ignored),
    ])
    func escapeSequence(_ rest: String, _ key: EditKey) {
        var decoder = KeyDecoder()
        #expect(decoder.feed(esc) == [])
        let bytes = Array(rest.utf8)
        for byte in bytes.dropLast() {
            #expect(decoder.feed(byte) == [])
            #expect(decoder.isPending)
        }
        #expect(decoder.feed(bytes.last ?? 0) == [key])
        #expect(!decoder.isPending)
    }

    @Test func unknownSequenceIsConsumedThenKeysFollow() {
        #expect(decode([esc] + Array("[12;34;56x".utf8) + [0x61]) == [.ignored, .insert("a")])
        #expect(decode([esc] + Array("[?2004h".utf8) + [0x0D]) == [.ignored, .enter])
    }

    @Test func bracketedPasteMarkersAreIgnoredAndTheTextKept() {
        let bytes = [esc] + Array("[200~ab".utf8) + [esc] + Array("[201~".utf8)
        #expect(decode(bytes) == [.ignored, .insert("a"), .insert("b"), .ignored])
    }

    @Test func overlongSequenceIsIgnoredWhole() {
        let bytes = [esc] + Array(("[" + String(repeating: "1", count: 40) + "~").utf8) + [0x62]
        #expect(decode(bytes) == [.ignored, .insert("b")])
    }

    @Test func sequenceBrokenByAControlByteGivesThatByte() {
        #expect(decode([esc, UInt8(ascii: "["), UInt8(ascii: "1"), 0x03]) == [.ignored, .interrupt])
        #expect(decode([esc, UInt8(ascii: "["), esc, UInt8(ascii: "["), UInt8(ascii: "D")]) == [.ignored, .left])
    }

    @Test func loneEscapeBeforeAControlByteOrEscape() {
        #expect(decode([esc, 0x0D]) == [.ignored, .enter])
        #expect(decode([esc, esc, UInt8(ascii: "["), UInt8(ascii: "A")]) == [.ignored, .up])
        #expect(decode([esc, 0xC3, 0xA9]) == [.ignored, .insert("é")])
    }

    @Test func multibyteCharactersFedByteByByte() {
        var decoder = KeyDecoder()
        // é is C3 A9.
        #expect(decoder.feed(0xC3) == [])
        #expect(decoder.isPending)
        #expect(decoder.feed(0xA9) == [.insert("é")])
        // → is E2 86 92.
        #expect(decoder.feed(0xE2) == [])
        #expect(decoder.feed(0x86) == [])
        #expect(decoder.feed(0x92) == [.insert("→")])
        // 😀 is F0 9F 98 80.
        #expect(decoder.feed(0xF0) == [])
        #expect(decoder.feed(0x9F) == [])
        #expect(decoder.feed(0x98) == [])
        #expect(decoder.feed(0x80) == [.insert("😀")])
        #expect(!decoder.isPending)
        #expect(decode("aé→b") == [.insert("a"), .insert("é"), .insert("→"), .insert("b")])
    }

    @Test("Invalid UTF-8", arguments: [
        ([UInt8(0x80), 0x61], [EditKey.ignored, .insert("a")]),     // Stray continuation byte.
        ([0xBF], [.ignored]),
        ([0xC0, 0x80], [.ignored, .ignored]),                       // Never a lead byte (overlong).
        ([0xC1, 0xBF], [.ignored, .ignored]),
        ([0xF5, 0x80, 0x80, 0x80], [.ignored, .ignored, .ignored, .ignored]),
        ([0xFF], [.ignored]),
        ([0xC3, 0x61], [.ignored, .insert("a")]),                   // Cut short by ASCII.
        ([0xE2, 0x86, 0x0D], [.ignored, .enter]),                   // Cut short by Enter.
        ([0xE2, 0xC3, 0xA9], [.ignored, .insert("é")]),             // Cut short by another lead byte.
        ([0xE0, 0x80, 0x80], [.ignored, .ignored, .ignored]),       // Overlong three bytes.
        ([0xED, 0xA0, 0x80], [.ignored, .ignored, .ignored]),       // A surrogate.
        ([0xF4, 0x90, 0x80, 0x80], [.ignored, .ignored, .ignored, .ignored]),  // Above U+10FFFF.
        ([0xC2, 0x85], [.ignored]),                                 // C1 control NEL.
    ])
    func invalidUTF8(_ bytes: [UInt8], _ keys: [EditKey]) {
        var decoder = KeyDecoder()
        #expect(decoder.feed(bytes) == keys)
        #expect(!decoder.isPending)
    }

    @Test func everyByteIsAcceptedWithoutCrashing() {
        var decoder = KeyDecoder()
        var keys: [EditKey] = []
        for round in 0..<3 {
            for byte in UInt8.min...UInt8.max { keys += decoder.feed(byte &+ UInt8(round)) }
        }
        #expect(keys.count >= 500)
        #expect(keys.contains(.enter))
    }
}

@Suite("LineEditing: line buffer")
struct LineEditingBufferTests {
    @Test func typingAppendsAndSubmitGivesTheText() {
        var line = typed("when x")
        #expect(line.text == "when x")
        #expect(line.cursor == 6)
        #expect(line.apply(.enter) == .submit("when x"))
    }

    @Test func insertInTheMiddle() {
        var line = typed("ac")
        #expect(line.apply(.left) == .editing)
        #expect(line.apply(.insert("b")) == .editing)
        #expect(line.text == "abc")
        #expect(line.cursor == 2)
        line.press(.home, .insert("é"))
        #expect(line.text == "éabc")
        #expect(line.cursor == 1)
    }

    @Test func combiningMarkJoinsThePreviousCharacter() {
        var line = typed("e")
        line.press(.insert("\u{301}"), .insert("x"))
        #expect(line.characters == ["e\u{301}", "x"])
        #expect(line.text == "e\u{301}x")
        #expect(line.cursor == 2)
    }

    @Test func tabInsertsSpaces() {
        var line = typed("a")
        line.press(.tab, .insert("b"))
        #expect(line.text == "a    b")
        #expect(line.cursor == 6)
    }

    @Test func backspaceAtBothEnds() {
        var line = typed("abc")
        line.press(.backspace)
        #expect(line.text == "ab")
        #expect(line.cursor == 2)
        line.press(.home, .backspace)
        #expect(line.text == "ab")
        #expect(line.cursor == 0)
        line.press(.right, .backspace)
        #expect(line.text == "b")
        #expect(line.cursor == 0)
    }

    @Test func deleteAtBothEnds() {
        var line = typed("abc")
        line.press(.delete)
        #expect(line.text == "abc")
        #expect(line.cursor == 3)
        line.press(.home, .delete)
        #expect(line.text == "bc")
        #expect(line.cursor == 0)
        line.press(.end, .left, .delete)
        #expect(line.text == "b")
        #expect(line.cursor == 1)
    }

    @Test func cursorMovesStopAtTheEnds() {
        var line = typed("ab")
        line.press(.right)
        #expect(line.cursor == 2)
        line.press(.left, .left, .left)
        #expect(line.cursor == 0)
        line.press(.end)
        #expect(line.cursor == 2)
        line.press(.home)
        #expect(line.cursor == 0)
    }

    @Test func wordMoves() {
        // Positions: `cr` 0-2, `.`, `fixes_defect` 3-15, ` `, `or` 16-18, ` `, `x` 19-20.
        var line = typed("cr.fixes_defect or x")
        var stops: [Int] = []
        for _ in 0..<5 {
            line.press(.wordLeft)
            stops.append(line.cursor)
        }
        #expect(stops == [19, 16, 3, 0, 0])
        stops = []
        for _ in 0..<5 {
            line.press(.wordRight)
            stops.append(line.cursor)
        }
        #expect(stops == [2, 15, 18, 20, 20])
        #expect(line.text == "cr.fixes_defect or x")
    }

    @Test func deleteWordBefore() {
        var line = typed("cr.fixes_defect or x")
        var texts: [String] = []
        for _ in 0..<5 {
            line.press(.deleteWordBefore)
            texts.append(line.text)
        }
        #expect(texts == ["cr.fixes_defect or ", "cr.fixes_defect ", "cr.", "", ""])
        #expect(line.cursor == 0)
    }

    @Test func deleteWordBeforeInTheMiddle() {
        var line = typed("cr.fixes_defect or x")
        line.press(.wordLeft, .wordLeft, .left)
        #expect(line.cursor == 15)
        line.press(.deleteWordBefore)
        #expect(line.text == "cr. or x")
        #expect(line.cursor == 3)
    }

    @Test func killToEndAndToStart() {
        var line = typed("alpha beta")
        line.press(.home, .right, .right)
        line.press(.killToEnd)
        #expect(line.text == "al")
        #expect(line.cursor == 2)
        line = typed("alpha beta")
        line.press(.wordLeft)
        line.press(.killToStart)
        #expect(line.text == "beta")
        #expect(line.cursor == 0)
    }

    @Test func historyWalksNewestFirstAndKeepsTheDraft() {
        let history = ["first", "second", "third"]
        var line = typed("dra", history: history)
        var shown: [String] = []
        for _ in 0..<4 {
            #expect(line.apply(.up) == .editing)
            shown.append(line.text)
        }
        #expect(shown == ["third", "second", "first", "first"])
        #expect(line.historyIndex == 0)
        #expect(line.cursor == 5)
        shown = []
        for _ in 0..<4 {
            line.press(.down)
            shown.append(line.text)
        }
        #expect(shown == ["second", "third", "dra", "dra"])
        #expect(line.historyIndex == nil)
        #expect(line.cursor == 3)
    }

    @Test func editingARecalledLineLeavesTheHistoryAlone() {
        var line = typed("", history: ["one", "two"])
        line.press(.up, .backspace, .insert("X"))
        #expect(line.text == "twX")
        #expect(line.history == ["one", "two"])
        line.press(.down)
        #expect(line.text == "")
        line.press(.up)
        #expect(line.text == "two")
        line.press(.up)
        #expect(line.text == "one")
    }

    @Test func upWithNoHistoryChangesNothing() {
        var line = typed("ab")
        line.press(.left, .up, .down)
        #expect(line.text == "ab")
        #expect(line.cursor == 1)
        #expect(line.historyIndex == nil)
    }

    @Test func interruptCancelsAndStartsAnEmptyLine() {
        var line = typed("half a rule", history: ["old"])
        line.press(.up)
        #expect(line.apply(.interrupt) == .cancel)
        #expect(line.text == "")
        #expect(line.cursor == 0)
        #expect(line.historyIndex == nil)
        line.press(.insert("n"))
        #expect(line.apply(.enter) == .submit("n"))
        line.press(.up, .down)
        #expect(line.text == "n")
    }

    @Test func endOfInputOnAnEmptyLine() {
        var line = LineBuffer(history: ["x"])
        #expect(line.apply(.endOfInput) == .endOfInput)
    }

    @Test func endOfInputOnALineDeletesUnderTheCursor() {
        var line = typed("abc")
        #expect(line.apply(.endOfInput) == .editing)
        #expect(line.text == "abc")
        line.press(.home)
        #expect(line.apply(.endOfInput) == .editing)
        #expect(line.text == "bc")
        #expect(line.cursor == 0)
    }

    @Test func clearScreenKeepsTheLine() {
        var line = typed("ab")
        #expect(line.apply(.clearScreen) == .clearScreen)
        #expect(line.text == "ab")
        #expect(line.apply(.ignored) == .editing)
        #expect(line.text == "ab")
        #expect(line.cursor == 2)
    }

    @Test func submitAnEmptyLine() {
        var line = LineBuffer(history: [])
        #expect(line.apply(.enter) == .submit(""))
    }

    @Test func decodedBytesEditALine() {
        var decoder = KeyDecoder()
        var line = LineBuffer(history: ["old line"])
        let bytes = Array("ab".utf8) + [esc] + Array("[D".utf8) + [0xC3, 0xA9] + [0x05, 0x17] + Array("x".utf8)
        for key in decoder.feed(bytes) { _ = line.apply(key) }
        #expect(line.text == "x")
        #expect(line.apply(.enter) == .submit("x"))
    }
}

@Suite("LineEditing: drawing")
struct LineEditingRenderTests {
    @Test func cursorAtTheEnd() {
        let line = typed("abc")
        #expect(line.render(prompt: "> ", width: 80) == "\r> abc\u{1B}[K")
    }

    @Test func cursorInTheMiddle() {
        var line = typed("abcd")
        line.press(.left, .left)
        #expect(line.render(prompt: "charter> ", width: 80) == "\rcharter> abcd\u{1B}[K\u{1B}[2D")
    }

    @Test func emptyLine() {
        let line = LineBuffer(history: [])
        #expect(line.render(prompt: "? ", width: 80) == "\r? \u{1B}[K")
    }

    @Test func cursorAtTheStart() {
        var line = typed("ab→")
        line.press(.home)
        #expect(line.render(prompt: "", width: 80) == "\rab→\u{1B}[K\u{1B}[3D")
    }

    @Test func wideCharactersCountTwoColumns() {
        var line = typed("日本x")
        line.press(.home)
        #expect(line.render(prompt: "> ", width: 80) == "\r> 日本x\u{1B}[K\u{1B}[5D")
    }

    @Test func controlCharactersAreDrawnAsQuestionMarks() {
        let line = typed("a\u{7}b")
        #expect(line.render(prompt: "> ", width: 80) == "\r> a?b\u{1B}[K")
    }

    @Test func longLineScrollsToKeepTheCursorInView() {
        // Width 10 and prompt "> " leave 7 columns for text.
        var line = typed("abcdefghijkl")
        #expect(line.render(prompt: "> ", width: 10) == "\r> fghijkl\u{1B}[K")
        line.press(.home)
        #expect(line.render(prompt: "> ", width: 10) == "\r> abcdefg\u{1B}[K\u{1B}[7D")
        line.press(.right, .right, .right)
        #expect(line.render(prompt: "> ", width: 10) == "\r> abcdefg\u{1B}[K\u{1B}[4D")
        line.press(.end)
        line.press(.left, .left)
        // The character under the cursor stays in view.
        #expect(line.render(prompt: "> ", width: 10) == "\r> efghijk\u{1B}[K\u{1B}[1D")
    }

    @Test func noRoomDrawsTheWholeLine() {
        var line = typed("abc")
        line.press(.left)
        for width in [-5, 0, 1, 2, 3] {
            #expect(line.render(prompt: "> ", width: width) == "\r> abc\u{1B}[K\u{1B}[1D")
        }
    }
}
