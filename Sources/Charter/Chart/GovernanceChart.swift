/// The governance structure of a rulebook as its chart draws it: the levels in order, each
/// group as a box with what the chart shows of it (who decides, who may attend, how far it is
/// mobilised, who chairs it, what it replaced), and the lines between groups.
///
/// Read from a checked rulebook, so every name a line or a clause gives is declared and the
/// reporting lines go upward without a cycle; the layout still never relies on that to end.
public struct GovernanceChart: Sendable {
    /// `level 3 "Advisory Groups"`.
    public struct Level: Sendable, Equatable {
        public let number: Int
        public let title: String?
    }

    /// A group that took over from another (`replaces TMAG since 2024-02-21`), seen from either side.
    public struct Replacement: Sendable, Equatable {
        public let group: String
        public let since: CivilDate?
    }

    /// A box: a group, or the charter's sponsor (a role, drawn at the top).
    public struct Box: Sendable {
        public let name: String
        public let title: String?
        /// The group's level; nil for a group with none. The sponsor's is the first level's,
        /// whose row it shares when no group is in it (else it has a row of its own above).
        public let level: Int?
        public let isSponsor: Bool
        public let decides: Bool
        /// Whom the group advises that is not a group on the chart: roles, such as the SRO.
        public let advisesRoles: [String]
        public let chairs: [String]
        /// `open`, `nominated` or `restricted`.
        public let attendance: String?
        /// `mobilised`, `mobilising`, `future`, `may_be_mobilised` or `ad_hoc`.
        public let status: String?
        public let nonGovernance: Bool
        public let replaces: [Replacement]
        public let replacedBy: [Replacement]

        /// A group that later groups replaced, and so is no longer on the structure as it stands.
        public var isReplaced: Bool { !replacedBy.isEmpty }
    }

    /// A line from a group (`from`) to the group above it (`to`), as indices into `boxes`.
    public struct Line: Sendable, Equatable {
        public enum Kind: Sendable, Hashable {
            /// `reports_to` only.
            case reports
            /// `reports_to` and `advises` the same group.
            case reportsAndAdvises
            /// `advises` a group it does not report to.
            case advises
        }

        public let from: Int
        public let to: Int
        public let kind: Kind
    }

    /// The charter's title, if the rulebook has a `charter` header with one.
    public let title: String?
    /// The declared levels, in order of their numbers.
    public let levels: [Level]
    /// The sponsor first when there is one, then every group in the order declared.
    public let boxes: [Box]
    public let lines: [Line]

    /// The chart of `rulebook`'s groups.
    public init(_ rulebook: Rulebook) {
        var levels: [Level] = []
        var groups: [GroupDecl] = []
        var roleTitles: [String: String] = [:]
        var header: CharterDecl?
        for declaration in rulebook.declarations {
            switch declaration {
            case .level(let level): levels.append(Level(number: level.number, title: level.title?.value))
            case .group(let group): groups.append(group)
            case .role(let role): roleTitles[role.name.text] = role.title?.value
            case .charter(let charter): header = header ?? charter
            default: break
            }
        }
        var seenLevels = Set<Int>()
        self.levels = levels.sorted { $0.number < $1.number }.filter { seenLevels.insert($0.number).inserted }
        title = header?.title?.value

        var boxes: [Box] = []
        if let sponsor = header?.sponsor {
            boxes.append(Box(name: sponsor.text, title: roleTitles[sponsor.text] ?? "Sponsor", level: self.levels.first?.number,
                             isSponsor: true, decides: false, advisesRoles: [], chairs: [], attendance: nil, status: nil,
                             nonGovernance: false, replaces: [], replacedBy: []))
        }
        let firstGroup = boxes.count
        var index: [String: Int] = [:]
        for (offset, group) in groups.enumerated() where index[group.name.text] == nil {
            index[group.name.text] = firstGroup + offset
        }
        var replacedBy: [String: [Replacement]] = [:]
        for group in groups {
            for case .replaces(let old, let since, _) in group.clauses {
                replacedBy[old.text, default: []].append(Replacement(group: group.name.text, since: since))
            }
        }
        var lines: [Line] = []
        for (offset, group) in groups.enumerated() {
            var level: Int?
            var decides = false, nonGovernance = false
            var attendance: String?, status: String?
            var reportsTo: [String] = [], advises: [String] = [], chairs: [String] = []
            var replaces: [Replacement] = []
            for clause in group.clauses {
                switch clause {
                case .level(let number, _, _): level = level ?? number
                case .reportsTo(let target): reportsTo.append(target.text)
                case .decides: decides = true
                case .advises(let whom, _): if let whom { advises.append(whom.text) }
                case .chair(let chair): chairs.append(chair.text)
                case .attendance(let word): attendance = attendance ?? word.text
                case .status(let word): status = status ?? word.text
                case .nonGovernance: nonGovernance = true
                case .replaces(let old, let since, _): replaces.append(Replacement(group: old.text, since: since))
                case .meets, .seat, .member, .quorum, .threshold: break
                }
            }
            let from = firstGroup + offset
            for target in reportsTo {
                guard let to = index[target], to != from else { continue }
                lines.append(Line(from: from, to: to, kind: advises.contains(target) ? .reportsAndAdvises : .reports))
            }
            for target in advises where !reportsTo.contains(target) {
                guard let to = index[target], to != from else { continue }
                lines.append(Line(from: from, to: to, kind: .advises))
            }
            boxes.append(Box(name: group.name.text, title: group.title?.value, level: level, isSponsor: false, decides: decides,
                             advisesRoles: advises.filter { index[$0] == nil }, chairs: chairs, attendance: attendance,
                             status: status, nonGovernance: nonGovernance, replaces: replaces,
                             replacedBy: replacedBy[group.name.text] ?? []))
        }
        self.boxes = boxes
        self.lines = lines
    }

