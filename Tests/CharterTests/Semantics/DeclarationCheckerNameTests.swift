@testable import Charter
import Testing

/// Names: duplicates (N001–N005) and references that must resolve (N006–N013).
@Suite("DeclarationChecker: names")
struct DeclarationCheckerNameTests {
    // MARK: N001 duplicate declarations

    @Test(arguments: [
        "group 2️⃣A { level 1 }\ngroup 1️⃣A { level 1 }",
        "role 2️⃣Chair\nrole 1️⃣Chair",
        "constituency 2️⃣agent\nconstituency 1️⃣agent",
        "record 2️⃣cr { id: text }\nrecord 1️⃣cr { id: text }",
        "rule 2️⃣r { for meeting m require true }\nrule 1️⃣r { for meeting m require true }",
        "process 2️⃣p { for meeting step s end done }\nprocess 1️⃣p { for meeting step s end done }",
    ])
    func duplicateDeclarationIsFlagged(_ source: String) {
        let diagnostic = expectFlagged(source, .duplicateDeclaration)
        #expect(diagnostic?.message.hasSuffix("is declared twice") == true)
    }

    @Test func duplicateLevelIsFlagged() {
        let diagnostic = expectFlagged("1️⃣level 3 \"Working Groups\"", .duplicateDeclaration)
        #expect(diagnostic?.message == "level 3 is declared twice")
        #expect(diagnostic?.notes.first?.span?.line == 3)
    }

    @Test func sameNameOfDifferentKindsIsNotADuplicate() {
        expectClean("""
            constituency Board
            record Board { id: text }
            rule Board { for meeting m require true }
            process Board { for meeting step s end done }
            level 4 "Working Groups"
            """)
    }

    // MARK: N002 a group and a role with one name

    @Test func groupNamedLikeRoleIsFlagged() {
        let diagnostic = expectFlagged("group 1️⃣SRO { level 1 }", .groupRoleNameClash)
        #expect(diagnostic?.message == "`SRO` names both a group and a role")
        #expect(diagnostic?.notes.first?.span?.line == 4)
    }

    @Test func groupAndRoleWithDistinctNamesAreClean() {
        expectClean("group SROOffice { level 1 chair SRO }")
    }

    // MARK: N003 duplicate fields

    @Test func duplicateFieldIsFlagged() {
        expectFlagged("record cr {\n  2️⃣id: text\n  title: text\n  1️⃣id: number\n}", .duplicateField)
    }

    @Test func duplicateFieldInNestedRecordIsFlagged() {
        let diagnostic = expectFlagged("record cr { rows: list of { 2️⃣yes: number, 1️⃣yes: number } }", .duplicateField)
        #expect(diagnostic?.message == "the nested record has two fields named `yes`")
    }

    @Test func distinctFieldsAreClean() {
        expectClean("record cr { id: text, rows: list of { id: number, yes: number } }")
    }

    // MARK: N004 duplicate steps

    @Test func duplicateStepIsFlagged() {
        expectFlagged("""
            process p {
              for meeting
              step 2️⃣assess by SRO -> ratify
              step ratify by SRO -> done
              step 1️⃣assess by IPA -> done
              end done
            }
            """, .duplicateStep)
    }

    @Test func distinctStepsAreClean() {
        expectClean("process p { for meeting step assess by SRO -> ratify step ratify by SRO -> done end done }")
    }

    // MARK: N005 duplicate members

    @Test func duplicateMemberIsFlagged() {
        expectFlagged("group B { level 1 member 2️⃣alice \"Alice\" member bob member 1️⃣alice }", .duplicateMember)
    }

    @Test func distinctMembersAreClean() {
        expectClean("group B { level 1 member alice member bob chair alice }")
    }

    // MARK: N006 unknown group

