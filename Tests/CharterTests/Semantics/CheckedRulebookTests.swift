@testable import Charter
import Foundation
import Testing

/// The checked rulebook is what evaluation compiles: it exists only without errors, it knows
/// the type of every expression node, and everything in it compiles.
@Suite struct CheckedRulebookTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The MHHS rulebook, alone and with each what-if laid over it.
    static func shippedRulebooks() -> [(name: String, loaded: RulebookLoader.Result)] {
        let rules = root.appendingPathComponent("rules").path
        var found = [("rules/", RulebookLoader().load(paths: [rules]))]
        for what in ["before", "after"] {
            var loaded = RulebookLoader().load(paths: [rules])
            RulebookLoader().load(paths: [root.appendingPathComponent("examples/what-if/march-2024/\(what).charter").path],
                                  into: &loaded, overlay: true)
            found.append(("rules/ with the march-2024 \(what)", loaded))
        }
        return found
    }

    /// Every expression written in a rulebook's rules, groups and processes.
    static func expressions(of rulebook: Rulebook) -> [Expr] {
        var found: [Expr] = []
        func add(_ expr: Expr) {
            found.append(expr)
            expr.children.forEach(add)
        }
        for declaration in rulebook.declarations {
            switch declaration {
            case .rule(let rule):
                for clause in rule.clauses {
                    switch clause {
                    case .when(let condition): add(condition)
                    case .bind(_, let value): add(value)
                    case .require(let condition, let message):
                        add(condition)
                        message.map(add)
                    }
                }
            case .process(let process):
                for step in process.steps { step.transitions.compactMap(\.condition).forEach(add) }
            default: break
            }
        }
        return found
    }

    @Test func everyExpressionOfTheShippedRulebooksHasItsTypeAndCompiles() throws {
        for (name, loaded) in Self.shippedRulebooks() {
            #expect(loaded.unreadable.isEmpty, "\(name)")
            let (checked, diagnostics) = Checker.checked(loaded.rulebook, files: loaded.files)
            let rulebook = try #require(checked, "\(name): \(diagnostics.filter { $0.severity == .error }.map(\.message))")
            let expressions = Self.expressions(of: rulebook.rulebook)
            #expect(expressions.count > 100, "\(name)")
            for expr in expressions where rulebook.expressionTypes[ObjectIdentifier(expr)] == nil {
                Issue.record("\(name): no type for the expression at \(expr.span)")
            }
            let program = Program(rulebook)
            let declaredRules = rulebook.rulebook.declarations.count { if case .rule = $0 { true } else { false } }
            #expect(program.rules.count == declaredRules, "\(name): every rule compiles")
            #expect(program.unresolved.isEmpty, "\(name): \(program.unresolved)")
            for (process, model) in program.processes() {
                #expect(model.unresolved.isEmpty, "\(name): process \(process)")
            }
        }
    }

    @Test func everyGrammarExampleThatChecksCompilesWholly() {
        var compiled = 0
        for example in GrammarDocumentTests.examples() {
            let parsed = parse(example)
            guard !parsed.diagnostics.hasErrors, let checked = Checker.checked(parsed.rulebook, files: parsed.files).checked else { continue }
            let program = Program(checked)
            #expect(program.unresolved.isEmpty, "\(example)")
            let processesResolved = program.processes().values.allSatisfy { $0.unresolved.isEmpty }
            #expect(processesResolved, "\(example)")
            compiled += 1
        }
        #expect(compiled >= 4)
    }

    @Test func aRulebookWithErrorsHasNoCheckedForm() {
        let parsed = parse("""
            record r { id: text }
            rule bad {
              for r x
              require x.missing > 1
            }
            """)
        let (checked, diagnostics) = Checker.checked(parsed.rulebook, files: parsed.files)
        #expect(checked == nil)
        #expect(diagnostics.contains { $0.code == .unknownField })
    }

    @Test func warningsStayWithTheCheckedRulebook() throws {
        let parsed = parse("""
            record bag { id: text  xs: list of number }
            rule triples {
              for bag b
              require all x in b.xs: all y in b.xs: all z in b.xs: x + y + z >= 0
            }
            """)
        let checked = try #require(Checker.checked(parsed.rulebook, files: parsed.files).checked)
        #expect(checked.warnings.map(\.code) == [.deepQuantifiers])
    }

    /// The process model walks the graph the checker judged: one graph per process, with the
    /// implicit next step explicit and each target resolved, and the same transitions in order.
    @Test func processModelsWalkTheCheckersGraphs() throws {
        for (name, loaded) in Self.shippedRulebooks() {
            let checked = try #require(Checker.checked(loaded.rulebook, files: loaded.files).checked, "\(name)")
            let program = Program(checked)
            let models = program.processes()
            var seen = 0
            for (index, declaration) in checked.rulebook.declarations.enumerated() {
                guard case .process(let process) = declaration else { continue }
                seen += 1
                let graph = try #require(checked.processGraph(ofDeclarationAt: index), "\(name): \(process.name.text)")
                let model = try #require(models[process.name.text])
                #expect(graph.stepCount == process.steps.count)
                #expect(graph.reachableFromFirst().allSatisfy { $0 }, "\(name): \(process.name.text)")
                #expect(graph.canFinish().allSatisfy { $0 }, "\(name): \(process.name.text)")
                for (position, step) in model.steps.enumerated() {
                    #expect(step.transitions.map(\.target) == graph.edges[position].map(\.transition.target.text))
                    for edge in graph.edges[position] {
                        switch edge.target {
                        case .step(let next): #expect(process.steps[next].name.text == edge.transition.target.text)
                        case .end(let end): #expect(process.ends[end].text == edge.transition.target.text)
                        case .unknown: Issue.record("\(name): a checked rulebook has a transition to nowhere")
                        }
                    }
                }
                // A step with no `->` leads to the next one, explicitly.
                for (position, step) in process.steps.enumerated() where step.transitions.isEmpty && position + 1 < process.steps.count {
                    #expect(graph.edges[position].map(\.target) == [.step(position + 1)])
                }
            }
            #expect(seen > 0, "\(name) has no process")
        }
    }
}
