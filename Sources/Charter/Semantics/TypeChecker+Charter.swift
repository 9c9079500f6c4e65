/// The charter as data: every declared group, role and constituency is a value an expression
/// can name (`IPA.independent`, `count(SITAG.seats)`), a record of a built-in type whose core
/// fields are the declaration's clauses (`CoreRecords`) and whose other fields are the
/// attributes declared on that kind. The values are made once, when the rulebook is checked:
/// they depend on nothing a record file holds.
extension TypeChecker {
    /// A declaration an expression may name, with its value and type.
    struct CharterName: Sendable {
        let value: Value
        let type: CharterType
        let symbol: SymbolID?
    }

    /// Adds each kind's attributes to its shape, as fields after the core ones (optional when
    /// some declaration of the kind does not give it), and makes the value of every
    /// declaration: the names expressions may read, and the instances a reference field is
    /// read against.
    mutating func declareCharter(_ rulebook: Rulebook, attributes: AttributeTypes) {
        for kind in ["role", "constituency", "seat", "member"] {
            guard let id = shapeByName[kind], shapes.indices.contains(id.index) else { continue }
            let declared = attributes.declarations[kind] ?? 0
            for name in attributes.order[kind] ?? [] {
                guard let first = attributes.first[kind]?[name] else { continue }
                if shapes[id.index].fields[name] != nil {
                    report(.attributeShadowsField, "the attribute `\(name)` has the name of a field every \(kind) has",
                           at: first.span, help: "rename the attribute: `\(kind)` records already have \(Suggest.list(shapes[id.index].fieldOrder))")
                    continue
                }
                let given = attributes.given[kind]?[name] ?? 0
                addField(name, given < declared ? .optional(first.type) : first.type, to: id)
                if let symbol = attributeSymbols[kind]?[name] { fieldSymbols[id.index][name] = symbol }
            }
        }
        var builder = CharterValueBuilder(rulebook: rulebook, shapes: shapes, shapeByName: shapeByName)
        builder.build()
        for kind in DeclarationScope.declarationRecordTypes {
            guard let id = shapeByName[kind], shapes.indices.contains(id.index) else { continue }
            shapes[id.index].instances = builder.instances[kind] ?? [:]
        }
        for (index, declaration) in rulebook.declarations.enumerated() {
            let symbol = declarationSymbols.indices.contains(index) ? declarationSymbols[index] : nil
            let named: (String, String)? = switch declaration {
            case .group(let group): ("group", group.name.text)
            case .role(let role): ("role", role.name.text)
            case .constituency(let constituency): ("constituency", constituency.name.text)
            default: nil
            }
            guard let (kind, name) = named, charterNames[name] == nil, let id = shapeByName[kind],
                  let value = builder.instances[kind]?[name] else { continue }
            charterNames[name] = CharterName(value: value, type: .record(id), symbol: symbol)
            charterNameOrder.append(name)
        }
        // A member is named as the groups, roles and constituencies are, unless one of those
        // has its name (then it is read from its group's `members`).
        for case .group(let group) in rulebook.declarations {
            for case .member(let member) in group.clauses where charterNames[member.name.text] == nil {
                guard let id = shapeByName["member"], let value = builder.instances["member"]?[member.name.text] else { continue }
                let symbol = recorder.symbols.first { $0.kind == .member && $0.name == member.name.text }?.id
                charterNames[member.name.text] = CharterName(value: value, type: .record(id), symbol: symbol)
                charterNameOrder.append(member.name.text)
            }
        }
        // Every declaration of a kind, in rulebook order: `any c in constituencies: …`.
        for (list, kind) in Self.declarationLists {
            guard charterNames[list] == nil, let id = shapeByName[kind] else { continue }
            var seen: Set<String> = []
            var values: [Value] = []
            for declaration in rulebook.declarations {
                let name: String? = switch declaration {
                case .group(let group) where kind == "group": group.name.text
                case .role(let role) where kind == "role": role.name.text
                case .constituency(let constituency) where kind == "constituency": constituency.name.text
                case .level(let level) where kind == "level": String(level.number)
                default: nil
                }
                guard let name, seen.insert(name).inserted, let value = builder.instances[kind]?[name] else { continue }
                values.append(value)
            }
            let symbol = builtInNames[list] ?? recorder.declare(.builtInName, list, nameSpan: nil, span: nil)
            builtInNames[list] = symbol
            charterNames[list] = CharterName(value: .list(values), type: .list(.record(id)), symbol: symbol)
        }
    }

