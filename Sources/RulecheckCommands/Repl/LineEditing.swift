/// Line editing for `rulecheck repl` at a terminal, without any I/O: `KeyDecoder` turns the
/// bytes a terminal sends into keys, `LineBuffer` applies the keys to the line being typed
/// and draws it. The executable reads the bytes and writes the drawing.

/// A key as the line editor understands it.
public enum EditKey: Equatable, Sendable {
    case insert(Character)
    case enter
    case backspace
    case delete
    case left
    case right
    case home
    case end
    case up
    case down
    case wordLeft
    case wordRight
    /// Ctrl-W: deletes the word before the cursor.
    case deleteWordBefore
    /// Ctrl-K: deletes from the cursor to the end of the line.
    case killToEnd
    /// Ctrl-U: deletes from the start of the line to the cursor.
    case killToStart
    /// Ctrl-L.
    case clearScreen
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    case tab
    /// A byte or sequence that means nothing to the editor (unknown or invalid).
    case ignored
}

/// Turns the bytes read from a terminal in raw mode into keys, one byte at a time: UTF-8
/// characters, control bytes and escape sequences. Any byte sequence is accepted; what is
/// not understood (invalid UTF-8, unknown escape sequences) comes out as `.ignored`.
///
/// A single byte never yields a key after `.enter`: a feed gives at most one key for the
/// byte itself, preceded by `.ignored` when the byte ended an unfinished sequence.
public struct KeyDecoder: Sendable {
    private enum State: Sendable {
        case ground
        /// A UTF-8 character: the bytes so far and how many continuation bytes are still due.
        case utf8(bytes: [UInt8], remaining: Int)
        /// After ESC.
        case escape
        /// After ESC [ (`introducer` "[") or ESC O (`introducer` "O"): parameter bytes so far.
        case sequence(introducer: UInt8, parameters: [UInt8], overlong: Bool)
    }

    /// Parameter bytes kept for a sequence; longer sequences are consumed and ignored.
    private static let parameterLimit = 16

    private var state: State = .ground

    public init() {}

    /// True in the middle of a UTF-8 character or an escape sequence.
    public var isPending: Bool {
        if case .ground = state { return false }
        return true
    }

    /// The keys completed by `byte` (often none or one).
    public mutating func feed(_ byte: UInt8) -> [EditKey] {
        switch state {
        case .ground:
            return ground(byte)
        case .utf8(let bytes, let remaining):
            return continueCharacter(bytes, remaining, byte)
        case .escape:
            return afterEscape(byte)
        case .sequence(let introducer, let parameters, let overlong):
            return continueSequence(introducer, parameters, overlong, byte)
        }
    }

