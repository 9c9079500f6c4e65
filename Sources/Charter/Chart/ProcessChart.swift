/// A process as a flowchart: its steps in order, each with who acts, whether it decides, the
/// rules it checks and its time limits; the ways out of each step with their `when` guards;
/// the ends; and the appeal routes. Compared with another version of the process (a what-if),
/// one chart with the steps and ways out that were added, removed or changed marked.
public struct ProcessChart: Sendable {
    /// How a step or a way out differs from the version compared with.
    public enum Change: Sendable, Equatable {
        case added
        case removed
        /// Present in both, with these parts different (`title`, `by`, `decides`, …).
        case changed([String])
    }

    public struct Node: Sendable {
        public enum Kind: Sendable, Equatable { case step, end }

        public let name: String
        public let kind: Kind
        public let title: String?
        public let actors: [String]
        public let decides: Bool
        public let checks: [String]
        /// `lasts 10 working days`, as written.
        public let lasts: String?
        public let waits: String?
        public var change: Change?

        /// The lines a box shows under its name and title.
        public var details: [String] {
            var lines: [String] = []
            if !actors.isEmpty { lines.append("by " + actors.joined(separator: ", ") + (decides ? " (decides)" : "")) }
            else if decides { lines.append("decides") }
            if !checks.isEmpty { lines.append("check " + checks.joined(separator: ", ")) }
            if let lasts { lines.append(lasts) }
            if let waits { lines.append(waits) }
            return lines
        }
    }

    /// A way out of a step, by the nodes' indices.
    public struct Edge: Sendable, Equatable {
        public let from: Int
        public let to: Int
        /// The `when` guard, as written.
        public let condition: String?
        public var change: Change?
    }

    public struct Appeal: Sendable, Equatable {
        public let against: String
        public let to: String
        /// `10 working days`, when the appeal has a window.
        public let within: String?
        public var change: Change?

        public var text: String { "decisions of \(against) may be appealed to \(to)" + (within.map { " within \($0)" } ?? "") }
    }

    public let name: String
    public let title: String?
    /// The steps in the order written, then the ends.
    public let nodes: [Node]
    public let edges: [Edge]
    public let appeals: [Appeal]
    /// Whether this chart compares two versions (its parts carry `change`).
    public let isComparison: Bool

    /// The chart of one process; `ruleNames` names the rules its steps check, by index.
    public init(_ process: ProcessModel, ruleNames: [String]) {
        name = process.name
        title = process.title
        var nodes: [Node] = process.steps.map { step in
            Node(name: step.name, kind: .step, title: step.title, actors: step.actors, decides: step.decides,
                 checks: step.checks.compactMap { ruleNames.indices.contains($0) ? ruleNames[$0] : nil },
                 lasts: step.lasts?.clause, waits: step.waits?.clause, change: nil)
        }
        for end in process.ends where !nodes.contains(where: { $0.name == end }) {
            nodes.append(Node(name: end, kind: .end, title: nil, actors: [], decides: false, checks: [], lasts: nil, waits: nil, change: nil))
        }
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() where index[node.name] == nil { index[node.name] = position }
        var edges: [Edge] = []
        for (position, step) in process.steps.enumerated() {
            for transition in step.transitions {
                guard let target = index[transition.target] else { continue }
                edges.append(Edge(from: position, to: target, condition: transition.conditionText, change: nil))
            }
        }
        self.nodes = nodes
        self.edges = edges
        appeals = process.appeals.map { appeal in
            Appeal(against: appeal.against, to: appeal.to, within: appeal.within.map { Self.duration($0.amount, $0.unit) }, change: nil)
        }
        isComparison = false
    }

    private init(name: String, title: String?, nodes: [Node], edges: [Edge], appeals: [Appeal]) {
        self.name = name
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.appeals = appeals
        isComparison = true
    }

    /// A process with no steps, for the side of a comparison where the process does not exist.
    public static func empty(named name: String) -> ProcessChart {
        ProcessChart(name: name, title: nil, nodes: [], edges: [], appeals: [])
    }

