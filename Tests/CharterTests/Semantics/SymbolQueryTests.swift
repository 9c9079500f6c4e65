@testable import Charter
import Testing

/// The questions an editor asks of the symbol table, on rulebooks written here: what a name
/// refers to, where that is declared, and what does not resolve while the rulebook has errors.
@Suite struct SymbolQueryTests {
    @Test func aMisspeltBodyAndAMisspeltFieldAreUnresolvedAndTheRestStillResolves() throws {
        let rulebook = SymbolCase.written("""
            role SRO "Senior Responsible Owner"
            record change_request { fixes_defect: bool }
            rule freeze {
              for change_request cr
              require cr.fixes_defec
            }
            process change {
              for change_request cr
              step assess by SOR -> done
              end done
            }
            """)
        #expect(rulebook.analysis.checked == nil)
        #expect(rulebook.analysis.diagnostics.contains { $0.code == .unknownBody })
        let body = try #require(rulebook.reference("SOR"))
        #expect(body.symbol == nil && body.name == "SOR" && body.span.byteLength == 3)
        // The first `fixes_defec` is inside the declaration's `fixes_defect`.
        let field = try #require(rulebook.reference("fixes_defec", occurrence: 2))
        #expect(field.symbol == nil)
        #expect(rulebook.symbols.unresolved.map(\.name) == ["SOR", "fixes_defec"])
        // The declarations have errors, and the expressions are resolved all the same.
        let subject = try #require(rulebook.definition("cr", occurrence: 2))
        #expect(subject.kind == .subjectVariable && subject.nameSpan?.offset == rulebook.offset(of: "cr"))
        let type = try #require(rulebook.definition("change_request", occurrence: 2))
        #expect(type.kind == .recordType && type.restates.map { rulebook.symbols[$0].kind } == .builtInRecordType)
        #expect(rulebook.definition("done", occurrence: 1)?.kind == .end)
    }

    @Test func aFunctionCalledInItsOwnArgumentHasItsBodyCheckedOnce() throws {
        let rulebook = SymbolCase.written("""
            def doubled(n: number) = n * 2
            def quadrupled(n: number) = doubled(doubled(n))
            rule big {
              for change_request cr
              require quadrupled(1) > 2
            }
            """)
        #expect(rulebook.analysis.checked != nil)
        let doubled = try #require(rulebook.symbols.all.first { $0.kind == .function && $0.name == "doubled" })
        let parameters = rulebook.symbols.all.filter { $0.kind == .parameter && $0.container == doubled.id }
        #expect(parameters.count == 1, "the body of `doubled` is checked once, declaring its parameter once")
        let spans = rulebook.symbols.references.map(\.span)
        #expect(Set(spans).count == spans.count)
    }

    @Test func aMisspeltFieldInRulebookWithSoundDeclarationsIsUnresolved() throws {
        let rulebook = SymbolCase.written("""
            rule late {
              for change_request cr
              require cr.raisd < 2024-01-01
            }
            """)
        #expect(rulebook.analysis.diagnostics.map(\.code) == [.unknownField])
        #expect(rulebook.symbols.unresolved.map(\.name) == ["raisd"])
        #expect(try #require(rulebook.reference("raisd")).span.offset == rulebook.offset(of: "raisd"))
    }

    @Test func namesResolveToTheirDeclarationsInnermostFirst() throws {
        let rulebook = SymbolCase.written("""
            rule history_kept {
              for change_request cr
              let x = cr.raised
              require all x in cr.history: x.date >= cr.raised
              else "{x.step} is dated before {cr.id} was raised"
              require x <= today
            }
            """)
        #expect(rulebook.isClean)
        let symbols = rulebook.symbols
        func definition(_ name: String, _ occurrence: Int) throws -> Symbol {
            try #require(rulebook.definition(name, occurrence: occurrence), "`\(name)` \(occurrence)")
        }
        let clause = try #require(symbols.symbol(at: rulebook.offset(of: "x") ?? -1, in: FileID(0)))
        #expect(clause.kind == .letBinding)
        // `x.date` and the message's `x.step` are the quantifier's `x`; the last `x` is the clause's.
        let quantified = try definition("x", 3)
        #expect(quantified.kind == .iterationVariable && quantified.nameSpan?.offset == rulebook.offset(of: "x", occurrence: 2))
        #expect(try definition("x", 4).id == quantified.id)
        #expect(try definition("x", 5).id == clause.id)
        #expect(symbols.references(to: quantified.id).count == 2)
        #expect(symbols.references(to: clause.id).count == 1)
        // Built in: the core fields of the built-in record type, nested ones inside their field.
        let step = try definition("step", 1)
        #expect(step.kind == .coreField && symbols.symbol(step.container)?.name == "history")
        #expect(symbols.symbol(symbols.symbol(step.container)?.container)?.kind == .builtInRecordType)
        #expect(try definition("today", 1).kind == .builtInName)
        let rule = try #require(symbols.declarations(in: FileID(0)).first)
        #expect(rule.kind == .rule && clause.container == rule.id && quantified.container == rule.id)
    }

    @Test func aGroupsOutlineAndTheNamesOfItsClauses() throws {
        let rulebook = SymbolCase.written("""
            level 1 "Board"
            role chair_of_board "Chair"
            constituency elected "Elected"
            group Board "Board" {
              level 1
              chair chair_of_board
              seat elected 5 { term 3 }
              member chair_of_board "Alice" { employer "Acme" }
              quorum let k = 1 in present >= count(s in [seats, filled_seats] where s > k)
            }
            rule quorate_meetings {
              for meeting m
              require quorate(m)
            }
            """)
        #expect(rulebook.isClean)
        let outline = rulebook.symbols.declarations(in: FileID(0))
        #expect(outline.map(\.kind) == [.level, .role, .constituency, .group, .seat, .attribute, .member, .attribute, .rule])
        #expect(outline.map(\.name) == ["1", "chair_of_board", "elected", "Board", "elected", "term", "chair_of_board", "employer",
                                        "quorate_meetings"])
        let group = outline[3]
        #expect(outline[4].container == group.id && outline[6].container == group.id && outline[5].container == outline[4].id)
        // A chair names the group's own member before a role of the same name.
        #expect(rulebook.definition("chair_of_board", occurrence: 2)?.id == outline[6].id)
        // The seat's name is the reference to its constituency.
        let seatName = try #require(rulebook.offset(of: "elected", occurrence: 2))
        #expect(rulebook.symbols.symbol(at: seatName, in: FileID(0))?.kind == .constituency)
        #expect(rulebook.definition("1", occurrence: 2)?.kind == .level)
        #expect(rulebook.definition("present")?.kind == .builtInName)
        #expect(rulebook.definition("quorate", occurrence: 2)?.kind == .builtInFunction)
        #expect(rulebook.definition("meeting", occurrence: 2)?.kind == .builtInRecordType)
        let k = try #require(rulebook.definition("k", occurrence: 2))
        #expect(k.kind == .letBinding && k.container == group.id)
    }

    @Test func nothingIsNamedBetweenNames() throws {
        let rulebook = SymbolCase.written("rule r {\n  for change_request cr\n  require cr.id != \"\"\n}\n")
        let dot = try #require(rulebook.offset(of: "."))
        #expect(rulebook.symbols.occurrence(at: dot, in: FileID(0)) == nil)
        #expect(rulebook.symbols.symbol(at: dot + 1, in: FileID(0))?.kind == .coreField)
        #expect(rulebook.symbols.occurrence(at: 0, in: FileID(1)) == nil)
    }
}
