@testable import Charter
import Foundation
import Testing

/// Process flowcharts: every process of the shipped rulebook, and the March 2024 what-if drawn
/// as one chart, with no overlapping boxes and no way out through a box; and the comparison
/// marks exactly the steps and appeals the amendment adds, removes and changes.
@Suite struct ProcessChartTests {
    static let repository = GovernanceChartLayoutTests.repository

    static func charts(overlay: [String] = []) throws -> [String: ProcessChart] {
        var loaded = RulebookLoader().load(paths: [repository.appendingPathComponent("rules").path])
        if !overlay.isEmpty {
            RulebookLoader().load(paths: overlay.map { repository.appendingPathComponent($0).path }, into: &loaded, overlay: true)
        }
        let result = loaded.check()
        let program = Program(try #require(result, "\(loaded.diagnostics.map(\.message))"))
        return program.processes().mapValues { ProcessChart($0, ruleNames: program.rules.map(\.name)) }
    }

    static func whatIf() throws -> ProcessChart {
        let before = try #require(try charts(overlay: ["examples/what-if/march-2024/before.charter"])["change_control"])
        let after = try #require(try charts(overlay: ["examples/what-if/march-2024/after.charter"])["change_control"])
        return ProcessChart.comparing(before: before, after: after)
    }

    static func collisions(_ chart: ProcessChart) -> [String] {
        let layout = ProcessChartLayout(chart)
        var found: [String] = []
        for (i, a) in layout.nodes.enumerated() {
            for b in layout.nodes[(i + 1)...] where a.rect.overlaps(b.rect) {
                found.append("\(chart.nodes[a.node].name) overlaps \(chart.nodes[b.node].name)")
            }
        }
        for route in layout.routes {
            for (from, to) in zip(route.points, route.points.dropFirst()) {
                for placed in layout.nodes where placed.rect.isCrossed(from: from, to: to) {
                    found.append("\(chart.nodes[route.edge.from].name) → \(chart.nodes[route.edge.to].name) crosses \(chart.nodes[placed.node].name)")
                }
            }
        }
        return found
    }

    @Test func everyShippedProcessIsDrawnWithoutCollisions() throws {
        let charts = try Self.charts()
        #expect(charts.count >= 2)
        for (name, chart) in charts {
            #expect(Self.collisions(chart) == [], "\(name)")
            #expect(ProcessChartLayout(chart).routes.count == chart.edges.count, "\(name)")
        }
        #expect(Self.collisions(try Self.whatIf()) == [])
    }

    @Test func theWhatIfMarksWhatTheAmendmentChanges() throws {
        let chart = try Self.whatIf()
        func named(_ change: (ProcessChart.Change?) -> Bool) -> Set<String> {
            Set(chart.nodes.filter { change($0.change) }.map(\.name))
        }
        #expect(named { $0 == .removed } == ["issue_decision", "ia_summary", "recommendation", "decision"])
        #expect(named { $0 == .added } == ["board_assessment", "engagement_arranged", "engagement", "ia_review", "ia_report",
                                           "board_recommendation", "psg_presentation", "ratification", "communicate_approval",
                                           "communicate_rejection"])
        #expect(named { if case .changed(let parts)? = $0 { parts == ["title"] } else { false } } == ["raise", "pmo_review", "impact_assessment"])
        #expect(named { $0 == nil } == ["approved", "rejected"])
        #expect(chart.appeals.map { "\($0.against)→\($0.to) \($0.change.map { "\($0)" } ?? "same")" } == ["ChangeBoard→IPA added", "SRO→IPA removed"])
        // A removed step sits after the step it followed before the change.
        let order = chart.nodes.map(\.name)
        #expect(order.firstIndex(of: "issue_decision") == order.firstIndex(of: "pmo_review").map { $0 + 1 })
        #expect(order.suffix(2) == ["approved", "rejected"])
        // The ways out both versions have are unmarked; the rest are added or removed.
        let kept = chart.edges.filter { $0.change == nil }.map { chart.nodes[$0.from].name + "→" + chart.nodes[$0.to].name }
        #expect(kept == ["raise→pmo_review"])
        #expect(chart.edges.contains { $0.change == .removed && chart.nodes[$0.from].name == "decision" })
    }

    @Test func aProcessWithoutAVersionBeforeIsAllAdded() throws {
        let after = try #require(try Self.charts()["change_control"])
        let chart = ProcessChart.comparing(before: .empty(named: "change_control"), after: after)
        #expect(chart.nodes.allSatisfy { $0.change == .added })
        #expect(chart.edges.allSatisfy { $0.change == .added })
        #expect(chart.isComparison)
    }
}