    /// `3 working days`, `1 month`.
    static func duration(_ amount: Int, _ unit: DurationUnit) -> String {
        let word = unit.rawValue
        return "\(amount) " + (amount == 1 && word.hasSuffix("s") ? String(word.dropLast()) : word)
    }

    /// One chart of both versions: the steps of `after` in order, each step only `before` has
    /// placed after the step it followed there, and every step, way out and appeal marked as
    /// added, removed or changed. Linear in the two processes but for the appeals, which are
    /// few and compared pairwise.
    public static func comparing(before: ProcessChart, after: ProcessChart) -> ProcessChart {
        let afterIndex = Dictionary(after.nodes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let beforeIndex = Dictionary(before.nodes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        // Removed steps, each after the nearest step before it that the after version keeps
        // (or first, when there is none), in their own order.
        var insertedAfter: [Int: [Int]] = [:]
        var leading: [Int] = []
        var anchor: Int?
        for (position, node) in before.nodes.enumerated() {
            if let kept = afterIndex[node.name] {
                anchor = kept
            } else if let anchor {
                insertedAfter[anchor, default: []].append(position)
            } else {
                leading.append(position)
            }
        }
        var merged: [Node] = []
        func removed(_ position: Int) {
            var node = before.nodes[position]
            node.change = .removed
            merged.append(node)
        }
        leading.forEach(removed)
        for (position, node) in after.nodes.enumerated() {
            var marked = node
            if let old = beforeIndex[node.name] {
                let differences = Self.differences(before.nodes[old], node)
                marked.change = differences.isEmpty ? nil : .changed(differences)
            } else {
                marked.change = .added
            }
            merged.append(marked)
            insertedAfter[position]?.forEach(removed)
        }
        let mergedIndex = Dictionary(merged.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func key(_ edge: Edge, in chart: ProcessChart) -> String {
            chart.nodes[edge.from].name + "\u{0}" + chart.nodes[edge.to].name + "\u{0}" + (edge.condition ?? "")
        }
        let beforeEdges = Set(before.edges.map { key($0, in: before) })
        let afterEdges = Set(after.edges.map { key($0, in: after) })
        var edges: [Edge] = []
        for edge in after.edges {
            guard let from = mergedIndex[after.nodes[edge.from].name], let to = mergedIndex[after.nodes[edge.to].name] else { continue }
            edges.append(Edge(from: from, to: to, condition: edge.condition, change: beforeEdges.contains(key(edge, in: after)) ? nil : .added))
        }
        for edge in before.edges where !afterEdges.contains(key(edge, in: before)) {
            guard let from = mergedIndex[before.nodes[edge.from].name], let to = mergedIndex[before.nodes[edge.to].name] else { continue }
            edges.append(Edge(from: from, to: to, condition: edge.condition, change: .removed))
        }
        var appeals: [Appeal] = after.appeals.map { appeal in
            var marked = appeal
            marked.change = before.appeals.contains { $0.against == appeal.against && $0.to == appeal.to && $0.within == appeal.within } ? nil : .added
            return marked
        }
        for appeal in before.appeals where !after.appeals.contains(where: { $0.against == appeal.against && $0.to == appeal.to && $0.within == appeal.within }) {
            var marked = appeal
            marked.change = .removed
            appeals.append(marked)
        }
        return ProcessChart(name: after.name, title: after.title, nodes: merged, edges: edges, appeals: appeals)
    }

    /// The parts of a step that differ between two versions, by the clause words that write them.
    private static func differences(_ old: Node, _ new: Node) -> [String] {
        var parts: [String] = []
        if old.title != new.title { parts.append("title") }
        if old.actors != new.actors { parts.append("by") }
        if old.decides != new.decides { parts.append("decides") }
        if old.checks != new.checks { parts.append("check") }
        if old.lasts != new.lasts { parts.append("lasts") }
        if old.waits != new.waits { parts.append("waits") }
        return parts
    }
}
