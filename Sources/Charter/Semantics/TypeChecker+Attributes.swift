/// Attribute blocks (`role IPA "…" { independent true }`): the facts a charter states about
/// its roles, constituencies, seats and members. Each value is a fact written out, typed like
/// any expression but with no names in scope, each name is given once per block, and one
/// attribute name has one type across the declarations of one kind, so that a rule reading
/// it has one type to check against.
extension TypeChecker {
    /// The first place each attribute name was typed, by the kind of declaration it is on.
    struct AttributeTypes {
        var first: [String: [String: (type: CharterType, span: SourceSpan)]] = [:]
        /// Each kind's attribute names in the order first given.
        var order: [String: [String]] = [:]
        /// How many declarations of each kind give each attribute, and how many there are.
        var given: [String: [String: Int]] = [:]
        var declarations: [String: Int] = [:]
    }

    mutating func check(attributes: [Attribute], on owner: String, kind: String, seen: inout AttributeTypes) {
        var inBlock: [String: SourceSpan] = [:]
        seen.declarations[kind, default: 0] += 1
        for attribute in attributes {
            let name = attribute.name.text
            if let earlier = inBlock[name] {
                diagnostics.append(.error(.attributeTwice, "\(owner) gives the attribute `\(name)` twice", at: attribute.name.span,
                                          help: "keep one `\(name)`",
                                          notes: [.init("`\(name)` is first given here", at: earlier)]))
                continue
            }
            inBlock[name] = attribute.name.span
            seen.given[kind, default: [:]][name, default: 0] += 1
            if case .name(let word) = attribute.value.ungrouped.kind {
                recorder.refer(word, at: attribute.value.ungrouped.span, to: nil)
                report(.unknownName, "there is no `\(word)` here: an attribute's value is a fact written out", at: attribute.value.span,
                       help: "write text in quotes (`\(name) \"\(word)\"`), or a number, a date, a duration, true or false")
                continue
            }
            let type = self.type(of: attribute.value, in: Scope()).widened
            guard !type.isUnknown else { continue }
            if let first = seen.first[kind]?[name] {
                if first.type != type {
                    diagnostics.append(.error(.attributeRetyped,
                        "the attribute `\(name)` of \(owner) is \(type), but it is \(first.type) where it is first given",
                        at: attribute.value.span,
                        help: "give `\(name)` values of one type on every \(kind)",
                        notes: [.init("`\(name)` is \(first.type) here", at: first.span)]))
                }
            } else {
                seen.first[kind, default: [:]][name] = (type, attribute.value.span)
                seen.order[kind, default: []].append(name)
            }
        }
    }

    /// Every attribute block of `rulebook`.
    @discardableResult
    mutating func checkAttributes(of rulebook: Rulebook) -> AttributeTypes {
        var seen = AttributeTypes()
        for declaration in rulebook.declarations {
            switch declaration {
            case .role(let role):
                check(attributes: role.attributes, on: "role `\(role.name.text)`", kind: "role", seen: &seen)
            case .constituency(let constituency):
                check(attributes: constituency.attributes, on: "constituency `\(constituency.name.text)`", kind: "constituency", seen: &seen)
            case .group(let group):
                for clause in group.clauses {
                    switch clause {
                    case .seat(let seat):
                        check(attributes: seat.attributes, on: "the seat of `\(seat.constituency.text)` in `\(group.name.text)`", kind: "seat", seen: &seen)
                    case .member(let member):
                        check(attributes: member.attributes, on: "member `\(member.name.text)` of `\(group.name.text)`", kind: "member", seen: &seen)
                    default: break
                    }
                }
            default: break
            }
        }
        return seen
    }
}
