/// Why a date format or a value in it was rejected; `description` names the value and what
/// was expected, ready for a diagnostic.
public enum DateFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The declared format itself is unusable.
    case invalidFormat(format: String, reason: String)
    /// The value does not have the format's shape; `position` is the 1-based character where
    /// `expected` was not found.
    case doesNotFit(value: String, format: String, expected: String, position: Int)
    /// The value has the format's shape but names no real date (`31/04/2024`, month 13).
    case noSuchDate(value: String, format: String, year: Int, month: Int, day: Int)

    /// What went wrong, quoting the value or format.
    public var description: String {
        switch self {
        case .invalidFormat(let format, let reason):
            return "`\(format)` is not a usable date format: \(reason)"
        case .doesNotFit(let value, let format, let expected, let position):
            return "`\(value)` does not fit the date format `\(format)`: expected \(expected) at character \(position)"
        case .noSuchDate(let value, _, let year, let month, let day):
            let reason = CivilDate.whyNotADate(year: year, month: month, day: day) ?? "it does not fit the calendar"
            return "`\(value)` is not a real date: \(reason)"
        }
    }
}

extension DateFormat {
    /// The date `text` spells in this format. Throws `.doesNotFit` when its shape is wrong and
    /// `.noSuchDate` when it has the right shape but the date does not exist.
    public func parse(_ text: some StringProtocol) throws(DateFormatError) -> CivilDate {
        let all = Array(text.utf8)
        var lower = 0
        var upper = all.count
        while lower < upper, all[lower] == 0x20 || all[lower] == 0x09 { lower += 1 }
        while upper > lower, all[upper - 1] == 0x20 || all[upper - 1] == 0x09 { upper -= 1 }
        let bytes = all[lower..<upper]

        var i = lower
        func fail(_ expected: String) -> DateFormatError {
            // Count characters, not bytes, so the position matches what a person sees.
            let position = bytes[lower..<i].count { $0 & 0xC0 != 0x80 } + 1
            return .doesNotFit(value: String(decoding: bytes, as: UTF8.self), format: pattern,
                               expected: expected, position: position)
        }
        func isDigit(_ at: Int) -> Bool { at < upper && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        func isLetter(_ at: Int) -> Bool { at < upper && (bytes[at] | 0x20) >= 0x61 && (bytes[at] | 0x20) <= 0x7A }
        func number(minDigits: Int, maxDigits: Int, _ expected: String) throws(DateFormatError) -> Int {
            var value = 0
            var count = 0
            while count < maxDigits, isDigit(i + count) {
                value = value * 10 + Int(bytes[i + count] - 0x30)
                count += 1
            }
            guard count >= minDigits else { throw fail(expected) }
            i += count
            return value
        }
        func monthName(letters: Int?, in names: [[UInt8]], _ expected: String) throws(DateFormatError) -> Int {
            var end = i
            while isLetter(end) { end += 1 }
            let word = bytes[i..<end].map { $0 | 0x20 }
            guard letters.map({ $0 == word.count }) ?? true, let index = names.firstIndex(of: word) else {
                throw fail(expected)
            }
            i = end
            return index + 1
        }

        var year = 0, month = 0, day = 0
        for field in fields {
            switch field {
            case .literal(let byte):
                guard i < upper, bytes[i] == byte else {
                    throw fail(byte == 0x20 ? "a space" : "`\(String(decoding: [byte], as: UTF8.self))`")
                }
                i += 1
            case .year4: year = try number(minDigits: 4, maxDigits: 4, "a four-digit year (yyyy)")
            case .year2: year = try 2000 + number(minDigits: 2, maxDigits: 2, "a two-digit year (yy)")
            case .month2: month = try number(minDigits: 2, maxDigits: 2, "a two-digit month (mm)")
            case .month1: month = try number(minDigits: 1, maxDigits: 2, "a month number (m)")
            case .day2: day = try number(minDigits: 2, maxDigits: 2, "a two-digit day (dd)")
            case .day1: day = try number(minDigits: 1, maxDigits: 2, "a day number (d)")
            case .monthAbbreviation:
                month = try monthName(letters: 3, in: Self.lowercaseAbbreviations,
                                      "a three-letter month name such as Jan (MMM)")
            case .monthName:
                month = try monthName(letters: nil, in: Self.lowercaseNames, "a month name such as January (MMMM)")
            }
        }
        guard i == upper else { throw fail("the end of the value") }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw .noSuchDate(value: String(decoding: bytes, as: UTF8.self), format: pattern,
                              year: year, month: month, day: day)
        }
        return date
    }

    static let lowercaseNames: [[UInt8]] = monthNames.map { Array($0.lowercased().utf8) }
    static let lowercaseAbbreviations: [[UInt8]] = lowercaseNames.map { Array($0.prefix(3)) }
}