    @Test func reportsToUnknownGroupIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("""
            group PSG { level 2 }
            group SITAG { level 3 reports_to 1️⃣PGS }
            """, .unknownGroup)
        #expect(diagnostic?.message == "there is no group `PGS`")
        #expect(diagnostic?.help == "did you mean `PSG`?")
    }

    @Test func reportsToDeclaredGroupIsClean() {
        expectClean("group PSG { level 2 }\ngroup SITAG { level 3 reports_to PSG }")
    }

    // MARK: N007 unknown constituency

    @Test func seatForUnknownConstituencyIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("group G { level 3 seat 1️⃣suplier nominated }", .unknownConstituency)
        #expect(diagnostic?.help == "did you mean `supplier`?")
    }

    @Test func seatForDeclaredConstituencyIsClean() {
        expectClean("group G { level 3 seat supplier nominated seat consumer 2 }")
    }

    // MARK: N008 unknown body

    @Test func stepByUnknownBodyIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("process p { for meeting step s by 1️⃣SOR -> done end done }", .unknownBody)
        #expect(diagnostic?.help == "did you mean `SRO`?")
    }

    @Test func appealToUnknownBodyIsFlagged() {
        expectFlagged("process p { for meeting step s by SRO -> done end done appeal SRO to 1️⃣Regulator }", .unknownBody)
    }

    @Test func advisesUnknownBodyIsFlagged() {
        expectFlagged("group G { level 3 advises 1️⃣PSG }", .unknownBody)
    }

    @Test func bodiesOfEveryKindResolve() {
        expectClean("""
            group PSG { level 2 advises SRO }
            group DAG { level 3 reports_to PSG advises PSG }
            process p {
              for meeting
              step s by PSG, SRO, supplier -> done
              end done
              appeal PSG to IPA
              appeal supplier to consumer
            }
            """)
    }

    // MARK: N009 unknown chair

    @Test func unknownChairIsFlagged() {
        let diagnostic = expectFlagged("group G { level 1 chair 1️⃣bob member alice }", .unknownChair)
        #expect(diagnostic?.message == "the chair `bob` is neither a role nor a member of `G`")
    }

    @Test func chairThatIsARoleOrMemberIsClean() {
        expectClean("group G { level 1 chair SRO }\ngroup H { level 1 chair alice member alice }")
    }

    // MARK: N011 unknown rule

    @Test func checkOfUnknownRuleIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("""
            rule change_freeze { for change_request cr require true }
            process p { for change_request step s by SRO check 1️⃣chnage_freeze -> done end done }
            """, .unknownRule)
        #expect(diagnostic?.help == "did you mean `change_freeze`?")
    }

    @Test func checkOfDeclaredRuleIsClean() {
        expectClean("""
            rule change_freeze { for change_request cr require true }
            process p { for change_request step s by SRO check change_freeze -> done end done }
            """)
    }

    // MARK: N012 unknown step

    @Test func transitionToUnknownStepIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("""
            process p {
              for meeting
              step assess by SRO -> report | rejected
              step report by SRO -> approved | 1️⃣rejceted
              end approved, rejected
            }
            """, .unknownStep)
        #expect(diagnostic?.help == "did you mean `rejected`?")
    }

    @Test func transitionsToStepsAndEndsAreClean() {
        expectClean("""
            process p {
              for meeting
              step assess by SRO -> report | rejected
              step report by SRO -> approved
              end approved, rejected
            }
            """)
    }

    // MARK: N013 unknown record type

    @Test func ruleForUnknownTypeIsFlaggedWithSuggestion() {
        let diagnostic = expectFlagged("rule r { for 1️⃣change_reqest cr require true }", .unknownRecordType)
        #expect(diagnostic?.help == "did you mean `change_request`?")
    }

    @Test func processForUnknownTypeIsFlagged() {
        expectFlagged("process p { for 1️⃣invoice step s end done }", .unknownRecordType)
    }

    @Test func unknownFieldTypeIsFlagged() {
        let diagnostic = expectFlagged("record r { raised: list of 1️⃣dat? }", .unknownRecordType)
        #expect(diagnostic?.help == "did you mean `date`?")
    }

    @Test func builtInAndDeclaredTypesResolve() {
        expectClean("""
            record invoice { id: text, n: number, ok: bool, on: date, at: time, d: duration, cr: change_request? }
            record batch { invoices: list of invoice, choice: one of "a", "b", meeting: meeting }
            rule r { for invoice i require true }
            process p { for impact_assessment step s end done }
            """)
    }
}
