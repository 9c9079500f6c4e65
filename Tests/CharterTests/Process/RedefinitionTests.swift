@testable import Charter
import CharterTestSupport
import Testing

/// `Rulebook.redefined(by:)`: laying what-if declarations over a rulebook.
@Suite("Rulebook.redefined(by:)")
struct RedefinitionTests {
    /// `base` with `overlay` laid over it, parsed into one set of files so that the result can
    /// be checked and compiled.
    static func redefine(_ base: String, by overlay: String,
                         sourceLocation: SourceLocation = #_sourceLocation) -> (rulebook: Rulebook, changes: [String], files: SourceFiles) {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: base, path: "base.charter", into: &loaded)
        let original = loaded.rulebook
        loaded.rulebook = Rulebook()
        RulebookLoader().load(text: overlay, path: "what-if.charter", into: &loaded)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        let (rulebook, changes) = original.redefined(by: loaded.rulebook)
        return (rulebook, changes.map(\.description), loaded.files)
    }

    static func rules(_ rulebook: Rulebook) -> [RuleDecl] {
        rulebook.declarations.compactMap { if case .rule(let rule) = $0 { rule } else { nil } }
    }

    static func process(_ name: String, in rulebook: Rulebook) -> ProcessDecl? {
        for case .process(let process) in rulebook.declarations where process.name.text == name { return process }
        return nil
    }

    static func steps(_ name: String, in rulebook: Rulebook) -> [String] {
        process(name, in: rulebook)?.steps.map(\.name.text) ?? []
    }

