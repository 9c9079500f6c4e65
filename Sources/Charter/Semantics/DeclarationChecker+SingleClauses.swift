extension DeclarationChecker {
    /// G030: the clauses that say one thing about a group — its level, the group it reports
    /// to, its attendance, its status, whether it decides, whether it is outside governance —
    /// are given at most once. A second one would be silently ignored (the first `level` is the
    /// one that counts) or contradict the first; either way the reader cannot tell which holds.
    /// Clauses that may repeat (`seat`, `member`, `meets`, `chair` for co-chairs, `advises`,
    /// `replaces`) and the quorums and thresholds, whose labels are checked elsewhere, are not.
    mutating func checkSingleValuedClauses(of group: GroupDecl) {
        var first: [String: SourceSpan] = [:]
        for clause in group.clauses {
            let word: String
            let span: SourceSpan
            switch clause {
            case .level(_, let clauseSpan, _): (word, span) = ("level", clauseSpan)
            case .reportsTo(let target): (word, span) = ("reports_to", target.span)
            case .attendance(let value): (word, span) = ("attendance", value.span)
            case .status(let value): (word, span) = ("status", value.span)
            case .decides(let clauseSpan): (word, span) = ("decides", clauseSpan)
            case .nonGovernance(let clauseSpan): (word, span) = ("non_governance", clauseSpan)
            default: continue
            }
            guard let earlier = first[word] else {
                first[word] = span
                continue
            }
            let flag = word == "decides" || word == "non_governance"
            diagnostics.append(.error(.clauseGivenTwice, "group `\(group.name.text)` has a second `\(word)` clause", at: span,
                                      help: flag ? "`\(word)` says it once: remove this one"
                                                 : "a group has one `\(word)`: keep the one that holds and remove the other",
                                      notes: [.init("the first `\(word)` is here", at: earlier)]))
        }
    }
}
