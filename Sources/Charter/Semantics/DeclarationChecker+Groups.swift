extension DeclarationChecker {
    /// The names a group refers to, its level and reporting lines, its seats and quorum; its
    /// cadences are checked by `checkCadence`.
    mutating func checkGroup(_ group: GroupDecl) {
        let node = groupDeclarations.count
        groupDeclarations.append(group)
        let level = group.clauses.lazy.compactMap { clause -> Int? in
            if case .level(let number, _, _) = clause { number } else { nil }
        }.first
        var isGovernance = true
        var seats: [String: Identifier] = [:]
        var members: [String: Identifier] = [:]
        var attending = 0
        var hasSeats = false
        var chairs: [Identifier] = []
        var quorums: [Expr] = []
        checkSingleValuedClauses(of: group)
        for clause in group.clauses {
            switch clause {
            case .level(let number, let span, _):
                checkLevelDeclared(number, at: span)
            case .reportsTo(let target):
                checkReportingLine(of: group, node: node, level: level, to: target)
            case .advises(let whom?, _):
                guard scope.groups[whom.text] == nil, scope.roles[whom.text] == nil else { break }
                diagnostics.append(.error(.unknownBody, "there is no group or role `\(whom.text)`", at: whom.span,
                                          help: Suggest.didYouMean(whom.text, among: scope.groupNames + scope.roleNames)
                                              ?? "name the group or role that `\(group.name.text)` advises"))
            case .chair(let chair):
                chairs.append(chair)
            case .nonGovernance:
                isGovernance = false
            case .replaces(let replaced, let since, _):
                checkReplacement(of: replaced, since: since)
            case .meets(let cadence):
                checkCadence(cadence, of: group)
            case .seat(let seat):
                hasSeats = true
                checkSeat(seat, in: group, seen: &seats)
                if seat.state?.text != "by_exception" {
                    let (sum, overflow) = attending.addingReportingOverflow((seat.count ?? 1) - seat.vacantCount)
                    attending = overflow ? Int.max : sum
                }
            case .member(let member):
                if let first = members[member.name.text] {
                    diagnostics.append(.error(.duplicateMember, "group `\(group.name.text)` lists member `\(member.name.text)` twice",
                                              at: member.name.span, help: "remove one of the `member \(member.name.text)` clauses",
                                              notes: [.init("`\(member.name.text)` is first listed here", at: first.span)]))
                } else {
                    members[member.name.text] = member.name
                }
            case .quorum(_, let value, _):
                quorums.append(value)
            case .advises(nil, _), .decides, .attendance, .status, .threshold:
                break
            }
        }
        for chair in chairs where scope.roles[chair.text] == nil && members[chair.text] == nil {
            diagnostics.append(.error(.unknownChair, "the chair `\(chair.text)` is neither a role nor a member of `\(group.name.text)`",
                                      at: chair.span,
                                      help: Suggest.didYouMean(chair.text, among: scope.roleNames + members.keys.sorted())
                                          ?? "declare `role \(chair.text)`, or add `member \(chair.text)` to the group"))
        }
        for quorum in quorums {
            checkQuorum(quorum, of: group, attending: hasSeats ? attending : nil)
        }
        if level == nil && isGovernance {
            diagnostics.append(.warning(.groupWithoutLevel, "group `\(group.name.text)` has no level", at: group.name.span,
                                        help: "add `level N` to place it in the hierarchy, or `non_governance` if it is outside it"))
        }
    }

    /// G003: `level N` in a group names a declared level.
    mutating func checkLevelDeclared(_ number: Int, at span: SourceSpan) {
        guard scope.levels[number] == nil else { return }
        var help = "declare it with `level \(number) \"…\"`"
        if !scope.levelNumbers.isEmpty {
            help += ", or use a declared level (\(scope.levelNumbers.map(String.init).joined(separator: ", ")))"
        }
        diagnostics.append(.error(.undeclaredLevel, "level \(number) is not declared", at: span, help: help))
    }

    /// N006 and G002: `reports_to` names a group at a higher level (a smaller number). The
    /// line is kept for the cycle check.
    mutating func checkReportingLine(of group: GroupDecl, node: Int, level own: Int?, to target: Identifier) {
        guard let targetNode = scope.groupIndices[target.text] else {
            diagnostics.append(.error(.unknownGroup, "there is no group `\(target.text)`", at: target.span,
                                      help: Suggest.didYouMean(target.text, among: scope.groupNames)
                                          ?? "declare `group \(target.text) { … }`, or name the group `\(group.name.text)` reports to"))
            return
        }
        reportingEdges.append(Cycles.Edge(from: node, to: targetNode))
        reportingClauses.append(target)
        // A group reporting to itself is a cycle, reported as one.
        guard target.text != group.name.text,
              let own, let their = scope.groupLevels[target.text], their.number >= own else { return }
        let relation = their.number == own ? "the same level" : "a lower level"
        diagnostics.append(.error(.reportsNotUpward,
                                  "group `\(group.name.text)` at level \(own) reports to `\(target.text)` at level \(their.number), \(relation)",
                                  at: target.span,
                                  help: "a group reports to a group above it, with a smaller level number (level 3 reports to level 2)",
                                  notes: [.init("`\(target.text)` is at level \(their.number) here", at: their.span)]))
    }

    /// G001: each reporting cycle once, at the `reports_to` of its first-declared group, with a
    /// note at each other line of the cycle.
    mutating func checkReportingCycles() {
        for cycle in Cycles.find(nodeCount: groupDeclarations.count, edges: reportingEdges) {
            guard let first = cycle.first else { continue }
            let names = cycle.map { groupDeclarations[reportingEdges[$0].from].name.text }
            let notes = cycle.dropFirst().map { edge in
                Diagnostic.Note("`\(groupDeclarations[reportingEdges[edge].from].name.text)` reports to "
                                + "`\(reportingClauses[edge].text)` here", at: reportingClauses[edge].span)
            }
            diagnostics.append(.error(.reportingCycle, "reporting lines go round in a cycle: \(Self.chain(names + names.prefix(1)))",
                                      at: reportingClauses[first].span,
                                      help: "remove or change one `reports_to` so that the line ends at a group that reports to no one",
                                      notes: notes))
        }
    }

    /// N007 and G005: a seat names a declared constituency, at most once per group.
    mutating func checkSeat(_ seat: Seat, in group: GroupDecl, seen: inout [String: Identifier]) {
        let name = seat.constituency
        if scope.constituencies[name.text] == nil {
            diagnostics.append(.error(.unknownConstituency, "there is no constituency `\(name.text)`", at: name.span,
                                      help: Suggest.didYouMean(name.text, among: scope.constituencyNames)
                                          ?? "declare it with `constituency \(name.text) \"…\"`"))
        }
        if let first = seen[name.text] {
            diagnostics.append(.error(.constituencySeatedTwice, "group `\(group.name.text)` seats `\(name.text)` twice", at: name.span,
                                      help: "give one seat a count instead (`seat \(name.text) 2`) and remove the other",
                                      notes: [.init("`\(name.text)` is first seated here", at: first.span)]))
        } else {
            seen[name.text] = name
        }
    }

    /// G006 and G007: a literal quorum is no more than the seats that can attend, and a
    /// percentage no more than 100%. Other quorum expressions are the type checker's.
    /// `attending` is nil when the group has no seats (it may count members instead).
    mutating func checkQuorum(_ quorum: Expr, of group: GroupDecl, attending: Int?) {
        switch quorum.ungrouped.kind {
        case .number(let value, isPercent: false):
            guard let attending, Rational(count: attending) < value else { return }
            let seats = attending == 1 ? "1 seat" : "\(attending) seats"
            diagnostics.append(.error(.quorumExceedsSeats,
                                      "a quorum of \(value) is more than the \(seats) that can attend `\(group.name.text)`",
                                      at: quorum.span,
                                      help: "lower the quorum or add seats; vacant and `by_exception` seats do not count"))
        case .number(let value, isPercent: true):
            checkPercentage(value, at: quorum.span, of: group)
        case .binary(.of, let share, _):
            if case .number(let value, isPercent: true) = share.ungrouped.kind { checkPercentage(value, at: share.span, of: group) }
        default:
            break
        }
    }

    private mutating func checkPercentage(_ value: Rational, at span: SourceSpan, of group: GroupDecl) {
        guard Rational.one < value else { return }
        let percent = value.multiplied(by: Rational(count: 100)).flatMap { $0.isInteger ? "of \($0)%" : nil } ?? "over 100%"
        diagnostics.append(.error(.quorumOverHundredPercent,
                                  "a quorum \(percent) is more than all of the seats of `\(group.name.text)`", at: span,
                                  help: "a quorum is a share of the seats: use a percentage of at most 100%"))
    }

    /// G012: a group that is replaced (and declared) stops meeting by the replacement date.
    mutating func checkReplacement(of replaced: Identifier, since: CivilDate?) {
        guard let cadence = scope.latestCadences[replaced.text] else { return }
        let help: String
        let note: String
        if let until = cadence.until {
            guard let since, until > since else { return }
            help = "end `\(replaced.text)`'s cadence by \(since) (`until \(since)`)"
            note = "`\(replaced.text)` meets until \(until) here"
        } else {
            help = "end `\(replaced.text)`'s cadence with `until DATE`"
                + (since.map { " on or before \($0)" } ?? "") + ", or remove it"
            note = "`\(replaced.text)` meets with no end date here"
        }
        diagnostics.append(.error(.replacedGroupStillMeets, "`\(replaced.text)` still meets after it is replaced", at: replaced.span,
                                  help: help, notes: [.init(note, at: cadence.span)]))
    }
}
