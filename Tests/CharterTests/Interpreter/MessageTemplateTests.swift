@testable import Charter
import Testing

/// Messages written as bytes (`MessageTemplate`, `UTF8Sink.appendDisplay`) read exactly as the
/// same values shown as strings (`Value.display`) and as the same text built by the compiler.
@Suite struct MessageTemplateTests {
    static func number(_ numerator: Int, _ denominator: Int = 1) -> Value {
        guard let rational = Rational(numerator, denominator) else { fatalError("not a number: \(numerator)/\(denominator)") }
        return .number(rational)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> Value {
        guard let date = CivilDate(year: year, month: month, day: day) else { fatalError("not a date: \(year)-\(month)-\(day)") }
        return .date(date)
    }

    static func time(_ hour: Int, _ minute: Int) -> Value {
        guard let time = TimeOfDay(hour: hour, minute: minute) else { fatalError("not a time: \(hour):\(minute)") }
        return .time(time)
    }

    static let values: [Value] = [
        .text(""), .text("CR101"), .text("£1m – café ✓ 🙂"), .text(String(repeating: "long ", count: 200)),
        number(0), number(7), number(-7), number(10), number(-10), number(99), number(100), number(1_000_000),
        number(Int.max), number(-Int.max), number(3, 4), number(-1, 8), number(2, 3), number(1, 3),
        .bool(true), .bool(false),
        date(1, 1, 1), date(9, 9, 9), date(999, 12, 31), date(2024, 3, 13), date(2024, 10, 1), date(9999, 12, 31),
        time(0, 0), time(9, 5), time(23, 59), .duration(90, .minutes), .duration(1, .days),
        .duration(-3, .workingDays), .list([]), .list([.text("PSG"), .text("DAG")]),
        .list([number(1), .list([date(2024, 1, 2), .bool(false)]), .list([])]), .absent,
    ]

    @Test func bytesAreTheDisplay() {
        for value in Self.values {
            var bytes: [UInt8] = []
            bytes.appendDisplay(of: value)
            #expect(String(decoding: bytes, as: UTF8.self) == value.display, "\(value)")
        }
    }

    @Test func decimalsAreTheirStrings() {
        var samples = [0, 1, 9, 10, 11, 99, 100, 12_345, Int.max, -Int.max, Int.min, -1, -9, -10]
        var power = 1
        while power <= Int.max / 10 {
            power *= 10
            samples += [power - 1, power, power + 1, -power]
        }
        for value in samples {
            var bytes: [UInt8] = []
            bytes.appendDecimal(value)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    /// A message of any length, written on the stack or spilled to the heap.
    @Test func messagesOfEveryLengthAreWholeText() throws {
        let bytes = MessageTemplate.stackCapacity
        // Past a chunk of the store, a message is written into an array of its own first.
        let chunk = MessageStore.chunkCapacity
        for literal in [0, 1, bytes - 10, bytes - 1, bytes, bytes + 1, 3 * bytes, chunk - 20, chunk, chunk + 1, 2 * chunk] {
            for hole in [0, 5, bytes] {
                let start = String(repeating: "é", count: literal / 2) + String(repeating: "x", count: literal % 2)
                let rules = CompiledRulebook("""
                    record item {
                      id: text
                      n: number
                    }
                    rule long {
                      for item i
                      require i.n < 0
                      else "\(start){i.id}, {i.n}{i.id}"
                    }
                    """)
                let id = String(repeating: "ab", count: hole / 2)
                let verdict = try rules.verdict("long", on: #"{"type": "item", "id": "\#(id)", "n": 12}"#)
                #expect(verdict.outcome == .fail)
                #expect(verdict.messages == ["\(start)\(id), 12\(id)"])
            }
        }
    }

    /// The same message as a template and through the compiler (in parentheses, which the
    /// template leaves to it), over values of every kind.
    @Test func templatesReadAsTheCompilersText() throws {
        let holes = ["s.id", "s.d", "s.start", "s.gap", "s.xs", "s.names", "s.gaps", "s.dates", "s.empty",
                     "sum(s.xs) / 4", "count(s.items)", "s.n ?? -3", "s.note ?? \"none\"", "s.d + 3 days",
                     "s.xs == [3, 1, 2]", "s.finish - s.start"]
        // Literals that are ASCII and literals that are not, before, between and after holes.
        let separators = [" and ", " – £ ", "", "é", ", ", "🙂"]
        var message = "£ "
        for (index, hole) in holes.enumerated() { message += "[{\(hole)}]" + separators[index % separators.count] }
        let rules = CompiledRulebook(EvaluationTests.schema + """
            rule plain {
              for sample s
              require false
              else "\(message)"
            }
            rule grouped {
              for sample s
              require false
              else ("\(message)")
            }
            """)
        let plain = try rules.verdict("plain", on: EvaluationTests.sample)
        let grouped = try rules.verdict("grouped", on: EvaluationTests.sample)
        #expect(plain.outcome == .fail)
        #expect(plain.messages == grouped.messages)
        #expect(plain.message?.hasPrefix("£ [S1] and [2024-03-28] – £ [10:00][15 minutes]é[[3, 1, 2]], ") == true)
        #expect(plain.message?.hasSuffix("]é") == true)
    }

    /// A hole that cannot be evaluated gives the condition's text and why, as before.
    @Test func aHoleThatFailsGivesTheFallback() throws {
        let rules = CompiledRulebook(EvaluationTests.schema + """
            rule failing_hole {
              for sample s
              require false
              else "{s.id}: {max(s.empty)}"
            }
            """)
        let verdict = try rules.verdict("failing_hole", on: EvaluationTests.sample)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["`false` does not hold (its message cannot be evaluated: `max` of an empty list has no value)"])
    }

    /// Rules with one requirement, last, make its messages without going through the clauses
    /// again; these give the same as when they do.
    @Test func aSoleRequirementAfterOtherClauses() throws {
        let rules = CompiledRulebook(EvaluationTests.schema + """
            rule after_clauses {
              for sample s
              when count(s.xs) > 1
              let total = sum(s.xs)
              require all x in s.xs: x < 2
              else "{s.id}: {x} of {total}"
            }
            rule two {
              for sample s
              let total = sum(s.xs)
              require total < 2
              else "first {total}"
              require all x in s.xs: x < 2
              else "{s.id}: {x} of {total}"
            }
            """)
        let sole = try rules.verdict("after_clauses", on: EvaluationTests.sample)
        #expect(sole.outcome == .fail)
        #expect(sole.messages == ["S1: 3 of 6", "S1: 2 of 6"])
        let two = try rules.verdict("two", on: EvaluationTests.sample)
        #expect(two.messages == ["first 6", "S1: 3 of 6", "S1: 2 of 6"])
    }
}
