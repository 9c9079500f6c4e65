/// Line editing for `rulecheck repl` at a terminal, without any I/O: `KeyDecoder` (here) turns
/// the bytes a terminal sends into keys; `LineBuffer` applies the keys to the line being typed
/// (`LineBuffer.swift`), walks and searches the earlier lines (`LineBuffer+History.swift`,
/// `LineBuffer+Search.swift`), puts Tab's completion in (`LineBuffer+Completion.swift`) and
/// draws the line (`LineBuffer+Drawing.swift`); `LineEditor` joins them with a completer. The
/// executable reads the bytes and writes the drawing.

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
    /// Ctrl-R: searches the earlier lines, newest first, for what is typed next.
    case searchHistory
    /// Ctrl-G: gives up a history search.
    case abort
    /// Escape on its own (`KeyDecoder.flushEscape`, when no more bytes follow it soon).
    case escape
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

    /// True just after an Escape byte, which starts a sequence or is the Escape key itself.
    public var isAwaitingEscape: Bool {
        if case .escape = state { return true }
        return false
    }

    /// The Escape key, when the last byte was an Escape that no sequence followed (the
    /// terminal sent nothing more soon after it); otherwise nothing, and nothing changes.
    public mutating func flushEscape() -> [EditKey] {
        guard isAwaitingEscape else { return [] }
        state = .ground
        return [.escape]
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
        case 0x07: return [.abort]
        case 0x08, 0x7F: return [.backspace]
        case 0x09: return [.tab]
        case 0x0A, 0x0D: return [.enter]
        case 0x0B: return [.killToEnd]
        case 0x0C: return [.clearScreen]
        case 0x0E: return [.down]
        case 0x10: return [.up]
        case 0x12: return [.searchHistory]
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
