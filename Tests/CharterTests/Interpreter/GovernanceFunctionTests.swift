@testable import Charter
import Testing

/// `quorate`, `attending` and `carried` over a group whose seats, quorum and thresholds the test
/// rulebook declares.
@Suite struct GovernanceFunctionTests {
    static let source = """
        level 1 "Board"
        constituency supplier "Supplier"
        constituency consumer "Consumer"
        constituency agent "Agent"
        constituency network "Network"
        constituency observer "Observer"

        # Seats: supplier 2, consumer 1, agent 1 (vacant), network 1: 5 seats, 4 filled.
        group Board "Programme Board" {
          level 1
          decides
          seat supplier 2 nominated
          seat consumer
          seat agent vacant "no agent has been nominated"
          seat network
          quorum 3
          threshold yes > 1/2 of (yes + no)
          threshold special = yes >= 2/3 of seats
        }

        # A quorum as a condition, over filled seats; no thresholds.
        group Panel "Review Panel" {
          level 1
          seat supplier 2
          seat consumer
          seat agent vacant
          quorum present >= 2/3 of filled_seats
        }

        # No seats and no quorum: every attendee present counts, and it is always quorate.
        group Forum "Open Forum" {
          level 1
          threshold abstain == 0 and yes > no
        }

        rule quorum_met {
          for meeting m
          require quorate(m)
          else "{m.group} {m.date}: {attending(m)} seats present, not quorate"
        }
        rule attendance {
          for meeting m
          let shown = attending(m)
          require false
          else "{shown}"
        }
        rule decision_96 {
          for meeting m
          require carried(m, 96)
          else "decision 96 was not carried"
        }
        rule special_96 {
          for meeting m
          require carried(m, 96, "special")
          else "decision 96 was not carried by the special majority"
        }
        rule each_decision {
          for meeting m
          require all d in m.decisions: carried(m, d.number)
          else "decision [{d.number}] '{d.title}' was not carried"
        }
        """

    let rules = CompiledRulebook(Self.source)

    /// A meeting of `group` with `attendees` (constituency, present) and `votes` (decision, voter, vote).
    static func meeting(_ group: String = "Board", attendees: [(String, Bool)] = [],
                        votes: [(Int, String, String)] = [], decisions: [Int] = []) -> String {
        let people = attendees.enumerated().map { index, attendee in
            #"{"constituency": "\#(attendee.0)", "name": "person \#(index)", "present": \#(attendee.1)}"#
        }
        let ballots = votes.map { #"{"decision": \#($0.0), "voter": "\#($0.1)", "vote": "\#($0.2)"}"# }
        let items = decisions.map { #"{"number": \#($0), "title": "item \#($0)"}"# }
        return """
            {"type": "meeting", "group": "\(group)", "date": "2024-03-13",
             "attendees": [\(people.joined(separator: ", "))],
             "votes": [\(ballots.joined(separator: ", "))],
             "decisions": [\(items.joined(separator: ", "))]}
            """
    }

    func judge(_ rule: String, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RuleVerdict {
        try rules.verdict(rule, on: json, sourceLocation: sourceLocation)
    }

    func attending(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let verdict = try judge("attendance", json, sourceLocation: sourceLocation)
        #expect(verdict.outcome == .fail, sourceLocation: sourceLocation)
        return verdict.message
    }

    // MARK: - quorate and attending

    @Test func threeFilledSeatsPresentAreQuorate() throws {
        let json = Self.meeting(attendees: [("supplier", true), ("supplier", true), ("consumer", true)])
        #expect(try attending(json) == "3")
        #expect(try judge("quorum_met", json).outcome == .pass)
    }

    @Test func attendeesNotPresentDoNotCount() throws {
        let json = Self.meeting(attendees: [("supplier", true), ("consumer", false), ("network", true), ("supplier", false)])
        #expect(try attending(json) == "2")
        let verdict = try judge("quorum_met", json)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["Board 2024-03-13: 2 seats present, not quorate"])
    }

    @Test func aConstituencyFillsNoMoreThanItsSeats() throws {
        // Three suppliers fill the two supplier seats; two network attendees fill its one seat.
        let suppliers = Self.meeting(attendees: [("supplier", true), ("supplier", true), ("supplier", true)])
        #expect(try attending(suppliers) == "2")
        #expect(try judge("quorum_met", suppliers).outcome == .fail)
        let network = Self.meeting(attendees: [("network", true), ("network", true), ("supplier", true)])
        #expect(try attending(network) == "2")
        #expect(try judge("quorum_met", network).outcome == .fail)
        let enough = Self.meeting(attendees: [("network", true), ("network", true), ("supplier", true), ("consumer", true)])
        #expect(try attending(enough) == "3")
        #expect(try judge("quorum_met", enough).outcome == .pass)
    }

    @Test func vacantAndUnseatedConstituenciesDoNotCount() throws {
        let json = Self.meeting(attendees: [("agent", true), ("observer", true), ("supplier", true), ("consumer", true)])
        #expect(try attending(json) == "2")
        #expect(try judge("quorum_met", json).outcome == .fail)
    }

    @Test func aMeetingWithNoAttendeesRecordedIsNotQuorate() throws {
        let json = #"{"type": "meeting", "group": "Board", "date": "2024-03-13"}"#
        #expect(try attending(json) == "0")
        #expect(try judge("quorum_met", json).messages == ["Board 2024-03-13: 0 seats present, not quorate"])
    }

    @Test func aQuorumConditionOverFilledSeats() throws {
        // Panel: 3 filled seats (supplier 2, consumer 1); 2/3 of 3 is 2.
        let two = Self.meeting("Panel", attendees: [("supplier", true), ("agent", true), ("consumer", true)])
        #expect(try attending(two) == "2")
        #expect(try judge("quorum_met", two).outcome == .pass)
        let one = Self.meeting("Panel", attendees: [("supplier", true), ("agent", true), ("observer", true)])
        #expect(try attending(one) == "1")
        #expect(try judge("quorum_met", one).outcome == .fail)
    }

    @Test func aGroupWithoutSeatsCountsPeopleAndWithoutQuorumIsQuorate() throws {
        let json = Self.meeting("Forum", attendees: [("observer", true), ("observer", true), ("anyone", true), ("agent", false)])
        #expect(try attending(json) == "3")
        #expect(try judge("quorum_met", Self.meeting("Forum")).outcome == .pass)
    }

    @Test func aMeetingOfAnUndeclaredGroupDoesNotLoad() {
        #expect(rules.loadErrors(Self.meeting("Boad", attendees: [("supplier", true)]))
            == ["records.json: $.group: there is no group `Boad` in the rules; did you mean `Board`?"])
        #expect(rules.loadErrors(Self.meeting("Nobody"))
            == ["records.json: $.group: there is no group `Nobody` in the rules; the rules declare `Board`, `Forum` or `Panel`"])
    }

