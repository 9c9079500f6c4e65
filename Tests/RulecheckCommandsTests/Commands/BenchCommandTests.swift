@testable import RulecheckCommands
import Foundation
import Testing

/// `rulecheck bench` on its generated workload: every measure is printed, and Charter's counts
/// agree with the hand-written rules' (timings are not asserted, only that they are there).
@Suite struct BenchCommandTests {
    @Test func measuresEveryPartAndAgreesWithTheHandWrittenRules() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--records", "300", "--repeat", "1"], io: io) == 0)
        #expect(io.errors.isEmpty)
        for field in ["outcomes ", "native ", "ratio ", "verdicts ", "csv load ", "csv cpu ", "csv ", "json load ", "json cpu ", "json ", "peak memory "] {
            #expect(io.output.split(separator: "\n").contains { $0.hasPrefix(field) }, "no `\(field)` line in:\n\(io.output)")
        }
        let generated = BenchCommand.generate(300)
        let counts = BenchCommand.nativeCounts(generated)
        #expect(io.output.contains("(\(counts.admitted) admitted, \(counts.recommended) recommended)"))
        // The workload has records of every kind: admitted and not, recommended and not.
        #expect(counts.admitted > 0 && counts.admitted < 300 && counts.recommended > 0 && counts.recommended < counts.admitted)
    }

    @Test func refusesACountOutOfRange() {
        let io = CapturedIO()
        #expect(Driver.run(arguments: ["bench", "--records", "0"], io: io) == 2)
        #expect(io.errors.contains("--records takes a whole number from 1 to"))
    }
}
