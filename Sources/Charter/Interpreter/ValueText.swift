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
