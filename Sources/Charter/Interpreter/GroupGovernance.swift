/// What `quorate`, `attending` and `carried` need of a group: its seats, its members and its
/// compiled quorum and thresholds.
final class GroupGovernance {
    let name: String
    /// Seats by constituency: how many, and how many of them are filled.
    let seats: [String: (count: Int, filled: Int)]
    let seatCount: Int
    let filledSeatCount: Int
    let memberCount: Int
    /// The names of the group's members: who may vote, when the group lists any.
    let members: Set<String>
    /// The terms that seat blocks and members declare with `from` and `until` attributes (dates,
    /// both days included), by constituency and by member name. Without one, always.
    let seatTerms: [String: Term]
    let memberTerms: [String: Term]

    /// The days a seat block or a member holds office.
    struct Term: Sendable {
        var from: CivilDate?
        var until: CivilDate?

        init(_ attributes: [Attribute]) {
            for attribute in attributes {
                guard case .date(let date)? = CharterValueBuilder.literal(attribute.value) else { continue }
                if attribute.name.text == "from" { from = date }
                if attribute.name.text == "until" { until = date }
            }
        }

        var isBounded: Bool { from != nil || until != nil }

        func holds(on day: CivilDate) -> Bool {
            (from.map { $0 <= day } ?? true) && (until.map { day <= $0 } ?? true)
        }

        /// Why `name` does not hold office on `day`.
        func outside(_ name: String, on day: CivilDate) -> String {
            if let from, day < from { return "`\(name)`'s term starts on \(from), after \(day)" }
            if let until, until < day { return "`\(name)`'s term ended on \(until), before \(day)" }
            return "`\(name)` does not hold office on \(day)"
        }
    }

    /// The seats and filled seats of the blocks in force on `day` (all of them without a day).
    func seatCounts(on day: CivilDate?) -> (seats: Int, filled: Int) {
        guard let day, !seatTerms.isEmpty else { return (seatCount, filledSeatCount) }
        var seats = 0, filled = 0
        for (constituency, block) in self.seats where seatTerms[constituency]?.holds(on: day) ?? true {
            seats = CharterValueBuilder.saturatingSum(seats, block.count)
            filled = CharterValueBuilder.saturatingSum(filled, block.filled)
        }
        return (seats, filled)
    }
    /// Evaluated over a frame of `frameSize` slots whose first are `FrameLayout.groupNames`; by
    /// label, the unlabelled one under "".
    let quorums: [String: (node: ValueNode, span: SourceSpan, readsPresent: Bool)]
    let thresholds: [String: (node: ConditionNode, span: SourceSpan)]
    /// The unlabelled quorum, which `quorate(m)` and `explain` read.
    var quorum: (node: ValueNode, span: SourceSpan)? { quorums[""].map { ($0.node, $0.span) } }
    /// The slots the quorum and thresholds need, as the resolver laid them out: the names,
    /// then any `let`, quantifier or aggregate variable inside them.
    let frameSize: Int
    /// Whether the unlabelled quorum reads `present`; one that does not is the same for any attendance.
    var quorumReadsPresent: Bool { quorums[""]?.readsPresent ?? false }
    /// What the compiler could not resolve in the quorum and thresholds (a checker bug).
    let unresolved: [SourceSpan]

