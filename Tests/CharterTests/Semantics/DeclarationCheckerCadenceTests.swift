@testable import Charter
import Testing

/// Cadences (G008–G011).
@Suite("DeclarationChecker: cadences")
struct DeclarationCheckerCadenceTests {
    // MARK: G008 a day some months lack

    @Test func fifthWeekdayIsAWarningNamingTheMonths() {
        let diagnostic = expectFlagged("group Club { level 3 1️⃣meets monthly on fifth friday from 2024-01-01 }",
                                       .cadenceSkipsMonths, severity: .warning)
        #expect(diagnostic?.message == "`Club` meets on the fifth Friday of the month, which 8 months of its first year "
                    + "do not have: 2024-01, 2024-02, 2024-04, 2024-06, 2024-07, 2024-09, 2024-10, 2024-12")
    }

    @Test func dayThirtyOneWithoutFromCountsFromTheDefaultStart() {
        let diagnostic = expectFlagged("group G { level 3 1️⃣meets monthly on day 31 }", .cadenceSkipsMonths, severity: .warning)
        #expect(diagnostic?.message == "`G` meets on day 31 of the month, which 5 months of its first year do not have: "
                    + "2024-02, 2024-04, 2024-06, 2024-09, 2024-11")
    }

    @Test func oneMissingMonthIsNamed() {
        let diagnostic = expectFlagged("group G { level 3 1️⃣meets quarterly on day 31 from 2024-01-31 }", .cadenceSkipsMonths,
                                       severity: .warning)
        #expect(diagnostic?.message == "`G` meets on day 31 of the month, which 1 month of its first year does not have: 2024-04")
    }

    @Test func dayEveryMonthHasIsClean() {
        expectClean("""
            group G { level 3 meets monthly on last friday from 2024-01-01 }
            group H { level 3 meets monthly on day 28 }
            group I { level 3 meets monthly on fourth monday from 2024-01-01 }
            group J { level 3 meets every 12 months on day 31 from 2024-01-31 }
            """)
    }

    // MARK: G009 an exception on a day the cadence does not meet

    @Test func cancellingADayWithoutAMeetingIsFlagged() {
        let diagnostic = expectFlagged("""
            group SITAG {
              level 3
              meets monthly on third wednesday from 2024-02-21 {
                1️⃣except 2024-12-19 cancelled "Christmas"
              }
            }
            """, .exceptionNotAMeeting)
        #expect(diagnostic?.message == "`SITAG` does not meet on 2024-12-19, so there is no meeting to cancel")
        #expect(diagnostic?.help?.hasPrefix("the nearest meeting is on 2024-12-18;") == true)
    }

    @Test func movingADayWithoutAMeetingIsFlagged() {
        expectFlagged("""
            group SITAG {
              level 3
              meets monthly on third wednesday from 2024-02-21 { 1️⃣except 2024-01-17 moved to 2024-01-18 }
            }
            """, .exceptionNotAMeeting)
    }

    @Test func exceptionsOnMeetingDaysAreClean() {
        expectClean("""
            group SITAG {
              level 3
              meets monthly on third wednesday at 10:00 for 2h from 2024-02-21 {
                extra 2024-03-11 "Extraordinary SITAG"
                except 2024-12-18 cancelled "Christmas"
                except 2024-08-21 moved to 2024-08-28 at 14:00
              }
            }
            group SITWG { level 3 meets fortnightly on tuesday from 2024-01-09 { except 2024-01-23 cancelled } }
            """)
    }

    // MARK: G010 a cadence that cannot be expanded

    @Test func weeklyOnAnOrdinalWeekdayIsFlagged() {
        let diagnostic = expectFlagged("group G { level 3 1️⃣meets weekly on third wednesday }", .invalidCadence)
        #expect(diagnostic?.message == "`G` cannot meet as written: a cadence repeating weekly meets on a day of the week, "
                    + "not on third Wednesday")
        #expect(diagnostic?.help == "use a monthly frequency for that")
    }

    @Test func monthlyOnABareWeekdayIsFlagged() {
        expectFlagged("group G { level 3 1️⃣meets monthly on wednesday }", .invalidCadence)
    }

    @Test func cadenceEndingBeforeItStartsIsFlagged() {
        expectFlagged("group G { level 3 1️⃣meets weekly on monday from 2024-03-01 until 2024-02-01 }", .invalidCadence)
    }

    @Test func soundCadencesAreClean() {
        expectClean("""
            group G { level 3 meets weekly on monday at 9:00 for 30m from 2024-03-25 until 2024-12-31 }
            group H { level 3 meets monthly on second wednesday at 10:00 until 12:30 }
            group I { level 3 meets monthly }
            """)
    }

    // MARK: G011 a cadence every several periods with no `from`

    @Test func fortnightlyWithoutFromIsFlagged() {
        let diagnostic = expectFlagged("group G { level 3 1️⃣meets fortnightly on tuesday }", .cadenceWithoutPhase)
        #expect(diagnostic?.message == "`G` meets every 2 weeks but has no `from` date, so which weeks it meets in is undefined")
    }

    @Test func quarterlyWithoutFromIsFlagged() {
        expectFlagged("group G { level 3 1️⃣meets quarterly on day 15 }", .cadenceWithoutPhase)
    }

    @Test func everySeveralPeriodsWithFromIsClean() {
        expectClean("""
            group G { level 3 meets fortnightly on tuesday from 2024-01-09 }
            group H { level 3 meets every 3 months on first monday from 2024-01-01 }
            group I { level 3 meets weekly on friday }
            """)
    }
}
