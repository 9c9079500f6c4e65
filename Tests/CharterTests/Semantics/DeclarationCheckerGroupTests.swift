@testable import Charter
import Testing

/// Reporting lines, levels, seats, quorums and replaced groups (G001–G007, G012).
@Suite("DeclarationChecker: groups")
struct DeclarationCheckerGroupTests {
    // MARK: G001 reporting cycles

    @Test func reportingCycleIsReportedOnceWithTheWholeCycle() {
        let diagnostic = expectFlagged("""
            group A { non_governance reports_to 1️⃣B }
            group B { non_governance reports_to 2️⃣C }
            group C { non_governance reports_to A }
            """, .reportingCycle)
        #expect(diagnostic?.message == "reporting lines go round in a cycle: `A` -> `B` -> `C` -> `A`")
        #expect(diagnostic?.notes.count == 2)
    }

    @Test func eachCycleIsReportedFromItsFirstGroup() {
        let diagnostics = checkDeclarations("""
            group B { non_governance reports_to A }
            group A { non_governance reports_to B }
            group C { non_governance reports_to C }
            """)
        #expect(diagnostics.map(\.code.id) == ["G001", "G001"])
        #expect(diagnostics.map(\.message) == ["reporting lines go round in a cycle: `B` -> `A` -> `B`",
                                               "reporting lines go round in a cycle: `C` -> `C`"])
    }

    @Test func reportingTreeIsClean() {
        expectClean("""
            group PSG { level 1 }
            group DAG { level 2 reports_to PSG }
            group SITAG { level 2 reports_to PSG }
            group SITWG { level 3 reports_to SITAG }
            """)
    }

    // MARK: G002 reporting sideways or down

    @Test func reportingToTheSameLevelIsFlagged() {
        let diagnostic = expectFlagged("""
            group DAG { 2️⃣level 3 }
            group SITAG { level 3 reports_to 1️⃣DAG }
            """, .reportsNotUpward)
        #expect(diagnostic?.message == "group `SITAG` at level 3 reports to `DAG` at level 3, the same level")
    }

    @Test func reportingDownIsFlagged() {
        let diagnostic = expectFlagged("group PSG { level 2 reports_to 1️⃣SITAG }\ngroup SITAG { level 3 }", .reportsNotUpward)
        #expect(diagnostic?.message.hasSuffix("a lower level") == true)
    }

    @Test func reportingUpIsClean() {
        expectClean("group PSG { level 2 }\ngroup SITAG { level 3 reports_to PSG }")
    }

    // MARK: G003 undeclared levels

    @Test func undeclaredLevelIsFlagged() {
        let diagnostic = expectFlagged("group SITWG { 1️⃣level 4 }", .undeclaredLevel)
        #expect(diagnostic?.help == "declare it with `level 4 \"…\"`, or use a declared level (1, 2, 3)")
    }

    @Test func declaredLevelIsClean() {
        expectClean("level 4 \"Working Groups\"\ngroup SITWG { level 4 }")
    }

    // MARK: G004 groups without a level

    @Test func groupWithoutLevelIsAWarning() {
        expectFlagged("group 1️⃣Panel { decides }", .groupWithoutLevel, severity: .warning)
    }

    @Test func nonGovernanceGroupNeedsNoLevel() {
        expectClean("group Social { non_governance }\ngroup Panel { level 3 }")
    }

    // MARK: G005 a constituency seated twice

    @Test func constituencySeatedTwiceIsFlagged() {
        expectFlagged("group G { level 3 seat 2️⃣supplier seat consumer seat 1️⃣supplier vacant }", .constituencySeatedTwice)
    }

    @Test func constituencyWithSeveralSeatsIsClean() {
        expectClean("group G { level 3 seat supplier 2 seat consumer }")
    }

    // MARK: G006 a quorum over the seats

    @Test func quorumOverAttendingSeatsIsFlagged() {
        let diagnostic = expectFlagged("""
            group G {
              level 3
              seat supplier 3
              seat consumer vacant
              seat IPA_seat_holder by_exception
              quorum 1️⃣4
            }
            constituency IPA_seat_holder
            """, .quorumExceedsSeats)
        #expect(diagnostic?.message == "a quorum of 4 is more than the 3 seats that can attend `G`")
    }

    @Test func quorumWithinSeatsIsClean() {
        expectClean("""
            group G { level 3 seat supplier 3 seat consumer vacant quorum 3 }
            group H { level 3 member alice quorum 2 }
            group I { level 3 seat supplier quorum present >= 5 }
            """)
    }

    // MARK: G007 a quorum over 100%

    @Test func percentageQuorumOverAllSeatsIsFlagged() {
        let diagnostic = expectFlagged("group G { level 3 seat supplier quorum 1️⃣150% of filled_seats }", .quorumOverHundredPercent)
        #expect(diagnostic?.message == "a quorum of 150% is more than all of the seats of `G`")
    }

    @Test func barePercentageQuorumOverAllSeatsIsFlagged() {
        expectFlagged("group G { level 3 quorum 1️⃣100.5% }", .quorumOverHundredPercent)
    }

    @Test func percentageQuorumUpToAllSeatsIsClean() {
        expectClean("group G { level 3 quorum 100% of seats }\ngroup H { level 3 quorum 50% }")
    }

    // MARK: G012 a replaced group that still meets

    @Test func replacedGroupWithOpenCadenceIsFlagged() {
        let diagnostic = expectFlagged("""
            group TMAG { level 3 2️⃣meets monthly on first monday from 2023-01-02 }
            group SITAG { level 3 replaces 1️⃣TMAG since 2024-02-21 }
            """, .replacedGroupStillMeets)
        #expect(diagnostic?.message == "`TMAG` still meets after it is replaced")
    }

    @Test func replacedGroupMeetingPastTheDateIsFlagged() {
        expectFlagged("""
            group TMAG { level 3 meets monthly on first monday from 2023-01-02 until 2024-06-30 }
            group SITAG { level 3 replaces 1️⃣TMAG since 2024-02-21 }
            """, .replacedGroupStillMeets)
    }

    @Test func replacedGroupThatStopsOrIsGoneIsClean() {
        expectClean("""
            group TMAG { level 3 meets monthly on first monday from 2023-01-02 until 2024-02-21 }
            group SITAG { level 3 replaces TMAG since 2024-02-21 replaces OldGroup since 2023-01-01 }
            """)
    }
}
