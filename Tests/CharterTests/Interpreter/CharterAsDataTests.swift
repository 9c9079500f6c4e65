@testable import Charter
import Testing

/// Rules that read the charter itself: declarations as values, references to them in records,
/// the records of other types, and votes counted only from those who may vote.
@Suite struct CharterAsDataTests {
    static let source = """
        level 1 "Board"
        level 2 "Forums"
        role IPA "Independent Programme Assurer" { independent true }
        role SRO "Senior Responsible Owner"
        constituency staff "Staff" { cap 2 }
        constituency others "Others"
        group Board "Foundation Board" {
          level 1
          decides
          seat staff 2
          seat others 9 vacant 3
          member alice "Alice" { employer "Acme" }
          member bob "Bob" { employer "Acme" }
          member carol "Carol"
          quorum present >= 2
          quorum to_vote = present >= 3
          threshold yes > no
        }
        group Forum "Open Forum" {
          level 2
          reports_to Board
          seat others 4
          threshold yes > no
        }
        record motion {
          id: text
          group: group
          sponsor: role?
          votes: list of { decision: number  voter: text  vote: one of "yes", "no", "abstain" }
        }
        rule reads {
          for motion x
          require false
          else "{count(x.group.seats)} {x.group.seat_count} {x.group.filled_seats} {count(s in x.group.seats where s.vacant > 0)} {staff.cap} {IPA.independent ?? false} {SRO.independent ?? false} {(Forum.reports_to ?? Forum).title ?? ""} {count(p in Board.members where (p.employer ?? "") == "Acme")}"
        }
        rule sponsored {
          for motion x
          when x.sponsor == IPA
          require x.group == Board
          else "{x.id} is sponsored by {x.sponsor} in {x.group}"
        }
        rule carried_1 {
          for motion x
          require carried(x, 1)
          else "{tally(x, 1).yes} for, {tally(x, 1).no} against, {tally(x, 1).not_voted} not voted, left out {tally(x, 1).ineligible}"
        }
        rule others_seen {
          for motion x
          require count(y in motions where y.group == x.group) == 1
          else "{count(y in motions where y.group == x.group)} motions of {x.group}; {count(meetings)} meetings"
        }
        """

    let rules = CompiledRulebook(Self.source)