    /// The group declared at `index` in the checked rulebook.
    init(_ group: GroupDecl, at index: Int, checked: CheckedRulebook) {
        name = group.name.text
        var seats: [String: (count: Int, filled: Int)] = [:]
        var seatCount = 0, filled = 0
        var members: Set<String> = []
        var seatTerms: [String: Term] = [:], memberTerms: [String: Term] = [:]
        // A group the resolver did not lay out (a checker bug) still has a frame for its
        // names, and every expression in it compiles to a node that fails, counted unresolved.
        let layout = checked.frameLayout(ofDeclarationAt: index) ?? FrameLayout(size: FrameLayout.groupNames.count, clauseSlots: [])
        var compiler = ExpressionCompiler(checked, frame: layout)
        var quorums: [String: (ValueNode, SourceSpan, Bool)] = [:]
        var thresholds: [String: (ConditionNode, SourceSpan)] = [:]
        for clause in group.clauses {
            switch clause {
            case .seat(let seat):
                let count = seat.count ?? 1
                let seated = count - seat.vacantCount
                seats[seat.constituency.text] = (count, seated)
                let term = Term(seat.attributes)
                if term.isBounded { seatTerms[seat.constituency.text] = term }
                // The declaration checker bounds seat counts; saturate rather than trap regardless.
                seatCount = CharterValueBuilder.saturatingSum(seatCount, count)
                filled = CharterValueBuilder.saturatingSum(filled, seated)
            case .member(let member):
                members.insert(member.name.text)
                let term = Term(member.attributes)
                if term.isBounded, memberTerms[member.name.text] == nil { memberTerms[member.name.text] = term }
            case .quorum(let label, let expr, let span):
                let present = FrameLayout.groupSlot("present")
                let readsPresent = expr.contains { checked.resolution.names[ObjectIdentifier($0)].map { $0.slot == present } ?? false }
                // A second quorum of one label is refused by the checker (G025); the first stands.
                if quorums[label?.text ?? ""] == nil { quorums[label?.text ?? ""] = (compiler.value(expr), span, readsPresent) }
            case .threshold(let label, let expr, let span):
                if thresholds[label?.text ?? ""] == nil { thresholds[label?.text ?? ""] = (compiler.condition(expr), span) }
            default:
                break
            }
        }
        self.seats = seats
        self.seatCount = seatCount
        filledSeatCount = filled
        memberCount = members.count
        self.members = members
        self.seatTerms = seatTerms
        self.memberTerms = memberTerms
        self.quorums = quorums.mapValues { (node: $0.0, span: $0.1, readsPresent: $0.2) }
        self.thresholds = thresholds
        frameSize = Swift.max(layout.size, FrameLayout.groupNames.count)
        unresolved = compiler.unresolved
    }

    /// How many counts of seats present `leastQuorate` tries one by one, for a quorum whose
    /// condition reads `present` and so need not be met from one count on.
    static let quorumScanLimit = 10_000

    /// The fewest seats present, from `lower` through `upper`, at which the group is quorate;
    /// nil when it is quorate at none of them, or (for a quorum that reads `present`) at none of
    /// the first `quorumScanLimit`. Quick for any number of seats: a quorum that is a number of
    /// seats or does not read `present` is evaluated once.
    func leastQuorate(from lower: Int, through upper: Int, context: EvaluationContext, on day: CivilDate? = nil) -> Int? {
        guard lower <= upper else { return nil }
        guard let quorum else { return lower }
        // This only describes the quorum for `explain`; a quorum that cannot be evaluated is
        // reported where `quorate` is called, so here it simply has no least count.
        func quorate(_ present: Int) -> Bool? { try? ExpressionCompiler.quorate(self, present: present, context: context, on: day) }
        if !quorumReadsPresent {
            switch try? quorum.node(frame(present: lower, tally: (0, 0, 0), context: context, on: day)) {
            case .bool(let met)?: return met ? lower : nil
            case .number(let needed)?:
                // The least whole count at or above `needed`.
                guard needed <= Rational(count: upper) else { return nil }
                let whole = needed.numerator / needed.denominator + (needed.isInteger || needed.numerator < 0 ? 0 : 1)
                return Swift.max(lower, whole)
            default: return nil
            }
        }
        let (last, overflow) = lower.addingReportingOverflow(Self.quorumScanLimit - 1)
        return (lower...Swift.min(upper, overflow ? upper : last)).first { quorate($0) == true }
    }

