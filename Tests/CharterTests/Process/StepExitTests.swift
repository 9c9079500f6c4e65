@testable import Charter
import CharterTestSupport
import Testing

/// Status and routes make one judgement of each step (`StepExit`): where a guarded transition
/// leads, a check on a step that does not decide, a condition that cannot be evaluated.
@Suite struct StepExitTests {
    static let rulebook = """
        role Board "Board"
        role PMO "PMO"
        record motion {
          id: text
          votes_for: number
          fixes_defect: bool
          budget: number?
          history: list of { date: date  step: text  by: text?  outcome: text?  note: text? }
        }
        rule admissible {
          for motion m
          require m.fixes_defect
        }
        process adoption {
          for motion m
          step file by PMO check admissible -> vote | barred
          step vote by Board -> approved when m.votes_for >= 5 | costed
          step costed by PMO -> approved when (m.budget ?? 0) / (m.votes_for - m.votes_for) > 1 | rejected
          end approved, rejected, barred
        }
        """

    static func motion(_ id: String, votes: Int, fixesDefect: Bool = true, budget: Int? = nil) -> String {
        """
        {"type": "motion", "id": "\(id)", "votes_for": \(votes), "fixes_defect": \(fixesDefect),
         \(budget.map { "\"budget\": \($0)," } ?? "")
         "history": [\(historyEvent("2024-03-01", "file", by: "PMO")), \(historyEvent("2024-03-05", "vote", by: "Board"))]}
        """
    }

    let fixture = ProcessFixture(Self.rulebook)

    func judged(_ json: String) throws -> (status: ProcessStatus, route: Route) {
        (try fixture.status(json, process: "adoption"), try fixture.route(json, process: "adoption"))
    }

    @Test func aGuardedTransitionStraightToAnEndEndsThere() throws {
        let (status, route) = try judged(Self.motion("M1", votes: 6))
        #expect(status.position == .ended("approved", on: day("2024-03-05")))
        #expect(status.violations.isEmpty)
        #expect(route.end == "approved")
    }

    @Test func goingOnPastAFailingCheckOfAStepThatDoesNotDecideIsAViolation() throws {
        let (status, route) = try judged(Self.motion("M2", votes: 6, fixesDefect: false))
        #expect(status.violations.map(\.message) == ["`vote` follows `file`, which leads to `barred` because rule `admissible`, which it checks, fails: the history goes on past the check (`m.fixes_defect` does not hold)"])
        #expect(status.violations.map(\.kind) == [.pastFailingCheck])
        #expect(status.position == .ended("barred", on: day("2024-03-01")), "the history cannot go on past the check")
        #expect(route.path == "file → barred")
    }

    @Test func aConditionThatCannotBeEvaluatedIsANoteNotASilentTurn() throws {
        let (status, route) = try judged(Self.motion("M3", votes: 2, budget: 10))
        let problem = "the condition `(m.budget ?? 0) / (m.votes_for - m.votes_for) > 1` of `costed` → `approved` cannot be evaluated on this record (division by zero); it is taken not to hold"
        #expect(status.position == .atStep("costed", since: day("2024-03-05")))
        #expect(status.next == ["rejected"])
        #expect(status.notes.contains(problem))
        #expect(route.path == "file → vote → costed → rejected")
        #expect(route.notes == [problem])
    }

    @Test func aRecordedOutcomeWhoseConditionDoesNotHoldIsAViolation() throws {
        let json = """
            {"type": "motion", "id": "M4", "votes_for": 3, "fixes_defect": true,
             "history": [\(historyEvent("2024-03-01", "file", by: "PMO")), \(historyEvent("2024-03-05", "vote", by: "Board", outcome: "approved"))]}
            """
        let status = try fixture.status(json, process: "adoption")
        #expect(status.violations.map(\.message) == ["`vote` led to `approved`, but its condition `m.votes_for >= 5` does not hold for this record"])
        let held = """
            {"type": "motion", "id": "M5", "votes_for": 7, "fixes_defect": true,
             "history": [\(historyEvent("2024-03-01", "file", by: "PMO")), \(historyEvent("2024-03-05", "vote", by: "Board", outcome: "approved"))]}
            """
        #expect(try fixture.status(held, process: "adoption").violations.isEmpty)
    }

    @Test func statusAndRouteAgreeOnWhereEachHistoryEnds() throws {
        for json in [Self.motion("A", votes: 5), Self.motion("B", votes: 4, budget: 3), Self.motion("C", votes: 9, fixesDefect: false)] {
            let (status, route) = try judged(json)
            if case .ended(let end, _) = status.position, status.violations.isEmpty {
                #expect(route.end == end)
            }
            if case .atStep(let step, _) = status.position {
                #expect(route.steps.contains(step))
            }
        }
    }
}
