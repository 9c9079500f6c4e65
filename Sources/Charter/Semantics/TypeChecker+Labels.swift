/// The labels of quorums and thresholds: each group has at most one quorum and one threshold
/// of each label (the unlabelled one included), and a rule that names a label in `quorate` or
/// `carried` names one some group declares, so that a misspelt label is a lint error rather
/// than an `error` outcome on every meeting.
extension TypeChecker {
    /// The labels of every group's quorums and thresholds.
    struct GovernanceLabels: Sendable {
        var quorums: [String] = []
        var thresholds: [String] = []
    }

    static func labels(of rulebook: Rulebook) -> GovernanceLabels {
        var labels = GovernanceLabels()
        var seenQuorums: Set<String> = [], seenThresholds: Set<String> = []
        for case .group(let group) in rulebook.declarations {
            for clause in group.clauses {
                switch clause {
                case .quorum(let label?, _, _) where seenQuorums.insert(label.text).inserted: labels.quorums.append(label.text)
                case .threshold(let label?, _, _) where seenThresholds.insert(label.text).inserted: labels.thresholds.append(label.text)
                default: break
                }
            }
        }
        return labels
    }

    /// G025: a second quorum or threshold with the label (or the lack of one) of an earlier one
    /// of the group, which would silently replace it.
    mutating func checkLabels(of group: GroupDecl) {
        var quorums: [String: SourceSpan] = [:], thresholds: [String: SourceSpan] = [:]
        for clause in group.clauses {
            let (kind, label, span): (String, Identifier?, SourceSpan)
            switch clause {
            case .quorum(let l, _, let s): (kind, label, span) = ("quorum", l, s)
            case .threshold(let l, _, let s): (kind, label, span) = ("threshold", l, s)
            default: continue
            }
            let key = label?.text ?? ""
            let first = kind == "quorum" ? quorums[key] : thresholds[key]
            guard let first else {
                if kind == "quorum" { quorums[key] = span } else { thresholds[key] = span }
                continue
            }
            let what = label.map { "two \(kind)s labelled `\($0.text)`" } ?? "two unlabelled \(kind)s"
            diagnostics.append(.error(.duplicateGovernanceLabel, "group `\(group.name.text)` has \(what)",
                                      at: label?.span ?? span,
                                      help: "label each \(kind) after the first (`\(kind) to_vote = …`) and name it where it is read (`\(kind == "quorum" ? "quorate(m, \"to_vote\")" : "carried(m, d, \"to_vote\")")`), or remove one",
                                      notes: [.init("the first is here", at: first)]))
        }
    }

    /// T026: the label argument of `quorate` or `carried`, when it is written out, names a
    /// quorum or threshold some group declares.
    mutating func checkLabelArgument(of function: BuiltinFunction, _ arguments: [Expr]) {
        let (index, kind, declared): (Int, String, [String]) = switch function {
        case .quorate: (1, "quorum", governanceLabels.quorums)
        case .carried: (2, "threshold", governanceLabels.thresholds)
        case .attending, .tally: (-1, "", [])
        }
        guard arguments.indices.contains(index), case .text(let parts) = arguments[index].ungrouped.kind,
              parts.count <= 1 else { return }
        var label = ""
        if case .literal(let text)? = parts.first { label = text }
        // "" names the unlabelled one, as leaving the label out does.
        guard !label.isEmpty, !declared.contains(label) else { return }
        let help = Suggest.didYouMean(label, among: declared)
            ?? (declared.isEmpty ? "no group labels a \(kind); drop the label to use a group's unlabelled \(kind)"
                                 : "the \(kind)s labelled are \(Suggest.list(declared.map { "\"\($0)\"" }))")
        report(.unknownGovernanceLabel, "no group declares a \(kind) labelled \"\(label)\"", at: arguments[index].span, help: help)
    }
}
