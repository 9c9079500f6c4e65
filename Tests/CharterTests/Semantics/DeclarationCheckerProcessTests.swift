@testable import Charter
import Testing

/// Processes: routes, steps, ends and appeals (G013–G021).
@Suite("DeclarationChecker: processes")
struct DeclarationCheckerProcessTests {
    // MARK: G013 unreachable steps

    @Test func stepNoTransitionLeadsToIsFlagged() {
        let diagnostic = expectFlagged("""
            process p {
              for meeting
              step assess by SRO -> approved
              step 1️⃣review by IPA -> approved
              end approved
            }
            """, .unreachableStep)
        #expect(diagnostic?.message == "step `review` cannot be reached from the first step `assess`")
    }

    @Test func stepsReachedByTransitionOrInOrderAreClean() {
        expectClean("""
            process p {
              for meeting
              step assess by SRO
              step review by IPA -> approved | assess
              end approved
            }
            """)
    }

    // MARK: G014 steps that cannot end

    @Test func stepLoopingForeverIsFlagged() {
        expectFlagged("""
            process p {
              for meeting
              step assess by SRO -> approved | review
              step 1️⃣review by IPA -> review
              end approved
            }
            """, .stepCannotEnd)
    }

    @Test func everyStepInALoopWithNoExitIsFlagged() {
        let source = MarkedSource(checkerPrelude + """
            process p {
              for meeting
              step 1️⃣assess by SRO -> review
              step 2️⃣review by IPA -> assess
              end approved
            }
            """)
        let diagnostics = checkDeclarations(source.text, prelude: false)
        #expect(diagnostics.map(\.code.id) == ["G014", "G014"])
        #expect(diagnostics.map { $0.span?.line } == [source.marks["1️⃣"]?.line, source.marks["2️⃣"]?.line])
    }

    @Test func loopWithAnExitIsClean() {
        expectClean("""
            process p {
              for meeting
              step assess by SRO -> review
              step review by IPA -> assess | approved
              end approved
            }
            """)
    }

    // MARK: G015 a rule for another record type

    @Test func checkingARuleForAnotherTypeIsFlagged() {
        let diagnostic = expectFlagged("""
            rule timing { for 2️⃣meeting m require true }
            process p { for change_request step s by SRO check 1️⃣timing -> done end done }
            """, .checkedRuleForOtherType)
        #expect(diagnostic?.message == "rule `timing` is for `meeting` records but process `p` is for `change_request`")
    }

    @Test func checkingARuleForTheSameTypeIsClean() {
        expectClean("""
            rule timing { for meeting m require true }
            process p { for meeting step s by SRO check timing -> done end done }
            """)
    }

    // MARK: G016 a decision with no body

    @Test func decidingStepWithoutByIsFlagged() {
        expectFlagged("process p { for meeting step 1️⃣ratify decides -> done end done }", .decisionWithoutBody)
    }

    @Test func decidingStepWithByIsClean() {
        expectClean("process p { for meeting step ratify by SRO decides -> done end done }")
    }

    // MARK: G017 a time limit that is not a positive duration

    @Test(arguments: ["10", "0 days", "-2 weeks", "\"ten days\""])
    func lastsThatIsNotAPositiveDurationIsFlagged(_ lasts: String) {
        expectFlagged("process p { for meeting step s by SRO lasts 1️⃣\(lasts) -> done end done }", .invalidStepDuration)
    }

    @Test func lastsWithAPositiveDurationIsClean() {
        expectClean("""
            process p {
              for meeting
              step a by SRO lasts 10 working days
              step b by SRO lasts 2 weeks
              step c by SRO lasts 90 minutes
              step d by SRO lasts 2h30m
              step e by SRO lasts 1 month -> done
              end done
            }
            """)
    }

    // MARK: G018 a process with no end

    @Test func processWithoutEndIsFlagged() {
        expectFlagged("process 1️⃣p { for meeting step s by SRO }", .processWithoutEnd)
    }

    @Test func processWithAnEndIsClean() {
        expectClean("process p { for meeting step s by SRO end done }")
    }

    // MARK: G019 an end named like a step

    @Test func endNamedLikeAStepIsFlagged() {
        expectFlagged("""
            process p {
              for meeting
              step assess by SRO -> approved
              step 2️⃣approved by SRO
              end 1️⃣approved, rejected
            }
            """, .endNamedLikeStep)
    }

    @Test func endsDistinctFromStepsAreClean() {
        expectClean("process p { for meeting step assess by SRO -> approved | rejected end approved, rejected }")
    }

    // MARK: G020 an appeal to the body appealed against

    @Test func appealToTheSameBodyIsFlagged() {
        let diagnostic = expectFlagged("process p { for meeting step s by SRO end done appeal SRO to 1️⃣SRO }", .appealToSameBody)
        #expect(diagnostic?.message == "appeals against `SRO` are heard by `SRO` itself")
    }

    @Test func appealToAnotherBodyIsClean() {
        expectClean("process p { for meeting step s by SRO end done appeal SRO to IPA }")
    }

    // MARK: G021 appeals in a loop

    @Test func appealLoopIsFlaggedOnce() {
        let diagnostic = expectFlagged("""
            process p {
              for meeting
              step s by SRO
              end done
              appeal SRO to 1️⃣IPA
              appeal IPA to 2️⃣SRO
            }
            """, .appealCycle)
        #expect(diagnostic?.message == "appeals in process `p` go round in a loop: `SRO` -> `IPA` -> `SRO`")
    }

    @Test func appealChainIsCleanAndLoopsAreCheckedPerProcess() {
        expectClean("""
            group Board { level 1 }
            process p { for meeting step s by SRO end done appeal SRO to IPA appeal IPA to Board }
            process q { for meeting step s by SRO end done appeal IPA to SRO }
            """)
    }
}
