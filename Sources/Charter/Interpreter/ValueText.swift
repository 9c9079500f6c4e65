extension Value {
    /// How a value reads inside a message: `12`, `0.17`, `2024-03-13`, `10:30`, `15 minutes`.
    public var display: String {
        switch self {
        case .text(let text): text
        case .number(let number): number.description
        case .bool(let flag): flag ? "true" : "false"
        case .date(let date): date.description
        case .time(let time): time.description
        case .duration(let amount, let unit): Self.display(amount, unit)
        case .list(let items): "[" + items.map(\.display).joined(separator: ", ") + "]"
        case .record: declarationName ?? "(record)"
        case .absent: "(none)"
        }
    }

    static func display(_ amount: Int, _ unit: DurationUnit) -> String {
        func counted(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 || n == -1 ? one : many)" }
        switch unit {
        case .minutes:
            if amount < 0 && amount <= -60 { return "minus " + display(amount == .min ? .max : -amount, unit) }
            let (hours, minutes) = amount.quotientAndRemainder(dividingBy: 60)
            if hours == 0 { return counted(minutes, "minute", "minutes") }
            if minutes == 0 { return counted(hours, "hour", "hours") }
            return counted(hours, "hour", "hours") + " " + counted(Swift.abs(minutes), "minute", "minutes")
        case .days: return counted(amount, "day", "days")
        case .workingDays: return counted(amount, "working day", "working days")
        case .months: return counted(amount, "month", "months")
        }
    }

    /// The kind of value, for messages about values of the wrong kind.
    var kindName: String {
        switch self {
        case .text: "text"
        case .number: "a number"
        case .bool: "true or false"
        case .date: "a date"
        case .time: "a time"
        case .duration: "a duration"
        case .list: "a list"
        case .record: "a record"
        case .absent: "absent"
        }
    }
}

/// Where text is written as UTF-8 bytes: a message being built (`MessageBytes`), a report's
/// output (`[UInt8]`). What it writes is byte for byte what the `String` forms give
/// (`Value.display`, `String(Int)`), without making those strings.
protocol UTF8Sink {
    mutating func append(_ byte: UInt8)
    mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: UTF8Sink where Element == UInt8 {
    mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

extension UTF8Sink {
    /// The UTF-8 of `text`, copied from its storage when it lies in one piece (as a native
    /// string does), else byte by byte.
    @inline(__always)
    mutating func append(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(utf8: $0) }
        if copied == nil { for byte in text.utf8 { append(byte) } }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(utf8: $0) }
    }

    /// `String(value)`.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        if rest < 10 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            // INVARIANT: `start` stays within 0..<20: a 64-bit magnitude has at most 20
            // digits, and the loop writes one per step from the end.
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0 && start > 0
            append(utf8: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// `value` in `width` digits at least, zeros before it: a date's year and month.
    mutating func appendDecimal(_ value: Int, width: Int) {
        var digits = 1, power = 10
        while value >= power, digits < width {
            digits += 1
            power &*= 10
        }
        for _ in digits..<Swift.max(width, digits) { append(UInt8(ascii: "0")) }
        appendDecimal(value)
    }

    /// `value.display`.
    mutating func appendDisplay(of value: Value) {
        switch value {
        case .text(let text): append(text)
        case .number(let number):
            if number.isInteger { appendDecimal(number.numerator) } else { append(number.description) }
        case .bool(let flag): append(flag ? "true" as StaticString : "false")
        case .date(let date) where (0...9999).contains(date.year) && date.month >= 0 && date.day >= 0:
            // `CivilDate.description`: the year in four digits, the month and day in two.
            appendDecimal(date.year, width: 4)
            append(UInt8(ascii: "-"))
            appendDecimal(date.month, width: 2)
            append(UInt8(ascii: "-"))
            appendDecimal(date.day, width: 2)
        case .list(let items):
            append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { append(", " as StaticString) }
                appendDisplay(of: item)
            }
            append(UInt8(ascii: "]"))
        case .date, .time, .duration, .record, .absent:
            append(value.display)
        }
    }
}