    /// A frame for the quorum or a threshold, with the names' values in their slots: the
    /// value of each of `FrameLayout.groupNames` in the slot of its place there.
    func frame(present: Int, tally: (yes: Int, no: Int, abstain: Int), context: EvaluationContext, on day: CivilDate? = nil) -> Frame {
        let frame = Frame(size: frameSize, context: context)
        let (seats, filled) = seatCounts(on: day)
        let values = [present, seats, filled, memberCount, tally.yes, tally.no, tally.abstain]
        for (slot, value) in zip(FrameLayout.groupNames.indices, values) { frame.locals[slot] = .number(Rational(count: value)) }
        return frame
    }
}

/// The slots of the fields that the built-in functions read of a record a group meets or votes
/// on: the core meeting fields, or the same fields of any record type that declares them.
struct MeetingFields {
    let group: Int
    /// `attendees: list of { constituency: text  name: text?  present: bool }`, when the record
    /// type has it: who was present, for the quorum and for who may vote.
    let attendees: Int?
    let attendeeConstituency: Int
    let attendeePresent: Int
    let attendeeName: Int?
    /// When an attendee came and went, where the record says (`arrives`, `leaves`).
    let attendeeArrives: Int?
    let attendeeLeaves: Int?
    /// `votes: list of { decision: number  voter: text  vote: text }`, when the record type has it.
    let votes: Int?
    let voteDecision: Int
    let voteVoter: Int
    let vote: Int
    /// When a vote was cast, where the record says (`at`): the attendance it is judged by.
    let voteAt: Int?
    /// The record's `date`, if it has one: the day whose seats and members' terms count.
    let date: Int?

    /// The record's date, if it gives one.
    func day(of record: RecordValue) -> CivilDate? {
        guard let date, record.fields.indices.contains(date), case .date(let day) = record.fields[date] else { return nil }
        return day
    }

    /// The fields of the `meeting` type.
    init?(shapes: [RecordShape], byName: [String: RecordShape.ID]) {
        guard let id = byName["meeting"] else { return nil }
        self.init(shape: id, shapes: shapes)
    }

    /// The fields of records of shape `id`; nil when it has no `group`.
    init?(shape id: RecordShape.ID, shapes: [RecordShape]) {
        guard shapes.indices.contains(id.index) else { return nil }
        let shape = shapes[id.index]
        func nested(_ field: String) -> RecordShape? {
            guard case .list(.record(let inner))? = shape.fields[field]?.widenedBase, shapes.indices.contains(inner.index) else { return nil }
            return shapes[inner.index]
        }
        guard let group = shape.slots["group"] else { return nil }
        self.group = group
        date = shape.fields["date"]?.widenedBase == .date ? shape.slots["date"] : nil
        if let attendees = shape.slots["attendees"], let attendee = nested("attendees"),
           let constituency = attendee.slots["constituency"], let present = attendee.slots["present"] {
            (self.attendees, attendeeConstituency, attendeePresent, attendeeName) = (attendees, constituency, present, attendee.slots["name"])
            (attendeeArrives, attendeeLeaves) = (Self.timeSlot("arrives", in: attendee), Self.timeSlot("leaves", in: attendee))
        } else {
            (self.attendees, attendeeConstituency, attendeePresent, attendeeName) = (nil, 0, 0, nil)
            (attendeeArrives, attendeeLeaves) = (nil, nil)
        }
        if let votes = shape.slots["votes"], let voteShape = nested("votes"),
           let decision = voteShape.slots["decision"], let voter = voteShape.slots["voter"], let vote = voteShape.slots["vote"] {
            (self.votes, voteDecision, voteVoter, self.vote) = (votes, decision, voter, vote)
            voteAt = Self.timeSlot("at", in: voteShape)
        } else {
            (self.votes, voteDecision, voteVoter, self.vote) = (nil, 0, 0, 0)
            voteAt = nil
        }
    }

