/// How wide text is drawn in a sans-serif face (Helvetica, Arial), without any font at hand:
/// each character's advance width in ems, from Arial's metrics, so that a layout can size boxes
/// and wrap titles. An estimate, on the generous side for letters it does not know.
enum TextMetrics {
    /// The width of `text` at `size` (the font size, in the units the layout uses).
    static func width(_ text: some StringProtocol, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars { ems += advance(scalar) }
        // Wider than Arial by an eighth: DejaVu Sans, the usual sans-serif on Linux, is that much wider.
        return ems * size * (bold ? 1.22 : 1.12)
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        // i j l I . , : ; ! | ' space f t / \
        case 0x69, 0x6A, 0x6C, 0x49, 0x2E, 0x2C, 0x3A, 0x3B, 0x21, 0x7C, 0x27, 0x20, 0x66, 0x74, 0x2F, 0x5C: return 0.28
        // m w M W @ %
        case 0x6D, 0x77, 0x4D, 0x57, 0x40, 0x25: return 0.85
        case 0x72: return 0.34
        case 0x61...0x7A: return 0.53
        case 0x41...0x5A: return 0.7
        case 0x30...0x39: return 0.56
        case 0x20...0x7E: return 0.45
        // Combining marks take no room of their own.
        case 0x0300...0x036F, 0x0591...0x05C7, 0x064B...0x065F: return 0
        // CJK and other full-width letters.
        case 0x1100...0x11FF, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60: return 1
        default: return 0.62
        }
    }

    /// The words of `text`, each cut after its hyphens (`non-`, `decision-`, `making`), with
    /// each piece's place in its word: a line may break after a hyphen as after a space. With
    /// `identifier`, also after an underscore and between a lower-case and a capital letter
    /// (`Commercial`, `Impacts`, `Group`).
    static func pieces(of text: String, identifier: Bool = false) -> [(Int, String)] {
        var pieces: [(Int, String)] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            var piece = ""
            var index = 0
            var previous: Character?
            for character in word {
                if identifier, character.isUppercase, previous?.isLowercase == true, !piece.isEmpty {
                    pieces.append((index, piece))
                    piece = ""
                    index += 1
                }
                piece.append(character)
                // After a letter only: a date (2024-02-21) is not broken.
                if character == "-" && previous?.isLetter == true || identifier && character == "_" && !piece.isEmpty {
                    pieces.append((index, piece))
                    piece = ""
                    index += 1
                }
                previous = character
            }
            if !piece.isEmpty { pieces.append((index, piece)) }
        }
        return pieces
    }

    /// The width of the widest piece of `text` that `wrap` keeps on one line.
    static func widestPiece(_ text: String, size: Double, bold: Bool = false, identifier: Bool = false) -> Double {
        pieces(of: text, identifier: identifier).map { width($0.1, size: size, bold: bold) }.max() ?? 0
    }

    /// `text` broken at spaces and after hyphens into lines no wider than `width`; a word wider
    /// than a line is broken where it must be. Linear in the text.
    static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false, identifier: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentWidth = 0.0
        let space = self.width(" ", size: size, bold: bold)
        for (index, piece) in pieces(of: text, identifier: identifier) {
            let joiner = index == 0 ? space : 0
            let pieceWidth = self.width(piece, size: size, bold: bold)
            if !current.isEmpty, currentWidth + joiner + pieceWidth <= width {
                current += (index == 0 ? " " : "") + piece
                currentWidth += joiner + pieceWidth
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            currentWidth = 0
            guard pieceWidth > width else {
                current = piece
                currentWidth = pieceWidth
                continue
            }
            // A word too long for any line: as many characters as fit on each.
            for character in piece {
                let characterWidth = self.width(String(character), size: size, bold: bold)
                if !current.isEmpty, currentWidth + characterWidth > width {
                    lines.append(current)
                    current = ""
                    currentWidth = 0
                }
                current.append(character)
                currentWidth += characterWidth
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
