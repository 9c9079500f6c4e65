/// The names a rulebook declares, by kind, built in one pass so that every reference is one
/// dictionary lookup. Building it reports declarations that clash (N001, N002).
///
/// Each dictionary holds the first declaration of a name; the `…Names` arrays keep source order
/// so that "did you mean" suggestions do not depend on hashing.
struct DeclarationScope: Sendable {
    /// Record types every rulebook has without declaring them.
    static let builtInRecordTypes = ["change_request", "meeting", "impact_assessment"] + declarationRecordTypes + computedRecordTypes
    /// The record types of the charter's own declarations: their values are the rulebook's
    /// groups, seats, members, roles and constituencies, never read from a file.
    static let declarationRecordTypes = ["group", "seat", "member", "role", "constituency", "level"]
    /// The record types of values the built-in functions compute (`tally(m, d)`), never read
    /// from a file or declared by a rulebook.
    static let computedRecordTypes = ["tally"]
    /// The built-in record types whose values do not come from record files.
    static let unloadableRecordTypes = declarationRecordTypes + computedRecordTypes
    /// The field types that are not records.
    static let primitiveTypes = ["text", "number", "bool", "date", "time", "duration"]

    var groups: [String: GroupDecl] = [:]
    var roles: [String: RoleDecl] = [:]
    var constituencies: [String: ConstituencyDecl] = [:]
    var levels: [Int: LevelDecl] = [:]
    var records: [String: RecordDecl] = [:]
    var rules: [String: RuleDecl] = [:]
    var processes: [String: ProcessDecl] = [:]

    /// How many `group` declarations there are, duplicates included, and the index among them
    /// of the first of each name: the nodes of the reporting graph.
    var groupCount = 0
    var groupIndices: [String: Int] = [:]

    var groupNames: [String] = []
    var roleNames: [String] = []
    var constituencyNames: [String] = []
    var recordNames: [String] = []
    var ruleNames: [String] = []
    /// Declared level numbers, ascending.
    var levelNumbers: [Int] = []

    /// The first `level N` clause of the first group of each name.
    var groupLevels: [String: (number: Int, span: SourceSpan)] = [:]
    /// The cadence of each group (first declaration) that meets latest: one with no `until`
    /// if there is one, else the one with the latest `until`.
    var latestCadences: [String: Cadence] = [:]

    /// Reads every declaration once, reporting duplicates into `diagnostics`.
    init(_ rulebook: Rulebook, diagnostics: inout [Diagnostic]) {
        for declaration in rulebook.declarations {
            switch declaration {
            case .charter, .function:
                break
            case .role(let role):
                if Self.register(role, as: "role", named: role.name, in: &roles, order: &roleNames, first: \.name.span,
                                 diagnostics: &diagnostics), let group = groups[role.name.text] {
                    diagnostics.append(Self.clash(role.name, other: group.name, later: "role"))
                }
            case .constituency(let constituency):
                Self.register(constituency, as: "constituency", named: constituency.name, in: &constituencies,
                              order: &constituencyNames, first: \.name.span, diagnostics: &diagnostics)
            case .level(let level):
                if let first = levels[level.number] {
                    diagnostics.append(.error(.duplicateDeclaration, "level \(level.number) is declared twice", at: level.span,
                                              help: "remove one of the `level \(level.number)` declarations",
                                              notes: [.init("level \(level.number) is first declared here", at: first.span)]))
                } else {
                    levels[level.number] = level
                }
            case .group(let group):
                if let first = groups[group.name.text] {
                    diagnostics.append(Self.duplicate("group", group.name, first: first.name.span))
                } else {
                    groupIndices[group.name.text] = groupCount
                    addGroup(group)
                    if let role = roles[group.name.text] { diagnostics.append(Self.clash(group.name, other: role.name, later: "group")) }
                }
                groupCount += 1
            case .record(let record):
                Self.register(record, as: "record", named: record.name, in: &records, order: &recordNames,
                              first: \.name.span, diagnostics: &diagnostics)
            case .rule(let rule):
                Self.register(rule, as: "rule", named: rule.name, in: &rules, order: &ruleNames,
                              first: \.name.span, diagnostics: &diagnostics)
            case .process(let process):
                if let first = processes[process.name.text] {
                    diagnostics.append(Self.duplicate("process", process.name, first: first.name.span))
                } else {
                    processes[process.name.text] = process
                }
            }
        }
        levelNumbers = levels.keys.sorted()
    }

    private mutating func addGroup(_ group: GroupDecl) {
        let name = group.name.text
        groups[name] = group
        groupNames.append(name)
        for clause in group.clauses {
            switch clause {
            case .level(let number, let span, _):
                if groupLevels[name] == nil { groupLevels[name] = (number, span) }
            case .meets(let cadence):
                guard let latest = latestCadences[name] else {
                    latestCadences[name] = cadence
                    continue
                }
                if let until = latest.until, cadence.until.map({ $0 > until }) ?? true {
                    latestCadences[name] = cadence
                }
            default:
                break
            }
        }
    }

    /// Whether `name` is a field type: a primitive, a declared record or a built-in record.
    func isType(_ name: String) -> Bool {
        Self.primitiveTypes.contains(name) || isRecordType(name)
    }

    /// Whether `name` is a record type a rule or process can be `for`.
    func isRecordType(_ name: String) -> Bool {
        records[name] != nil || Self.builtInRecordTypes.contains(name)
    }

    /// The names of every record type, declared then built in, without repeats.
    var recordTypeNames: [String] {
        recordNames + Self.builtInRecordTypes.filter { records[$0] == nil }
    }

    /// Whether `name` is a body that can act or hear appeals: a group, a role or a constituency.
    func isBody(_ name: String) -> Bool {
        groups[name] != nil || roles[name] != nil || constituencies[name] != nil
    }

    /// The names of every body, for suggestions.
    var bodyNames: [String] { groupNames + roleNames + constituencyNames }

    // MARK: - Diagnostics

    /// N001: a second declaration of `kind` named like an earlier one.
    /// Adds the first declaration of a name to `table` (and `order`), or reports it as a
    /// duplicate of the first. True when it was added.
    @discardableResult
    static func register<Declared>(_ declaration: Declared, as kind: String, named name: Identifier,
                                   in table: inout [String: Declared], order: inout [String],
                                   first span: (Declared) -> SourceSpan, diagnostics: inout [Diagnostic]) -> Bool {
        if let existing = table[name.text] {
            diagnostics.append(duplicate(kind, name, first: span(existing)))
            return false
        }
        table[name.text] = declaration
        order.append(name.text)
        return true
    }

    static func duplicate(_ kind: String, _ name: Identifier, first: SourceSpan) -> Diagnostic {
        .error(.duplicateDeclaration, "\(kind) `\(name.text)` is declared twice", at: name.span,
               help: "rename one of them, or merge the two into one declaration",
               notes: [.init("`\(name.text)` is first declared here", at: first)])
    }

    /// N002: a group and a role with one name, reported at the later of the two.
    static func clash(_ name: Identifier, other: Identifier, later kind: String) -> Diagnostic {
        let otherKind = kind == "group" ? "role" : "group"
        return .error(.groupRoleNameClash, "`\(name.text)` names both a group and a role", at: name.span,
                      help: "rename the \(kind) or the \(otherKind): a body named in `by`, `chair` or `appeal` must be one or the other",
                      notes: [.init("the \(otherKind) `\(other.text)` is declared here", at: other.span)])
    }
}
