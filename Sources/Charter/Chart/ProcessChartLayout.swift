/// Where a process flowchart's parts go: the steps in one column in the order written, the
/// ends below them, a way out to the next box straight down, and every other way out (a skip
/// ahead, a step back, a jump to an end) along a lane to the right of the column, where no box
/// is, so that no line passes through a box. Lanes are shared by ways out whose spans do not
/// meet.
public struct ProcessChartLayout: Sendable {
    public struct Style: Sendable {
        public var nameSize = 11.0
        public var titleSize = 10.0
        public var detailSize = 9.5
        public var columnWidth = 290.0
        public var endWidth = 130.0
        public var padding = 6.0
        /// Between boxes in the column, where a straight way out runs.
        public var gap = 30.0
        public var laneSpacing = 11.0
        public var margin = 16.0
        public var headingSize = 14.0

        public init() {}

        var nameLead: Double { nameSize * 1.25 }
        var titleLead: Double { titleSize * 1.2 }
        var detailLead: Double { detailSize * 1.2 }
    }

    public struct PlacedNode: Sendable {
        public let node: Int
        public let rect: ChartRect
        public let nameLines: [String]
        public let titleLines: [String]
        public let detailLines: [String]
        /// `added`, `removed`, `changed: title, by`, when the chart compares two versions.
        public let changeLine: String?
    }

    public struct Route: Sendable {
        public let edge: ProcessChart.Edge
        public let points: [ChartPoint]
        /// Where the `when` guard is written: its lines' first baseline, left-aligned.
        public let labelAt: ChartPoint?
        public let labelLines: [String]
    }

    public let style: Style
    public let width: Double
    public let height: Double
    /// The start mark above the first box.
    public let start: ChartPoint?
    public let nodes: [PlacedNode]
    public let routes: [Route]
    /// The appeal routes' lines, under the chart, and where the first baseline is.
    public let appealLines: [(text: String, change: ProcessChart.Change?)]
    public let appealsTop: Double