    /// The keys completed by `bytes`, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [EditKey] where Bytes.Element == UInt8 {
        var keys: [EditKey] = []
        for byte in bytes { keys += feed(byte) }
        return keys
    }

    private mutating func ground(_ byte: UInt8) -> [EditKey] {
        switch byte {
        case 0x01: return [.home]
        case 0x02: return [.left]
        case 0x03: return [.interrupt]
        case 0x04: return [.endOfInput]
        case 0x05: return [.end]
        case 0x06: return [.right]
        case 0x08, 0x7F: return [.backspace]
        case 0x09: return [.tab]
        case 0x0A, 0x0D: return [.enter]
        case 0x0B: return [.killToEnd]
        case 0x0C: return [.clearScreen]
        case 0x0E: return [.down]
        case 0x10: return [.up]
        case 0x15: return [.killToStart]
        case 0x17: return [.deleteWordBefore]
        case 0x1B:
            state = .escape
            return []
        case 0x00...0x1F:
            return [.ignored]
        case 0x20...0x7E:
            return [.insert(Character(Unicode.Scalar(byte)))]
        case 0xC2...0xDF:
            state = .utf8(bytes: [byte], remaining: 1)
            return []
        case 0xE0...0xEF:
            state = .utf8(bytes: [byte], remaining: 2)
            return []
        case 0xF0...0xF4:
            state = .utf8(bytes: [byte], remaining: 3)
            return []
        default:
            // A stray continuation byte, or a byte that never starts UTF-8 (C0, C1, F5...FF).
            return [.ignored]
        }
    }

    private mutating func continueCharacter(_ bytes: [UInt8], _ remaining: Int, _ byte: UInt8) -> [EditKey] {
        // The second byte is narrower after some lead bytes: no overlong forms, no
        // surrogates, nothing above U+10FFFF.
        var allowed: ClosedRange<UInt8> = 0x80...0xBF
        if bytes.count == 1 {
            switch bytes[0] {
            case 0xE0: allowed = 0xA0...0xBF
            case 0xED: allowed = 0x80...0x9F
            case 0xF0: allowed = 0x90...0xBF
            case 0xF4: allowed = 0x80...0x8F
            default: break
            }
        }
        guard allowed.contains(byte) else {
            state = .ground
            return [.ignored] + ground(byte)
        }
        let sofar = bytes + [byte]
        guard remaining == 1 else {
            state = .utf8(bytes: sofar, remaining: remaining - 1)
            return []
        }
        state = .ground
        return [Self.character(sofar)]
    }

    private static func character(_ bytes: [UInt8]) -> EditKey {
        guard let lead = bytes.first else { return .ignored }
        let leadBits: UInt32
        switch bytes.count {
        case 2: leadBits = UInt32(lead & 0x1F)
        case 3: leadBits = UInt32(lead & 0x0F)
        default: leadBits = UInt32(lead & 0x07)
        }
        let value = bytes.dropFirst().reduce(leadBits) { ($0 << 6) | UInt32($1 & 0x3F) }
        guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .control else {
            return .ignored
        }
        return .insert(Character(scalar))
    }

    private mutating func afterEscape(_ byte: UInt8) -> [EditKey] {
        switch byte {
        case UInt8(ascii: "["), UInt8(ascii: "O"):
            state = .sequence(introducer: byte, parameters: [], overlong: false)
            return []
        case UInt8(ascii: "b"):
            state = .ground
            return [.wordLeft]
        case UInt8(ascii: "f"):
            state = .ground
            return [.wordRight]
        case 0x7F, 0x08:
            // Alt-Backspace.
            state = .ground
            return [.deleteWordBefore]
        case 0x20...0x7E:
            // Alt with another key: not bound.
            state = .ground
            return [.ignored]
        default:
            // A lone Escape followed by a control byte (another ESC too) or a character:
            // the Escape means nothing, the byte counts as usual.
            state = .ground
            return [.ignored] + ground(byte)
        }
    }

    private mutating func continueSequence(_ introducer: UInt8, _ parameters: [UInt8], _ overlong: Bool,
                                           _ byte: UInt8) -> [EditKey] {
        switch byte {
        case 0x20...0x3F:
            // Parameter and intermediate bytes.
            if parameters.count < Self.parameterLimit {
                state = .sequence(introducer: introducer, parameters: parameters + [byte], overlong: overlong)
            } else {
                state = .sequence(introducer: introducer, parameters: parameters, overlong: true)
            }
            return []
        case 0x40...0x7E:
            state = .ground
            return [overlong ? .ignored : Self.sequenceKey(parameters, final: byte)]
        default:
            // Not part of any sequence: the sequence is abandoned and the byte counts as usual.
            state = .ground
            return [.ignored] + ground(byte)
        }
    }

    /// The key for a complete ESC [ … or ESC O … sequence.
    private static func sequenceKey(_ parameters: [UInt8], final: UInt8) -> EditKey {
        // Only plain numeric parameters separated by `;` are understood.
        guard parameters.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ";") }) else {
            return .ignored
        }
        let numbers = parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { digits in digits.reduce(0) { min($0 * 10 + Int($1 - 0x30), 1_000_000) } }
        let first = numbers.first ?? 0
        if final == UInt8(ascii: "~") {
            switch first {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            default: return .ignored  // Including the bracketed paste markers 200 and 201.
            }
        }
        // Cursor keys: no parameters, or `1;modifier` (xterm): 3 is Alt, 5 Ctrl, 7 Ctrl-Alt.
        guard numbers.count <= 2, numbers.count < 2 || first == 1 else { return .ignored }
        let modifier = numbers.count == 2 ? numbers[1] : 1
        let wordwise = modifier > 1 && (modifier - 1) & 0b110 != 0
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return wordwise ? .wordRight : .right
        case UInt8(ascii: "D"): return wordwise ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        default: return .ignored
        }
    }
}

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
}

