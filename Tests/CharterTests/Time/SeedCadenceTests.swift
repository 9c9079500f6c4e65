@testable import Charter
import Foundation
import Testing

/// The cadences in `rules/` reproduce every meeting date the MHHS pack of March 2024 states.
@Suite struct SeedCadenceTests {
    static let rules = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules").path

    func meetings(_ group: String, from: String, to: String) throws -> [CivilDate] {
        let loaded = RulebookLoader().load(paths: [Self.rules])
        #expect(!loaded.diagnostics.hasErrors)
        let (governance, _) = GovernanceCalendar.calendar(of: loaded.rulebook)
        let calendar = try #require(governance).calendar
        let decl = try #require(loaded.rulebook.declarations.lazy.compactMap { d -> GroupDecl? in
            if case .group(let g) = d, g.name.text == group { return g } else { return nil }
        }.first, "no group \(group) in rules/")
        let lower = try #require(CivilDate(iso: from))
        let upper = try #require(CivilDate(iso: to))
        var dates: [CivilDate] = []
        for clause in decl.clauses {
            guard case .meets(let cadence) = clause else { continue }
            let schedule = GovernanceCalendar.schedule(of: cadence, defaultStart: lower)
            dates += try schedule.meetings(from: lower, to: upper, calendar: calendar).get()
                .filter { $0.status != .cancelled }.map(\.date)
        }
        return dates.sorted()
    }

    func dates(_ isoDates: String...) -> [CivilDate] { isoDates.compactMap { CivilDate(iso: $0) } }

    @Test func psgMeetsOnTheFirstWednesday() throws {
        #expect(try meetings("PSG", from: "2024-02-01", to: "2024-02-29") == dates("2024-02-07"))
    }

    @Test func dagMeetsOnTheSecondWednesday() throws {
        #expect(try meetings("DAG", from: "2024-02-01", to: "2024-02-29") == dates("2024-02-14"))
        #expect(try meetings("DAG", from: "2024-03-01", to: "2024-06-30")
                == dates("2024-03-13", "2024-04-10", "2024-05-08", "2024-06-12"))
    }

    @Test func newAdvisoryGroupsFirstMeetings() throws {
        #expect(try meetings("SITAG", from: "2024-01-01", to: "2024-02-29").first == CivilDate(iso: "2024-02-21"))
        #expect(try meetings("QAG", from: "2024-01-01", to: "2024-02-29").first == CivilDate(iso: "2024-02-15"))
        #expect(try meetings("MCAG", from: "2024-01-01", to: "2024-02-29").first == CivilDate(iso: "2024-02-27"))
        #expect(try meetings("CCAG", from: "2024-02-01", to: "2024-02-29") == dates("2024-02-28"))
    }
}