    /// The slot of a field of `shape` that holds a time (optional or not).
    static func timeSlot(_ name: String, in shape: RecordShape) -> Int? {
        guard let type = shape.fields[name], type == .time || type == .optional(.time) else { return nil }
        return shape.slots[name]
    }

    /// Whether `attendee`, marked present, was there at `time`: arrived at or before it (or at
    /// a time not recorded) and not yet gone. Any attendee marked present is there when no
    /// time is asked about.
    func isPresent(_ attendee: RecordValue, at time: TimeOfDay?) -> Bool {
        guard case .bool(true) = attendee.fields[attendeePresent] else { return false }
        guard let time else { return true }
        if let slot = attendeeArrives, case .time(let arrives) = attendee.fields[slot], arrives > time { return false }
        if let slot = attendeeLeaves, case .time(let leaves) = attendee.fields[slot], leaves <= time { return false }
        return true
    }
}

/// The votes on one decision as they count: each eligible voter's last vote, the eligible
/// voters who did not vote, and those whose votes do not count, with why.
struct Tally: Sendable {
    var yes = 0, no = 0, abstain = 0
    var notVoted = 0
    var ineligible: [(voter: String, reason: String)] = []

    var counts: (yes: Int, no: Int, abstain: Int) { (yes, no, abstain) }

    /// The built-in record type of `tally(m, d)`.
    static let typeName = "tally"

    /// The tally as a record of the `tally` shape, whose fields are `CoreRecords`' in `fieldOrder`.
    static func value(_ tally: Tally, shape: RecordShape.ID, fieldOrder: [String]) -> Value {
        .record(RecordValue(shape: shape, fields: fieldOrder.map { field in
            switch field {
            case "yes": .number(Rational(count: tally.yes))
            case "no": .number(Rational(count: tally.no))
            case "abstain": .number(Rational(count: tally.abstain))
            case "not_voted": .number(Rational(count: tally.notVoted))
            case "ineligible": .list(tally.ineligible.map { .text($0.voter) })
            default: .absent
            }
        }))
    }
}

