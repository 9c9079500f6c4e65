/// The functions over lists that are written as calls: `distinct(xs)` and `first(xs, n)`.
/// (`sort(…)` and `select(…)` bind a variable, so they are forms of their own:
/// `CollectionForm`.)
public enum CollectionFunction: String, CaseIterable, Sendable {
    /// `distinct(xs)`: the elements of `xs`, each value once, in the order first met.
    case distinct
    /// `first(xs, n)`: the first `n` elements of `xs` (all of them when it has fewer).
    case first

    var arity: Int { self == .first ? 2 : 1 }

    var signature: String {
        switch self {
        case .distinct: "distinct(list)"
        case .first: "first(list, count)"
        }
    }

    var help: String {
        switch self {
        case .distinct: "write `distinct(xs)` over a list of texts, numbers, dates, times, durations or booleans, such as `distinct(b.members.employer)`"
        case .first: "write `first(xs, 3)` for the first three elements of a list"
        }
    }
}

/// The types whose values `distinct` can tell apart and `sort` can order.
extension CharterType {
    /// Text, numbers, booleans, dates, times and durations: values compared as a whole, never
    /// records or lists, whose absent fields would make two copies of one record unequal.
    var isDistinguishable: Bool {
        switch self {
        case .text, .choice, .number, .bool, .date, .time, .duration: true
        default: false
        }
    }

    /// What `sort` orders: numbers, dates, times, durations, and text by its characters' code points.
    var isSortable: Bool {
        switch self {
        case .text, .choice, .number, .date, .time, .duration: true
        default: false
        }
    }
}
