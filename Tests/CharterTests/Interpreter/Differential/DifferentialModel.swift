@testable import Charter
import Foundation
import Testing

// MARK: - The model

/// A value as the model holds it: numbers exact and unbounded.
indirect enum ModelValue: Equatable {
    case number(BigRational)
    case bool(Bool)
    case list([ModelValue])
    case item(size: BigRational, ok: Bool)
    case absent
}

/// Why the model cannot give a value: exactly the data errors Charter reports, with its words.
enum ModelError: Error, Equatable {
    case overflow, divisionByZero
    case empty(String)
    /// Not a model error at all: a mistake in the model.
    case unexpected(String)

    init(_ error: any Error) { self = error as? ModelError ?? .unexpected("\(error)") }

    /// Whether Charter's error message says this. An overflow may name the operation
    /// (`4611686018427387904 * 150 is outside the range of Charter's exact numbers, …`).
    func matches(_ charter: String?) -> Bool {
        guard let charter else { return false }
        switch self {
        case .overflow: return Self.overflowWords.contains { charter.contains($0) }
        default: return charter == message
        }
    }

    static let overflowWords = ["too large for Charter's exact numbers", "outside the range of Charter's exact numbers"]

    var message: String {
        switch self {
        case .overflow: "the result is too large for Charter's exact numbers"
        case .divisionByZero: "division by zero"
        case .empty(let aggregate): "`\(aggregate)` of an empty list has no value"
        case .unexpected(let description): "the model failed: \(description)"
        }
    }
}

/// What a modelled expression reads: the record's fields and the names bound around it.
struct ModelEnvironment {
    var fields: [String: ModelValue]
    var locals: [String: ModelValue] = [:]
}

typealias Model = (inout ModelEnvironment) throws -> ModelValue

enum ModelArithmetic {
    /// A number Charter can hold, or the overflow it must report.
    static func checked(_ value: BigRational) throws -> ModelValue {
        guard value.fitsCharter else { throw ModelError.overflow }
        return .number(value)
    }

    static func number(_ value: ModelValue) -> BigRational {
        if case .number(let number) = value { return number }
        return .zero
    }

    static func apply(_ op: String, _ x: BigRational, _ y: BigRational) throws -> ModelValue {
        switch op {
        case "+":
            return try checked(x + y)
        case "-":
            return try checked(x - y)
        case "*", "of": return try checked(x * y)
        default:
            guard let quotient = x / y else { throw ModelError.divisionByZero }
            return try checked(quotient)
        }
    }

    static func from(_ value: Value) -> ModelValue {
        switch value {
        case .number(let number): return .number(BigRational(number.numerator, number.denominator) ?? .zero)
        case .bool(let flag): return .bool(flag)
        case .list(let items): return .list(items.map(from))
        case .record(let record):
            // The only nested records generated are items { size, ok, name }.
            var size = BigRational.zero, ok = false
            for field in record.fields {
                if case .number(let n) = field { size = BigRational(n.numerator, n.denominator) ?? .zero }
                if case .bool(let b) = field { ok = b }
            }
            return .item(size: size, ok: ok)
        default: return .absent
        }
    }
}

// MARK: - The record declaration

/// The kinds of value the generator writes expressions of.
enum Kind: Equatable {
    case number, bool, date, time, text
    case duration(DurationKind)
    case numbers, dates, texts, durations
    case item

    /// Durations of one kind combine; across kinds only minutes and days convert.
    enum DurationKind: CaseIterable { case fixed, workingDays, months }
}

/// A record declaration: the fields of a pool, a random subset in a random order, with some
/// named by keywords (`p.count`), as record files may name them.
struct RecordSchema {
    struct Field {
        let name: String
        let declared: String
        let kind: Kind
        let optional: Bool
    }

    let typeName: String
    let fields: [Field]

    static let pool: [(names: [String], declared: String, kind: Kind, optional: Bool)] = [
        (["a", "amount"], "number", .number, false),
        (["b", "count", "sum"], "number", .number, false),
        (["n"], "number?", .number, true),
        (["d", "raised"], "date", .date, false),
        (["e", "end"], "date", .date, false),
        (["od"], "date?", .date, true),
        (["g"], "duration", .duration(.fixed), false),
        (["t", "title"], "text", .text, false),
        (["ot"], "text?", .text, true),
        (["flag", "group"], "bool", .bool, false),
        (["clock"], "time", .time, false),
        (["xs"], "list of number", .numbers, false),
        (["ys"], "list of number", .numbers, false),
        (["ds"], "list of date", .dates, false),
        (["ts"], "list of text", .texts, false),
        (["gs"], "list of duration", .durations, false),
        (["items"], "list of { size: number  ok: bool  name: text }", .item, false),
    ]