    /// T002 for a declaration compared with text (`m.group == "DAG"`), with the comparison
    /// that is meant: with the declaration itself (`m.group == DAG`), whose name the checker
    /// knows, so that a misspelt name is an error rather than a comparison that never holds.
    /// True when reported.
    mutating func declarationComparedWithText(_ l: CharterType, _ r: CharterType, _ left: Expr, _ right: Expr,
                                              _ op: BinaryOperator, _ whole: Expr) -> Bool {
        let (declared, text): (RecordShape.ID, Expr)
        if case .record(let id) = l, r == .text { (declared, text) = (id, right) }
        else if case .record(let id) = r, l == .text, op != .in, op != .notIn { (declared, text) = (id, left) }
        else { return false }
        guard let kind = declared.name, DeclarationScope.declarationRecordTypes.contains(kind) else { return false }
        var help = "compare the \(kind) itself, named without quotes, or its `name` (`\(describe(left)).name`)"
        if case .text(let parts) = text.ungrouped.kind, parts.count == 1, case .literal(let name) = parts[0] {
            let names = (shapes[declared.index].instances ?? [:]).keys.sorted()
            if charterNames[name] != nil || names.contains(name) {
                help = "name the \(kind) without quotes: `\(name)`"
            } else {
                help = "there is no \(kind) `\(name)`; " + (Suggest.didYouMean(name, among: names) ?? "the rules declare \(names.isEmpty ? "none" : Suggest.list(names))")
            }
        } else if case .list(let elements) = text.ungrouped.kind, !elements.isEmpty {
            help = "list the \(kind)s without quotes: `[\(elements.map { describeName($0) }.joined(separator: ", "))]`"
        }
        report(.typeMismatch, "`\(op.rawValue)` cannot compare a \(kind) with text", at: whole.span, help: help)
        return true
    }

    private func describeName(_ expr: Expr) -> String {
        if case .text(let parts) = expr.ungrouped.kind, parts.count == 1, case .literal(let name) = parts[0] { return name }
        return describe(expr)
    }

    /// Why records of shape `id` cannot be passed to `function`, or nil when they can: a
    /// `group` that refers to a group, and the `attendees` or `votes` it reads, with the fields
    /// of the core meeting's.
    func votingRecordProblem(_ id: RecordShape.ID, for function: BuiltinFunction) -> String? {
        guard shapes.indices.contains(id.index) else { return "" }
        let shape = shapes[id.index]
        let owner = id.name.map { "record `\($0)`" } ?? "this record"
        guard case .record(let group)? = shape.fields["group"]?.widenedBase, group.name == "group" else {
            return "\(owner) has no field `group: group` naming the group that meets or votes"
        }
        let fields = MeetingFields(shape: id, shapes: shapes)
        for needed in function.needs {
            let has = needed == "votes" ? fields?.votes != nil : fields?.attendees != nil
            if !has {
                return needed == "votes"
                    ? "\(owner) has no `votes: list of { decision: number  voter: text  vote: one of \"yes\", \"no\", \"abstain\" }`"
                    : "\(owner) has no `attendees: list of { constituency: text  name: text?  present: bool }`"
            }
        }
        return nil
    }

    /// The record type whose loaded records `name` lists (`meetings`, `impact_assessments`):
    /// every record type a file may hold, by its name and an `s`.
    func recordListType(_ name: String) -> RecordShape.ID? {
        guard name.hasSuffix("s") else { return nil }
        let type = String(name.dropLast())
        guard !DeclarationScope.unloadableRecordTypes.contains(type) else { return nil }
        return shapeByName[type]
    }

