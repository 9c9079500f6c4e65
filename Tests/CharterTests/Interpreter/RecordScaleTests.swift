@testable import Charter
import Foundation
import Testing

/// A large register loads and evaluates correctly: every row becomes a record, and the counts of
/// outcomes are exactly those generated.
@Suite struct RecordScaleTests {
    /// 200,000 rows by default: a million take about 12 s in a debug build (load 6.7 s, check
    /// 3.5 s). `CHARTER_SCALE_ROWS=1000000 swift test --filter RecordScaleTests` runs a million.
    static let rowCount = ProcessInfo.processInfo.environment["CHARTER_SCALE_ROWS"].flatMap { Int($0) }.map { max($0, 1_000) } ?? 200_000

    static let source = """
        record task {
          id: text
          size: number
          done: bool
          due: date
        }
        rule sized {
          for task t
          require t.size <= 100
          else "{t.id} has size {t.size}"
        }
        rule on_time {
          for task t
          when not t.done
          require t.due >= 2024-06-01
          else "{t.id} was due {t.due}"
        }
        """

    /// Row `i`: size `i % 200` (too big above 100), done when `i % 3 == 0`, due early when `i % 5 == 0`.
    static func size(_ i: Int) -> Int { i % 200 }
    static func done(_ i: Int) -> Bool { i % 3 == 0 }
    static func early(_ i: Int) -> Bool { i % 5 == 0 }

    static func csv() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rowCount * 32)
        bytes += Array("id,size,done,due\n".utf8)
        let early = Array(",2024-01-31\n".utf8), late = Array(",2024-12-31\n".utf8)
        let yes = Array(",true".utf8), no = Array(",false".utf8)
        for i in 0..<rowCount {
            bytes.append(UInt8(ascii: "T"))
            bytes += Array(String(i).utf8)
            bytes.append(UInt8(ascii: ","))
            bytes += Array(String(size(i)).utf8)
            bytes += done(i) ? yes : no
            bytes += Self.early(i) ? early : late
        }
        return bytes
    }

    @Test func aLargeCSVRegisterLoadsAndEvaluatesExactly() throws {
        let rules = CompiledRulebook(Self.source)
        let clock = ContinuousClock()
        let start = clock.now
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        rules.recordFiles(type: "task").load(bytes: Self.csv(), path: "tasks.csv", into: &records, errors: &errors)
        let loaded = clock.now
        #expect(errors.isEmpty, "\(errors.prefix(3).map(\.description))")
        try #require(records.count == Self.rowCount)
        #expect(records.first?.place == "line 2")
        #expect(records.last?.place == "line \(Self.rowCount + 1)")

        let reports = rules.program.check(records)
        let checked = clock.now

        var expected = (passed: 0, failed: 0, sizedFailures: 0, lateFailures: 0, notApplicable: 0)
        for i in 0..<Self.rowCount {
            let big = Self.size(i) > 100
            let late = !Self.done(i) && Self.early(i)
            if big { expected.sizedFailures += 1 }
            if late { expected.lateFailures += 1 }
            if Self.done(i) { expected.notApplicable += 1 }
            if big || late { expected.failed += 1 } else { expected.passed += 1 }
        }
        let summary = CheckSummary(reports)
        #expect(summary.records == Self.rowCount)
        #expect(summary.passed == expected.passed)
        #expect(summary.failed == expected.failed)
        #expect(summary.notApplicable == 0)
        #expect(summary.errors == 0)
        var sized = 0, late = 0, notApplicable = 0
        for report in reports {
            for verdict in report.verdicts {
                switch (verdict.rule, verdict.outcome) {
                case ("sized", .fail): sized += 1
                case ("on_time", .fail): late += 1
                case ("on_time", .notApplicable): notApplicable += 1
                default: break
                }
            }
        }
        #expect(sized == expected.sizedFailures)
        #expect(late == expected.lateFailures)
        #expect(notApplicable == expected.notApplicable)
        // Spot checks: row i is on line i + 2.
        #expect(reports[101].id == "T101")
        #expect(reports[101].verdicts.map(\.messages) == [["T101 has size 101"], []])
        #expect(reports[10].outcome == .fail)
        #expect(reports[10].verdicts.flatMap(\.messages) == ["T10 was due 2024-01-31"])
        #expect(reports[Self.rowCount - 1].place == "line \(Self.rowCount + 1)")
        print("RecordScaleTests: loaded \(Self.rowCount) rows in \(loaded - start), checked them in \(checked - loaded)")
    }
}
