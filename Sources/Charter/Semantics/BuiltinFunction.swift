/// The functions rules may call. Each reads a meeting against the declared governance of its
/// group (`m.group` names the group): its seats, quorum and thresholds.
public enum BuiltinFunction: String, CaseIterable, Sendable {
    /// `quorate(m)` or `quorate(m, "to_vote")`: whether the seats present at meeting `m` meet its
    /// group's quorum, the unlabelled one or the one named (true for a group that declares none).
    case quorate
    /// `attending(m)`: the number of the group's seats with an attendee marked present.
    case attending
    /// `carried(m, 96)` or `carried(m, 96, "special")`: whether the votes recorded on decision 96
    /// at meeting `m` meet the group's threshold (the unlabelled one, or the one named).
    case carried
    /// `tally(m, 96)`: the votes recorded on decision 96 as they count (`yes`, `no`, `abstain`,
    /// `not_voted`, and the `ineligible` voters left out).
    case tally

    /// Parameter types; a `.record` stands for the `meeting` record.
    var parameters: [CharterType] {
        let meeting = CharterType.record(RecordShape.ID(index: -1, name: "meeting"))
        return switch self {
        case .quorate: [meeting, .text, .time]
        case .attending: [meeting, .time]
        case .carried: [meeting, .number, .text]
        case .tally: [meeting, .number]
        }
    }

    var requiredCount: Int { self == .carried || self == .tally ? 2 : 1 }

    var result: CharterType { self == .attending ? .number : .bool }

    /// The fields a record passed to the function must have, besides `group: group`.
    var needs: [String] {
        switch self {
        case .quorate, .attending: ["attendees"]
        case .carried, .tally: ["votes"]
        }
    }

    var signature: String {
        switch self {
        case .quorate: "quorate(meeting[, quorum name[, time]])"
        case .attending: "attending(meeting[, time])"
        case .carried: "carried(meeting, decision number[, threshold name])"
        case .tally: "tally(meeting, decision number)"
        }
    }

    var help: String {
        switch self {
        case .quorate: "write `quorate(m)` where `m` is a meeting record, or `quorate(m, \"to_vote\")` for a labelled quorum"
        case .attending: "write `attending(m)` where `m` is a meeting record"
        case .carried: "write `carried(m, d.number)`, or `carried(m, d.number, \"special\")` for a labelled threshold"
        case .tally: "write `tally(m, d.number).yes`, where `m` is a meeting or another record with `group` and `votes`"
        }
    }
}
