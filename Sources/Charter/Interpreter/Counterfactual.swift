/// One change to a record that would turn a rule's verdict: what would make a failing rule pass
/// (a true/false field flipped, a number changed by the least whole amount, more seats
/// attending a meeting that is not quorate), or what would make a passing rule fail (a
/// true/false field flipped).
public struct Counterfactual: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// A top-level true/false field of the record flipped: its name as a rule reads it
        /// (`cr.fixes_defect`) and the value it would have.
        case flag(String, to: Bool)
        /// A top-level number field changed: its name, its value, and the value it would have.
        case number(String, from: String, to: String)
        /// This many more seats of the meeting's group attending.
        case attendingSeats(Int)
    }

    public let change: Change
    /// The verdict the change would give.
    public let outcome: RuleVerdict.Outcome

    /// `passes if `cr.fixes_defect` were true`.
    public var text: String {
        let verb = outcome == .pass ? "passes" : "fails"
        switch change {
        case .flag(let field, let to): return "\(verb) if `\(field)` were \(to)"
        case .number(let field, let from, let to): return "\(verb) if `\(field)` were \(to) (not \(from))"
        case .attendingSeats(let seats): return "\(verb) if quorate with \(seats) more attending seat\(seats == 1 ? "" : "s")"
        }
    }
}

extension Explainer {
    /// The largest change tried to a number field, either way.
    static let numberSearchLimit = 1000
    /// The most hypothetical attendees tried for a meeting that is not quorate.
    static let seatSearchLimit = 1000

    /// The first change that turns `outcome` on `record`: for a failure, more attending seats
    /// when the trace shows a meeting that is not quorate, then each true/false field flipped
    /// in the order the record declares them, then the number field that needs the smallest
    /// whole change; for a pass, the first true/false field whose flip makes it fail. Each
    /// candidate is evaluated with the rule as compiled for evaluation.
    func counterfactual(_ record: RecordValue, asOf: CivilDate?, outcome: RuleVerdict.Outcome,
                        trace: [TraceNode]) -> Counterfactual? {
        guard outcome == .pass || outcome == .fail, program.shapes.indices.contains(record.shape.index) else { return nil }
        let wanted: RuleVerdict.Outcome = outcome == .pass ? .fail : .pass
        let frame = Frame(size: rule.frameSize, context: program.context)
        func turns(_ candidate: RecordValue) -> Bool {
            rule.outcome(candidate, today: program.today(for: candidate, asOf: asOf), frame: frame) == wanted
        }
        func changing(_ slot: Int, to value: Value) -> RecordValue {
            var fields = record.fields
            fields[slot] = value
            return RecordValue(shape: record.shape, fields: fields)
        }
        let shape = program.shapes[record.shape.index]
        let variable = declaration.subject?.variable?.text
        func name(_ field: String) -> String { variable.map { "\($0).\(field)" } ?? field }
        let fields = shape.fieldOrder.enumerated().filter { record.fields.indices.contains($0.offset) }

        if outcome == .fail, trace.contains(where: { $0.contains { $0.function == "quorate" && $0.holds == false } }),
           let seats = seatsToQuorum(record, passing: turns) {
            return Counterfactual(change: .attendingSeats(seats), outcome: wanted)
        }
        for (slot, field) in fields {
            guard case .bool(let flag) = record.fields[slot], turns(changing(slot, to: .bool(!flag))) else { continue }
            return Counterfactual(change: .flag(name(field), to: !flag), outcome: wanted)
        }
        guard outcome == .fail else { return nil }
        let numbers = fields.compactMap { slot, field -> (Int, String, Rational)? in
            if case .number(let number) = record.fields[slot] { return (slot, field, number) }
            return nil
        }
        guard !numbers.isEmpty else { return nil }
        for distance in 1...Self.numberSearchLimit {
            for (slot, field, number) in numbers {
                for delta in [distance, -distance] {
                    guard let changed = Rational(delta).flatMap(number.adding), turns(changing(slot, to: .number(changed))) else { continue }
                    return Counterfactual(change: .number(name(field), from: number.description, to: changed.description), outcome: wanted)
                }
            }
        }
        return nil
    }

    /// The fewest more seats of the meeting's group that would make `meeting` quorate and the
    /// rule pass, found by adding hypothetical attendees, present, to the group's free seats
    /// (to any constituency, for a group that declares no seats).
    func seatsToQuorum(_ meeting: RecordValue, passing: (RecordValue) -> Bool) -> Int? {
        guard let fields = MeetingFields(shape: meeting.shape, shapes: program.shapes), let attendeesSlot = fields.attendees,
              meeting.fields.indices.contains(fields.group), meeting.fields.indices.contains(attendeesSlot),
              let groupName = meeting.fields[fields.group].declarationName, let group = program.context.groups[groupName],
              case .list(let attendees) = meeting.fields[attendeesSlot],
              case .list(.record(let attendeeShape))? = program.shapes[meeting.shape.index].fields["attendees"]?.widenedBase,
              program.shapes.indices.contains(attendeeShape.index) else { return nil }
        var present: [String: Int] = [:]
        for case .record(let attendee) in attendees {
            guard case .bool(true) = attendee.fields[fields.attendeePresent],
                  case .text(let constituency) = attendee.fields[fields.attendeeConstituency] else { continue }
            present[constituency, default: 0] += 1
        }
        // The seats that could still be filled, by constituency in a stable order; a group that
        // declares no seats may take any number of attendees.
        var open: [(constituency: String, count: Int)] = []
        if group.seats.isEmpty {
            open = [("(hypothetical)", Self.seatSearchLimit)]
        } else {
            for (constituency, seat) in group.seats.sorted(by: { $0.key < $1.key }) where seat.filled > 0 {
                let free = seat.filled - Swift.min(present[constituency] ?? 0, seat.filled)
                if free > 0 { open.append((constituency, free)) }
            }
        }
        let shape = program.shapes[attendeeShape.index]
        func hypothetical(_ constituency: String) -> Value {
            let values = shape.fieldOrder.enumerated().map { slot, field -> Value in
                if slot == fields.attendeeConstituency { return .text(constituency) }
                if slot == fields.attendeePresent { return .bool(true) }
                switch shape.fields[field]?.widenedBase {
                case .list?: return .list([])
                case .text?: return .text("(hypothetical attendee)")
                default: return .absent
                }
            }
            return .record(RecordValue(shape: attendeeShape, fields: values))
        }
        let seated = ExpressionCompiler.presentSeats(meeting, group: group, fields: fields)
        // The hypothetical attendees are made one at a time, so the search costs what it tries,
        // not what the group declares: a group of a hundred billion seats is searched as fast
        // as one of ten.
        var added: [Value] = []
        var seats = open.makeIterator()
        var current = seats.next()
        var usedOfCurrent = 0
        while added.count < Self.seatSearchLimit, let (constituency, count) = current {
            added.append(hypothetical(constituency))
            usedOfCurrent += 1
            if usedOfCurrent == count {
                current = seats.next()
                usedOfCurrent = 0
            }
            let more = added.count
            // A size at which the quorum cannot be evaluated is not a way to pass.
            guard (try? ExpressionCompiler.quorate(group, present: seated + more, context: program.context, on: fields.day(of: meeting))) == true else { continue }
            var changed = meeting.fields
            changed[attendeesSlot] = .list(attendees + added)
            if passing(RecordValue(shape: meeting.shape, fields: changed)) { return more }
        }
        return nil
    }
}