    static func expectChecks(_ rulebook: Rulebook, sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = Checker.check(rulebook).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.code.id) \($0.message)" })", sourceLocation: sourceLocation)
    }

    // MARK: Rules

    @Test func aRuleOfTheSameNameIsReplacedInPlace() {
        let (rulebook, changes, _) = Self.redefine(processRulebook + """
            rule other { for change_request cr require cr.id != "" }
            """, by: """
            rule freeze "Defects only" { for change_request cr require cr.fixes_defect and cr.title != "" }
            """)
        #expect(changes == ["redefined rule freeze"])
        let rules = Self.rules(rulebook)
        #expect(rules.map(\.name.text) == ["freeze", "other"], "replaced where it stood, not appended")
        #expect(rules.first?.title?.value == "Defects only")
        Self.expectChecks(rulebook)
    }

    @Test func aRuleOfANewNameIsAdded() {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            rule titled { for change_request cr require cr.title != "" }
            """)
        #expect(changes == ["added rule titled"])
        #expect(Self.rules(rulebook).map(\.name.text) == ["freeze", "titled"])
        #expect(rulebook.declarations.count == parse(processRulebook).rulebook.declarations.count + 1)
    }

    @Test func declarationsOfOtherKindsAreMatchedByKindAndName() {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            role SRO "Senior Responsible Owner (acting)"
            role Legal "Legal counsel"
            rule SRO { for change_request cr require cr.fixes_defect }
            """)
        #expect(changes == ["redefined role SRO", "added role Legal", "added rule SRO"])
        let roles = rulebook.declarations.compactMap { if case .role(let role) = $0 { role } else { nil } }
        #expect(roles.filter { $0.name.text == "SRO" }.map { $0.title?.value } == ["Senior Responsible Owner (acting)"])
    }

    @Test func theCharterHeaderIsReplaced() {
        let (_, changes, _) = Self.redefine(processRulebook, by: """
            charter "Test programme" { calendar scotland }
            """)
        #expect(changes.count == 1)
        #expect(changes == ["redefined the charter"])
    }

    // MARK: Processes

    @Test func aProcessWithoutEndReplacesTheStepsItRestates() throws {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step assess by Board decides -> review | rejected
            }
            """)
        #expect(changes == ["redefined step assess of process cc"])
        let process = try #require(Self.process("cc", in: rulebook))
        #expect(process.steps.map(\.name.text) == ["raise", "assess", "review", "decision"])
        #expect(process.steps[1].checks.isEmpty, "the new step checks nothing")
        #expect(process.ends.map(\.text) == ["approved", "rejected"], "the ends are kept")
        #expect(process.title?.value == "Change control", "the title is kept")
        #expect(process.appeals.map(\.against.text) == ["SRO"], "the appeals are kept")
        Self.expectChecks(rulebook)
    }

    @Test func aNewStepIsInsertedAfterTheStepThatLeadsToIt() throws {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step assess by Board decides check freeze -> legal | rejected
              step legal "Legal review" by PMO -> review
            }
            """)
        #expect(changes == ["redefined step assess of process cc", "added step legal to process cc"])
        #expect(Self.steps("cc", in: rulebook) == ["raise", "assess", "legal", "review", "decision"])
        Self.expectChecks(rulebook)
    }

    @Test func aNewStepNothingLeadsToGoesLast() {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step archive by PMO -> approved
            }
            """)
        #expect(changes == ["added step archive to process cc"])
        #expect(Self.steps("cc", in: rulebook) == ["raise", "assess", "review", "decision", "archive"])
    }

    @Test func aNewStepIsPlacedByTheStepThatLeadsToItWhicheverOrderTheyAreWritten() {
        // The step that leads to `legal` is restated after it in the what-if.
        let (rulebook, _, _) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step legal "Legal review" by PMO
              step assess by Board decides check freeze -> legal | rejected
            }
            """)
        #expect(Self.steps("cc", in: rulebook) == ["raise", "assess", "legal", "review", "decision"])
    }

    @Test func appealsInAPartialProcessReplaceTheOldOnes() throws {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step decision by SRO decides -> approved | rejected
              appeal Board to IPA within 5 working days
            }
            """)
        #expect(changes == ["redefined step decision of process cc", "replaced the appeals of process cc"])
        let process = try #require(Self.process("cc", in: rulebook))
        #expect(process.appeals.map { "\($0.against.text)→\($0.to.text)" } == ["Board→IPA"])
        #expect(process.steps.count == 4)
        Self.expectChecks(rulebook)
    }

    @Test func aChangeToTheAppealsAloneRestatesAStep() {
        // Grammar.md: every process has a step, so a what-if of the appeals restates one as it is.
        let parsed = parse("""
            process cc {
              for change_request cr
              appeal Board to IPA
            }
            """)
        #expect(parsed.diagnostics.map(\.code.id) == ["P015"])
    }

    @Test func aPartialProcessThatRestatesNothingChangesNothing() throws {
        // The parser does not accept a process without steps (see above), so it is built here.
        let base = parse(processRulebook).rulebook
        let old = try #require(Self.process("cc", in: base))
        let empty = ProcessDecl(name: old.name, title: nil, subject: old.subject, effectiveFrom: nil, effectiveUntil: nil,
                                steps: [], ends: [], appeals: [], span: old.span)
        let (rulebook, changes) = base.redefined(by: Rulebook(declarations: [.process(empty)]))
        #expect(changes.isEmpty)
        #expect(Self.steps("cc", in: rulebook) == ["raise", "assess", "review", "decision"])
        #expect(Self.process("cc", in: rulebook)?.title?.value == "Change control")
    }

    @Test func aProcessWithEndReplacesTheWholeProcess() throws {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process cc "Fast track" {
              for change_request cr
              step decision by SRO decides -> approved | rejected
              end approved, rejected
            }
            """)
        #expect(changes == ["redefined process cc"])
        let process = try #require(Self.process("cc", in: rulebook))
        #expect(process.steps.map(\.name.text) == ["decision"])
        #expect(process.appeals.isEmpty, "a whole process brings its own appeals, here none")
        #expect(process.title?.value == "Fast track")
        Self.expectChecks(rulebook)
    }

    @Test func aPartialChangeToAProcessThatDoesNotExistAddsIt() {
        let (rulebook, changes, _) = Self.redefine(processRulebook, by: """
            process other {
              for change_request cr
              step only by PMO -> done
            }
            """)
        #expect(changes == ["added process other"])
        #expect(Self.steps("other", in: rulebook) == ["only"])
        let errors = Checker.check(rulebook).filter { $0.severity == .error }
        #expect(errors.map(\.code.id).contains("G018"), "a new process without `end` is checked like any other")
    }

    @Test func theRedefinedProcessIsWhatRoutesFollow() throws {
        let (rulebook, _, files) = Self.redefine(processRulebook, by: """
            process cc {
              for change_request cr
              step assess by Board decides check freeze -> legal | rejected
              step legal by PMO lasts 5 working days -> review
            }
            """)
        Self.expectChecks(rulebook)
        let program = Program(try #require(Checker.checked(rulebook, files: files).checked))
        let process = try #require(program.processes()["cc"])
        let loader = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: .iso, typeName: nil)
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        let json = changeRequestJSON(history: [historyEvent("2024-03-27", "assess", by: "Board", outcome: "legal")])
        loader.load(bytes: Array(json.utf8), path: "cr.json", into: &records, errors: &errors)
        #expect(errors.isEmpty)
        let record = try #require(records.first).value
        let route = process.route(of: record, program: program, asOf: nil)
        #expect(route.path == "raise → assess → legal → review → decision → approved")
        #expect(route.deadlines == [.init(step: "legal", date: day("2024-04-05"))])
    }

    @Test func theOriginalRulebookIsUnchanged() {
        let base = parse(processRulebook).rulebook
        _ = base.redefined(by: parse("rule freeze { for change_request cr require cr.fixes_defect }").rulebook)
        #expect(Self.rules(base).first?.title?.value == "Change Freeze")
    }
}