    /// The names of the lists of loaded records, for suggestions.
    var recordListNames: [String] {
        shapeByName.keys.filter { !DeclarationScope.unloadableRecordTypes.contains($0) }.sorted().map { $0 + "s" }
    }

    /// The names of the lists of every declaration of a kind.
    static let declarationLists: [(list: String, kind: String)] = [
        ("groups", "group"), ("roles", "role"), ("constituencies", "constituency"), ("levels", "level"),
    ]

    /// A field added to a shape after its declared ones.
    mutating func addField(_ name: String, _ type: CharterType, to id: RecordShape.ID) {
        shapes[id.index].slots[name] = shapes[id.index].fieldOrder.count
        shapes[id.index].fieldOrder.append(name)
        shapes[id.index].fields[name] = type
    }

    /// A record declared by a rulebook with the name of a declaration record type: its values
    /// are the declarations, so it has no fields to declare.
    mutating func refuseDeclarationRecord(_ record: RecordDecl) {
        let what = DeclarationScope.computedRecordTypes.contains(record.name.text)
            ? "the record type the built-in functions compute" : "the record type of the rulebook's \(record.name.text) declarations"
        report(.declarationRecordRedeclared, "`\(record.name.text)` is \(what), which cannot be declared again",
               at: record.name.span,
               help: "give the record another name")
    }
}

/// Makes the value of each declaration, in its shape's slots.
struct CharterValueBuilder {
    let rulebook: Rulebook
    let shapes: [RecordShape]
    let shapeByName: [String: RecordShape.ID]
    /// The values by kind, then name: the first declaration of each name.
    private(set) var instances: [String: [String: Value]] = [:]
    private var groups: [String: GroupDecl] = [:]
    /// The groups being made, to cut a reporting cycle (reported as G001) rather than recurse.
    private var making: Set<String> = []

    init(rulebook: Rulebook, shapes: [RecordShape], shapeByName: [String: RecordShape.ID]) {
        self.rulebook = rulebook
        self.shapes = shapes
        self.shapeByName = shapeByName
    }

    mutating func build() {
        for declaration in rulebook.declarations {
            switch declaration {
            case .role(let role):
                add("role", role.name.text, record("role", ["name": .text(role.name.text), "title": title(role.title)], role.attributes))
            case .constituency(let constituency):
                add("constituency", constituency.name.text,
                    record("constituency", ["name": .text(constituency.name.text), "title": title(constituency.title)], constituency.attributes))
            case .group(let group):
                if groups[group.name.text] == nil { groups[group.name.text] = group }
            case .level(let level):
                add("level", String(level.number),
                    record("level", ["number": .number(Rational(count: level.number)), "title": title(level.title)], []))
            default:
                break
            }
        }
        for case .group(let group) in rulebook.declarations where instances["group"]?[group.name.text] == nil {
            _ = value(ofGroup: group.name.text)
        }
    }

    private mutating func add(_ kind: String, _ name: String, _ value: Value) {
        if instances[kind]?[name] == nil { instances[kind, default: [:]][name] = value }
    }

    private func title(_ title: TextLiteral?) -> Value { title.map { .text($0.value) } ?? .absent }

    /// A record of `kind` with `fields` and the attributes written out; a field given by
    /// neither is absent (an attribute this declaration lacks), or an empty list.
    private func record(_ kind: String, _ fields: [String: Value], _ attributes: [Attribute]) -> Value {
        guard let id = shapeByName[kind], shapes.indices.contains(id.index) else { return .absent }
        var given = fields
        for attribute in attributes where given[attribute.name.text] == nil {
            given[attribute.name.text] = Self.literal(attribute.value) ?? .absent
        }
        let shape = shapes[id.index]
        return .record(RecordValue(shape: id, fields: shape.fieldOrder.map { name in
            if let value = given[name] { return value }
            if case .list = shape.fields[name] { return .list([]) }
            return .absent
        }))
    }