/// The line being edited, as characters with a cursor, and a walk through the earlier lines.
public struct LineBuffer: Sendable {
    /// The earlier lines, oldest first. Up recalls the newest first; editing a recalled
    /// line changes only the line being edited, never this array.
    public let history: [String]
    /// The line, one element per character (grapheme cluster).
    public private(set) var characters: [Character] = []
    /// Where the cursor is, in characters from the start: 0...characters.count.
    public private(set) var cursor = 0
    /// The index in `history` of the line shown, or nil for the line being typed.
    public private(set) var historyIndex: Int?
    /// The line being typed, kept while history is shown.
    private var draft: [Character] = []

    /// Spaces inserted by Tab (Charter treats tabs and spaces alike).
    public static let tabSpaces = 4

    public init(history: [String] = []) {
        self.history = history
    }

    public var text: String { String(characters) }

    public mutating func apply(_ key: EditKey) -> LineOutcome {
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
        case .interrupt:
            characters = []
            cursor = 0
            historyIndex = nil
            draft = []
            return .cancel
        case .endOfInput:
            if characters.isEmpty { return .endOfInput }
            deleteUnderCursor()
        case .ignored:
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

    private mutating func recallOlder() {
        let next = (historyIndex ?? history.count) - 1
        guard next >= 0, next < history.count else { return }
        if historyIndex == nil { draft = characters }
        show(history: next)
    }

    private mutating func recallNewer() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            show(history: index + 1)
        } else {
            historyIndex = nil
            characters = draft
            cursor = characters.count
        }
    }

    private mutating func show(history index: Int) {
        historyIndex = index
        characters = Array(history[index])
        cursor = characters.count
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

    // MARK: Drawing

    /// The bytes that draw the line over the current terminal row: carriage return, the
    /// prompt and the line, clear to the end of the row (ESC [ K), then the cursor moved
    /// back to its place (ESC [ n D). A line too wide for `width` columns scrolls
    /// sideways to keep the cursor in view; with no room at all it is drawn whole. Control
    /// characters in the line are drawn as `?`. The prompt should be plain text.
    public func render(prompt: String, width: Int) -> String {
        let promptColumns = prompt.reduce(0) { $0 + Self.columns(of: $1) }
        let widths = characters.map(Self.columns(of:))
        let room = width - promptColumns - 1  // The last column stays free: no automatic wrap.
        var start = 0
        var end = characters.count
        if room > 0, widths.reduce(0, +) > room {
            // As much as fits before the cursor, leaving room for the character under it,
            // then as much as fits after it.
            let under = cursor < widths.count ? widths[cursor] : 0
            var used = 0
            start = cursor
            while start > 0, used + widths[start - 1] + under <= room {
                start -= 1
                used += widths[start]
            }
            end = cursor
            while end < characters.count, used + widths[end] <= room {
                used += widths[end]
                end += 1
            }
        }
        var output = "\r" + prompt
        for character in characters[start..<end] {
            output += Self.isControl(character) ? "?" : String(character)
        }
        output += "\u{1B}[K"
        let back = widths[cursor..<end].reduce(0, +)
        if back > 0 { output += "\u{1B}[\(back)D" }
        return output
    }

    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Terminal columns taken by `character`: 2 for East Asian wide characters and emoji,
    /// 0 for a lone combining mark or format character, 1 otherwise. An estimate, as
    /// terminals themselves differ.
    static func columns(of character: Character) -> Int {
        if isControl(character) { return 1 }
        guard let first = character.unicodeScalars.first else { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
