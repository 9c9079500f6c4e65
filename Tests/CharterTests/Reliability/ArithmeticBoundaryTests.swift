@testable import Charter
import Testing

/// Exact numbers, dates and durations at the ends of their ranges: every operation gives a
/// value or reports that it cannot, and none traps.
@Suite struct ArithmeticBoundaryTests {
    static let largest = Int.max
    static let smallest = -Int.max

    @Test func rationalsNeverHoldTheSmallestInteger() {
        #expect(Rational(Int.min) == nil)
        #expect(Rational(Int.min, 1) == nil)
        #expect(Rational(1, Int.min) == nil)
        #expect(Rational(Self.smallest)?.numerator == Self.smallest)
        #expect(Rational(count: -3) == .zero)
    }

    @Test func sumsAndProductsThatWouldReachTheSmallestIntegerOverflow() throws {
        let smallest = try #require(Rational(Self.smallest))
        let one = Rational.one
        let minusOne = try #require(Rational(-1))
        #expect(smallest.subtracting(one) == nil)
        #expect(smallest.adding(minusOne) == nil)
        #expect(smallest.negated()?.numerator == Self.largest)
        let half = try #require(Rational(1, 2))
        #expect(smallest.multiplied(by: half) == Rational(Self.smallest, 2))
        let two = Rational(count: 2)
        #expect(Rational(Int.min / 2)?.multiplied(by: two) == nil)
        #expect(Rational(count: Self.largest).adding(one) == nil)
        #expect(Rational(count: Self.largest).multiplied(by: Rational(count: Self.largest)) == nil)
    }

