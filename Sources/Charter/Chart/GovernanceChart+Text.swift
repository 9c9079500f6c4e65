/// The governance chart as text for other tools to lay out: a Mermaid flowchart (GitHub and
/// other Markdown renders it) and a Graphviz DOT graph. Both keep the levels as rows, upper
/// groups above the ones that report to them, and the same styles as the SVG.
extension GovernanceChart {
    /// The boxes of each row, top to bottom, with the row's label: the sponsor's row (its
    /// own unless the first level has no group), the levels, then any group with no level.
    func rowsForText() -> [(id: String, label: String, boxes: [Int])] {
        var rows: [(id: String, label: String, boxes: [Int])] = []
        let groupLevels = Set(boxes.filter { !$0.isSponsor }.compactMap(\.level))
        let sponsors = boxes.indices.filter { boxes[$0].isSponsor }
        var sponsorPlaced = sponsors.isEmpty
        if !sponsorPlaced, let first = levels.first, groupLevels.contains(first.number) {
            rows.append(("sponsor", "Sponsor", sponsors))
            sponsorPlaced = true
        }
        let declared = Set(levels.map(\.number))
        for level in levels {
            var members = boxes.indices.filter { !boxes[$0].isSponsor && boxes[$0].level == level.number }
            if !sponsorPlaced {
                members = sponsors + members
                sponsorPlaced = true
            }
            rows.append(("level_\(level.number)".replacingOccurrences(of: "-", with: "minus_"),
                         "Level \(level.number)" + (level.title.map { ": \($0)" } ?? ""), members))
        }
        let unplaced = boxes.indices.filter { index in
            !boxes[index].isSponsor && boxes[index].level.map { !declared.contains($0) } ?? true
        }
        if !unplaced.isEmpty || !sponsorPlaced { rows.append(("no_level", "No level", (sponsorPlaced ? [] : sponsors) + unplaced)) }
        return rows
    }

    private func textStyle(_ box: Box) -> String {
        if box.isSponsor { return "sponsor" }
        if box.isReplaced { return "replaced" }
        if box.nonGovernance { return box.decides ? "decides_nongovernance" : "nongovernance" }
        return box.decides ? "decides" : "advisory"
    }

    // MARK: - Mermaid

    public func mermaid() -> String {
        var out = "---\ntitle: \(Self.yamlQuoted(heading))\n---\n"
        out += "%% Boxes: bold border = decision-making; dashed = non-governance; grey dashed = replaced.\n"
        out += "%% Lines: --- reports to; === reports to and advises; -.- advises.\n"
        out += "flowchart TB\n"
        out += "  classDef sponsor fill:#fbf1dc,stroke:#7a5200,stroke-width:2px,color:#111111\n"
        out += "  classDef decides fill:#e4edf9,stroke:#1f3b63,stroke-width:2px,color:#111111\n"
        out += "  classDef advisory fill:#ffffff,stroke:#555555,stroke-width:1px,color:#111111\n"
        out += "  classDef decides_nongovernance fill:#e4edf9,stroke:#1f3b63,stroke-width:2px,stroke-dasharray:3 2,color:#111111\n"
        out += "  classDef nongovernance fill:#ffffff,stroke:#555555,stroke-width:1px,stroke-dasharray:3 2,color:#111111\n"
        out += "  classDef replaced fill:#eeeeee,stroke:#888888,stroke-width:1px,stroke-dasharray:6 3,color:#555555\n"
        let rows = rowsForText()
        for row in rows {
            out += "  subgraph \(row.id)[\"\(Self.mermaidText(row.label))\"]\n"
            out += "    direction LR\n"
            for index in row.boxes {
                let box = boxes[index]
                var label = "<b>" + Self.mermaidText(box.name) + "</b>"
                if let title = box.title { label += "<br/>" + Self.mermaidText(title) }
                for detail in details(of: box) { label += "<br/><i>" + Self.mermaidText(detail) + "</i>" }
                out += "    \(Self.nodeID(box.name))[\"\(label)\"]:::\(textStyle(box))\n"
            }
            out += "  end\n"
        }
        // Invisible links hold the rows in order where no line joins them.
        let firsts = rows.compactMap { $0.boxes.first }
        for (upper, lower) in zip(firsts, firsts.dropFirst()) {
            out += "  \(Self.nodeID(boxes[upper].name)) ~~~ \(Self.nodeID(boxes[lower].name))\n"
        }
        for line in lines {
            let upper = Self.nodeID(boxes[line.to].name), lower = Self.nodeID(boxes[line.from].name)
            switch line.kind {
            case .reports: out += "  \(upper) --- \(lower)\n"
            case .reportsAndAdvises: out += "  \(upper) === \(lower)\n"
            case .advises: out += "  \(upper) -. advises .- \(lower)\n"
            }
        }
        return out
    }