    static func motion(_ id: String, group: String = "Board", sponsor: String? = nil, votes: [(String, String)] = []) -> String {
        let list = votes.map { #"{"decision": 1, "voter": "\#($0.0)", "vote": "\#($0.1)"}"# }.joined(separator: ", ")
        let sponsorField = sponsor.map { #", "sponsor": "\#($0)""# } ?? ""
        return #"{"type": "motion", "id": "\#(id)", "group": "\#(group)"\#(sponsorField), "votes": [\#(list)]}"#
    }

    @Test func declarationsAreValuesWithTheirFieldsAndAttributes() throws {
        let verdict = try rules.verdict("reads", on: Self.motion("M1"))
        // 2 seat blocks; 11 seats of which 3 vacant; one block with vacancies; staff's cap; IPA's
        // attribute, absent on SRO; Forum reports to Board; two members from Acme.
        #expect(verdict.messages == ["2 11 8 1 2 true false Foundation Board 2"])
    }

    @Test func aReferenceIsReadByNameAndComparedAsADeclaration() throws {
        let verdict = try rules.verdict("sponsored", on: Self.motion("M2", group: "Forum", sponsor: "IPA"))
        #expect(verdict.messages == ["M2 is sponsored by IPA in Forum"])
        #expect(try rules.verdict("sponsored", on: Self.motion("M3", sponsor: "IPA")).outcome == .pass)
        #expect(try rules.verdict("sponsored", on: Self.motion("M4")).outcome == .notApplicable)
    }

    @Test func anUndeclaredReferenceDoesNotLoad() {
        #expect(rules.loadErrors(Self.motion("M5", group: "Foum")) == [
            "records.json: $.group: there is no group `Foum` in the rules; did you mean `Forum`?",
        ])
        #expect(rules.loadErrors(Self.motion("M6", sponsor: "SR0")) == [
            "records.json: $.sponsor: there is no role `SR0` in the rules; did you mean `SRO`?",
        ])
        #expect(rules.loadErrors(#"{"type": "motion", "id": "M7", "group": {"name": "Board"}}"#) == [
            "records.json: $.group: expected the name of a group in quotes, found an object",
        ])
        #expect(rules.loadErrors(#"{"type": "group", "name": "Board"}"#) == [
            "records.json: $.type: `group` records are the rules' own group declarations and are not read from files; the record types are `change_request`, `impact_assessment`, `meeting` or `motion`",
        ])
    }

    @Test func aNonMembersVoteIsLeftOutAndNamed() throws {
        // Counting carol and the outsider zed, 2 for and 1 against would carry.
        let verdict = try rules.verdict("carried_1", on: Self.motion("M8", votes: [("alice", "yes"), ("bob", "no"), ("zed", "yes"), ("bob", "no")]))
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["1 for, 1 against, 1 not voted, left out [zed]"])
        #expect(verdict.notes == ["the vote of `zed` on decision 1 is not counted: `zed` is not a member of Board"])
        let members = try rules.verdict("carried_1", on: Self.motion("M9", votes: [("alice", "yes"), ("carol", "abstain"), ("bob", "no"), ("alice", "yes")]))
        #expect(members.outcome == .fail)
        #expect(members.notes.isEmpty)
        let carried = try rules.verdict("carried_1", on: Self.motion("M10", votes: [("alice", "yes"), ("carol", "yes"), ("bob", "no")]))
        #expect(carried.outcome == .pass)
    }

    @Test func aVoteLeftOutInsideAFunctionIsNamedInTheRulesVerdict() throws {
        let rules = CompiledRulebook(Self.source + """
            def passes(x: motion) = carried(x, 1)
            rule carried_by_function {
              for motion x
              require passes(x)
            }
            """)
        let votes = [("alice", "yes"), ("bob", "no"), ("zed", "yes")]
        let verdict = try rules.verdict("carried_by_function", on: Self.motion("M11", votes: votes))
        #expect(verdict.outcome == .fail)
        #expect(verdict.notes == ["the vote of `zed` on decision 1 is not counted: `zed` is not a member of Board"])
        // The next record's verdict starts without them.
        let clean = try rules.verdict("carried_by_function", on: Self.motion("M12", votes: [("alice", "yes")]))
        #expect(clean.notes.isEmpty)
    }

    @Test func aVoterNotRecordedPresentIsLeftOut() throws {
        let rules = CompiledRulebook(Self.source + """
            rule meeting_carried {
              for meeting m
              require carried(m, 1)
              else "{tally(m, 1).yes} for, {tally(m, 1).no} against, {tally(m, 1).not_voted} not voted"
            }
            """)
        let meeting = """
            {"type": "meeting", "group": "Forum", "date": "2025-01-01",
             "attendees": [{"constituency": "others", "name": "p1", "present": true},
                           {"constituency": "others", "name": "p2", "present": false},
                           {"constituency": "staff", "name": "p3", "present": true}],
             "votes": [{"decision": 1, "voter": "p1", "vote": "yes"}, {"decision": 1, "voter": "p2", "vote": "no"},
                       {"decision": 1, "voter": "p3", "vote": "no"}, {"decision": 1, "voter": "p4", "vote": "no"}]}
            """
        let verdict = try rules.verdict("meeting_carried", on: meeting)
        // Forum seats `others` only: p3 is present but holds no seat; p2 is absent; p4 is not there.
        #expect(verdict.outcome == .pass)
        #expect(verdict.notes == [
            "the vote of `p2` on decision 1 is not counted: `p2` is not recorded present in a filled seat of Forum",
            "the vote of `p3` on decision 1 is not counted: `p3` is not recorded present in a filled seat of Forum",
            "the vote of `p4` on decision 1 is not counted: `p4` is not recorded present in a filled seat of Forum",
        ])
    }

    @Test func aRuleReadsTheRecordsTheCommandWasGiven() throws {
        let (loaded, errors) = rules.load("[\(Self.motion("A")), \(Self.motion("B")), \(Self.motion("C", group: "Forum"))]")
        #expect(errors.isEmpty)
        // Before any records are provided, a rule sees none of them.
        let alone = rules.program.evaluate(loaded[2].value).first { $0.rule == "others_seen" }
        #expect(alone?.messages == ["0 motions of Forum; 0 meetings"])
        rules.program.provide(loaded.map(\.value))
        let verdicts = loaded.map { record in rules.program.evaluate(record.value).first { $0.rule == "others_seen" } }
        #expect(verdicts.map { $0?.outcome } == [.fail, .fail, .pass])
        #expect(verdicts[0]?.messages == ["2 motions of Board; 0 meetings"])
    }

    @Test func lintKnowsTheAttributesAndTheLists() {
        let diagnostics = Checker.check(parse(Self.source + """
            rule mistakes {
              for motion x
              require IPA.independant and staff.cap > 1 and count(motoins) > 0 and x.group == "Board"
            }
            """).rulebook)
        #expect(diagnostics.map { "\($0.code.id) \($0.message) \($0.help ?? "")" } == [
            "T003 record `role` has no field `independant` did you mean `independent`?",
            // `others` declares no `cap`, so every constituency's `cap` is optional.
            "T004 `staff.cap` may be absent (it is number?) say what to use when it is absent, `staff.cap ?? DEFAULT`, or test it first: `staff.cap is given and …`",
            "N014 there is no `motoins` here did you mean `motions`?",
            "T002 `==` cannot compare a group with text name the group without quotes: `Board`",
        ])
    }
}
