@testable import Charter
import Testing

/// The frames the resolver lays out: every slot a unit's nodes read or write is inside its
/// frame, each variable has a slot of its own, and the compiled program runs in frames of the
/// sizes the resolver gave.
@Suite struct ResolverFrameTests {
    /// The expressions of the declaration at `index`, and how many slots its unit starts with.
    static func unit(_ declaration: Declaration) -> (expressions: [Expr], fixed: Int, lets: Int)? {
        switch declaration {
        case .rule(let rule):
            var found: [Expr] = []
            var lets = 0
            for clause in rule.clauses {
                switch clause {
                case .when(let condition): found.append(condition)
                case .bind(_, let value):
                    found.append(value)
                    lets += 1
                case .require(let condition, let message): found += [condition] + (message.map { [$0] } ?? [])
                }
            }
            return (found, FrameLayout.subjectSlot + 1, lets)
        case .group(let group):
            let found = group.clauses.compactMap { clause -> Expr? in
                switch clause {
                case .quorum(_, let value, _), .threshold(_, let value, _): value
                default: nil
                }
            }
            return (found, FrameLayout.groupNames.count, 0)
        case .function(let function):
            // The parameters take the first slots, in order.
            return ([function.body], function.parameters.count, 0)
        case .process(let process):
            return (process.steps.flatMap { $0.transitions.compactMap(\.condition) }, FrameLayout.subjectSlot + 1, 0)
        default:
            return nil
        }
    }

    static func nodes(_ expressions: [Expr]) -> [Expr] {
        var found: [Expr] = []
        var pending = expressions
        while let next = pending.popLast() {
            found.append(next)
            pending += next.children
        }
        return found
    }

    @Test(arguments: SymbolCase.all().filter(\.isClean))
    func everySlotOfAUnitIsInsideItsFrameAndEachVariableHasItsOwn(_ rulebook: SymbolCase) throws {
        let checked = try #require(rulebook.analysis.checked)
        let program = Program(checked)
        #expect(program.unresolved.isEmpty, "\(rulebook)")
        for (index, declaration) in checked.rulebook.declarations.enumerated() {
            guard let (expressions, fixed, lets) = Self.unit(declaration) else { continue }
            let layout = try #require(checked.frameLayout(ofDeclarationAt: index), "\(rulebook): declaration \(index)")
            let nodes = Self.nodes(expressions)
            let binders = nodes.compactMap { checked.resolution.binders[ObjectIdentifier($0)] }
                + nodes.compactMap { checked.resolution.keptLists[ObjectIdentifier($0)] }
            let letSlots = layout.clauseSlots.compactMap { $0 }
            #expect(letSlots.count == lets)
            let variables = binders + letSlots
            #expect(Set(variables).count == variables.count, "\(rulebook): a slot is given twice in declaration \(index)")
            #expect(variables.allSatisfy { $0 >= fixed && $0 < layout.size })
            #expect(layout.size == fixed + variables.count, "\(rulebook): declaration \(index) has slots nothing uses")
            let reads = nodes.compactMap { checked.resolution.names[ObjectIdentifier($0)]?.slot }
            #expect(reads.allSatisfy { $0 < fixed || Set(variables).contains($0) }, "\(rulebook): declaration \(index)")
        }
        for rule in program.rules {
            guard let index = checked.rulebook.declarations.firstIndex(where: { if case .rule(let r) = $0 { r.name.text == rule.name } else { false } }),
                  case .rule(let declaration) = checked.rulebook.declarations[index] else { continue }
            #expect(rule.frameSize == checked.frameLayout(ofDeclarationAt: index)?.size)
            // `explain` compiles the rule again with tracing, into the same frame.
            let traced = try #require(CompiledRule(declaration, at: index, checked: checked, tracing: true))
            #expect(traced.frameSize == rule.frameSize && traced.unresolved.isEmpty)
        }
    }

    /// The rulebook of the issue that found quorum frames too small: its quorum binds three
    /// names and counts, and it is quorate from two seats present.
    @Test func aQuorumWithLetsAndACountIsEvaluatedInAFrameThatHoldsThem() throws {
        let rules = CompiledRulebook("""
            level 1 "Board"
            constituency a "A"
            group G "G" {
              level 1
              seat a 5
              quorum let k = 1 in let j = 2 in let q = 3 in present >= count(x in [1, 2, 3] where x > 0) - k - j - q + 5
              threshold let all_voted = yes + no + abstain in all v in [yes, no]: v >= 0 and all_voted > 0
            }
            rule quorate_meetings { for meeting m require quorate(m) }
            """)
        let group = try #require(rules.program.context.groups["G"])
        // The seven names, then `k`, `j`, `q` and `x` of the quorum, `all_voted` and `v` of the threshold.
        #expect(group.frameSize == FrameLayout.groupNames.count + 6)
        #expect(group.unresolved.isEmpty)
        for (present, quorate) in [(0, false), (1, false), (2, true), (5, true)] {
            let attendees = (0..<5).map { ("a", $0 < present) }
            let verdict = try rules.verdict("quorate_meetings", on: GovernanceFunctionTests.meeting("G", attendees: attendees))
            #expect(verdict.outcome == (quorate ? .pass : .fail), "\(present) present")
        }
    }

    @Test func anInputAtTheReplIsAUnitOfItsOwn() throws {
        try ReplSessionTests.session { session, _ in
            #expect(session.handle("let x = 2 in count(y in [1, 2, 3] where y > x)") == "1  : number\n")
            #expect(session.handle("all cr in change_requests: let t = cr.title in any c in [t]: c == t") == "true  : bool\n")
            #expect(session.handle("today").contains("--as-of"))
        }
    }
}
