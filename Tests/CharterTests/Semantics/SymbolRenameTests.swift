@testable import Charter
import Foundation
import Testing

/// Rename, as an editor would do it from the symbol table alone: rewrite a symbol's name and
/// every reference to it by their ranges. A reference missing from the table, recorded at the
/// wrong range or resolved to the wrong symbol leaves a rulebook that no longer checks, or
/// that judges records differently.
@Suite struct SymbolRenameTests {
    /// What can be renamed: what the rulebook declares by a name (not a level's number), but
    /// not a seat (named by its constituency) nor a restatement of something built in.
    static func renameable(_ symbol: Symbol) -> Bool {
        !symbol.kind.isBuiltIn && symbol.kind != .level && symbol.kind != .seat && symbol.restates == nil && symbol.nameSpan != nil
    }

    /// Names that records never mention: renaming them cannot change how records are read
    /// (records name their types, fields, groups and constituencies).
    static let internalKinds: Set<Symbol.Kind> = [.role, .rule, .process, .step, .end, .member, .attribute,
                                                   .subjectVariable, .letBinding, .iterationVariable]

    /// The files of `rulebook` with every symbol `renaming` names renamed: the texts, in the
    /// order the files were loaded.
    static func renamed(_ rulebook: SymbolCase, _ renaming: [SymbolID: String]) -> [(path: String, text: String)] {
        var edits: [FileID: [Range<Int>: String]] = [:]
        for (id, name) in renaming {
            let symbol = rulebook.symbols[id]
            let spans = [symbol.nameSpan].compactMap { $0 } + rulebook.symbols.references(to: id).map(\.span)
            for span in spans { edits[span.file, default: [:]][span.byteRange] = name }
        }
        return rulebook.loaded.files.files.map { file in
            var bytes = file.bytes
            for (range, name) in (edits[file.id] ?? [:]).sorted(by: { $0.key.lowerBound > $1.key.lowerBound }) {
                bytes.replaceSubrange(range, with: Array(name.utf8))
            }
            return (file.path, String(decoding: bytes, as: UTF8.self))
        }
    }

    static func load(_ files: [(path: String, text: String)]) -> SymbolCase {
        var loaded = RulebookLoader.Result()
        for file in files { RulebookLoader().load(text: file.text, path: file.path, into: &loaded) }
        return SymbolCase("renamed", loaded)
    }

    /// A fresh name for each symbol chosen.
    static func renaming(_ rulebook: SymbolCase, where chosen: (Symbol) -> Bool) -> [SymbolID: String] {
        var renaming: [SymbolID: String] = [:]
        for symbol in rulebook.symbols.all where renameable(symbol) && chosen(symbol) {
            renaming[symbol.id] = "renamed_\(symbol.id.index)"
        }
        return renaming
    }

    /// The rulebooks that check cleanly and are their files read one after another (a what-if
    /// laid over the rules redefines declarations, which reading the files again would not).
    static let clean = SymbolCase.all().filter { $0.isClean && !$0.isOverlay }

    @Test(arguments: clean)
    func renamingEverySymbolAtOnceKeepsTheRulebookClean(_ rulebook: SymbolCase) {
        let renaming = Self.renaming(rulebook) { _ in true }
        let result = Self.load(Self.renamed(rulebook, renaming))
        let errors = (result.loaded.diagnostics + result.analysis.diagnostics).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(rulebook): \(errors.map { "\($0.code.id) \($0.message) at \($0.span.map(String.init(describing:)) ?? "")" }.prefix(5))")
        // The renamed rulebook refers to its symbols as the original does.
        let before = rulebook.symbols.references.map { rulebook.symbols.definition(of: $0).map { renaming[$0.id] ?? $0.name } }
        let after = result.symbols.references.map { result.symbols.definition(of: $0)?.name }
        #expect(before == after, "\(rulebook)")
    }

    /// One symbol at a time, for the shipped rules: each rename alone keeps them clean.
    @Test func renamingEachRuleAndLocalNameAloneKeepsTheRulesClean() throws {
        let rules = try #require(Self.clean.first { $0.name == "rules/" })
        let chosen = rules.symbols.all.filter { Self.renameable($0) && ($0.kind == .rule || $0.kind.isLocal) }
        #expect(chosen.count > 20)
        for symbol in chosen {
            let result = Self.load(Self.renamed(rules, [symbol.id: "renamed_alone"]))
            #expect(result.isClean, "renaming \(symbol.kind) `\(symbol.name)`")
        }
    }

    /// Renaming what records never name keeps every outcome on the example records.
    @Test func renamingInternalNamesKeepsEveryOutcomeOnTheExampleRecords() throws {
        let rules = try #require(Self.clean.first { $0.name == "rules/" })
        let renaming = Self.renaming(rules) { Self.internalKinds.contains($0.kind) }
        #expect(Set(renaming.keys.map { rules.symbols[$0].kind }).isSuperset(of: [.rule, .role, .step, .end, .subjectVariable]))
        let result = Self.load(Self.renamed(rules, renaming))
        let before = try #require(rules.analysis.checked).outcomes(on: Self.exampleRecords())
        let after = try #require(result.analysis.checked, "the renamed rules check").outcomes(on: Self.exampleRecords())
        #expect(before.count >= 10)
        #expect(before == after)
    }

    /// The example records, by path and the date format they are written in.
    static func exampleRecords() -> [(paths: [String], type: String?, format: DateFormat)] {
        let examples = SymbolCase.root.appendingPathComponent("examples")
        let json = ((try? FileManager.default.contentsOfDirectory(atPath: examples.appendingPathComponent("change_requests").path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { examples.appendingPathComponent("change_requests/\($0)").path }
        let others = ["cr043_impact_assessment.json", "dag_2024-03-13.json"].map { examples.appendingPathComponent($0).path }
        let csv = examples.appendingPathComponent("cr_register.csv").path
        return [(json + others, nil, .iso), ([csv], "change_request", (try? DateFormat("dd/mm/yyyy")) ?? .iso)]
    }
}

extension CheckedRulebook {
    /// The outcome of every rule on every record, in order.
    func outcomes(on sources: [(paths: [String], type: String?, format: DateFormat)]) -> [String] {
        let program = Program(self)
        var outcomes: [String] = []
        for source in sources {
            let (records, errors) = RecordFiles(shapes: shapes, byName: shapeByName, dateFormat: source.format, typeName: source.type)
                .load(paths: source.paths)
            outcomes += errors.map { "error loading: \($0)" }
            for record in records {
                outcomes += program.evaluate(record.value).map(\.outcome.rawValue)
            }
        }
        return outcomes
    }
}