    /// No fields at all: expressions over names alone, as a group's quorum is written.
    init(emptyNamed typeName: String) {
        self.typeName = typeName
        fields = []
    }

    init(random: inout SplitMix64) {
        typeName = random.pick(["probe", "entry", "sample_record"])
        var chosen: [Field] = []
        for entry in Self.pool where random.chance(0.85) {
            chosen.append(Field(name: random.pick(entry.names), declared: entry.declared, kind: entry.kind, optional: entry.optional))
        }
        // Fisher–Yates, so that slots do not follow the pool's order.
        for index in stride(from: chosen.count - 1, to: 0, by: -1) {
            chosen.swapAt(index, random.below(index + 1))
        }
        fields = chosen
    }

    var declaration: String {
        "record \(typeName) {\n" + fields.map { "  \($0.name): \($0.declared)\n" }.joined() + "}\n"
    }

    func fields(_ kind: Kind, optional: Bool = false) -> [Field] {
        fields.filter { $0.kind == kind && $0.optional == optional }
    }

    // MARK: Record values

    /// Numbers a record may hold, as numerator and denominator: Charter's range runs from
    /// -Int.max to Int.max, with fractions as small as 1/Int.max.
    static let numberPool: [Rational] = [
        (0, 1), (1, 1), (-1, 1), (2, 1), (-2, 1), (3, 1), (10, 1), (12345, 1), (Int.max, 1), (-Int.max, 1),
        (1 << 62, 1), (-(1 << 62), 1), (3_037_000_499, 1), (1, 3), (-2, 3), (1, Int.max), (Int.max, 2), (3, 4), (1, 8),
        (Int.max - 1, Int.max), (1, 1 << 62), (7, 10),
    ].compactMap { Rational($0.0, $0.1) }

    static let datePool: [CivilDate] = [
        "0001-01-01", "0001-01-02", "0001-12-31", "9999-12-31", "9999-12-30", "9999-12-01", "2024-02-29", "2024-01-31",
        "2023-12-31", "2024-03-13", "1970-01-01", "2000-02-29", "2024-04-30", "2023-02-28", "2100-02-28",
    ].compactMap { CivilDate(iso: $0) }

    static let textPool = [
        "", "a", "Change Freeze", "x y", "é", "{not interpolated}", "quote \" inside", "CR043",
        String(repeating: "long text ", count: 8),
    ]

    static let timePool: [TimeOfDay] = [(0, 0), (10, 0), (23, 59), (12, 30), (9, 5)].compactMap { TimeOfDay(hour: $0.0, minute: $0.1) }

    static func randomDuration(_ random: inout SplitMix64) -> Value {
        let choices: [(Int, DurationUnit)] = [
            (15, .minutes), (90, .minutes), (0, .days), (3, .days), (-1, .days), (1440, .minutes), (1_000_000, .days),
            (Int.max, .minutes), (-Int.max, .days), (2, .days), (45, .minutes),
        ]
        // Now and then a unit that combines with nothing but itself: a data error, not a type error.
        if random.chance(0.05) { return .duration(5, .workingDays) }
        let (amount, unit) = random.pick(choices)
        return .duration(amount, unit)
    }

    func randomRecord(_ random: inout SplitMix64) -> [String: Value] {
        var values: [String: Value] = [:]
        for field in fields {
            if field.optional && random.chance(0.35) {
                values[field.name] = .absent
                continue
            }
            let count = random.chance(0.2) ? 0 : random.below(5)
            switch field.kind {
            case .number: values[field.name] = .number(random.pick(Self.numberPool))
            case .bool: values[field.name] = .bool(random.chance(0.5))
            case .date: values[field.name] = .date(random.pick(Self.datePool))
            case .time: values[field.name] = .time(random.pick(Self.timePool))
            case .text: values[field.name] = .text(random.pick(Self.textPool))
            case .duration: values[field.name] = Self.randomDuration(&random)
            case .numbers: values[field.name] = .list((0..<count).map { _ in .number(random.pick(Self.numberPool)) })
            case .dates: values[field.name] = .list((0..<count).map { _ in .date(random.pick(Self.datePool)) })
            case .texts: values[field.name] = .list((0..<count).map { _ in .text(random.pick(Self.textPool)) })
            case .durations: values[field.name] = .list((0..<count).map { _ in Self.randomDuration(&random) })
            case .item:
                // Fields by name; put in slot order when the record is built.
                values[field.name] = .list((0..<count).map { _ in
                    .list([.number(random.pick(Self.numberPool)), .bool(random.chance(0.5)), .text(random.pick(Self.textPool))])
                })
            }
        }
        return values
    }
}