    @Test func aLabelNoGroupDeclaresIsALintError() {
        let diagnostics = Checker.check(parse(Self.source + """
            rule unknown_threshold {
              for meeting m
              require carried(m, 96, "specail") and quorate(m, "to_vote")
            }
            """).rulebook)
        #expect(diagnostics.map { "\($0.code.id) \($0.message) \($0.help ?? "")" } == [
            "T026 no group declares a threshold labelled \"specail\" did you mean `special`?",
            "T026 no group declares a quorum labelled \"to_vote\" no group labels a quorum; drop the label to use a group's unlabelled quorum",
        ])
    }

    // MARK: - carried

    @Test(arguments: [
        // yes > 1/2 of (yes + no): abstentions do not count either way.
        ([(96, "a", "yes"), (96, "b", "yes"), (96, "c", "yes"), (96, "d", "no"), (96, "e", "abstain")], true),
        ([(96, "a", "yes"), (96, "b", "no")], false),
        ([(96, "a", "yes"), (96, "b", "yes"), (96, "c", "no"), (96, "d", "abstain"), (96, "e", "abstain"), (96, "f", "abstain")], true),
        ([(96, "a", "yes"), (96, "b", "no"), (96, "c", "abstain")], false),
        ([(96, "a", "abstain")], false),
        ([], false),
        // Votes on other decisions are not counted.
        ([(95, "a", "yes"), (95, "b", "yes"), (96, "c", "no")], false),
        ([(95, "a", "no"), (95, "b", "no"), (96, "c", "yes")], true),
        // A voter who votes twice is counted once, with their last vote.
        ([(96, "a", "yes"), (96, "b", "no"), (96, "b", "yes")], true),
        ([(96, "a", "yes"), (96, "a", "no"), (96, "b", "no")], false),
        ([(96, "a", "yes"), (96, "a", "yes"), (96, "b", "no")], false),
    ] as [([(Int, String, String)], Bool)])
    func theUnlabelledThreshold(votes: [(Int, String, String)], carried: Bool) throws {
        let verdict = try judge("decision_96", Self.meeting(votes: votes))
        #expect(verdict.outcome == (carried ? .pass : .fail))
        if !carried { #expect(verdict.messages == ["decision 96 was not carried"]) }
    }

    @Test(arguments: [
        // yes >= 2/3 of seats: Board has 5 seats (the vacant one counts), so 4 yes are needed.
        (3, 0, false),
        (4, 0, true),
        (4, 1, true),
        (5, 0, true),
    ])
    func theSpecialThresholdCountsAllSeats(yes: Int, no: Int, carried: Bool) throws {
        let votes = (0..<yes).map { (96, "yes\($0)", "yes") } + (0..<no).map { (96, "no\($0)", "no") }
        let verdict = try judge("special_96", Self.meeting(votes: votes))
        #expect(verdict.outcome == (carried ? .pass : .fail))
        if !carried { #expect(verdict.messages == ["decision 96 was not carried by the special majority"]) }
    }

    @Test func eachDecisionOfAMeetingIsTalliedOnItsOwn() throws {
        let json = Self.meeting(votes: [(94, "a", "yes"), (95, "a", "no"), (95, "b", "no"), (96, "a", "yes"), (96, "b", "abstain")],
                                decisions: [94, 95, 96, 97])
        let verdict = try judge("each_decision", json)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["decision [95] 'item 95' was not carried", "decision [97] 'item 97' was not carried"])
    }

    @Test func aThresholdTheGroupDoesNotDeclareIsAnError() throws {
        // `special` is another group's label, so lint accepts it; this group lacks it.
        let verdict = try judge("special_96", Self.meeting("Panel", votes: [(96, "a", "yes")]))
        #expect(verdict.outcome == .error)
        #expect(verdict.messages == ["group `Panel` has no threshold `special`"])
        let panel = try judge("decision_96", Self.meeting("Panel", votes: [(96, "a", "yes")]))
        #expect(panel.outcome == .error)
        #expect(panel.message?.contains("unlabelled threshold") == true)
        #expect(panel.messages == ["group `Panel` has no unlabelled threshold"])
    }

    @Test func aThresholdMayReadAbstentions() throws {
        #expect(try judge("decision_96", Self.meeting("Forum", votes: [(96, "a", "yes"), (96, "b", "no"), (96, "c", "yes")])).outcome == .pass)
        #expect(try judge("decision_96", Self.meeting("Forum", votes: [(96, "a", "yes"), (96, "b", "abstain"), (96, "c", "yes")])).outcome == .fail)
    }
}
