/// The slots of one compiled unit's frame, as the resolver lays them out. A unit is what is
/// evaluated in one frame: a rule, a group's quorum and thresholds, a process's transition
/// conditions, an input at the REPL. Its frame holds first the names the unit starts with,
/// then one slot for each `let`, quantifier and aggregate variable written in it, none
/// reused; the compiler reads every slot and the frame's size from here, so that they come
/// from one place.
public struct FrameLayout: Sendable {
    /// How many slots the frame has: every slot the unit's nodes read or write is below it.
    public let size: Int
    /// The slot of each clause of a rule that is a `let`, by the clause's index; nil for the
    /// other clauses, and empty for units that are not rules.
    let clauseSlots: [Int?]

    /// `today`, which rules, processes and the REPL read in slot `todaySlot`.
    static let today = "today"
    /// The slots every rule and process starts with: `today`, then the record it is `for`,
    /// whether or not it names the record.
    static let todaySlot = 0
    static let subjectSlot = 1
    /// The names of a group's unit, each in the slot of its place here: a quorum reads the
    /// first `quorumNameCount`, a threshold reads all of them.
    static let groupNames = ["present", "seats", "filled_seats", "members", "yes", "no", "abstain"]
    static let quorumNameCount = 4

    /// The slot of the group name `name`.
    static func groupSlot(_ name: String) -> Int? { groupNames.firstIndex(of: name) }
}

/// What the resolver found for the expressions of a checked rulebook, by node identity, and
/// the frame of each unit: what the compiler reads instead of looking names up.
struct Resolution: Sendable {
    /// A name read in an expression: its slot in the unit's frame, and what it names.
    struct Name: Sendable {
        let slot: Int
        let symbol: SymbolID
    }

    /// The slot each `.name` node reads.
    var names: [ObjectIdentifier: Name] = [:]
    /// The slot each `.bind`, `.quantifier` or `.aggregate` node with a variable writes it to.
    var binders: [ObjectIdentifier: Int] = [:]
    /// The slot each `select(… as kept: …)` node holds the list it has kept so far in.
    var keptLists: [ObjectIdentifier: Int] = [:]
    /// The slot in its record of the field each `.field` node reads.
    var fields: [ObjectIdentifier: Int] = [:]
    /// The value of each `.name` node that names a declaration (`IPA`, `SITAG`).
    var constants: [ObjectIdentifier: Value] = [:]
    /// The shape index of each `.name` node that names every loaded record of a type (`meetings`).
    var recordLists: [ObjectIdentifier: Int] = [:]
    /// The frame of each rule, group and process, by the declaration's index in the rulebook.
    var units: [Int: FrameLayout] = [:]

    /// This resolution with `other`'s added, `other`'s taking precedence.
    func merging(_ other: Resolution) -> Resolution {
        var merged = self
        merged.names.merge(other.names) { _, new in new }
        merged.binders.merge(other.binders) { _, new in new }
        merged.keptLists.merge(other.keptLists) { _, new in new }
        merged.fields.merge(other.fields) { _, new in new }
        merged.constants.merge(other.constants) { _, new in new }
        merged.recordLists.merge(other.recordLists) { _, new in new }
        merged.units.merge(other.units) { _, new in new }
        return merged
    }
}
