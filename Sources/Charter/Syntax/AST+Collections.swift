/// The list forms of an expression: a position in a list, a list built from another, a list
/// sorted by a key, and a selection that walks a list keeping elements by what it has kept.
/// Each goes over its list once (sorting, in n log n comparisons), so that every one
/// terminates within a bound polynomial in its lists' lengths (Grammar.md states each).
public enum CollectionForm: Sendable {
    /// `xs[i]`: the element at position `i`, counted from 1.
    case index(Expr, position: Expr)
    /// `[value for x in xs where c]`: the value for each element that passes the filter.
    case build(Expr, Binding)
    /// `sort(x in xs by key [descending])`, or `sort(xs [descending])` when `binding` is nil
    /// and `key` is the list itself. Elements with equal keys keep their order.
    case sort(Binding?, key: Expr, descending: Bool)
    /// `select(x in xs [where c] [up to n] as kept: condition)`: the elements, in order, for
    /// which `condition` holds with `kept` the list of those kept before, until `n` are kept.
    case select(Binding, limit: Expr?, kept: Identifier, condition: Expr)

    /// The expressions directly inside, in source order.
    var children: [Expr] {
        func parts(_ binding: Binding) -> [Expr] { [binding.source] + (binding.filter.map { [$0] } ?? []) }
        switch self {
        case .index(let base, let position): return [base, position]
        case .build(let value, let binding): return [value] + parts(binding)
        case .sort(let binding?, let key, _): return parts(binding) + [key]
        case .sort(nil, let list, _): return [list]
        case .select(let binding, let limit, _, let condition): return parts(binding) + (limit.map { [$0] } ?? []) + [condition]
        }
    }

    /// The list the form walks, for the checks that count nesting over a record's lists.
    var source: Expr? {
        switch self {
        case .index: nil
        case .build(_, let binding), .select(let binding, _, _, _), .sort(let binding?, _, _): binding.source
        case .sort(nil, let list, _): list
        }
    }
}

extension CollectionForm {
    /// The words that start a collection form written like a call: `sort(…)`, `select(…)`.
    static let sortWord = "sort"
    static let selectWord = "select"
    /// `sort(… descending)`.
    static let descendingWord = "descending"
    /// `sort(x in xs by key)`.
    static let keyWord = "by"
    /// `select(… up to n …)`.
    static let limitWords = ("up", "to")
    /// `select(… as kept: …)`.
    static let keptWord = "as"
}
