/// The governance chart as a standalone SVG document, laid out by `GovernanceChartLayout`:
/// rows labelled with their levels, boxes styled by what the groups are, the lines beneath
/// them and a key at the foot. Everything that matters is said in words as well as colour, so
/// that it reads printed in black and white.
extension GovernanceChart {
    /// The colour band of each status, in the order of the key.
    static let statusColours: [String: String] = [
        "mobilised": "#2e7d32", "mobilising": "#f2a900", "future": "#1e6bb8", "may_be_mobilised": "#8e44ad", "ad_hoc": "#7f8c8d",
    ]

    public func svg(style: GovernanceChartLayout.Style = GovernanceChartLayout.Style()) -> String {
        svg(layout: GovernanceChartLayout(self, style: style))
    }

    public func svg(layout: GovernanceChartLayout) -> String {
        let style = layout.style
        let n = Markup.number
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(layout.width))" height="\(n(layout.height))" \
            viewBox="0 0 \(n(layout.width)) \(n(layout.height))" font-family="Helvetica, Arial, &#39;Liberation Sans&#39;, sans-serif" role="img" \
            aria-labelledby="chart-title">
            <title id="chart-title">\(Markup.xml(heading))</title>
            <style>
            .heading { font-size: \(n(style.headingSize))px; font-weight: bold; fill: #111; }
            .band { fill: #f4f5f7; }
            .level { font-size: \(n(style.nameSize))px; font-weight: bold; fill: #222; }
            .level-title { font-size: \(n(style.detailSize))px; fill: #333; }
            .box { fill: #ffffff; stroke: #555555; stroke-width: 1; }
            .box.decides { fill: #e4edf9; stroke: #1f3b63; stroke-width: 2.2; }
            .box.non-governance { stroke-dasharray: 3 2; }
            .box.replaced { fill: #eeeeee; stroke: #888888; stroke-width: 1; stroke-dasharray: 6 3; }
            .box.sponsor { fill: #fbf1dc; stroke: #7a5200; stroke-width: 2.2; }
            .name { font-size: \(n(style.nameSize))px; font-weight: bold; fill: #111; }
            .title { font-size: \(n(style.titleSize))px; fill: #222; }
            .detail { font-size: \(n(style.detailSize))px; font-style: italic; fill: #333; }
            .replaced text { fill: #555555; }
            .line { fill: none; stroke: #333333; stroke-width: 1.3; }
            .line.advises { stroke-dasharray: 5 3; }
            .key { font-size: \(n(style.detailSize))px; fill: #222; }
            </style>
            <defs>
            <marker id="advice" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">\
            <path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker>
            </defs>
            <text class="heading" x="\(n(style.margin))" y="\(n(style.margin + 14))">\(Markup.xml(heading))</text>

            """
        for row in layout.rows {
            out += "<g class=\"row\">"
            out += "<rect class=\"band\" x=\"\(n(style.margin))\" y=\"\(n(row.top - 5))\" width=\"\(n(layout.width - 2 * style.margin))\" "
                + "height=\"\(n(row.height + 10))\"/>"
            var y = row.top + style.nameSize
            out += "<text class=\"level\" x=\"\(n(style.margin + 4))\" y=\"\(n(y))\">\(Markup.xml(row.label))</text>"
            y += 2
            for line in row.titleLines {
                y += style.detailLead
                out += "<text class=\"level-title\" x=\"\(n(style.margin + 4))\" y=\"\(n(y))\">\(Markup.xml(line))</text>"
            }
            out += "</g>\n"
        }
        for route in layout.routes {
            let points = route.points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
            out += "<polyline " + lineAttributes(route.line.kind) + " points=\"\(points)\"/>\n"
        }
        for placed in layout.boxes {
            guard boxes.indices.contains(placed.box) else { continue }
            let box = boxes[placed.box]
            out += boxElement(box, placed, style: style) + "\n"
        }
        for item in layout.legend {
            out += legendElement(item, style: style) + "\n"
        }
        out += "</svg>\n"
        return out
    }

    private func lineAttributes(_ kind: Line.Kind) -> String {
        switch kind {
        case .reports: "class=\"line reports\""
        case .reportsAndAdvises: "class=\"line reports-advises\" marker-end=\"url(#advice)\""
        case .advises: "class=\"line advises\" marker-end=\"url(#advice)\""
        }
    }

    private func boxClass(_ box: Box) -> String {
        if box.isSponsor { return "box sponsor" }
        if box.isReplaced { return "box replaced" }
        var names = ["box"]
        if box.decides { names.append("decides") }
        if box.nonGovernance { names.append("non-governance") }
        return names.joined(separator: " ")
    }

    private func boxElement(_ box: Box, _ placed: GovernanceChartLayout.PlacedBox, style: GovernanceChartLayout.Style) -> String {
        let n = Markup.number
        let rect = placed.rect
        let tooltip = box.name + (box.title.map { ": \($0)" } ?? "")
        var out = "<g class=\"group\(box.isReplaced ? " replaced" : "")\" id=\"group-\(Markup.xml(box.name))\">"
        out += "<title>\(Markup.xml(tooltip))</title>"
        out += "<rect class=\"\(boxClass(box))\" x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" "
            + "height=\"\(n(rect.height))\" rx=\"3\"/>"
        if !box.isReplaced, let status = box.status, let colour = Self.statusColours[status] {
            out += "<rect class=\"status \(Markup.xml(status))\" x=\"\(n(rect.x + 1))\" y=\"\(n(rect.y + 1))\" "
                + "width=\"\(n(rect.width - 2))\" height=\"\(n(style.stripe))\" fill=\"\(colour)\"/>"
        }
        var y = rect.y + style.stripe + style.padding
        let x = n(rect.midX)
        func lines(_ texts: [String], _ kind: String, size: Double, lead: Double) {
            for text in texts {
                y += lead
                out += "<text class=\"\(kind)\" x=\"\(x)\" y=\"\(n(y - (lead - size) - 1.5))\" text-anchor=\"middle\">\(Markup.xml(text))</text>"
            }
        }
        lines(placed.nameLines, "name", size: style.nameSize, lead: style.nameLead)
        lines(placed.titleLines, "title", size: style.titleSize, lead: style.titleLead)
        if !placed.detailLines.isEmpty { y += 3 }
        lines(placed.detailLines, "detail", size: style.detailSize, lead: style.detailLead)
        return out + "</g>"
    }

    private func legendElement(_ item: GovernanceChartLayout.LegendItem, style: GovernanceChartLayout.Style) -> String {
        let n = Markup.number
        let swatch = item.swatch
        var out = "<g class=\"key-item\">"
        let rect = "x=\"\(n(swatch.x))\" y=\"\(n(swatch.y))\" width=\"\(n(swatch.width))\" height=\"\(n(swatch.height))\""
        switch item.sample {
        case .decisionMaking: out += "<rect class=\"box decides\" \(rect) rx=\"2\"/>"
        case .nonDecisionMaking: out += "<rect class=\"box\" \(rect) rx=\"2\"/>"
        case .nonGovernance: out += "<rect class=\"box non-governance\" \(rect) rx=\"2\"/>"
        case .replaced: out += "<rect class=\"box replaced\" \(rect) rx=\"2\"/>"
        case .line(let kind):
            let y = n(swatch.y + swatch.height / 2)
            out += "<polyline " + lineAttributes(kind) + " points=\"\(n(swatch.x)),\(y) \(n(swatch.maxX)),\(y)\"/>"
        case .status(let status):
            out += "<rect class=\"status \(Markup.xml(status))\" x=\"\(n(swatch.x))\" y=\"\(n(swatch.y + 3))\" "
                + "width=\"\(n(swatch.width))\" height=\"\(n(style.stripe + 1))\" fill=\"\(Self.statusColours[status] ?? "#999999")\"/>"
        }
        out += "<text class=\"key\" x=\"\(n(swatch.maxX + 5))\" y=\"\(n(swatch.y + swatch.height - 2))\">\(Markup.xml(item.label))</text>"
        return out + "</g>"
    }
}
