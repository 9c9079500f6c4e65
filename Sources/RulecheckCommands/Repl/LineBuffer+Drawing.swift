/// Drawing the line on one terminal row.
extension LineBuffer {
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
