/// What `quorate`, `attending` and `carried` need of a group: its seats, its members and its
/// compiled quorum and thresholds.
final class GroupGovernance {
    let name: String
    /// Seats by constituency: how many, and whether they are vacant.
    let seats: [String: (count: Int, vacant: Bool)]
    let seatCount: Int
    let filledSeatCount: Int
    let memberCount: Int
    /// Evaluated over a frame of `frameSize` slots whose first are `FrameLayout.groupNames`.
    let quorum: (node: ValueNode, span: SourceSpan)?
    let thresholds: [String: (node: ConditionNode, span: SourceSpan)]
    /// The slots the quorum and thresholds need, as the resolver laid them out: the names,
    /// then any `let`, quantifier or aggregate variable inside them.
    let frameSize: Int
    /// Whether the quorum reads `present`; one that does not is the same for any attendance.
    let quorumReadsPresent: Bool
    /// What the compiler could not resolve in the quorum and thresholds (a checker bug).
    let unresolved: [SourceSpan]

    /// The group declared at `index` in the checked rulebook.
    init(_ group: GroupDecl, at index: Int, checked: CheckedRulebook) {
        name = group.name.text
        var seats: [String: (count: Int, vacant: Bool)] = [:]
        var seatCount = 0, filled = 0, members = 0
        // A group the resolver did not lay out (a checker bug) still has a frame for its
        // names, and every expression in it compiles to a node that fails, counted unresolved.
        let layout = checked.frameLayout(ofDeclarationAt: index) ?? FrameLayout(size: FrameLayout.groupNames.count, clauseSlots: [])
        var compiler = ExpressionCompiler(checked, frame: layout)
        var quorum: (ValueNode, SourceSpan)?
        var quorumReadsPresent = false
        var thresholds: [String: (ConditionNode, SourceSpan)] = [:]
        for clause in group.clauses {
            switch clause {
            case .seat(let seat):
                let count = seat.count ?? 1
                let vacant = seat.state?.text == "vacant"
                seats[seat.constituency.text] = (count, vacant)
                // The declaration checker bounds seat counts; saturate rather than trap regardless.
                seatCount = seatCount.addingReportingOverflow(count).overflow ? .max : seatCount + count
                if !vacant { filled = filled.addingReportingOverflow(count).overflow ? .max : filled + count }
            case .member:
                members += 1
            case .quorum(let expr, let span):
                quorum = (compiler.value(expr), span)
                let present = FrameLayout.groupSlot("present")
                quorumReadsPresent = expr.contains { checked.resolution.names[ObjectIdentifier($0)].map { $0.slot == present } ?? false }
            case .threshold(let label, let expr, let span):
                thresholds[label?.text ?? ""] = (compiler.condition(expr), span)
            default:
                break
            }
        }
        self.seats = seats
        self.seatCount = seatCount
        filledSeatCount = filled
        memberCount = members
        self.quorum = quorum
        self.thresholds = thresholds
        self.quorumReadsPresent = quorumReadsPresent
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
    func leastQuorate(from lower: Int, through upper: Int, context: EvaluationContext) -> Int? {
        guard lower <= upper else { return nil }
        guard let quorum else { return lower }
        // This only describes the quorum for `explain`; a quorum that cannot be evaluated is
        // reported where `quorate` is called, so here it simply has no least count.
        func quorate(_ present: Int) -> Bool? { try? ExpressionCompiler.quorate(self, present: present, context: context) }
        if !quorumReadsPresent {
            switch try? quorum.node(frame(present: lower, tally: (0, 0, 0), context: context)) {
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
    func frame(present: Int, tally: (yes: Int, no: Int, abstain: Int), context: EvaluationContext) -> Frame {
        let frame = Frame(size: frameSize, context: context)
        let values = [present, seatCount, filledSeatCount, memberCount, tally.yes, tally.no, tally.abstain]
        for (slot, value) in zip(FrameLayout.groupNames.indices, values) { frame.locals[slot] = .number(Rational(count: value)) }
        return frame
    }
}

/// The slots of the core meeting fields that the built-in functions read, resolved once from
/// the rulebook's `meeting` shape (a rulebook may restate these fields with more of its own).
struct MeetingFields {
    let group: Int
    let attendees: Int
    let attendeeConstituency: Int
    let attendeePresent: Int
    let votes: Int
    let voteDecision: Int
    let voteVoter: Int
    let vote: Int

    init?(shapes: [RecordShape], byName: [String: RecordShape.ID]) {
        guard let id = byName["meeting"], shapes.indices.contains(id.index) else { return nil }
        let shape = shapes[id.index]
        func nested(_ field: String) -> RecordShape? {
            guard case .list(.record(let inner))? = shape.fields[field]?.widenedBase, shapes.indices.contains(inner.index) else { return nil }
            return shapes[inner.index]
        }
        guard let group = shape.slots["group"], let attendees = shape.slots["attendees"], let votes = shape.slots["votes"],
              let attendee = nested("attendees"), let voteShape = nested("votes"),
              let constituency = attendee.slots["constituency"], let present = attendee.slots["present"],
              let decision = voteShape.slots["decision"], let voter = voteShape.slots["voter"], let vote = voteShape.slots["vote"]
        else { return nil }
        (self.group, self.attendees, self.votes) = (group, attendees, votes)
        (attendeeConstituency, attendeePresent) = (constituency, present)
        (voteDecision, voteVoter, self.vote) = (decision, voter, vote)
    }
}

extension ExpressionCompiler {
    /// `quorate(m)`, `attending(m)`, `carried(m, d [, "label"])`, and the number functions.
    mutating func call(_ name: Identifier, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        if let function = NumberFunction(rawValue: name.text) { return numberCall(function, arguments, at: span) }
        guard let function = BuiltinFunction(rawValue: name.text), let fields = meetingFields,
              let meetingExpr = arguments.first else {
            return unresolvable("there is no function `\(name.text)`", at: span)
        }
        let meeting = value(meetingExpr)
        let rest = arguments.dropFirst().map { value($0) }
        return { frame in
            guard case .record(let record) = try meeting(frame) else { throw ValueOperations.absent(at: span) }
            guard case .text(let groupName) = record.fields[fields.group] else { throw ValueOperations.absent(at: span) }
            guard let group = frame.context.groups[groupName] else {
                throw EvaluationError(.undeclaredGovernance, "the meeting's group `\(groupName)` is not declared in the rules", at: span)
            }
            if case .list(let attendees) = record.fields[fields.attendees] { try frame.spend(attendees.count, at: span) }
            let present = Self.presentSeats(record, group: group, fields: fields)
            switch function {
            case .attending:
                return .number(Rational(count: present))
            case .quorate:
                return .bool(try Self.quorate(group, present: present, context: frame.context))
            case .carried:
                guard case .number(let decision) = try rest[0](frame) else { throw ValueOperations.absent(at: span) }
                var label = ""
                if rest.count > 1 {
                    guard case .text(let given) = try rest[1](frame) else { throw ValueOperations.absent(at: span) }
                    label = given
                }
                guard let threshold = group.thresholds[label] else {
                    let what = label.isEmpty ? "unlabelled threshold" : "threshold `\(label)`"
                    throw EvaluationError(.undeclaredGovernance, "group `\(group.name)` has no \(what)", at: span)
                }
                let tally = Self.tally(record, decision: decision, fields: fields)
                if case .list(let votes) = record.fields[fields.votes] { try frame.spend(votes.count, at: span) }
                return .bool(try threshold.node(group.frame(present: present, tally: tally, context: frame.context)))
            }
        }
    }

    /// The group's seats filled by an attendee marked present: a constituency with two seats
    /// and three attendees fills two. A group that declares no seats counts the attendees present.
    static func presentSeats(_ meeting: RecordValue, group: GroupGovernance, fields: MeetingFields) -> Int {
        guard case .list(let attendees) = meeting.fields[fields.attendees] else { return 0 }
        var byConstituency: [String: Int] = [:]
        var people = 0
        for case .record(let attendee) in attendees {
            guard case .bool(true) = attendee.fields[fields.attendeePresent],
                  case .text(let constituency) = attendee.fields[fields.attendeeConstituency] else { continue }
            people += 1
            byConstituency[constituency, default: 0] += 1
        }
        if group.seats.isEmpty { return people }
        var filled = 0
        for (constituency, count) in byConstituency {
            guard let seat = group.seats[constituency], !seat.vacant else { continue }
            filled += Swift.min(count, seat.count)
        }
        return filled
    }

    /// Yes, no and abstain votes recorded on `decision`, each voter counted once (the last vote).
    static func tally(_ meeting: RecordValue, decision: Rational, fields: MeetingFields) -> (yes: Int, no: Int, abstain: Int) {
        guard case .list(let votes) = meeting.fields[fields.votes] else { return (0, 0, 0) }
        var last: [String: String] = [:]
        for case .record(let vote) in votes {
            guard case .number(decision) = vote.fields[fields.voteDecision],
                  case .text(let voter) = vote.fields[fields.voteVoter],
                  case .text(let choice) = vote.fields[fields.vote] else { continue }
            last[voter] = choice
        }
        var tally = (yes: 0, no: 0, abstain: 0)
        for choice in last.values {
            switch choice {
            case "yes": tally.yes += 1
            case "no": tally.no += 1
            default: tally.abstain += 1
            }
        }
        return tally
    }

    /// A quorum that is a number of seats is met when at least that many are present; one that
    /// is a condition, when it holds. A group without a quorum is always quorate.
    static func quorate(_ group: GroupGovernance, present: Int, context: EvaluationContext) throws -> Bool {
        guard let quorum = group.quorum else { return true }
        switch try quorum.node(group.frame(present: present, tally: (0, 0, 0), context: context)) {
        case .bool(let met): return met
        case .number(let needed): return Rational(count: present) >= needed
        case let other:
            throw EvaluationError(.unexpectedValue, "a quorum is a number or a condition, not \(other.kindName)", at: quorum.span)
        }
    }
}