    /// A node's identifier in Mermaid and DOT: the group's name behind a prefix, so that no
    /// name can be one of their keywords (`end`, `graph`, `subgraph`).
    static func nodeID(_ name: String) -> String {
        "g_" + String(name.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" ? Character(scalar) : "_"
        })
    }

    /// Text inside a quoted Mermaid label: the characters Mermaid or its HTML would read as
    /// markup, as Mermaid's numeric entity codes (`#60;` for `<`).
    static func mermaidText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "<", ">", "&", "#", "`", "'": out += "#\(scalar.value);"
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "#65533;"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A YAML double-quoted scalar, for the title in a Mermaid diagram's front matter.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: - DOT

    public func dot() -> String {
        var out = "digraph governance {\n"
        out += "  graph [label=\"\(Self.dotText(heading))\", labelloc=t, fontname=\"Helvetica\", fontsize=16, newrank=true, "
            + "nodesep=0.2, ranksep=0.45];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, fillcolor=\"#ffffff\", "
            + "color=\"#555555\"];\n"
        out += "  edge [color=\"#333333\", dir=none];\n"
        let rows = rowsForText()
        for row in rows {
            out += "  \(row.id) [shape=plaintext, style=\"\", fontsize=11, label=\"\(Self.dotText(row.label))\"];\n"
        }
        for (upper, lower) in zip(rows, rows.dropFirst()) {
            out += "  \(upper.id) -> \(lower.id) [style=invis];\n"
        }
        for row in rows {
            for index in row.boxes {
                let box = boxes[index]
                // Graphviz does not wrap labels: titles are broken here, as the SVG breaks them.
                let title = box.title.map { TextMetrics.wrap($0, width: 150, size: 10) } ?? []
                let label = ([box.name] + title + details(of: box)).map(Self.dotText).joined(separator: "\\n")
                out += "  \(Self.nodeID(box.name)) [label=\"\(label)\"\(dotStyle(box))];\n"
            }
            out += "  { rank=same; \(([row.id] + row.boxes.map { Self.nodeID(boxes[$0].name) }).joined(separator: "; ")); }\n"
        }
        for line in lines {
            let upper = Self.nodeID(boxes[line.to].name), lower = Self.nodeID(boxes[line.from].name)
            switch line.kind {
            case .reports: out += "  \(upper) -> \(lower);\n"
            case .reportsAndAdvises: out += "  \(upper) -> \(lower) [dir=back, arrowtail=normal];\n"
            case .advises: out += "  \(upper) -> \(lower) [dir=back, arrowtail=normal, style=dashed, constraint=false];\n"
            }
        }
        return out + "}\n"
    }

    private func dotStyle(_ box: Box) -> String {
        switch textStyle(box) {
        case "sponsor": ", fillcolor=\"#fbf1dc\", color=\"#7a5200\", penwidth=2"
        case "decides": ", fillcolor=\"#e4edf9\", color=\"#1f3b63\", penwidth=2"
        case "decides_nongovernance": ", style=\"rounded,filled,dashed\", fillcolor=\"#e4edf9\", color=\"#1f3b63\", penwidth=2"
        case "nongovernance": ", style=\"rounded,filled,dashed\""
        case "replaced": ", style=\"rounded,filled,dashed\", fillcolor=\"#eeeeee\", color=\"#888888\", fontcolor=\"#555555\""
        default: ""
        }
    }

    /// Text inside a quoted DOT string: backslashes and quotes escaped (so that no title can
    /// end the string or be read as an escape such as `\N`), line breaks as spaces.
    static func dotText(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r", "\r\n", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