    @Test func sumsOfFractionsAreFormedOverTheCommonDenominator() throws {
        let tiny = try #require(Rational(1, Self.largest))
        #expect(tiny.adding(tiny) == Rational(2, Self.largest))
        let half = try #require(Rational(1, 2))
        let quarter = try #require(Rational(1, 4))
        #expect(half.adding(quarter) == Rational(3, 4))
        #expect(try #require(Rational(-1, 2)).adding(try #require(Rational(1, 4_611_686_018_427_387_904)))
                == Rational(-2_305_843_009_213_693_951, 4_611_686_018_427_387_904))
        let third = try #require(Rational(1, 3))
        let sixth = try #require(Rational(1, 6))
        #expect(third.adding(sixth) == half)
        #expect(third.subtracting(third) == .zero)
    }

    @Test func sumsWhoseCrossProductsNeedMoreThan64BitsStillGiveTheResultThatFits() throws {
        let big = try #require(Rational(4_611_686_018_427_387_904))
        let twoAndAHalf = try #require(Rational(5, 2))
        // 4611686018427387904·2 = 2^63 does not fit; the difference, 9223372036854775803/2, does.
        #expect(big.subtracting(twoAndAHalf) == Rational(9_223_372_036_854_775_803, 2))
        #expect(big.negated()?.adding(twoAndAHalf) == Rational(-9_223_372_036_854_775_803, 2))
        // (2^62 + 1)/2 + -(3·2^61 + 1)/3: both cross products pass 2^63, their sum is 1.
        let x = try #require(Rational(4_611_686_018_427_387_905, 2))
        let y = try #require(Rational(-6_917_529_027_641_081_857, 3))
        #expect(x.adding(y) == Rational(1, 6))
        #expect(y.adding(x) == Rational(1, 6))
        #expect(x.negated()?.subtracting(y) == Rational(-1, 6))
        // Where the reduced result does not fit, the sum still reports overflow.
        #expect(Rational(count: Self.largest).adding(try #require(Rational(1, 2))) == nil)
        #expect(try #require(Rational(1, Self.largest)).adding(try #require(Rational(1, Self.largest - 1))) == nil)
        #expect(try #require(Rational(-Self.largest)).subtracting(try #require(Rational(1, 2))) == nil)
    }

    @Test func divisionByAnyNumberIsExactOrReportsOverflow() throws {
        let smallest = try #require(Rational(Self.smallest))
        #expect(Rational.one.divided(by: smallest) == Rational(-1, Self.largest))
        #expect(Rational.one.divided(by: .zero) == nil)
        let third = try #require(Rational(1, 3))
        #expect(Rational(count: Self.largest).divided(by: third) == nil)
        #expect(third.divided(by: third) == .one)
    }

    @Test func comparisonsAtTheEndsOfTheRange() throws {
        let smallest = try #require(Rational(Self.smallest))
        let tiny = try #require(Rational(1, Self.largest))
        let almost = try #require(Rational(Self.largest - 1, Self.largest))
        #expect(smallest < tiny)
        #expect(almost < .one)
        #expect(tiny < almost)
    }

    @Test func datesOutsideTheSupportedYearsAreNil() throws {
        let first = try #require(CivilDate(year: 1, month: 1, day: 1))
        let last = try #require(CivilDate(year: 9999, month: 12, day: 31))
        #expect(first.dayNumber == CivilDate.dayNumberRange.lowerBound)
        #expect(last.dayNumber == CivilDate.dayNumberRange.upperBound)
        #expect(last.adding(days: 1) == nil)
        #expect(first.adding(days: -1) == nil)
        #expect(first.adding(days: Int.max) == nil)
        #expect(last.adding(days: Int.min) == nil)
        #expect(CivilDate(dayNumber: Int.max) == nil)
        #expect(CivilDate(dayNumber: Int.min) == nil)
        #expect(first.adding(days: last.dayNumber - first.dayNumber) == last)
    }

    @Test func workingDaysAndMonthsOutsideTheSupportedYearsAreNil() throws {
        let calendar = try #require(WorkingDayCalendar.builtIn(named: "england_and_wales"))
        let start = day("2024-03-13")
        #expect(calendar.adding(workingDays: Int.max, to: start) == nil)
        #expect(calendar.adding(workingDays: Int.min, to: start) == nil)
        #expect(calendar.adding(workingDays: -Int.max, to: start) == nil)
        #expect(ValueOperations.addingMonths(Int.max, to: start) == nil)
        #expect(ValueOperations.addingMonths(Int.min, to: start) == nil)
    }

    /// The rule-level view: each operation at the edge gives the outcome `error` naming what
    /// overflowed, and the smallest number in range still evaluates.
    @Test(arguments: [
        ("p.n * 10 - 8", "-9223372036854775800 - 8 is outside the range of Charter's exact numbers, ±9223372036854775807"),
        ("(p.n * 10 - 7) * 2", "-9223372036854775807 * 2 is outside the range of Charter's exact numbers, ±9223372036854775807"),
        ("(p.n * 10 - 7) / (1 / 2)", "-9223372036854775807 / 0.5 is outside the range of Charter's exact numbers, ±9223372036854775807"),
        ("1 / (p.n * 10 - 7) * 0", ""),
        ("-(p.n * 10 - 7)", ""),
        ("p.d + 9223372036854750000 days", "2024-03-13 moved by 9223372036854750000 days is outside the supported years"),
        ("p.d - 9223372036854750000 days", "2024-03-13 moved by -9223372036854750000 days is outside the supported years"),
        ("p.d + 9223372036854775807 months", "2024-03-13 moved by 9223372036854775807 months is outside the supported years"),
        ("p.d + 9223372036854775807 working days", "2024-03-13 moved by 9223372036854775807 working days is outside the supported years"),
        ("9223372036854775807 days + 1 days", "9223372036854775807 days + 1 day is outside the range of Charter's exact numbers, ±9223372036854775807"),
        ("-9223372036854775807 days - 1 days", "-9223372036854775807 days - 1 day is outside the range of Charter's exact numbers, ±9223372036854775807"),
        ("9223372036854775807 days * 2", "2 * 9223372036854775807 is outside the range of Charter's exact numbers, ±9223372036854775807"),
    ])
    func ruleOutcomesAtTheEdges(_ expression: String, _ error: String) throws {
        let rules = CompiledRulebook("""
            record probe {
              id: text
              n: number
              d: date
            }
            rule edge {
              for probe p
              let v = \(expression)
              require true
            }
            """)
        let verdict = try rules.verdict("edge", on: #"{"type": "probe", "id": "P", "n": -922337203685477580, "d": "2024-03-13"}"#)
        if error.isEmpty {
            #expect(verdict.outcome == .pass)
        } else {
            #expect(verdict.outcome == .error)
            #expect(verdict.messages == [error])
        }
    }
}