    private init(title: String?, levels: [Level], boxes: [Box], lines: [Line]) {
        self.title = title
        self.levels = levels
        self.boxes = boxes
        self.lines = lines
    }

    /// The part of the chart under the groups named: each of them and every group that reports
    /// to them, directly or through others, with the lines among those, and the levels from the
    /// highest of them to the lowest (keeping their numbers). Linear in the boxes and lines.
    public func under(_ names: [String]) -> GovernanceChart {
        var below = [[Int]](repeating: [], count: boxes.count)
        for line in lines where line.kind != .advises && boxes.indices.contains(line.to) && boxes.indices.contains(line.from) {
            below[line.to].append(line.from)
        }
        var keep = [Bool](repeating: false, count: boxes.count)
        var stack = boxes.indices.filter { names.contains(boxes[$0].name) && !boxes[$0].isSponsor }
        while let index = stack.popLast() {
            guard !keep[index] else { continue }
            keep[index] = true
            stack.append(contentsOf: below[index])
        }
        var renumbered = [Int?](repeating: nil, count: boxes.count)
        var kept: [Box] = []
        for index in boxes.indices where keep[index] {
            renumbered[index] = kept.count
            kept.append(boxes[index])
        }
        let keptLines = lines.compactMap { line -> Line? in
            guard let from = renumbered[line.from] ?? nil, let to = renumbered[line.to] ?? nil else { return nil }
            return Line(from: from, to: to, kind: line.kind)
        }
        let numbers = kept.compactMap(\.level)
        let shown = numbers.min().flatMap { low in numbers.max().map { high in levels.filter { (low...high).contains($0.number) } } }
        return GovernanceChart(title: title, levels: shown ?? [], boxes: kept, lines: keptLines)
    }

    /// The chart's heading: the charter's title, and what the chart is.
    public var heading: String {
        (title.map { "\($0): " } ?? "") + "governance and decision-making structure"
    }

    /// The title as the box shows it: none when it only spells the name out with spaces
    /// (`CommercialImpactsGroup`, "Commercial Impacts Group").
    public func shownTitle(of box: Box) -> String? {
        guard let title = box.title else { return nil }
        let letters = title.filter { !$0.isWhitespace }
        return letters.lowercased() == box.name.lowercased() ? nil : title
    }

    /// What the chart says of a box besides its name, its title and its style (decision-making
    /// or not), one phrase a line: status, attendance, chair, whom it advises, what it replaces;
    /// of a replaced group, only what replaced it and since when (the earliest date).
    public func details(of box: Box) -> [String] {
        if box.isSponsor { return ["sponsor"] }
        if box.isReplaced {
            let since = box.replacedBy.compactMap(\.since).min()
            return ["replaced by " + box.replacedBy.map(\.group).joined(separator: ", ") + (since.map { " since \($0)" } ?? "")]
        }
        var lines: [String] = []
        if let status = box.status { lines.append(Self.statusPhrase(status)) }
        if let attendance = box.attendance { lines.append(Self.attendancePhrase(attendance)) }
        if box.nonGovernance { lines.append("non-governance") }
        if !box.chairs.isEmpty { lines.append("chair: " + box.chairs.joined(separator: ", ")) }
        if !box.advisesRoles.isEmpty { lines.append("advises " + box.advisesRoles.joined(separator: ", ")) }
        for replaced in box.replaces {
            lines.append("replaces \(replaced.group)" + (replaced.since.map { " since \($0)" } ?? ""))
        }
        return lines
    }

    /// The status words as the seed chart's colour key words them.
    public static func statusPhrase(_ status: String) -> String {
        switch status {
        case "mobilised": "mobilised"
        case "mobilising": "mobilisation in progress"
        case "future": "to be mobilised in future"
        case "may_be_mobilised": "may be mobilised"
        case "ad_hoc": "available for ad hoc meetings"
        default: status
        }
    }

    public static func attendancePhrase(_ attendance: String) -> String {
        switch attendance {
        case "nominated": "closed: nominated"
        case "open": "open to all"
        case "restricted": "restricted"
        default: attendance
        }
    }
}