extension ExpressionCompiler {
    /// `quorate(m [, "label"])`, `attending(m)`, `carried(m, d [, "label"])`, `tally(m, d)`, the number functions, on
    /// a meeting or any record with the fields they read (`MeetingFields`).
    mutating func call(_ name: Identifier, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        if let function = NumberFunction(rawValue: name.text) { return numberCall(function, arguments, at: span) }
        if let signature = checked.typeChecker.functions[name.text] { return functionCall(signature, arguments, at: span) }
        if let function = CollectionFunction(rawValue: name.text) { return collectionCall(function, arguments, at: span) }
        guard let function = BuiltinFunction(rawValue: name.text), let meetingExpr = arguments.first,
              case .record(let shapeID) = type(of: meetingExpr).widenedBase,
              let fields = MeetingFields(shape: shapeID, shapes: checked.shapes) else {
            return unresolvable("there is no function `\(name.text)` for these arguments", at: span)
        }
        let tallyShape = checked.shapeByName[Tally.typeName]
        let tallyFields = tallyShape.flatMap { checked.shapes.indices.contains($0.index) ? checked.shapes[$0.index].fieldOrder : nil } ?? []
        let meeting = value(meetingExpr)
        let rest = arguments.dropFirst().map { value($0) }
        return { frame in
            guard case .record(let record) = try meeting(frame) else { throw ValueOperations.absent(at: span) }
            guard let groupName = record.fields[fields.group].declarationName else { throw ValueOperations.absent(at: span) }
            guard let group = frame.context.groups[groupName] else {
                throw EvaluationError(.undeclaredGovernance, "the record's group `\(groupName)` is not declared in the rules", at: span)
            }
            if let slot = fields.attendees, case .list(let attendees) = record.fields[slot] { try frame.spend(attendees.count, at: span) }
            // `quorate(m, label, 10:30)` and `attending(m, 10:30)` judge the attendance at a time.
            var moment: TimeOfDay?
            let timeIndex = function == .quorate ? 1 : 0
            if function == .quorate || function == .attending, rest.indices.contains(timeIndex) {
                guard case .time(let time) = try rest[timeIndex](frame) else { throw ValueOperations.absent(at: span) }
                moment = time
            }
            let day = fields.day(of: record)
            let present = Self.presentSeats(record, group: group, fields: fields, at: moment)
            func label(_ index: Int) throws -> String {
                guard rest.indices.contains(index) else { return "" }
                guard case .text(let given) = try rest[index](frame) else { throw ValueOperations.absent(at: span) }
                return given
            }
            func counted() throws -> (decision: Rational, tally: Tally) {
                guard case .number(let decision) = try rest[0](frame) else { throw ValueOperations.absent(at: span) }
                if let slot = fields.votes, case .list(let votes) = record.fields[slot] { try frame.spend(votes.count, at: span) }
                let tally = Self.tally(record, decision: decision, group: group, fields: fields, present: present)
                for (voter, reason) in tally.ineligible {
                    frame.note("the vote of `\(voter)` on decision \(decision) is not counted: \(reason)")
                }
                return (decision, tally)
            }
            switch function {
            case .attending:
                return .number(Rational(count: present))
            case .quorate:
                return .bool(try Self.quorate(group, label: try label(0), present: present, context: frame.context, at: span, on: day))
            case .carried:
                let threshold = try label(1)
                guard let condition = group.thresholds[threshold] else {
                    let what = threshold.isEmpty ? "unlabelled threshold" : "threshold `\(threshold)`"
                    throw EvaluationError(.undeclaredGovernance, "group `\(group.name)` has no \(what)", at: span)
                }
                let tally = try counted().tally
                return .bool(try condition.node(group.frame(present: present, tally: tally.counts, context: frame.context, on: day)))
            case .tally:
                let tally = try counted().tally
                guard let tallyShape else { return .absent }
                return Tally.value(tally, shape: tallyShape, fieldOrder: tallyFields)
            }
        }
    }

    /// The group's seats filled by an attendee marked present: a constituency with two seats
    /// and three attendees fills two. A group that declares no seats counts the attendees present.
    static func presentSeats(_ meeting: RecordValue, group: GroupGovernance, fields: MeetingFields, at time: TimeOfDay? = nil) -> Int {
        guard let slot = fields.attendees, case .list(let attendees) = meeting.fields[slot] else { return 0 }
        var byConstituency: [String: Int] = [:]
        var people = 0
        for case .record(let attendee) in attendees {
            guard fields.isPresent(attendee, at: time),
                  let constituency = attendee.fields[fields.attendeeConstituency].textOrName else { continue }
            people += 1
            byConstituency[constituency, default: 0] += 1
        }
        if group.seats.isEmpty { return people }
        let day = fields.day(of: meeting)
        var filled = 0
        for (constituency, count) in byConstituency {
            guard let seat = group.seats[constituency] else { continue }
            if let day, let term = group.seatTerms[constituency], !term.holds(on: day) { continue }
            filled += Swift.min(count, seat.filled)
        }
        return filled
    }

