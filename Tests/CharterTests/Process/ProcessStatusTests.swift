@testable import Charter
import CharterTestSupport
import Testing

/// `ProcessModel.status(of:program:asOf:)`: where a record stands, its deadline, the appeal
/// route, and every event the process does not allow.
@Suite("ProcessStatus")
struct ProcessStatusTests {
    let fixture = ProcessFixture()

    // MARK: Position

    @Test func aRecordWithNoHistoryStandsAtTheFirstStep() throws {
        let status = try fixture.status(changeRequestJSON(history: []))
        #expect(status.position == .atStep("raise", since: nil))
        #expect(status.actors == ["Raiser"])
        #expect(status.decides == false)
        #expect(status.next == ["assess"])
        #expect(status.asOf == nil)
        #expect(status.deadline == nil)
        #expect(status.appeal == nil)
        #expect(status.violations.isEmpty)
        #expect(status.notes == ["the record has no history: it stands at the first step"])
    }

    @Test func aRecordStandsAtTheStepAfterItsLastEvent() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-01", "raise", by: "Raiser")]))
        #expect(status.position == .atStep("assess", since: day("2024-03-01")))
        #expect(status.actors == ["Board"])
        #expect(status.decides)
        #expect(status.next == ["review", "rejected"])
        #expect(status.asOf == day("2024-03-01"), "without --as-of, the latest event's date")
        #expect(status.violations.isEmpty)
        #expect(status.notes.isEmpty, "a history from the first step needs no note")
    }

    @Test func aDecisionWithoutOutcomeLeavesTheRecordAtThatStep() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-04", "assess", by: "Board"),
        ]))
        #expect(status.position == .atStep("assess", since: day("2024-03-01")), "the clock runs from the arrival, not the event")
        #expect(status.decides)
        #expect(status.violations.isEmpty)
        #expect(status.notes == ["the decision at `assess` on 2024-03-04 has no recorded outcome"])
    }

    @Test func aHistoryStartingPastTheFirstStepIsANoteNotAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-04", "assess", by: "Board", outcome: "review")]))
        #expect(status.position == .atStep("review", since: day("2024-03-04")))
        #expect(status.violations.isEmpty)
        #expect(status.notes == ["the history starts at `assess`; the steps before it are not recorded"])
    }

    @Test func aRecordThatReachesAnEndHasEnded() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "rejected"),
        ]), asOf: day("2024-03-13"))
        #expect(status.position == .ended("rejected", on: day("2024-03-04")))
        #expect(status.actors.isEmpty)
        #expect(status.next.isEmpty)
        #expect(status.deadline == nil)
        #expect(status.asOf == day("2024-03-13"))
        #expect(status.appeal == nil, "appeals lie against the SRO only, and the Board took the last decision")
    }

    // MARK: Deadlines

    @Test func theDeadlineCountsWorkingDaysOverEaster() throws {
        // Entered review on Wednesday 27 March 2024; Good Friday and Easter Monday do not count.
        let json = changeRequestJSON(history: [historyEvent("2024-03-27", "assess", by: "Board", outcome: "review")])
        let status = try fixture.status(json, asOf: day("2024-04-12"))
        #expect(status.position == .atStep("review", since: day("2024-03-27")))
        #expect(status.deadline == day("2024-04-12"))
        #expect(!status.isOverdue, "due today is not overdue")
    }

    @Test func aStepPastItsDeadlineIsOverdue() throws {
        let json = changeRequestJSON(history: [historyEvent("2024-03-27", "assess", by: "Board", outcome: "review")])
        #expect(try fixture.status(json, asOf: day("2024-04-15")).isOverdue)
        #expect(try !fixture.status(json, asOf: day("2024-04-01")).isOverdue)
        #expect(try !fixture.status(json).isOverdue, "judged on the latest event's date, the step has just begun")
    }

    @Test func aStepWithoutLastsHasNoDeadline() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-01", "raise", by: "Raiser")]),
                                        asOf: day("2025-01-01"))
        #expect(status.deadline == nil)
        #expect(!status.isOverdue)
    }

    // MARK: Appeals

    @Test func anEndAfterTheSROsDecisionGivesTheAppealRouteAndDeadline() throws {
        // Decided on Wednesday 20 March 2024: 20 working days, skipping Good Friday and Easter Monday.
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-15", "review", by: "PMO"),
            historyEvent("2024-03-20", "decision", by: "SRO", outcome: "approved"),
        ]))
        #expect(status.position == .ended("approved", on: day("2024-03-20")))
        #expect(status.appeal == ProcessStatus.AppealRoute(against: "SRO", to: "IPA", deadline: day("2024-04-19")))
        #expect(status.violations.isEmpty)
    }

    @Test func anAppealWithoutWithinHasNoDeadline() throws {
        let fixture = ProcessFixture(processRulebook.replacingOccurrences(of: "appeal SRO to IPA within 20 working days",
                                                                          with: "appeal SRO to IPA"))
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-20", "decision", by: "SRO", outcome: "rejected")]))
        #expect(status.appeal == ProcessStatus.AppealRoute(against: "SRO", to: "IPA", deadline: nil))
    }

    @Test func aRecordStillInProgressHasNoAppealRoute() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-20", "decision", by: "SRO")]))
        #expect(status.position == .atStep("decision", since: nil), "the history does not say when the record arrived")
        #expect(status.appeal == nil)
    }

    // MARK: Violations

    @Test func skippingAStepIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-15", "review", by: "PMO"),
        ]))
        let violation = try #require(status.violations.first)
        #expect(status.violations.count == 1)
        #expect(violation.event?.index == 1)
        #expect(violation.event?.step == "review")
        #expect(violation.message.hasSuffix("the history skips `assess`"))
        #expect(status.position == .atStep("decision", since: day("2024-03-15")), "the record is where its history puts it")
    }

    @Test func theSkipMessageQuotesEachStepOnce() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-15", "review", by: "PMO"),
        ]))
        #expect(status.violations.first?.message == "`review` follows `raise`, which leads to `assess`: the history skips `assess`")
    }

    @Test func anEventThatCannotFollowAtAllIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-05", "raise", by: "Raiser"),
        ]))
        #expect(status.violations.count == 1)
        #expect(status.violations.first?.event?.step == "raise")
        #expect(status.violations.first?.message.hasSuffix("the history does not follow from it") == true)
    }

    @Test func aDecisionByTheWrongBodyIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-04", "assess", by: "PMO", outcome: "review"),
        ]))
        #expect(status.violations.map(\.message) == ["`assess` was decided by PMO, but the process gives it to `Board`"])
        #expect(status.violations.first?.event?.index == 1)
    }

    @Test func workDoneByTheWrongBodyIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-15", "review", by: "SRO"),
        ]))
        #expect(status.violations.map(\.message) == ["`review` was done by SRO, but the process gives it to `PMO`"])
    }

    @Test func anEventWithoutByIsNotABodyViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise"),
            historyEvent("2024-03-04", "assess", outcome: "review"),
        ]))
        #expect(status.violations.isEmpty)
    }

    @Test func anUnknownStepIsAViolationWithASuggestion() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-04", "asess", by: "Board", outcome: "review"),
        ]))
        #expect(status.violations.map(\.message) == ["process `cc` has no step `asess`; did you mean `assess`?"])
        #expect(status.violations.first?.event?.index == 1)
        #expect(status.position == .atStep("assess", since: day("2024-03-01")), "the unknown event is passed over")
    }

    @Test func anOutcomeTheStepDoesNotLeadToIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-20", "decision", by: "SRO", outcome: "aproved")]))
        #expect(status.violations.count == 1)
        #expect(status.violations.first?.message.hasPrefix("`decision` led to `aproved`, but it leads to ") == true)
        #expect(status.violations.first?.message == "`decision` led to `aproved`, but it leads to `approved` or `rejected`")
    }

    @Test func aDecisionWithAnOutcomeItDoesNotHaveLeavesTheRecordAtTheDecision() throws {
        let status = try fixture.status(changeRequestJSON(history: [historyEvent("2024-03-20", "decision", by: "SRO", outcome: "aproved")]))
        #expect(status.position == .atStep("decision", since: nil), "an outcome the step cannot lead to does not start its clock")
        #expect(status.actors == ["SRO"])
        #expect(status.decides)
        #expect(status.next == ["approved", "rejected"])
        #expect(!status.notes.contains("`decision` leads nowhere for this record"))
    }

    @Test func goingForwardPastAFailingCheckIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(fixesDefect: false, history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
        ]))
        #expect(status.violations.map(\.message) == ["`assess` went on to `review` although rule `freeze` fails: CR1 does not fix a defect"])
        #expect(status.position == .atStep("review", since: day("2024-03-04")))
    }

    @Test func rejectingAfterAFailingCheckIsAllowed() throws {
        let status = try fixture.status(changeRequestJSON(fixesDefect: false, history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "rejected"),
        ]))
        #expect(status.violations.isEmpty)
    }

    @Test func goingForwardWhenTheCheckPassesIsAllowed() throws {
        let status = try fixture.status(changeRequestJSON(fixesDefect: true, history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
        ]))
        #expect(status.violations.isEmpty)
    }

    @Test func anEventDatedBeforeTheOneItFollowsIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-01", "review", by: "PMO"),
        ]))
        #expect(status.violations.map(\.message) == ["`review` is dated 2024-03-01, before the event it follows (2024-03-04)"])
    }

    @Test func anEventAfterTheEndIsAViolation() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-20", "decision", by: "SRO", outcome: "rejected"),
            historyEvent("2024-03-25", "decision", by: "SRO", outcome: "approved"),
        ]))
        #expect(status.violations.contains { $0.message == "`decision` on 2024-03-25 comes after the process ended (`rejected` on 2024-03-20)" })
        #expect(status.violations.allSatisfy { $0.event?.index == 1 })
        #expect(status.position == .ended("rejected", on: day("2024-03-20")), "an event after the end does not reopen the process")
    }

    @Test func aCleanHistoryHasNoViolations() throws {
        let status = try fixture.status(changeRequestJSON(history: [
            historyEvent("2024-03-01", "raise", by: "Raiser"),
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-15", "review", by: "PMO"),
            historyEvent("2024-03-20", "decision", by: "SRO", outcome: "approved"),
        ]))
        #expect(status.violations.isEmpty)
        #expect(status.notes.isEmpty)
        #expect(status.process == "cc")
    }

    // MARK: Conditions

    @Test func transitionConditionsChooseTheNextSteps() throws {
        let fixture = ProcessFixture("""
            role PMO
            role SRO
            record change_request { fixes_defect: bool }
            process fast_track {
              for change_request cr
              step triage by PMO -> fast when cr.fixes_defect | slow when not cr.fixes_defect
              step fast by SRO -> approved
              step slow by SRO lasts 5 working days -> approved
              end approved
            }
            """)
        let triaged = [historyEvent("2024-03-01", "triage", by: "PMO")]
        let defect = try fixture.status(changeRequestJSON(fixesDefect: true, history: triaged), process: "fast_track")
        let other = try fixture.status(changeRequestJSON(fixesDefect: false, history: triaged), process: "fast_track")
        #expect(defect.position == .atStep("fast", since: day("2024-03-01")))
        #expect(other.position == .atStep("slow", since: day("2024-03-01")))
        #expect(other.deadline == day("2024-03-08"))
        // Going to `slow` when the condition sends a defect fix to `fast` is not where the
        // process leads.
        let wrongWay = try fixture.status(changeRequestJSON(fixesDefect: true, history: triaged + [historyEvent("2024-03-04", "slow", by: "SRO")]),
                                          process: "fast_track")
        #expect(wrongWay.violations.count == 1)
        #expect(wrongWay.violations.first?.event?.step == "slow")
    }
}
