/// The symbols inside groups and processes, and the names their clauses use.
extension DeclarationResolver {
    /// A group's members, seats and attributes, and the names of its clauses: its level, the
    /// group it reports to, whom it advises, its chair, the group it replaces, the
    /// constituency of each seat.
    mutating func resolveGroup(_ group: GroupDecl, symbol: SymbolID) {
        // Members first: `chair` may name a member listed after it.
        var members: [String: SymbolID] = [:]
        for case .member(let member) in group.clauses {
            let id = recorder.declare(.member, member.name, span: member.span, in: symbol)
            if members[member.name.text] == nil { members[member.name.text] = id }
            declareAttributes(member.attributes, in: id, kind: "member")
        }
        for clause in group.clauses {
            switch clause {
            case .level(let number, _, let numberSpan):
                recorder.refer(String(number), at: numberSpan, to: level(numbered: number))
            case .reportsTo(let target):
                recorder.refer(target, to: self.group(named: target.text))
            case .advises(let whom?, _):
                recorder.refer(whom, to: self.group(named: whom.text) ?? role(named: whom.text))
            case .chair(let chair):
                // The group's own member before a role of the same name: the nearer declaration.
                recorder.refer(chair, to: members[chair.text] ?? role(named: chair.text))
            case .replaces(let replaced, _, _):
                // A group may replace one that is no longer declared, which is no mistake: the
                // name refers to a group only when there is one.
                if let replacedGroup = self.group(named: replaced.text) { recorder.refer(replaced, to: replacedGroup) }
            case .seat(let seat):
                // A seat is named by its constituency, and that name refers to the constituency.
                let id = recorder.declare(.seat, seat.constituency, span: seat.span, in: symbol)
                recorder.refer(seat.constituency, to: constituency(named: seat.constituency.text))
                declareAttributes(seat.attributes, in: id, kind: "seat")
            case .advises(nil, _), .decides, .attendance, .status, .nonGovernance, .meets, .member, .quorum, .threshold:
                break
            }
        }
    }

    /// A process's steps and ends, and the names it uses: its record type, who acts at each
    /// step, the rules each checks, where each transition goes, and the bodies of its appeals.
    mutating func resolveProcess(_ process: ProcessDecl, symbol: SymbolID) {
        if let subject = process.subject { resolveRecordType(subject.type) }
        var steps: [String: SymbolID] = [:]
        var ends: [String: SymbolID] = [:]
        for step in process.steps {
            let id = recorder.declare(.step, step.name, span: step.span, in: symbol)
            if steps[step.name.text] == nil { steps[step.name.text] = id }
        }
        for end in process.ends {
            let id = recorder.declare(.end, end, span: end.span, in: symbol)
            if ends[end.text] == nil { ends[end.text] = id }
        }
        for step in process.steps {
            step.actors.forEach { resolveBody($0) }
            for check in step.checks { recorder.refer(check, to: rule(named: check.text)) }
            // A step and an end of one name is reported (G019); the reference is to the step.
            for transition in step.transitions {
                recorder.refer(transition.target, to: steps[transition.target.text] ?? ends[transition.target.text])
            }
        }
        for appeal in process.appeals {
            resolveBody(appeal.against)
            resolveBody(appeal.to)
        }
    }
}
