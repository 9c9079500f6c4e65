/// Explanations as text for people (an indented tree, ✓ and ✗ for what held and what did not)
/// and as JSON for scripts.
extension TraceNode {
    /// Levels of the tree shown in text below a clause; deeper nodes are elided.
    static let depthLimit = 8

    /// This node and its children as indented lines, `indent` spaces in; `palette` colours the
    /// marks ✓, ✗ and `!`.
    public func text(indent: Int = 0, palette: Palette = .plain) -> String {
        var out = ""
        write(into: &out, indent: indent, depth: 0, palette: palette)
        return out
    }

    func write(into out: inout String, indent: Int, depth: Int, palette: Palette) {
        let pad = String(repeating: " ", count: indent)
        out += pad + line(palette) + "\n"
        if depth >= Self.depthLimit {
            if !children.isEmpty { out += pad + "  …\n" }
        } else {
            for child in children { child.write(into: &out, indent: indent + 2, depth: depth + 1, palette: palette) }
        }
        if let message { out += pad + "  message: " + message + "\n" }
    }

    /// `✗ cr.fixes_defect`, `· item.duration = 10 minutes`, `· sum(…) = 1 + 6 + 5 = 12`.
    var line: String { line(.plain) }

    func line(_ palette: Palette) -> String {
        if kind == .note { return expr }
        if failed {
            let code = errorCode.map { " (\($0))" } ?? ""
            return palette.paint("!", .cannotEvaluate) + " \(expr): cannot be evaluated\(code)" + (error.map { ": \($0)" } ?? "")
        }
        if let holds {
            return (holds ? palette.paint("✓", .pass) : palette.paint("✗", .fail)) + " " + expr + (note.map { " (\($0))" } ?? "")
        }
        return "· \(expr) = " + (working.map { "\($0) = " } ?? "") + value + (note.map { " (\($0))" } ?? "")
    }

    /// `{"kind", "expr", "value", …, "children"}`, with `holds`, `working`, `note`, `message`
    /// and `error` where they apply.
    public func json() -> JSON {
        var members: [(String, JSON)] = [("kind", .string(kind.rawValue)), ("expr", .string(expr)), ("value", .string(value))]
        if let holds { members.append(("holds", .bool(holds))) }
        if let working { members.append(("working", .string(working))) }
        if let note { members.append(("note", .string(note))) }
        if let message { members.append(("message", .string(message))) }
        if let error { members.append(("error", .string(error))) }
        if let errorCode { members.append(("error_code", .string(errorCode.id))) }
        members.append(("children", .array(children.map { $0.json() })))
        return .object(members)
    }
}

extension Explanation {
    /// The clauses as a tree, then the counterfactual, each line `indent` spaces in.
    public func text(indent: Int = 2, palette: Palette = .plain) -> String {
        var out = clauses.map { $0.text(indent: indent, palette: palette) }.joined()
        if outcome == .notApplicable {
            out += String(repeating: " ", count: indent) + "the rule does not apply: a `when` does not hold\n"
        }
        if let counterfactual {
            out += String(repeating: " ", count: indent) + "counterfactual: " + counterfactual.text + "\n"
        }
        return out
    }

    /// `{"outcome", "trace", "counterfactual"}`.
    public func jsonMembers() -> [(String, JSON)] {
        var counterfactualJSON = JSON.null
        if let counterfactual {
            var members: [(String, JSON)] = [("text", .string(counterfactual.text)), ("outcome", .string(counterfactual.outcome.rawValue))]
            switch counterfactual.change {
            case .flag(let field, let to):
                members += [("field", .string(field)), ("value", .string(to ? "true" : "false"))]
            case .number(let field, _, let to):
                members += [("field", .string(field)), ("value", .string(to))]
            case .attendingSeats(let seats):
                members += [("more_attending_seats", .integer(seats))]
            }
            counterfactualJSON = .object(members)
        }
        return [
            ("outcome", .string(outcome.rawValue)),
            ("trace", .array(clauses.map { $0.json() })),
            ("counterfactual", counterfactualJSON),
        ]
    }
}