    /// The votes recorded on `decision`, each voter counted once (the last vote). A vote
    /// counts when its voter may vote: a member of the group, if it lists members; and present,
    /// if the record names who was present. Any other vote is left out, named with why.
    static func tally(_ meeting: RecordValue, decision: Rational, group: GroupGovernance, fields: MeetingFields,
                      present: Int) -> Tally {
        var tally = Tally()
        guard let slot = fields.votes, case .list(let votes) = meeting.fields[slot] else { return tally }
        var attendance: Set<String>?
        // The attendees by name who sit in a filled seat of the group, to judge a vote by.
        var seatedAttendees: [String: [RecordValue]] = [:]
        if let slot = fields.attendees, let nameSlot = fields.attendeeName, case .list(let attendees) = meeting.fields[slot] {
            var named: Set<String> = []
            var anyNamed = false
            for case .record(let attendee) in attendees {
                guard let name = attendee.fields[nameSlot].textOrName else { continue }
                anyNamed = true
                let seated = group.seats.isEmpty
                    || (attendee.fields[fields.attendeeConstituency].textOrName).flatMap { group.seats[$0] }.map { $0.filled > 0 } == true
                guard seated else { continue }
                seatedAttendees[name, default: []].append(attendee)
                if fields.isPresent(attendee, at: nil) { named.insert(name) }
            }
            if anyNamed { attendance = named }
        }
        var last: [String: String] = [:]
        var order: [String] = []
        var absentAtVote: [String: TimeOfDay] = [:]
        for case .record(let vote) in votes {
            guard case .number(decision) = vote.fields[fields.voteDecision],
                  let voter = vote.fields[fields.voteVoter].textOrName,
                  let choice = vote.fields[fields.vote].textOrName else { continue }
            if last.updateValue(choice, forKey: voter) == nil { order.append(voter) }
            // A vote cast at a time counts only from someone there at that time.
            absentAtVote[voter] = nil
            if attendance != nil, let slot = fields.voteAt, case .time(let time) = vote.fields[slot],
               !(seatedAttendees[voter] ?? []).contains(where: { fields.isPresent($0, at: time) }) {
                absentAtVote[voter] = time
            }
        }
        var counted = 0
        let day = fields.day(of: meeting)
        for voter in order {
            if !group.members.isEmpty, !group.members.contains(voter) {
                tally.ineligible.append((voter, "`\(voter)` is not a member of \(group.name)"))
                continue
            }
            if let day, let term = group.memberTerms[voter], !term.holds(on: day) {
                tally.ineligible.append((voter, term.outside(voter, on: day)))
                continue
            }
            if let time = absentAtVote[voter], attendance?.contains(voter) == true {
                tally.ineligible.append((voter, "`\(voter)` is not recorded present at \(time), when the vote was cast"))
                continue
            }
            if let attendance, !attendance.contains(voter) {
                tally.ineligible.append((voter, group.seats.isEmpty ? "`\(voter)` is not recorded present"
                                                                    : "`\(voter)` is not recorded present in a filled seat of \(group.name)"))
                continue
            }
            counted += 1
            switch last[voter] {
            case "yes": tally.yes += 1
            case "no": tally.no += 1
            default: tally.abstain += 1
            }
        }
        let inOffice = day.map { day in group.members.filter { group.memberTerms[$0]?.holds(on: day) ?? true } } ?? group.members
        let eligible = !group.members.isEmpty ? (attendance.map { inOffice.intersection($0).count } ?? inOffice.count)
            : (attendance?.count ?? present)
        tally.notVoted = Swift.max(eligible - counted, 0)
        return tally
    }

    /// A quorum that is a number of seats is met when at least that many are present; one that
    /// is a condition, when it holds. A group without a quorum is always quorate.
    static func quorate(_ group: GroupGovernance, label: String = "", present: Int, context: EvaluationContext,
                        at span: SourceSpan? = nil, on day: CivilDate? = nil) throws -> Bool {
        guard let quorum = group.quorums[label] else {
            guard !label.isEmpty, let span else { return true }
            throw EvaluationError(.undeclaredGovernance, "group `\(group.name)` has no quorum `\(label)`", at: span)
        }
        switch try quorum.node(group.frame(present: present, tally: (0, 0, 0), context: context, on: day)) {
        case .bool(let met): return met
        case .number(let needed): return Rational(count: present) >= needed
        case let other:
            throw EvaluationError(.unexpectedValue, "a quorum is a number or a condition, not \(other.kindName)", at: quorum.span)
        }
    }
}
