/// A declared date format for record values (`dd/mm/yyyy`), checked once and then used to parse
/// many values quickly. Day and month order always come from the format, never from the value.
///
/// Fields (letters are case-insensitive; the run length decides the field):
/// - `yyyy` four-digit year; `yy` two-digit year meaning 2000 + yy (`24` is 2024). A two-digit
///   year is accepted only where the format declares `yy`.
/// - `mm` two-digit month; `m` one- or two-digit month.
/// - `MMM` three-letter month name (`Jan`, exactly three letters); `MMMM` full month name (`January`).
/// - `dd` two-digit day; `d` one- or two-digit day.
/// - Separators `/`, `-`, `.`, `,` and space, matched exactly.
///
/// Each of year, month and day appears exactly once. A one-or-two-digit field must be followed by
/// a separator or the end, since `dm` could not be read unambiguously. Values are trimmed of
/// surrounding spaces and tabs before parsing.
public struct DateFormat: Hashable, Sendable, CustomStringConvertible {
    enum Field: Hashable, Sendable {
        case year4, year2, month2, month1, monthAbbreviation, monthName, day2, day1
        case literal(UInt8)

        var isVariableWidthNumber: Bool { self == .month1 || self == .day1 }
        var isNumber: Bool { [.year4, .year2, .month2, .month1, .day2, .day1].contains(self) }
    }

    /// The format as declared.
    public let pattern: String
    let fields: [Field]

    /// ISO 8601 `yyyy-mm-dd`, the format used when a record declares none.
    public static let iso = DateFormat(pattern: "yyyy-mm-dd",
                                       fields: [.year4, .literal(0x2D), .month2, .literal(0x2D), .day2])

    private init(pattern: String, fields: [Field]) {
        self.pattern = pattern
        self.fields = fields
    }

    /// Checks `pattern` and prepares it for parsing; throws `.invalidFormat` explaining the first problem.
    public init(_ pattern: String) throws(DateFormatError) {
        func invalid(_ reason: String) -> DateFormatError { .invalidFormat(format: pattern, reason: reason) }
        let bytes = Array(pattern.utf8)
        guard !bytes.isEmpty else { throw invalid("the format is empty") }
        var fields: [Field] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if Self.separators.contains(byte) {
                fields.append(.literal(byte))
                i += 1
                continue
            }
            let lower = byte | 0x20
            guard lower == UInt8(ascii: "y") || lower == UInt8(ascii: "m") || lower == UInt8(ascii: "d") else {
                // Show the whole character, not one byte of it, when it is not ASCII.
                var end = i + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                let shown = String(decoding: bytes[i..<end], as: UTF8.self)
                throw invalid("`\(shown)` is neither a date field (yyyy, yy, mm, m, MMM, MMMM, dd, d) "
                    + "nor a separator (/ - . , or space)")
            }
            var run = 1
            while i + run < bytes.count, bytes[i + run] | 0x20 == lower { run += 1 }
            let token = String(decoding: bytes[i..<(i + run)], as: UTF8.self)
            switch (lower, run) {
            case (UInt8(ascii: "y"), 4): fields.append(.year4)
            case (UInt8(ascii: "y"), 2): fields.append(.year2)
            case (UInt8(ascii: "m"), 1): fields.append(.month1)
            case (UInt8(ascii: "m"), 2): fields.append(.month2)
            case (UInt8(ascii: "m"), 3): fields.append(.monthAbbreviation)
            case (UInt8(ascii: "m"), 4): fields.append(.monthName)
            case (UInt8(ascii: "d"), 1): fields.append(.day1)
            case (UInt8(ascii: "d"), 2): fields.append(.day2)
            default:
                throw invalid("`\(token)` is not a date field; use yyyy or yy, mm, m, MMM or MMMM, dd or d")
            }
            i += run
        }
        let counts = [("year", fields.count { $0 == .year4 || $0 == .year2 }),
                      ("month", fields.count { [.month1, .month2, .monthAbbreviation, .monthName].contains($0) }),
                      ("day", fields.count { $0 == .day1 || $0 == .day2 })]
        for (name, count) in counts where count != 1 {
            throw invalid(count == 0 ? "the format has no \(name)" : "the format has \(count) \(name) fields")
        }
        for (field, next) in zip(fields, fields.dropFirst()) where field.isVariableWidthNumber && next.isNumber {
            throw invalid("a one-or-two-digit field (m or d) must be followed by a separator, "
                + "or the value cannot be split unambiguously")
        }
        self.init(pattern: pattern, fields: fields)
    }

    /// `d MMMM yyyy` (`4 October 2024`), for naming a date in a message without an order to misread.
    public static let longForm = DateFormat(pattern: "d MMMM yyyy",
                                            fields: [.day1, .literal(0x20), .monthName, .literal(0x20), .year4])

    /// The formats `--help` lists as examples of `--date-format`.
    public static let commonPatterns = ["yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy", "dd/mm/yy", "mm/dd/yy", "d-MMM-yy", "d MMMM yyyy"]

    /// The pattern, e.g. `dd/mm/yyyy`.
    public var description: String { pattern }

    /// The date `text` spells in this format, or `nil`; use `parse(_:)` to learn why not.
    public func date(from text: some StringProtocol) -> CivilDate? {
        try? parse(text)
    }

    /// `date` written in this format; a `yy` field writes the year's last two digits.
    public func string(from date: CivilDate) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let names = Self.monthNames
        return fields.map { field in
            switch field {
            case .year4: padded(date.year, 4)
            case .year2: padded(date.year % 100, 2)
            case .month2: padded(date.month, 2)
            case .month1: String(date.month)
            case .monthAbbreviation: String(names[date.month - 1].prefix(3))
            case .monthName: names[date.month - 1]
            case .day2: padded(date.day, 2)
            case .day1: String(date.day)
            case .literal(let byte): String(decoding: [byte], as: UTF8.self)
            }
        }.joined()
    }

    static let separators: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."),
                                          UInt8(ascii: ","), UInt8(ascii: " ")]

    static var monthNames: [String] { CivilDate.monthNames }
}