    /// The value of the group named `name`, made once; nil for a group not declared, or one
    /// reached again through its own reporting line.
    private mutating func value(ofGroup name: String) -> Value? {
        if let made = instances["group"]?[name] { return made }
        guard let group = groups[name], making.insert(name).inserted else { return nil }
        defer { making.remove(name) }
        var fields: [String: Value] = ["name": .text(name), "title": title(group.title)]
        var decides = false, advises = false
        var seats: [Value] = [], members: [Value] = []
        var seatCount = 0, filled = 0
        for clause in group.clauses {
            switch clause {
            case .level(let number, _, _): if fields["level"] == nil { fields["level"] = .number(Rational(count: number)) }
            case .reportsTo(let target): if fields["reports_to"] == nil { fields["reports_to"] = value(ofGroup: target.text) ?? .absent }
            case .chair(let chair): if fields["chair"] == nil { fields["chair"] = .text(chair.text) }
            case .decides: decides = true
            case .advises: advises = true
            case .attendance(let word): if fields["attendance"] == nil { fields["attendance"] = .text(word.text) }
            case .status(let word): if fields["status"] == nil { fields["status"] = .text(word.text) }
            case .seat(let seat):
                let count = seat.count ?? 1
                let vacant = seat.vacantCount
                let constituency = instances["constituency"]?[seat.constituency.text]
                    ?? record("constituency", ["name": .text(seat.constituency.text)], [])
                seats.append(record("seat", ["constituency": constituency, "count": .number(Rational(count: count)),
                                             "vacant": .number(Rational(count: vacant)), "filled": .number(Rational(count: count - vacant)),
                                             "state": seat.state.map { .text($0.text) } ?? .absent, "note": title(seat.note)],
                                    seat.attributes))
                // The declaration checker bounds seat counts; saturate rather than trap regardless.
                seatCount = Self.saturatingSum(seatCount, count)
                filled = Self.saturatingSum(filled, count - vacant)
            case .member(let member):
                let made = record("member", ["name": .text(member.name.text), "title": title(member.title)], member.attributes)
                members.append(made)
                add("member", member.name.text, made)
            default:
                break
            }
        }
        fields["decides"] = .bool(decides)
        fields["advises"] = .bool(advises)
        fields["seats"] = .list(seats)
        fields["members"] = .list(members)
        fields["seat_count"] = .number(Rational(count: seatCount))
        fields["filled_seats"] = .number(Rational(count: filled))
        fields["member_count"] = .number(Rational(count: members.count))
        let made = record("group", fields, [])
        add("group", name, made)
        return made
    }

    static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// The value an attribute writes out; nil for anything but a fact written out (which the
    /// checker reports).
    static func literal(_ expr: Expr) -> Value? {
        switch expr.ungrouped.kind {
        case .number(let number, _): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .date(let date): return .date(date)
        case .time(let time): return .time(time)
        case .duration(let amount, let unit): return .duration(amount, unit)
        case .text(let parts):
            var text = ""
            for part in parts {
                guard case .literal(let piece) = part else { return nil }
                text += piece
            }
            return .text(text)
        case .unary(.negate, let operand):
            switch literal(operand) {
            case .number(let number)?: return number.negated().map(Value.number)
            case .duration(let amount, let unit)? where amount != .min: return .duration(-amount, unit)
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension Value {
    /// The text of a text value, or the name of a declaration: what a voter or a constituency
    /// is identified by, whether a record file types it as text or as a reference.
    var textOrName: String? {
        if case .text(let text) = self { return text }
        return declarationName
    }

    /// The name of the declaration a value of a declaration record type is (a seat reads as
    /// its constituency's name); nil for any other value.
    var declarationName: String? {
        guard case .record(let record) = self, let kind = record.shape.name,
              DeclarationScope.declarationRecordTypes.contains(kind), let first = record.fields.first else { return nil }
        if case .text(let name) = first { return name }
        if case .number(let number) = first { return "level \(number)" }
        return first.declarationName
    }
}
