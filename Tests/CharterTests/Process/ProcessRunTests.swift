@testable import Charter
import CharterTestSupport
import Testing

/// `ProcessModel.run(of:…)`: the one walk over a history that `status` and routes read.
@Suite struct ProcessRunTests {
    static let rulebook = """
        charter "Test programme" { calendar england_and_wales }
        role PMO "PMO"
        role Board "Board"
        record motion {
          id: text
          votes_for: number
          large: bool
          period: duration?
          history: list of { date: date  step: text  by: text?  outcome: text?  note: text? }
        }

        process adoption {
          for motion m
          step file by PMO -> screen
          step screen by Board decides lasts 3 working days -> sort | rejected
          step sort by PMO -> review when m.large | notice
          step review by PMO lasts m.period ?? 5 working days -> notice
          step notice by PMO waits 14 days lasts 20 days -> vote
          step vote by Board decides -> approved when m.votes_for >= 5 | rejected
          end approved, rejected
        }

        """

    let fixture = ProcessFixture(rulebook)

    func motion(votes: Int = 6, large: Bool = false, period: String? = nil, _ history: [String]) -> String {
        let period = period.map { ", \"period\": \"\($0)\"" } ?? ""
        return """
            { "type": "motion", "id": "M1", "votes_for": \(votes), "large": \(large)\(period), "history": [\(history.joined(separator: ", "))] }
            """
    }

    func run(_ json: String, asOf: CivilDate? = nil) throws -> ProcessRun {
        let record = try fixture.compiled.record(json)
        return try fixture.process("adoption").run(of: record, program: fixture.compiled.program, asOf: asOf)
    }

    @Test func aDecisionRecordedWithoutOutcomeDoesNotRestartTheClock() throws {
        let run = try run(motion([historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-05", "screen", by: "Board")]),
                          asOf: day("2024-03-08"))
        #expect(run.position == .atStep("screen", since: day("2024-03-01")))
        #expect(run.current?.deadline == day("2024-03-06"))
        #expect(run.current?.isOverdue(asOf: run.asOf) == true)
    }

    @Test func aTimeLimitReadFromTheRecordGivesTheDeadline() throws {
        let history = [historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-04", "screen", by: "Board", outcome: "sort"),
                       historyEvent("2024-03-05", "sort", by: "PMO")]
        let own = try run(motion(large: true, period: "2 working days", history))
        #expect(own.current?.step == "review")
        #expect(own.current?.deadline == day("2024-03-07"))
        let fallback = try run(motion(large: true, history))
        #expect(fallback.current?.deadline == day("2024-03-12"), "absent, the period is 5 working days")
    }

    @Test func aStepCompletedAfterItsDeadlineIsLateInWorkingDays() throws {
        let run = try run(motion(large: true, period: "2 working days", [
            historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-04", "screen", by: "Board", outcome: "sort"),
            historyEvent("2024-03-05", "sort", by: "PMO"), historyEvent("2024-03-11", "review", by: "PMO"),
        ]))
        #expect(run.violations.map(\.kind) == [.late])
        #expect(run.violations.first?.event?.index == 3)
        #expect(run.violations.first?.clause == "lasts m.period ?? 5 working days")
        let review = try #require(run.visits.first { $0.step == "review" })
        #expect(review.late?.amount == 2 && review.late?.unit == .workingDays)
    }

    @Test func aWaitingTimeGivesAnEarliestDateNotAnOverdue() throws {
        let history = [historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-04", "screen", by: "Board", outcome: "sort"),
                       historyEvent("2024-03-05", "sort", by: "PMO")]
        let waiting = try run(motion(history), asOf: day("2024-03-10"))
        #expect(waiting.current?.earliest == day("2024-03-19"))
        #expect(waiting.current?.deadline == day("2024-03-25"), "both limits may be given")
        #expect(waiting.current?.isOverdue(asOf: waiting.asOf) == false)
        let early = try run(motion(history + [historyEvent("2024-03-12", "notice", by: "PMO")]))
        #expect(early.violations.map(\.kind) == [.early])
        #expect(early.violations.first?.clause == "waits 14 days")
        let met = try run(motion(history + [historyEvent("2024-03-19", "notice", by: "PMO")]))
        #expect(met.violations.isEmpty)
    }

    @Test func skippingPastAFallbackWhoseEarlierWhenHeldIsAViolation() throws {
        let run = try run(motion(large: true, [
            historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-04", "screen", by: "Board", outcome: "sort"),
            historyEvent("2024-03-05", "sort", by: "PMO"), historyEvent("2024-03-20", "notice", by: "PMO"),
        ]))
        #expect(run.violations.map(\.kind) == [.skipped])
        #expect(run.violations.first?.clause == "-> review when m.large")
        #expect(run.violations.first?.step == "sort")
    }

    @Test func anOutcomeAgainstItsWhenIsAViolationAndAGuardedEndIsReached() throws {
        let history = [historyEvent("2024-03-01", "file", by: "PMO"), historyEvent("2024-03-04", "screen", by: "Board", outcome: "sort"),
                       historyEvent("2024-03-05", "sort", by: "PMO"), historyEvent("2024-03-20", "notice", by: "PMO"),
                       historyEvent("2024-03-21", "vote", by: "Board", outcome: "approved")]
        let allowed = try run(motion(votes: 6, history))
        #expect(allowed.position == .ended("approved", on: day("2024-03-21")))
        #expect(allowed.violations.isEmpty)
        let against = try run(motion(votes: 3, history))
        #expect(against.position == .ended("approved", on: day("2024-03-21")))
        #expect(against.violations.map(\.kind) == [.conditionFalse])
        #expect(against.violations.first?.clause == "-> approved when m.votes_for >= 5")
    }
}
