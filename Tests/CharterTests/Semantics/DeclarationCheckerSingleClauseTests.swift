@testable import Charter
import Testing

/// G030: a group's one-valued clauses are given once; the clauses that may repeat are not flagged.
@Suite("DeclarationChecker: clauses given once")
struct DeclarationCheckerSingleClauseTests {
    @Test(arguments: [
        "2️⃣level 2 1️⃣level 3",
        "level 3 reports_to 2️⃣PSG reports_to 1️⃣PSG",
        "level 3 attendance 2️⃣open attendance 1️⃣nominated",
        "level 3 status 2️⃣mobilised status 1️⃣future",
        "level 3 2️⃣decides 1️⃣decides",
        "2️⃣non_governance 1️⃣non_governance",
    ])
    func aSecondClauseIsFlaggedWithTheFirst(clauses: String) {
        let diagnostic = expectFlagged("group PSG { level 2 }\ngroup G { \(clauses) }", .clauseGivenTwice)
        #expect(diagnostic?.message.hasPrefix("group `G` has a second `") == true)
    }

    @Test func eachRepeatIsFlaggedOnce() {
        let diagnostics = checkDeclarations("group G { level 2 level 3 level 2 decides decides }")
        #expect(diagnostics.map(\.code.id) == ["G030", "G030", "G030"])
    }

    @Test func clausesThatMayRepeatAreClean() {
        expectClean("""
            group PSG { level 2 }
            group G {
              level 3
              reports_to PSG
              advises PSG
              advises SRO
              chair SRO
              chair IPA
              seat supplier
              seat consumer
              meets monthly on first monday
              meets monthly on third monday
            }
            """)
    }
}
