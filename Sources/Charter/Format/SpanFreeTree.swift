/// A syntax tree written out without its spans, so that two parses of differently laid-out
/// texts compare equal exactly when they read the same: what the formatter's tests and its fuzz
/// harness check `parse(fmt(x))` against `parse(x)` with. It walks the tree by reflection, so a
/// new kind of node is compared without a change here. (Not for production paths: reflection is
/// slow, and the formatter never needs it.)
enum SpanFreeTree {
    static func of(_ rulebook: Rulebook) -> String {
        rulebook.declarations.map { describe($0) }.joined(separator: "\n")
    }

    static func describe(_ value: Any) -> String {
        if value is SourceSpan { return "" }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .enum:
            guard let payload = mirror.children.first else { return "\(value)" }
            return (payload.label ?? "?") + "(" + describe(payload.value) + ")"
        case .optional:
            return mirror.children.first.map { describe($0.value) } ?? "nil"
        case .struct, .class, .tuple, .collection, .set, .dictionary:
            let parts = mirror.children.filter { !($0.value is SourceSpan) }.map { child in
                (child.label.map { $0 + ":" } ?? "") + describe(child.value)
            }
            return "{" + parts.joined(separator: ",") + "}"
        default:
            return "\(value)"
        }
    }
}
