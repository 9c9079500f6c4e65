/// The operators on values. The type checker has already ruled out operands of the wrong
/// types; what is left to fail here depends on the data: overflow, division by zero, a
/// duration in units that do not convert, a time past midnight.
enum ValueOperations {
    /// `==`: an absent value equals nothing. Durations in minutes and days compare by length,
    /// at any depth: two lists or records are the same when their elements or fields are, an
    /// absent field of one matching an absent field of the other.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.absent, _), (_, .absent): return false
        default: return sameInside(a, b)
        }
    }

    /// `same`, where absent matches absent: the comparison of the parts of a list or record.
    private static func sameInside(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.absent, .absent): return true
        case (.absent, _), (_, .absent): return false
        case (.duration(let x, let u), .duration(let y, let v)):
            if u == v { return x == y }
            guard let m = minutes(x, u), let n = minutes(y, v) else { return false }
            return m == n
        case (.list(let xs), .list(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { sameInside($0, $1) }
        case (.record(let x), .record(let y)):
            return x.shape == y.shape && x.fields.count == y.fields.count && zip(x.fields, y.fields).allSatisfy { sameInside($0, $1) }
        default:
            return a == b
        }
    }

    /// The length of a duration in minutes, for the units that have a fixed length.
    static func minutes(_ amount: Int, _ unit: DurationUnit) -> Int? {
        switch unit {
        case .minutes: amount
        case .days: amount.multipliedChecked(by: 1440)
        case .workingDays, .months: nil
        }
    }

    /// `a < b` as -1, 0, 1 for numbers, dates, times and durations of comparable units.
    static func order(_ a: Value, _ b: Value, at span: SourceSpan) throws -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.number(let x), .number(let y)): return sign(x, y)
        case (.date(let x), .date(let y)): return sign(x, y)
        case (.time(let x), .time(let y)): return sign(x, y)
        case (.duration(let x, let u), .duration(let y, let v)):
            if u == v { return sign(x, y) }
            guard let m = minutes(x, u), let n = minutes(y, v) else {
                throw EvaluationError(.incomparableUnits, "cannot compare \(a.display) with \(b.display): the units differ", at: span)
            }
            return sign(m, n)
        default:
            throw unexpected(a, b, "compared", at: span)
        }
    }

    static func unexpected(_ a: Value, _ b: Value, _ verb: String, at span: SourceSpan) -> EvaluationError {
        if case .absent = a { return absent(at: span) }
        if case .absent = b { return absent(at: span) }
        return EvaluationError(.unexpectedValue, "\(a.kindName) and \(b.kindName) cannot be \(verb)", at: span)
    }

    static func absent(at span: SourceSpan) -> EvaluationError {
        EvaluationError(.absentValue, "a value this needs is absent from the record", at: span)
    }

    static func overflow(at span: SourceSpan) -> EvaluationError {
        EvaluationError(.outOfRange, "the result is outside the range of Charter's exact numbers, \(range)", at: span)
    }

    /// `x op y is outside the range …`, naming the operands.
    static func overflow(_ x: String, _ op: BinaryOperator, _ y: String, at span: SourceSpan) -> EvaluationError {
        EvaluationError(.outOfRange, "\(x) \(op.rawValue) \(y) is outside the range of Charter's exact numbers, \(range)", at: span)
    }

    /// The range of whole numbers, and of the numerator and denominator of a fraction.
    static let range = "±9223372036854775807"

    /// `+ - * / of` on two values.
    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, context: EvaluationContext,
                           at span: SourceSpan) throws -> Value {
        switch (op, a, b) {
        case (_, .number(let x), .number(let y)):
            return .number(try numbers(op, x, y, at: span))
        case (.add, .text(let x), .text(let y)):
            return .text(x + y)
        case (.add, .duration, .duration), (.subtract, .duration, .duration):
            return try durationSum(op, a, b, at: span)
        case (.add, .date(let d), .duration(let n, let unit)), (.add, .duration(let n, let unit), .date(let d)):
            return .date(try shift(d, by: n, unit, calendar: context.calendar, at: span))
        case (.subtract, .date(let d), .duration(let n, let unit)):
            guard n != .min else { throw overflow(at: span) }
            return .date(try shift(d, by: -n, unit, calendar: context.calendar, at: span))
        case (.add, .time(let t), .duration(let n, let unit)), (.add, .duration(let n, let unit), .time(let t)):
            return .time(try shift(t, by: n, unit, at: span))
        case (.subtract, .time(let t), .duration(let n, let unit)):
            guard n != .min else { throw overflow(at: span) }
            return .time(try shift(t, by: -n, unit, at: span))
        case (.subtract, .date(let x), .date(let y)):
            return .duration(x.days(since: y), .days)
        case (.subtract, .time(let x), .time(let y)):
            return .duration(x.minutes - y.minutes, .minutes)
        case (.multiply, .number(let k), .duration(let n, let unit)), (.multiply, .duration(let n, let unit), .number(let k)),
             (.of, .number(let k), .duration(let n, let unit)):
            return .duration(try scaled(n, by: k, at: span), unit)
        case (.divide, .duration(let n, let unit), .number(let k)):
            guard k != .zero, let inverse = Rational.one.divided(by: k) else {
                throw EvaluationError(.divisionByZero, "division by zero", at: span)
            }
            return .duration(try scaled(n, by: inverse, at: span), unit)
        default:
            throw unexpected(a, b, "combined with `\(op.rawValue)`", at: span)
        }
    }

    /// `x op y` on two numbers, exactly.
    @inline(__always)
    static func numbers(_ op: BinaryOperator, _ x: Rational, _ y: Rational, at span: SourceSpan) throws -> Rational {
        let result: Rational?
        switch op {
        case .add: result = x.adding(y)
        case .subtract: result = x.subtracting(y)
        case .multiply, .of: result = x.multiplied(by: y)
        case .divide:
            guard y != .zero else { throw EvaluationError(.divisionByZero, "division by zero", at: span) }
            result = x.divided(by: y)
        case .remainder:
            guard y != .zero else { throw EvaluationError(.divisionByZero, "division by zero", at: span) }
            result = x.remainder(dividingBy: y)
        default: result = nil
        }
        guard let result else { throw overflow(x.description, op, y.description, at: span) }
        return result
    }

    static func durationSum(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        guard case .duration(var x, var u) = a, case .duration(var y, let v) = b else { throw unexpected(a, b, "added", at: span) }
        if u != v {
            guard let m = minutes(x, u), let n = minutes(y, v) else {
                throw EvaluationError(.incomparableUnits, "cannot combine \(a.display) with \(b.display): the units differ", at: span)
            }
            (x, y, u) = (m, n, .minutes)
        }
        let (result, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
        // Durations keep the same symmetric range as numbers, so that negating one never overflows.
        guard !overflow, result != .min else {
            throw Self.overflow(Value.display(x, u), op, Value.display(y, u), at: span)
        }
        return .duration(result, u)
    }

    /// A whole number of units `n × k`; a fraction of a unit is an error rather than rounded.
    static func scaled(_ n: Int, by k: Rational, at span: SourceSpan) throws -> Int {
        guard let product = Rational(n)?.multiplied(by: k) else { throw overflow(k.description, .multiply, "\(n)", at: span) }
        guard product.isInteger else {
            throw EvaluationError(.partialUnit, "\(k) × \(n) is not a whole number of units", at: span)
        }
        return product.numerator
    }

    static func shift(_ date: CivilDate, by n: Int, _ unit: DurationUnit, calendar: WorkingDayCalendar,
                      at span: SourceSpan) throws -> CivilDate {
        let result: CivilDate?
        switch unit {
        case .days: result = date.adding(days: n)
        case .workingDays: result = calendar.adding(workingDays: n, to: date)
        case .months: result = addingMonths(n, to: date)
        case .minutes:
            guard n % 1440 == 0 else {
                throw EvaluationError(.partialUnit, "cannot move the date \(date) by \(Value.display(n, unit)): a date moves by whole days", at: span)
            }
            result = date.adding(days: n / 1440)
        }
        guard let result else {
            throw EvaluationError(.outOfRange, "\(date) moved by \(Value.display(n, unit)) is outside the supported years", at: span)
        }
        return result
    }

    /// The same day `n` months on, or the month's last day when it is shorter (31 Jan + 1 month
    /// is 29 Feb in a leap year).
    static func addingMonths(_ n: Int, to date: CivilDate) -> CivilDate? {
        let (index, overflow) = (date.year * 12 + date.month - 1).addingReportingOverflow(n)
        guard !overflow, let month = YearMonth(index: index) else { return nil }
        return CivilDate(year: month.year, month: month.month, day: Swift.min(date.day, month.dayCount))
    }

    static func shift(_ time: TimeOfDay, by n: Int, _ unit: DurationUnit, at span: SourceSpan) throws -> TimeOfDay {
        guard let length = minutes(n, unit) else {
            throw EvaluationError(.partialUnit, "a time of day moves by minutes or hours, not \(Value.display(n, unit))", at: span)
        }
        let (total, overflow) = time.minutes.addingReportingOverflow(length)
        guard !overflow, let result = TimeOfDay(minutes: total) else {
            throw EvaluationError(.outOfRange, "\(time) moved by \(Value.display(n, unit)) is not a time of the same day", at: span)
        }
        return result
    }

    /// `-x`.
    static func negate(_ value: Value, at span: SourceSpan) throws -> Value {
        switch value {
        case .number(let x):
            guard let result = x.negated() else { throw overflow(at: span) }
            return .number(result)
        case .duration(let n, let unit):
            guard n != .min else { throw overflow(at: span) }
            return .duration(-n, unit)
        case .absent: throw absent(at: span)
        default: throw EvaluationError(.unexpectedValue, "\(value.kindName) cannot be negated", at: span)
        }
    }
}
