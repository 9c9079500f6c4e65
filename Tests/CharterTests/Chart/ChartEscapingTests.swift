@testable import Charter
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Titles with markup characters, quotes and right-to-left script come out of every chart
/// format as the same text: the SVG is well-formed XML whose text reads back unchanged, and
/// the DOT and Mermaid labels decode to the title.
@Suite struct ChartEscapingTests {
    static let awkward = #"<b>Board</b> & "Friends" 'of' מועצת המנהלים #60; \N end"#

    static func chart() throws -> GovernanceChart {
        let quoted = awkward.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: """
            charter "Programme \(quoted)" { sponsor Funder }
            role Funder "Funder \(quoted)"
            level 1 "Top \(quoted)"
            level 2 "Below"
            group subgraph "\(quoted)" { level 2  decides }
            """, path: "awkward.charter", into: &loaded)
        let result = loaded.check()
        return GovernanceChart(try #require(result, "\(loaded.diagnostics.map(\.message))").rulebook)
    }

    /// The text of every element of an XML document, in document order.
    final class TextCollector: NSObject, XMLParserDelegate {
        var texts: [String] = []
        var current = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if !current.isEmpty { texts.append(current) }
            current = ""
        }
    }

    @Test func theSVGIsWellFormedAndItsTextReadsBack() throws {
        let chart = try Self.chart()
        let svg = chart.svg()
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // Each box's tooltip has its name and whole title; its lines have the title wrapped.
        #expect(collector.texts.contains("subgraph: " + Self.awkward), "\(collector.texts)")
        #expect(collector.texts.contains("Funder: Funder " + Self.awkward))
        let boxLines = collector.texts.drop { $0 != "subgraph" }.dropFirst().prefix { $0 != "decision-making" }
        #expect(boxLines.joined(separator: " ") == Self.awkward)
        #expect(collector.texts.contains("Programme \(Self.awkward): governance and decision-making structure"))
    }

    @Test func markupIsEscapedAndControlCharactersReplaced() {
        #expect(Markup.xml("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        #expect(Markup.xml("bell\u{07}tab\t") == "bell\u{FFFD}tab ")
        #expect(Markup.xml("מועצה") == "מועצה")
    }

    /// The label of node `id` in a DOT graph, its escapes undone.
    static func dotLabel(_ dot: String, node id: String) -> String? {
        guard let line = dot.split(separator: "\n").first(where: { $0.hasPrefix("  \(id) [label=\"") }) else { return nil }
        var label = ""
        var escaped = false
        for character in line.dropFirst("  \(id) [label=\"".count) {
            if escaped {
                label.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return label
            } else {
                label.append(character)
            }
        }
        return nil
    }

    @Test func dotLabelsDecodeToTheTitles() throws {
        let chart = try Self.chart()
        let dot = chart.dot()
        let label = try #require(Self.dotLabel(dot, node: "g_subgraph"))
        // The name, then the title broken into lines.
        let lines = label.split(separator: "\n").map(String.init)
        #expect(lines.first == "subgraph")
        #expect(lines.dropFirst().joined(separator: " ") == Self.awkward)
        #expect(!dot.contains("\n  subgraph"), "a group named as a DOT keyword is a node id behind a prefix")
    }

    /// Mermaid's `#NN;` entity codes undone.
    static func mermaidDecoded(_ text: some StringProtocol) -> String {
        var out = ""
        var rest = Substring(text)
        while let hash = rest.firstIndex(of: "#") {
            out += rest[..<hash]
            let after = rest[rest.index(after: hash)...]
            if let semicolon = after.firstIndex(of: ";"), let code = UInt32(after[..<semicolon]), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "#"
                rest = after
            }
        }
        return out + rest
    }

    @Test func mermaidLabelsDecodeToTheTitles() throws {
        let mermaid = try Self.chart().mermaid()
        let line = try #require(mermaid.split(separator: "\n").first { $0.hasPrefix("    g_subgraph[") })
        let label = try #require(line.split(separator: "\"").dropFirst().first)
        #expect(!label.contains("&") && !label.contains("'"))
        let parts = label.components(separatedBy: "<br/>")
        #expect(parts.first == "<b>subgraph</b>")
        #expect(parts.count > 1 && Self.mermaidDecoded(parts[1]) == Self.awkward)
    }
}
