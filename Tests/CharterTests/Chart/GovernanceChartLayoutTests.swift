@testable import Charter
import Foundation
import Testing

/// The governance chart's geometry: for the shipped rulebook, no two boxes overlap, no line
/// passes through a box, each group sits in its level's row and the rows are in level order,
/// and the whole prints on A4 landscape with text no smaller than 6 pt. For many groups, the
/// layout is quick.
@Suite struct GovernanceChartLayoutTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func chart(_ text: String) throws -> GovernanceChart {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: text, path: "chart.charter", into: &loaded)
        let result = loaded.check()
        let checked = try #require(result, "\(loaded.diagnostics.map(\.message))")
        return GovernanceChart(checked.rulebook)
    }

    static func shippedChart() throws -> GovernanceChart {
        var loaded = RulebookLoader().load(paths: [repository.appendingPathComponent("rules").path])
        let result = loaded.check()
        let checked = try #require(result)
        return GovernanceChart(checked.rulebook)
    }

    /// Every overlap of two boxes, and every line segment that runs through a box, by name.
    static func collisions(_ chart: GovernanceChart, _ layout: GovernanceChartLayout) -> [String] {
        var found: [String] = []
        for (i, a) in layout.boxes.enumerated() {
            for b in layout.boxes[(i + 1)...] where a.rect.overlaps(b.rect) {
                found.append("\(chart.boxes[a.box].name) overlaps \(chart.boxes[b.box].name)")
            }
        }
        for route in layout.routes {
            for (from, to) in zip(route.points, route.points.dropFirst()) {
                for placed in layout.boxes where placed.rect.isCrossed(from: from, to: to) {
                    found.append("the line \(chart.boxes[route.line.from].name) → \(chart.boxes[route.line.to].name) "
                                 + "crosses \(chart.boxes[placed.box].name)")
                }
            }
        }
        return found
    }

    @Test func theShippedChartHasNoOverlapsAndNoLineThroughABox() throws {
        let chart = try Self.shippedChart()
        let layout = GovernanceChartLayout(chart)
        #expect(layout.boxes.count == chart.boxes.count)
        #expect(chart.boxes.count >= 20)
        #expect(Self.collisions(chart, layout) == [])
        #expect(layout.routes.count == chart.lines.count)
        for placed in layout.boxes {
            #expect(placed.rect.x >= 0 && placed.rect.maxX <= layout.width && placed.rect.maxY <= layout.height)
        }
    }

    @Test func everyLineJoinsItsTwoBoxes() throws {
        let chart = try Self.shippedChart()
        let layout = GovernanceChartLayout(chart)
        for route in layout.routes {
            let lower = layout.boxes[route.line.from].rect, upper = layout.boxes[route.line.to].rect
            let first = try #require(route.points.first), last = try #require(route.points.last)
            #expect(first == ChartPoint(x: lower.midX, y: lower.y))
            #expect(last == ChartPoint(x: upper.midX, y: upper.maxY))
            for (a, b) in zip(route.points, route.points.dropFirst()) {
                #expect(a.x == b.x || a.y == b.y, "segments are horizontal or vertical")
            }
        }
    }

    @Test func groupsSitInTheirLevelsRowsInLevelOrder() throws {
        let chart = try Self.shippedChart()
        let layout = GovernanceChartLayout(chart)
        #expect(layout.rows.map(\.label) == ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"])
        for (upper, lower) in zip(layout.rows, layout.rows.dropFirst()) { #expect(upper.bottom < lower.top) }
        for placed in layout.boxes {
            let box = chart.boxes[placed.box]
            let row = layout.rows[placed.row]
            #expect(row.label == "Level \(box.level ?? 0)", "\(box.name)")
            #expect(placed.rect.y >= row.top && placed.rect.maxY <= row.bottom, "\(box.name)")
        }
        let sponsor = try #require(layout.boxes.first { chart.boxes[$0.box].isSponsor })
        #expect(chart.boxes[sponsor.box].name == "Ofgem" && sponsor.row == 0)
    }

    /// A4 landscape less 10 mm margins, in CSS pixels (96 to the inch): 277 mm × 190 mm.
    @Test func theShippedChartPrintsOnA4LandscapeAtSixPointsOrMore() throws {
        let layout = GovernanceChartLayout(try Self.shippedChart())
        let scale = min(1, 277 / 25.4 * 96 / layout.width, 190 / 25.4 * 96 / layout.height)
        let smallest = min(layout.style.detailSize, layout.style.titleSize, layout.style.nameSize)
        // A CSS pixel is 0.75 pt.
        #expect(smallest * scale * 0.75 >= 6, "smallest text \(smallest * scale * 0.75) pt")
    }

    @Test func aBoxBelowARowOfSiblingsTurnsOverToItsLane() throws {
        let chart = try Self.chart("""
            level 1 "Top"
            level 2 "Middle"
            level 3 "Bottom"
            group A "Top group" { level 1 }
            group B { level 2  reports_to A }
            group C { level 2  reports_to A }
            group D { level 3  reports_to A }
            group E { level 3  reports_to B }
            """)
        let layout = GovernanceChartLayout(chart)
        #expect(Self.collisions(chart, layout) == [])
        // D skips the middle row: its line passes it in a lane clear of B and C.
        let route = try #require(layout.routes.first { chart.boxes[$0.line.from].name == "D" })
        #expect(route.points.count >= 4)
    }

    @Test func theSponsorHasARowOfItsOwnWhenTheFirstLevelHasGroups() throws {
        let chart = try Self.chart("""
            charter "P" { sponsor Funder }
            role Funder
            level 1 "Top"
            group A { level 1 }
            """)
        let layout = GovernanceChartLayout(chart)
        #expect(layout.rows.map(\.label) == ["Sponsor", "Level 1"])
        #expect(layout.boxes.map(\.row) == [0, 1])
    }

    @Test func groupsWithoutALevelGoInARowOfTheirOwn() throws {
        let chart = try Self.chart("""
            level 1 "Top"
            group A { level 1 }
            group B { non_governance }
            """)
        let layout = GovernanceChartLayout(chart)
        #expect(layout.rows.map(\.label) == ["Level 1", "No level"])
        #expect(layout.boxes[1].row == 1)
    }

    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func twoThousandGroupsAreLaidOutInUnderASecond() throws {
        var text = "level 1 \"Top\"\nlevel 2 \"Middle\"\nlevel 3 \"Working\"\nlevel 4 \"Sub\"\n"
        text += "group G0 { level 1 }\n"
        for index in 1..<2_000 {
            let level = index < 20 ? 2 : index < 400 ? 3 : 4
            let parent = level == 2 ? 0 : level == 3 ? 1 + index % 19 : 20 + index % 380
            text += "group G\(index) \"Group number \(index) of many\" { level \(level)  reports_to G\(parent)  advises G\(parent) }\n"
        }
        let chart = try Self.chart(text)
        // The time this thread spends, not the wall clock: the other suites run alongside.
        let before = Self.threadSeconds()
        let layout: GovernanceChartLayout? = GovernanceChartLayout(chart)
        let svg = chart.svg()
        let elapsed = Self.threadSeconds() - before
        #expect(elapsed < 1, "\(elapsed) s")
        #expect(layout?.boxes.count == 2_000)
        #expect(svg.hasSuffix("</svg>\n"))
    }

    /// Random hierarchies (levels skipped, long and short titles, groups with no one above
    /// them): tree lines never cross a box, and boxes never overlap.
    @Test(arguments: 0..<30) func randomHierarchiesHaveNoCollisions(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let levels = 2 + random.below(5)
        var text = (1...levels).map { "level \($0) \"Level \($0)\"\n" }.joined()
        var placed: [(name: String, level: Int)] = []
        let words = ["Design", "Advisory", "Working", "Group", "Environments & Configurations", "Data", "Cleanse", "X", "Testing"]
        for index in 0..<(3 + random.below(40)) {
            let level = 1 + random.below(levels)
            let above = placed.filter { $0.level < level }
            var clauses = "level \(level)"
            if let parent = random.element(of: above), random.chance(0.85) {
                clauses += "  reports_to \(parent.name)"
                if random.chance(0.5) { clauses += "  advises \(parent.name)" }
            }
            if random.chance(0.4) { clauses += "  decides" }
            let title = (0..<random.below(6)).map { _ in random.pick(words) }.joined(separator: " ")
            text += "group G\(index) \"\(title)\" { \(clauses) }\n"
            placed.append(("G\(index)", level))
        }
        let chart = try Self.chart(text)
        let layout = GovernanceChartLayout(chart)
        #expect(Self.collisions(chart, layout) == [], "seed \(seed)")
    }

    @Test func rectanglesKnowWhatCrossesThem() {
        let box = ChartRect(x: 10, y: 10, width: 20, height: 10)
        #expect(box.isCrossed(from: ChartPoint(x: 0, y: 15), to: ChartPoint(x: 40, y: 15)))
        #expect(box.isCrossed(from: ChartPoint(x: 20, y: 0), to: ChartPoint(x: 20, y: 12)))
        #expect(!box.isCrossed(from: ChartPoint(x: 20, y: 0), to: ChartPoint(x: 20, y: 10)), "ending on the edge")
        #expect(!box.isCrossed(from: ChartPoint(x: 10, y: 0), to: ChartPoint(x: 10, y: 40)), "along the edge")
        #expect(!box.isCrossed(from: ChartPoint(x: 0, y: 0), to: ChartPoint(x: 40, y: 0)))
        #expect(box.overlaps(ChartRect(x: 29, y: 19, width: 5, height: 5)))
        #expect(!box.overlaps(ChartRect(x: 30, y: 10, width: 5, height: 5)), "touching")
    }
}
