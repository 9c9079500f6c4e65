/// Where everything of a governance chart goes: one row per level, top to bottom; each group's
/// box in its level's row, under the group it reports to; and each reporting line routed so
/// that it passes through no box.
///
/// The boxes are placed as a tidy tree along the reporting lines (Reingold and Tilford), with
/// the levels as the tree's rows: each group's subtree is packed against its left neighbour row
/// by row, so the subtrees under different groups never share a column. A line that skips rows
/// (a working group reporting straight to the steering group) reserves a narrow lane in each
/// row it passes, and is routed down that lane, so it crosses no box. Time is linear in the
/// number of groups times the number of levels.
public struct GovernanceChartLayout: Sendable {
    /// Sizes, in CSS pixels. The defaults fit the MHHS chart on A4 landscape at a readable size.
    public struct Style: Sendable {
        public var nameSize = 11.5
        public var titleSize = 10.0
        public var detailSize = 9.5
        public var boxMinWidth = 76.0
        public var boxMaxWidth = 120.0
        public var padding = 5.0
        /// The coloured band at the top of a box that shows its status.
        public var stripe = 5.0
        /// Between boxes side by side.
        public var gap = 8.0
        /// Between rows, where the lines run across.
        public var channel = 26.0
        /// The room a line that skips a row takes in that row.
        public var lane = 4.0
        public var margin = 16.0
        public var labelWidth = 66.0
        public var titleHeight = 30.0
        public var headingSize = 15.0

        public init() {}

        var nameLead: Double { nameSize * 1.2 }
        var titleLead: Double { titleSize * 1.18 }
        var detailLead: Double { detailSize * 1.2 }
    }

    /// A box where it is drawn, with its text already broken into lines.
    public struct PlacedBox: Sendable {
        /// The box's index in `GovernanceChart.boxes`.
        public let box: Int
        public let rect: ChartRect
        public let row: Int
        public let nameLines: [String]
        public let titleLines: [String]
        public let detailLines: [String]
    }

    /// A level's row: its label on the left and where it is.
    public struct Row: Sendable {
        /// `Level 3`, `Sponsor` or `No level`.
        public let label: String
        public let titleLines: [String]
        public let top: Double
        public let height: Double

        public var bottom: Double { top + height }
    }

    /// A line as drawn: its kind and the corners it turns, from the lower group to the upper.
    public struct Route: Sendable {
        public let line: GovernanceChart.Line
        public let points: [ChartPoint]
    }

    /// An entry of the key: a sample and what it means.
    public struct LegendItem: Sendable {
        public enum Sample: Sendable, Equatable {
            case decisionMaking, nonDecisionMaking, nonGovernance, replaced
            case line(GovernanceChart.Line.Kind)
            /// A status word's colour band.
            case status(String)
        }

        public let sample: Sample
        public let label: String
        /// The sample's place; the label follows it on the right.
        public let swatch: ChartRect
    }

    public let style: Style
    public let width: Double
    public let height: Double
    public let rows: [Row]
    /// In the order of `GovernanceChart.boxes`.
    public let boxes: [PlacedBox]
    public let routes: [Route]
    /// The key, below the rows: only what the chart shows.
    public let legend: [LegendItem]