    public init(_ chart: ProcessChart, style: Style = Style()) {
        self.style = style
        let columnX = style.margin
        var y = style.margin + style.headingSize * 2.2
        let start = chart.nodes.isEmpty ? nil : ChartPoint(x: columnX + style.columnWidth / 2, y: y + 6)
        if start != nil { y += 12 + style.gap }
        var placed: [PlacedNode] = []
        for (index, node) in chart.nodes.enumerated() {
            let width = node.kind == .end ? style.endWidth : style.columnWidth
            // A little inside the padding: a face wider than the estimate still fits.
            let inner = width - 2 * style.padding - 8
            let name = TextMetrics.wrap(node.name, width: inner, size: style.nameSize, bold: true, identifier: true)
            let title = node.title.map { TextMetrics.wrap($0, width: inner, size: style.titleSize) } ?? []
            let details = node.details.flatMap { TextMetrics.wrap($0, width: inner, size: style.detailSize) }
            let change: String? = switch node.change {
            case .added?: "added"
            case .removed?: "removed"
            case .changed(let parts)?: "changed: " + parts.joined(separator: ", ")
            case nil: nil
            }
            var height = 2 * style.padding + Double(name.count) * style.nameLead + Double(title.count) * style.titleLead
            height += Double(details.count + (change == nil ? 0 : 1)) * style.detailLead
            if node.kind == .end { height = Swift.max(height, 26) }
            let rect = ChartRect(x: columnX + (style.columnWidth - width) / 2, y: y, width: width, height: height)
            placed.append(PlacedNode(node: index, rect: rect, nameLines: name, titleLines: title, detailLines: details, changeLine: change))
            y += height + style.gap
        }
        let bottom = y - style.gap

        // Which ways out go straight down, and which take a lane.
        var straight = Set<Int>()
        var laned: [Int] = []
        var seenStraight = Set<Int>()
        for (index, edge) in chart.edges.enumerated() {
            if edge.to == edge.from + 1, placed.indices.contains(edge.to), seenStraight.insert(edge.from).inserted {
                straight.insert(index)
            } else {
                laned.append(index)
            }
        }
        // Each box's right edge is shared out among the lanes that leave or reach it.
        var ports = [[Int]](repeating: [], count: placed.count)
        for index in laned {
            let edge = chart.edges[index]
            guard placed.indices.contains(edge.from), placed.indices.contains(edge.to) else { continue }
            ports[edge.from].append(index)
            if edge.to != edge.from { ports[edge.to].append(index) }
        }
        func portY(_ node: Int, _ edge: Int) -> Double {
            let rect = placed[node].rect
            let slot = ports[node].firstIndex(of: edge) ?? 0
            return rect.y + rect.height * Double(slot + 1) / Double(ports[node].count + 1)
        }
        // Lanes: the shortest spans nearest the column; a lane is reused when spans do not meet.
        let spans = laned.compactMap { index -> (edge: Int, top: Double, bottom: Double)? in
            let edge = chart.edges[index]
            guard placed.indices.contains(edge.from), placed.indices.contains(edge.to) else { return nil }
            let a = portY(edge.from, index), b = portY(edge.to, index)
            return (index, Swift.min(a, b), Swift.max(a, b))
        }.sorted { ($0.bottom - $0.top, $0.top) < ($1.bottom - $1.top, $1.top) }
        var laneSpans: [[(top: Double, bottom: Double)]] = []
        var laneOf: [Int: Int] = [:]
        for span in spans {
            let free = laneSpans.firstIndex { taken in taken.allSatisfy { $0.bottom + 4 < span.top || span.bottom + 4 < $0.top } }
            let lane = free ?? laneSpans.count
            if free == nil { laneSpans.append([]) }
            laneSpans[lane].append((span.top, span.bottom))
            laneOf[span.edge] = lane
        }
        let laneBase = columnX + style.columnWidth + 18

        var routes: [Route] = []
        var right = columnX + style.columnWidth
        for (index, edge) in chart.edges.enumerated() {
            guard placed.indices.contains(edge.from), placed.indices.contains(edge.to) else { continue }
            let source = placed[edge.from].rect, target = placed[edge.to].rect
            let label = edge.condition.map { TextMetrics.wrap("when " + $0, width: 200, size: style.detailSize) } ?? []
            if straight.contains(index) {
                let x = source.midX
                let points = [ChartPoint(x: x, y: source.maxY), ChartPoint(x: x, y: target.y)]
                let at = label.isEmpty ? nil : ChartPoint(x: x + 6, y: source.maxY + style.detailSize + 2)
                routes.append(Route(edge: edge, points: points, labelAt: at, labelLines: label))
                if let at { right = Swift.max(right, at.x + (label.map { TextMetrics.width($0, size: style.detailSize) }.max() ?? 0)) }
            } else {
                let lane = laneBase + Double(laneOf[index] ?? 0) * style.laneSpacing
                let from = ChartPoint(x: source.maxX, y: portY(edge.from, index))
                // A step that leads back to itself leaves and returns a little lower.
                let to = ChartPoint(x: target.maxX, y: edge.from == edge.to ? Swift.min(from.y + 10, target.maxY - 2) : portY(edge.to, index))
                let points = [from, ChartPoint(x: lane, y: from.y), ChartPoint(x: lane, y: to.y), to]
                let at = label.isEmpty ? nil : ChartPoint(x: lane + 5, y: from.y - 3 - Double(label.count - 1) * style.detailLead)
                routes.append(Route(edge: edge, points: points, labelAt: at, labelLines: label))
                right = Swift.max(right, lane)
                if let at { right = Swift.max(right, at.x + (label.map { TextMetrics.width($0, size: style.detailSize) }.max() ?? 0)) }
            }
        }
        var appealLines: [(String, ProcessChart.Change?)] = chart.appeals.map { appeal in
            let mark: String = switch appeal.change {
            case .added?: " (added)"
            case .removed?: " (removed)"
            case .changed?: " (changed)"
            case nil: ""
            }
            return ("Appeal: " + appeal.text + mark, appeal.change)
        }
        if chart.appeals.isEmpty { appealLines = [] }
        for line in appealLines { right = Swift.max(right, columnX + TextMetrics.width(line.0, size: style.titleSize)) }
        right = Swift.max(right, columnX + TextMetrics.width(chart.heading, size: style.headingSize, bold: true) * 1.1,
                          columnX + TextMetrics.width(chart.subheading, size: style.detailSize) * 1.1)
        self.start = start
        nodes = placed
        self.routes = routes
        self.appealLines = appealLines
        appealsTop = bottom + 24
        width = right + style.margin
        height = bottom + 24 + Double(appealLines.count) * style.titleLead * 1.3 + style.margin
    }
}
