@testable import Charter
import CharterTestSupport
import Testing

/// `ProcessModel.route(of:program:asOf:)`: the way a record would go through a process, what
/// `rulecheck diff` compares.
@Suite("Route")
struct RouteTests {
    let fixture = ProcessFixture()

    @Test func withoutHistoryEveryDecisionIsAssumedToGoForward() throws {
        let route = try fixture.route(changeRequestJSON(history: []))
        #expect(route.process == "cc")
        #expect(route.steps == ["raise", "assess", "review", "decision"])
        #expect(route.end == "approved")
        #expect(route.decisions == [.init(step: "assess", bodies: ["Board"]), .init(step: "decision", bodies: ["SRO"])])
        #expect(route.assumed == ["assess", "decision"])
        #expect(route.deadlines.isEmpty, "no step's start is dated")
        #expect(route.path == "raise → assess → review → decision → approved")
    }

    @Test func aFailingCheckTakesTheLastTransition() throws {
        let route = try fixture.route(changeRequestJSON(fixesDefect: false, history: []))
        #expect(route.steps == ["raise", "assess"])
        #expect(route.end == "rejected")
        #expect(route.decisions == [.init(step: "assess", bodies: ["Board"])])
        #expect(route.assumed.isEmpty, "the rules decide, nothing is assumed")
    }

    @Test func recordedOutcomesAreFollowed() throws {
        let route = try fixture.route(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-20", "decision", by: "SRO", outcome: "rejected"),
        ]))
        #expect(route.steps == ["raise", "assess", "review", "decision"])
        #expect(route.end == "rejected")
        #expect(route.assumed.isEmpty)
    }

    @Test func aRecordedOutcomeOverridesAFailingCheck() throws {
        let route = try fixture.route(changeRequestJSON(fixesDefect: false, history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
        ]))
        #expect(route.steps == ["raise", "assess", "review", "decision"])
        #expect(route.end == "approved")
        #expect(route.assumed == ["decision"])
    }

    @Test func aRecordedRejectionEndsTheRoute() throws {
        let route = try fixture.route(changeRequestJSON(history: [historyEvent("2024-03-04", "assess", by: "Board", outcome: "rejected")]))
        #expect(route.path == "raise → assess → rejected")
        #expect(route.assumed.isEmpty)
    }

    @Test func aDecisionWithoutOutcomeIsAssumed() throws {
        let route = try fixture.route(changeRequestJSON(history: [historyEvent("2024-03-04", "assess", by: "Board")]))
        #expect(route.assumed == ["assess", "decision"])
    }

    @Test func aRecordedOutcomeTheStepNoLongerHasIsNotFollowedAndIsAssumed() throws {
        // After a what-if in which `decision` leads to `legal`, the history's `approved` is no
        // longer one of its ways on: the route goes forward, which is an assumption.
        let fixture = ProcessFixture(processRulebook.replacingOccurrences(
            of: "step decision \"The SRO decides\" by SRO decides -> approved | rejected",
            with: "step decision \"The SRO decides\" by SRO decides -> legal | rejected\n  step legal by PMO -> approved"))
        let route = try fixture.route(changeRequestJSON(history: [
            historyEvent("2024-03-04", "assess", by: "Board", outcome: "review"),
            historyEvent("2024-03-20", "decision", by: "SRO", outcome: "approved"),
        ]))
        #expect(route.path == "raise → assess → review → decision → legal → approved")
        #expect(route.assumed == ["decision"])
    }

    @Test func deadlinesAreDatedFromTheHistory() throws {
        // `review` starts when `assess` is recorded, on 27 March 2024; 10 working days over Easter.
        let dated = try fixture.route(changeRequestJSON(history: [historyEvent("2024-03-27", "assess", by: "Board", outcome: "review")]))
        #expect(dated.deadlines == [.init(step: "review", date: day("2024-04-12"))])
        let undated = try fixture.route(changeRequestJSON(history: [historyEvent("2024-03-27", "raise", by: "Raiser")]))
        #expect(undated.deadlines.isEmpty, "the step before `review` is not dated, so neither is its deadline")
    }

    @Test func transitionConditionsChooseTheWay() throws {
        let fixture = ProcessFixture("""
            role PMO
            role SRO
            record change_request { fixes_defect: bool }
            process fast_track {
              for change_request cr
              step triage by PMO -> fast when cr.fixes_defect | slow
              step fast by SRO decides -> approved | rejected
              step slow by PMO lasts 5 working days -> approved
              end approved, rejected
            }
            """)
        let defect = try fixture.route(changeRequestJSON(fixesDefect: true, history: []), process: "fast_track")
        let other = try fixture.route(changeRequestJSON(fixesDefect: false, history: []), process: "fast_track")
        #expect(defect.steps == ["triage", "fast"])
        #expect(defect.assumed == ["fast"])
        #expect(other.steps == ["triage", "slow"])
        #expect(other.end == "approved")
        #expect(other.decisions.isEmpty)
    }

    @Test func aRouteThatLoopsHasNoEnd() throws {
        let fixture = ProcessFixture("""
            role PMO
            record change_request { fixes_defect: bool }
            process rework {
              for change_request cr
              step draft by PMO -> check
              step check by PMO -> draft when cr.fixes_defect | done
              end done
            }
            """)
        let looping = try fixture.route(changeRequestJSON(fixesDefect: true, history: []), process: "rework")
        #expect(looping.end == nil)
        #expect(looping.path.hasSuffix("→ …"))
        #expect(looping.steps.count <= 2 * 2 + 1, "the walk stops after going round")
        let ending = try fixture.route(changeRequestJSON(fixesDefect: false, history: []), process: "rework")
        #expect(ending.path == "draft → check → done")
    }

    @Test func routesOfDifferentRecordsCompareByValue() throws {
        let a = try fixture.route(changeRequestJSON("CR1", history: []))
        let b = try fixture.route(changeRequestJSON("CR2", history: []))
        let rejected = try fixture.route(changeRequestJSON("CR3", fixesDefect: false, history: []))
        #expect(a == b)
        #expect(a != rejected)
    }
}