    public init(_ chart: GovernanceChart, style: Style = Style()) {
        self.style = style
        let count = chart.boxes.count

        // MARK: Rows
        var levelRows: [Int: Int] = [:]
        var labels: [(label: String, title: String?)] = []
        let sponsor = chart.boxes.firstIndex(where: \.isSponsor)
        let groupLevels = Set(chart.boxes.filter { !$0.isSponsor }.compactMap(\.level))
        var sponsorRow: Int?
        if sponsor != nil {
            sponsorRow = 0
            // The sponsor shares the first level's row when no group is in it (the seed's chart
            // draws "Ofgem as Sponsor" as level 1), and has a row of its own above otherwise.
            if chart.levels.first.map({ groupLevels.contains($0.number) }) ?? true { labels.append(("Sponsor", nil)) }
        }
        for level in chart.levels {
            levelRows[level.number] = labels.count
            labels.append(("Level \(level.number)", level.title))
        }
        var unplacedRow: Int?
        var rowOf = [Int](repeating: 0, count: count)
        for (index, box) in chart.boxes.enumerated() {
            if box.isSponsor, let sponsorRow {
                rowOf[index] = sponsorRow
            } else if let level = box.level, let row = levelRows[level] {
                rowOf[index] = row
            } else {
                if unplacedRow == nil {
                    unplacedRow = labels.count
                    labels.append(("No level", nil))
                }
                rowOf[index] = unplacedRow ?? 0
            }
        }

        // MARK: Box sizes and text
        var sizes: [(width: Double, height: Double)] = []
        var texts: [(name: [String], title: [String], details: [String])] = []
        for box in chart.boxes {
            let title = chart.shownTitle(of: box)
            let details = chart.details(of: box)
            // As wide as the name, and as its title's and details' longest words, within bounds.
            var widest = TextMetrics.width(box.name, size: style.nameSize, bold: true)
            if widest + 2 * style.padding > style.boxMaxWidth {
                widest = TextMetrics.widestPiece(box.name, size: style.nameSize, bold: true, identifier: true)
            }
            widest = Swift.max(widest, title.map { TextMetrics.widestPiece($0, size: style.titleSize) } ?? 0,
                               details.map { TextMetrics.widestPiece($0, size: style.detailSize) }.max() ?? 0)
            let width = Swift.min(style.boxMaxWidth, Swift.max(style.boxMinWidth, widest + 2 * style.padding))
            let inner = width - 2 * style.padding
            let name = TextMetrics.wrap(box.name, width: inner, size: style.nameSize, bold: true, identifier: true)
            let titleLines = title.map { TextMetrics.wrap($0, width: inner, size: style.titleSize) } ?? []
            let detailLines = details.flatMap { TextMetrics.wrap($0, width: inner, size: style.detailSize) }
            var height = style.stripe + style.padding + Double(name.count) * style.nameLead
            height += Double(titleLines.count) * style.titleLead
            if !detailLines.isEmpty { height += 3 + Double(detailLines.count) * style.detailLead }
            sizes.append((width, height + style.padding))
            texts.append((name, titleLines, detailLines))
        }

        // MARK: The tree the boxes are placed along
        // Node `count` stands above every row and is not drawn; it holds the boxes with no one
        // above them. A box's parent is always in a row above its own, so the tree has no cycle.
        let root = count
        var parent = [Int](repeating: root, count: count)
        var treeLine = [Int?](repeating: nil, count: count)
        for (lineIndex, line) in chart.lines.enumerated() where line.kind != .advises {
            guard chart.boxes.indices.contains(line.from), chart.boxes.indices.contains(line.to),
                  treeLine[line.from] == nil, rowOf[line.to] < rowOf[line.from] else { continue }
            parent[line.from] = line.to
            treeLine[line.from] = lineIndex
        }
        if let sponsor {
            for index in 0..<count where index != sponsor && parent[index] == root && rowOf[index] > rowOf[sponsor] {
                parent[index] = sponsor
            }
        }
        var children = [[Int]](repeating: [], count: count + 1)
        for index in 0..<count { children[parent[index]].append(index) }
        func row(_ node: Int) -> Int { node == root ? -1 : rowOf[node] }

        // MARK: Contours, children before parents
        var order: [Int] = []
        var stack = [root]
        while let node = stack.popLast() {
            order.append(node)
            stack.append(contentsOf: children[node].reversed())
        }
        /// A subtree's extent in each row from its own, relative to its box's centre.
        struct Contour {
            var left: [Double]
            var right: [Double]
        }
        var contours = [Contour?](repeating: nil, count: count + 1)
        // Each box's centre, and where its line comes up to its parent's row (its lane, when it
        // skips rows), relative to the parent's centre.
        var offset = [Double](repeating: 0, count: count + 1)
        var laneOffset = [Double](repeating: 0, count: count + 1)
        let half = style.lane / 2
        for node in order.reversed() {
            let ownRow = row(node)
            // The children packed left to right; index k is row `ownRow + 1 + k`.
            var packed = Contour(left: [], right: [])
            var packedLeft = Double.infinity
            var boxShifts: [Double] = [], laneShifts: [Double] = []
            for child in children[node] {
                let inner = contours[child] ?? Contour(left: [-sizes[child].width / 2], right: [sizes[child].width / 2])
                contours[child] = nil
                let skipped = Swift.max(0, row(child) - ownRow - 1)
                // The lane goes right of whatever the rows it passes hold so far; the box goes
                // right of what its own rows hold, and no further left than the children so
                // far reach, so that a box below a row of siblings can sit under them, its
                // line turning over to its lane in the channel above it.
                var laneShift = -Double.infinity, boxShift = -Double.infinity
                for k in 0..<Swift.min(skipped, packed.right.count) {
                    laneShift = Swift.max(laneShift, packed.right[k] + style.gap + half)
                }
                for (j, left) in inner.left.enumerated() where skipped + j < packed.right.count {
                    boxShift = Swift.max(boxShift, packed.right[skipped + j] - left + style.gap)
                }
                if packedLeft.isFinite, let first = inner.left.first { boxShift = Swift.max(boxShift, packedLeft - first) }
                if !boxShift.isFinite { boxShift = laneShift.isFinite ? laneShift : 0 }
                if !laneShift.isFinite { laneShift = boxShift }
                for k in 0..<(skipped + inner.left.count) {
                    let left = k < skipped ? laneShift - half : inner.left[k - skipped] + boxShift
                    let right = k < skipped ? laneShift + half : inner.right[k - skipped] + boxShift
                    if k < packed.right.count {
                        packed.left[k] = Swift.min(packed.left[k], left)
                        packed.right[k] = Swift.max(packed.right[k], right)
                    } else {
                        packed.left.append(left)
                        packed.right.append(right)
                    }
                    packedLeft = Swift.min(packedLeft, left)
                }
                boxShifts.append(boxShift)
                laneShifts.append(skipped > 0 ? laneShift : boxShift)
            }
            let centre = ((laneShifts.first ?? 0) + (laneShifts.last ?? 0)) / 2
            for (position, child) in children[node].enumerated() {
                offset[child] = boxShifts[position] - centre
                laneOffset[child] = laneShifts[position] - centre
            }
            let own = node == root ? 0 : sizes[node].width / 2
            contours[node] = Contour(left: [-own] + packed.left.map { $0 - centre },
                                     right: [own] + packed.right.map { $0 - centre })
        }

        // MARK: Positions
        var centreX = [Double](repeating: 0, count: count + 1)
        var laneX = [Double](repeating: 0, count: count + 1)
        for node in order where node != root {
            centreX[node] = centreX[parent[node]] + offset[node]
            laneX[node] = centreX[parent[node]] + laneOffset[node]
        }
        let leftmost = (0..<count).map { centreX[$0] - sizes[$0].width / 2 }.min() ?? 0
        let originX = style.margin + style.labelWidth + style.gap - leftmost
        let labelTitleSize = style.detailSize
        var rows: [Row] = []
        var top = style.margin + style.titleHeight
        var rowHeights = [Double](repeating: 0, count: labels.count)
        for index in 0..<count { rowHeights[rowOf[index]] = Swift.max(rowHeights[rowOf[index]], sizes[index].height) }
        for (index, label) in labels.enumerated() {
            let titleLines = label.title.map { TextMetrics.wrap($0, width: style.labelWidth - 4, size: labelTitleSize) } ?? []
            let labelHeight = style.nameLead + Double(titleLines.count) * style.detailLead + 6
            let height = Swift.max(rowHeights[index], labelHeight, 28)
            rows.append(Row(label: label.label, titleLines: titleLines, top: top, height: height))
            top += height + style.channel
        }
        var boxes: [PlacedBox] = []
        var right = style.margin + Swift.max(style.labelWidth, TextMetrics.width(chart.heading, size: style.headingSize, bold: true) * 1.1)
        for index in 0..<count {
            let rect = ChartRect(x: originX + centreX[index] - sizes[index].width / 2, y: rows[rowOf[index]].top,
                                 width: sizes[index].width, height: sizes[index].height)
            right = Swift.max(right, rect.maxX)
            boxes.append(PlacedBox(box: index, rect: rect, row: rowOf[index], nameLines: texts[index].name,
                                   titleLines: texts[index].title, detailLines: texts[index].details))
        }

        // MARK: Lines
        // Lines that turn over to a lane, staggered so that two never run along each other.
        var jogStep = [Double](repeating: 0, count: count + 1)
        for node in 0...count {
            let turning = children[node].filter { abs(laneX[$0] - centreX[$0]) > 0.05 }
            for (position, child) in turning.enumerated() {
                jogStep[child] = (Double(position) - Double(turning.count - 1) / 2) * 4
            }
        }
        var routes: [Route] = []
        for (lineIndex, line) in chart.lines.enumerated() {
            guard boxes.indices.contains(line.from), boxes.indices.contains(line.to) else { continue }
            let lower = boxes[line.from].rect, upper = boxes[line.to].rect
            let start = ChartPoint(x: lower.midX, y: lower.y)
            let end = ChartPoint(x: upper.midX, y: upper.maxY)
            var points: [ChartPoint]
            if treeLine[line.from] == lineIndex {
                // Along the tree: up the lane (turning over to it in the channel above the box,
                // lower the further right the box is among its parent's), then across in the
                // channel below the upper group's row, inside that group's columns.
                let bus = rows[rowOf[line.to]].bottom + style.channel / 2
                let lane = laneX[line.from] + originX
                points = [start]
                if abs(lane - start.x) > 0.05 {
                    let turn = rows[rowOf[line.from]].top - style.channel / 2 + jogStep[line.from]
                    points += [ChartPoint(x: start.x, y: turn), ChartPoint(x: lane, y: turn)]
                }
                points += [ChartPoint(x: lane, y: bus), ChartPoint(x: end.x, y: bus), end]
            } else {
                // Any other line turns in the channel above the lower group, and may pass boxes.
                let turn = rows[rowOf[line.from]].top - style.channel / 2 + (line.kind == .advises ? 4 : 0)
                points = [start, ChartPoint(x: start.x, y: turn), ChartPoint(x: end.x, y: turn), end]
            }
            points = Self.withoutRedundantCorners(points)
            routes.append(Route(line: line, points: points))
        }

        // MARK: Key
        var samples: [(LegendItem.Sample, String)] = []
        let groups = chart.boxes.filter { !$0.isSponsor }
        if groups.contains(where: { $0.decides && !$0.isReplaced }) { samples.append((.decisionMaking, "decision-making")) }
        if groups.contains(where: { !$0.decides && !$0.isReplaced }) { samples.append((.nonDecisionMaking, "non-decision-making")) }
        if groups.contains(where: { $0.nonGovernance && !$0.isReplaced }) { samples.append((.nonGovernance, "non-governance")) }
        if groups.contains(where: \.isReplaced) { samples.append((.replaced, "replaced")) }
        let kinds = Set(chart.lines.map(\.kind))
        for (kind, label) in [(GovernanceChart.Line.Kind.reports, "reports to"), (.reportsAndAdvises, "reports to and advises"),
                              (.advises, "advises")] where kinds.contains(kind) {
            samples.append((.line(kind), label))
        }
        let statuses = Set(groups.filter { !$0.isReplaced }.compactMap(\.status))
        for status in GroupVocabulary.status where statuses.contains(status) {
            samples.append((.status(status), GovernanceChart.statusPhrase(status)))
        }
        let available = Swift.max(right - style.margin, 300)
        var legend: [LegendItem] = []
        var x = style.margin, y = top
        let swatchWidth = 24.0, swatchHeight = 12.0
        for (sample, label) in samples {
            let itemWidth = swatchWidth + 5 + TextMetrics.width(label, size: style.detailSize) + 16
            if x > style.margin, x + itemWidth > style.margin + available {
                x = style.margin
                y += swatchHeight + 8
            }
            legend.append(LegendItem(sample: sample, label: label, swatch: ChartRect(x: x, y: y, width: swatchWidth, height: swatchHeight)))
            x += itemWidth
        }
        let bottom = legend.isEmpty ? top - style.channel : y + swatchHeight

        self.rows = rows
        self.boxes = boxes
        self.routes = routes
        self.legend = legend
        width = right + style.margin
        height = bottom + style.margin
    }

    /// The points with repeated points and straight-through corners taken out.
    static func withoutRedundantCorners(_ points: [ChartPoint]) -> [ChartPoint] {
        var kept: [ChartPoint] = []
        for point in points {
            if let last = kept.last, abs(last.x - point.x) < 0.05, abs(last.y - point.y) < 0.05 { continue }
            if kept.count >= 2 {
                let a = kept[kept.count - 2], b = kept[kept.count - 1]
                let straight = (abs(a.x - b.x) < 0.05 && abs(b.x - point.x) < 0.05) || (abs(a.y - b.y) < 0.05 && abs(b.y - point.y) < 0.05)
                if straight { kept[kept.count - 1] = point; continue }
            }
            kept.append(point)
        }
        return kept
    }
}
