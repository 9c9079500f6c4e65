/// A process flowchart as Mermaid and as Graphviz DOT: deciding steps as hexagons, ends as
/// rounded boxes, guards on the ways out, and in a comparison what was added, removed or
/// changed marked in the label and by colour.
extension ProcessChart {
    private func changeWord(_ change: Change?) -> String? {
        switch change {
        case .added?: "added"
        case .removed?: "removed"
        case .changed(let parts)?: "changed: " + parts.joined(separator: ", ")
        case nil: nil
        }
    }

    private func nodeID(_ index: Int) -> String {
        (nodes[index].kind == .end ? "e_" : "s_") + String(GovernanceChart.nodeID(nodes[index].name).dropFirst(2))
    }

    public func mermaid() -> String {
        var out = "---\ntitle: \(GovernanceChart.yamlQuoted(heading + " — " + subheading))\n---\n"
        out += "%% Hexagons decide; rounded boxes are ends."
        out += isComparison ? " Green: added; red, dashed: removed; amber: changed.\n" : "\n"
        out += "flowchart TD\n"
        out += "  classDef added stroke:#2e7d32,stroke-width:3px\n"
        out += "  classDef removed stroke:#c62828,stroke-width:2px,stroke-dasharray:6 3,color:#777777\n"
        out += "  classDef changed stroke:#d97f00,stroke-width:3px\n"
        out += "  classDef decides fill:#e4edf9,stroke:#1f3b63,stroke-width:2px\n"
        out += "  start((start))\n"
        for (index, node) in nodes.enumerated() {
            var label = ""
            if let change = changeWord(node.change) { label += "<b>" + GovernanceChart.mermaidText(change) + "</b><br/>" }
            label += "<b>" + GovernanceChart.mermaidText(node.name) + "</b>"
            if let title = node.title { label += "<br/>" + GovernanceChart.mermaidText(title) }
            for detail in node.details { label += "<br/><i>" + GovernanceChart.mermaidText(detail) + "</i>" }
            let shape = node.kind == .end ? ("([\"", "\"])") : node.decides ? ("{{\"", "\"}}") : ("[\"", "\"]")
            var classes: [String] = []
            if node.decides && node.kind == .step { classes.append("decides") }
            switch node.change {
            case .added?: classes.append("added")
            case .removed?: classes.append("removed")
            case .changed?: classes.append("changed")
            case nil: break
            }
            out += "  \(nodeID(index))\(shape.0)\(label)\(shape.1)" + (classes.isEmpty ? "" : ":::" + classes.joined(separator: "_")) + "\n"
        }
        // Mermaid's class names cannot be combined on a node, so a deciding step that changed
        // gets a class of its own.
        for combined in ["decides_added", "decides_removed", "decides_changed"] where out.contains(":::\(combined)\n") {
            let change = combined.dropFirst("decides_".count)
            let stroke = change == "added" ? "stroke:#2e7d32,stroke-width:3px" : change == "removed"
                ? "stroke:#c62828,stroke-width:2px,stroke-dasharray:6 3,color:#777777" : "stroke:#d97f00,stroke-width:3px"
            out += "  classDef \(combined) fill:#e4edf9,\(stroke)\n"
        }
        var links: [String] = []
        var styles: [String] = []
        if !nodes.isEmpty { links.append("  start --> \(nodeID(0))") }
        for edge in edges where nodes.indices.contains(edge.from) && nodes.indices.contains(edge.to) {
            var words: [String] = []
            if let condition = edge.condition { words.append("when " + condition) }
            if let change = changeWord(edge.change) { words.append("(\(change))") }
            let arrow = edge.change == .removed ? "-.->" : "-->"
            let label = words.isEmpty ? "" : "|\"" + GovernanceChart.mermaidText(words.joined(separator: " ")) + "\"|"
            switch edge.change {
            case .added?: styles.append("  linkStyle \(links.count) stroke:#2e7d32,stroke-width:2px")
            case .removed?: styles.append("  linkStyle \(links.count) stroke:#c62828,stroke-width:2px")
            default: break
            }
            links.append("  \(nodeID(edge.from)) \(arrow)\(label) \(nodeID(edge.to))")
        }
        out += links.joined(separator: "\n") + (links.isEmpty ? "" : "\n")
        out += styles.joined(separator: "\n") + (styles.isEmpty ? "" : "\n")
        // Appeal routes as notes beside the chart: they lead to no step.
        for (index, appeal) in appeals.enumerated() {
            let text = "Appeal: " + appeal.text + (changeWord(appeal.change).map { " (\($0))" } ?? "")
            out += "  appeal_\(index + 1)>\"\(GovernanceChart.mermaidText(text))\"]"
            switch appeal.change {
            case .added?: out += ":::added"
            case .removed?: out += ":::removed"
            default: break
            }
            out += "\n"
        }
        return out
    }

    public func dot() -> String {
        var out = "digraph process {\n"
        // The label's line breaks are written here, so only the text is escaped.
        let escapedLabel = ([heading, subheading] + appeals.map { "Appeal: " + $0.text + (changeWord($0.change).map { " (\($0))" } ?? "") })
            .map(GovernanceChart.dotText).joined(separator: "\\n")
        out += "  graph [label=\"\(escapedLabel)\", labelloc=t, fontname=\"Helvetica\", fontsize=14, rankdir=TB, nodesep=0.3];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [color=\"#333333\", fontname=\"Helvetica\", fontsize=9];\n"
        out += "  start [shape=circle, label=\"start\", style=filled, fillcolor=\"#333333\", fontcolor=\"#ffffff\", width=0.5];\n"
        for (index, node) in nodes.enumerated() {
            var lines: [String] = []
            if let change = changeWord(node.change) { lines.append(change) }
            lines.append(node.name)
            if let title = node.title { lines += TextMetrics.wrap(title, width: 230, size: 10) }
            lines += node.details
            var attributes = "label=\"\(lines.map(GovernanceChart.dotText).joined(separator: "\\n"))\""
            if node.kind == .end { attributes += ", shape=box, style=\"rounded,filled\", fillcolor=\"#eeeeee\"" }
            else if node.decides { attributes += ", shape=hexagon, style=filled, fillcolor=\"#e4edf9\", color=\"#1f3b63\", penwidth=2" }
            switch node.change {
            case .added?: attributes += ", color=\"#2e7d32\", penwidth=3"
            case .removed?: attributes += ", color=\"#c62828\", fontcolor=\"#777777\", penwidth=2, style=\"\(node.kind == .end || !node.decides ? "rounded," : "")filled,dashed\""
            case .changed?: attributes += ", color=\"#d97f00\", penwidth=3"
            case nil: break
            }
            out += "  \(nodeID(index)) [\(attributes)];\n"
        }
        if !nodes.isEmpty { out += "  start -> \(nodeID(0));\n" }
        for edge in edges where nodes.indices.contains(edge.from) && nodes.indices.contains(edge.to) {
            var attributes: [String] = []
            var words: [String] = []
            if let condition = edge.condition { words.append("when " + condition) }
            if let change = changeWord(edge.change) { words.append("(\(change))") }
            if !words.isEmpty { attributes.append("label=\"\(GovernanceChart.dotText(words.joined(separator: " ")))\"") }
            switch edge.change {
            case .added?: attributes.append("color=\"#2e7d32\", penwidth=2")
            case .removed?: attributes.append("color=\"#c62828\", style=dashed")
            default: break
            }
            out += "  \(nodeID(edge.from)) -> \(nodeID(edge.to))" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";\n"
        }
        return out + "}\n"
    }
}
