/// A process flowchart as a standalone SVG document, laid out by `ProcessChartLayout`. Deciding
/// steps, ends and (in a comparison) added, removed and changed parts are told apart by their
/// borders and in words, so that the chart reads printed in black and white.
extension ProcessChart {
    public var heading: String { title ?? name }

    public var subheading: String {
        isComparison ? "process \(name), before and after: what the change adds, removes and changes is marked" : "process \(name)"
    }

    public func svg(style: ProcessChartLayout.Style = ProcessChartLayout.Style()) -> String {
        svg(layout: ProcessChartLayout(self, style: style))
    }

    public func svg(layout: ProcessChartLayout) -> String {
        let style = layout.style
        let n = Markup.number
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(layout.width))" height="\(n(layout.height))" \
            viewBox="0 0 \(n(layout.width)) \(n(layout.height))" font-family="Helvetica, Arial, &#39;Liberation Sans&#39;, sans-serif" \
            role="img" aria-labelledby="chart-title">
            <title id="chart-title">\(Markup.xml(heading + " — " + subheading))</title>
            <style>
            .heading { font-size: \(n(style.headingSize))px; font-weight: bold; fill: #111; }
            .subheading { font-size: \(n(style.detailSize))px; fill: #333; }
            .step { fill: #ffffff; stroke: #555555; stroke-width: 1; }
            .step.decides { fill: #e4edf9; stroke: #1f3b63; stroke-width: 2.2; }
            .end { fill: #eeeeee; stroke: #333333; stroke-width: 1.5; }
            .added { stroke: #2e7d32; stroke-width: 2.6; }
            .removed { stroke: #c62828; stroke-width: 1.6; stroke-dasharray: 6 3; }
            .changed { stroke: #d97f00; stroke-width: 2.6; }
            .gone text { fill: #777777; }
            .name { font-size: \(n(style.nameSize))px; font-weight: bold; fill: #111; }
            .title { font-size: \(n(style.titleSize))px; fill: #222; }
            .detail { font-size: \(n(style.detailSize))px; font-style: italic; fill: #333; }
            .mark { font-size: \(n(style.detailSize))px; font-weight: bold; fill: #111; }
            .way { fill: none; stroke: #333333; stroke-width: 1.2; }
            .way.added { stroke: #2e7d32; stroke-width: 2; }
            .way.removed { stroke: #c62828; stroke-width: 1.4; stroke-dasharray: 6 3; }
            .guard { font-size: \(n(style.detailSize))px; font-style: italic; fill: #333; }
            .appeal { font-size: \(n(style.titleSize))px; fill: #222; }
            </style>
            <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">\
            <path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker>
            </defs>
            <text class="heading" x="\(n(style.margin))" y="\(n(style.margin + style.headingSize))">\(Markup.xml(heading))</text>
            <text class="subheading" x="\(n(style.margin))" y="\(n(style.margin + style.headingSize * 2))">\(Markup.xml(subheading))</text>

            """
        if let start = layout.start, let first = layout.nodes.first {
            out += "<circle cx=\"\(n(start.x))\" cy=\"\(n(start.y))\" r=\"6\" fill=\"#333333\"/>"
            out += "<text class=\"detail\" x=\"\(n(start.x + 10))\" y=\"\(n(start.y + 3))\">start</text>"
            out += "<polyline class=\"way\" points=\"\(n(start.x)),\(n(start.y + 6)) \(n(start.x)),\(n(first.rect.y))\" marker-end=\"url(#arrow)\"/>\n"
        }
        for route in layout.routes {
            let points = route.points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
            out += "<polyline class=\"way\(Self.changeClass(route.edge.change))\" points=\"\(points)\" marker-end=\"url(#arrow)\"/>"
            if let at = route.labelAt {
                for (index, line) in route.labelLines.enumerated() {
                    out += "<text class=\"guard\" x=\"\(n(at.x))\" y=\"\(n(at.y + Double(index) * style.detailLead))\">\(Markup.xml(line))</text>"
                }
            }
            out += "\n"
        }
        for placed in layout.nodes where nodes.indices.contains(placed.node) {
            out += nodeElement(nodes[placed.node], placed, style: style) + "\n"
        }
        for (index, line) in layout.appealLines.enumerated() {
            let y = layout.appealsTop + Double(index) * style.titleLead * 1.3
            out += "<text class=\"appeal\" x=\"\(n(style.margin))\" y=\"\(n(y))\">\(Markup.xml(line.text))</text>\n"
        }
        return out + "</svg>\n"
    }

    static func changeClass(_ change: Change?) -> String {
        switch change {
        case .added?: " added"
        case .removed?: " removed"
        case .changed?: " changed"
        case nil: ""
        }
    }

    private func nodeElement(_ node: Node, _ placed: ProcessChartLayout.PlacedNode, style: ProcessChartLayout.Style) -> String {
        let n = Markup.number
        let rect = placed.rect
        let kind = node.kind == .end ? "end" : node.decides ? "step decides" : "step"
        let gone = node.change == .removed ? " gone" : ""
        var out = "<g class=\"\(node.kind == .end ? "end" : "step")\(gone)\" id=\"step-\(Markup.xml(node.name))\">"
        out += "<title>\(Markup.xml(node.name + (node.title.map { ": \($0)" } ?? "")))</title>"
        let radius = node.kind == .end ? rect.height / 2 : 4
        out += "<rect class=\"\(kind)\(Self.changeClass(node.change))\" x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" "
            + "height=\"\(n(rect.height))\" rx=\"\(n(radius))\"/>"
        var y = rect.y + style.padding
        let x = n(rect.midX)
        func lines(_ texts: [String], _ kind: String, size: Double, lead: Double) {
            for text in texts {
                y += lead
                out += "<text class=\"\(kind)\" x=\"\(x)\" y=\"\(n(y - (lead - size) - 1.5))\" text-anchor=\"middle\">\(Markup.xml(text))</text>"
            }
        }
        if let change = placed.changeLine { lines([change], "mark", size: style.detailSize, lead: style.detailLead) }
        lines(placed.nameLines, "name", size: style.nameSize, lead: style.nameLead)
        lines(placed.titleLines, "title", size: style.titleSize, lead: style.titleLead)
        lines(placed.detailLines, "detail", size: style.detailSize, lead: style.detailLead)
        return out + "</g>"
    }
}
