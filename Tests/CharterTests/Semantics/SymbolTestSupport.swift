@testable import Charter
import Foundation

/// A rulebook the symbol table tests read: its name, what was loaded, and what the checker
/// found (`Checker.analysis`), errors or not.
struct SymbolCase: Sendable, CustomStringConvertible {
    let name: String
    let loaded: RulebookLoader.Result
    let analysis: Analysis
    /// Whether the rulebook is one laid over another (`overlay`), not its files read in turn.
    let isOverlay: Bool

    init(_ name: String, _ loaded: RulebookLoader.Result, overlay: Bool = false) {
        self.name = name
        self.loaded = loaded
        isOverlay = overlay
        analysis = Checker.analysis(of: loaded.rulebook, files: loaded.files)
    }

    var symbols: Symbols { analysis.symbols }
    var isClean: Bool { !loaded.diagnostics.hasErrors && analysis.checked != nil }
    var description: String { name }

    /// The bytes `span` covers, as text.
    func text(of span: SourceSpan) -> String? {
        guard let file = loaded.files[span.file], span.endOffset <= file.bytes.count else { return nil }
        return String(decoding: file.bytes[span.byteRange], as: UTF8.self)
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every rulebook of the repository: `rules/`, each what-if under `examples/` alone and
    /// laid over `rules/`, and each ` ```charter ` block of Grammar.md.
    static func all() -> [SymbolCase] {
        let rules = root.appendingPathComponent("rules").path
        var cases = [SymbolCase("rules/", RulebookLoader().load(paths: [rules]))]
        for what in ["before", "after"] {
            let path = root.appendingPathComponent("examples/what-if/march-2024/\(what).charter").path
            cases.append(SymbolCase("examples/what-if \(what)", RulebookLoader().load(paths: [path])))
            var loaded = RulebookLoader().load(paths: [rules])
            RulebookLoader().load(paths: [path], into: &loaded, overlay: true)
            cases.append(SymbolCase("rules/ with the what-if \(what)", loaded, overlay: true))
        }
        for (index, example) in GrammarDocumentTests.examples().enumerated() {
            var loaded = RulebookLoader.Result()
            RulebookLoader().load(text: example, path: "grammar-\(index).charter", into: &loaded)
            cases.append(SymbolCase("Grammar.md example \(index)", loaded))
        }
        return cases + goldenCases()
    }

    /// Each rule file of the golden tests alone, errors and all: the symbol table must hold
    /// together for a rulebook with mistakes in it too.
    static func goldenCases() -> [SymbolCase] {
        let cases = root.appendingPathComponent("Tests/GoldenTests/Cases")
        let paths = (FileManager.default.enumerator(atPath: cases.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".charter") }.sorted()
        return paths.map { SymbolCase("golden \($0)", RulebookLoader().load(paths: [cases.appendingPathComponent($0).path])) }
    }

    /// The one rulebook written in a test.
    static func written(_ text: String) -> SymbolCase {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: text, path: "test.charter", into: &loaded)
        return SymbolCase("test.charter", loaded)
    }

    /// The byte offset where `text` is written the `occurrence`th time (from 1) in the test's
    /// one file.
    func offset(of text: String, occurrence: Int = 1) -> Int? {
        guard let file = loaded.files.files.first else { return nil }
        let wanted = Array(text.utf8)
        var seen = 0
        for start in 0...max(0, file.bytes.count - wanted.count) where file.bytes[start..<start + wanted.count].elementsEqual(wanted) {
            seen += 1
            if seen == occurrence { return start }
        }
        return nil
    }

    /// The reference whose range is exactly where `name` is written the `occurrence`th time.
    func reference(_ name: String, occurrence: Int = 1) -> SymbolReference? {
        guard let offset = offset(of: name, occurrence: occurrence) else { return nil }
        return symbols.references.first { $0.span.offset == offset && $0.span.byteLength == name.utf8.count }
    }

    /// What the reference where `name` is written the `occurrence`th time refers to.
    func definition(_ name: String, occurrence: Int = 1) -> Symbol? {
        reference(name, occurrence: occurrence).flatMap { symbols.definition(of: $0) }
    }
}

/// The places an independent reading of the syntax tree says are references: every name a
/// declaration uses, and every name, field and function written in an expression. What the
/// resolver records must be exactly these.
enum ExpectedReferences {
    static func spans(in rulebook: Rulebook) -> Set<SourceSpan> {
        var found: Set<SourceSpan> = []
        let groups = Set(rulebook.declarations.compactMap { d -> String? in if case .group(let g) = d { g.name.text } else { nil } })
        func type(_ written: TypeExpr) {
            switch written {
            case .named(let name): if !DeclarationScope.primitiveTypes.contains(name.text) { found.insert(name.span) }
            case .list(let element, _), .optional(let element, _): type(element)
            case .record(let fields, _): fields.forEach { type($0.type) }
            case .oneOf: break
            }
        }
        // The element of `count(x in xs)` is a name the parser writes at the variable itself.
        // `meetings` refers to the record type `meeting`, at the name's first part.
        let recordTypes = Set(rulebook.declarations.compactMap { d -> String? in if case .record(let r) = d { r.name.text } else { nil } })
            .union(["change_request", "meeting", "impact_assessment"])
        func expr(_ node: Expr, implicit: SourceSpan? = nil) {
            switch node.kind {
            case .name(let name) where name.hasSuffix("s") && recordTypes.contains(String(name.dropLast())):
                let span = node.span
                found.insert(SourceSpan(file: span.file, offset: span.offset, endOffset: span.endOffset - 1, line: span.line,
                                        column: span.column, length: span.length - 1))
            case .name: if node.span != implicit { found.insert(node.span) }
            case .field(_, let field): found.insert(field.span)
            case .call(let name, _): found.insert(name.span)
            default: break
            }
            if case .aggregate(_, let binding?, let value) = node.kind {
                expr(binding.source)
                binding.filter.map { expr($0) }
                expr(value, implicit: binding.variable.span)
                return
            }
            node.children.forEach { expr($0) }
        }
        // An attribute name given again on another declaration of its kind refers to the first.
        var attributeNames: [String: Set<String>] = [:]
        func attributes(_ attributes: [Attribute], kind: String) {
            for attribute in attributes {
                if !attributeNames[kind, default: []].insert(attribute.name.text).inserted { found.insert(attribute.name.span) }
                expr(attribute.value)
            }
        }
        for declaration in rulebook.declarations {
            switch declaration {
            case .charter, .level: break
            case .role(let role): attributes(role.attributes, kind: "role")
            case .constituency(let constituency): attributes(constituency.attributes, kind: "constituency")
            case .record(let record): record.fields.forEach { type($0.type) }
            case .group(let group):
                for clause in group.clauses {
                    switch clause {
                    case .level(_, _, let number): found.insert(number)
                    case .reportsTo(let name), .advises(let name?, _), .chair(let name): found.insert(name.span)
                    case .replaces(let name, _, _): if groups.contains(name.text) { found.insert(name.span) }
                    case .seat(let seat):
                        found.insert(seat.constituency.span)
                        attributes(seat.attributes, kind: "seat")
                    case .member(let member): attributes(member.attributes, kind: "member")
                    case .quorum(_, let value, _), .threshold(_, let value, _): expr(value)
                    default: break
                    }
                }
            case .rule(let rule):
                guard let subject = rule.subject else { continue }
                found.insert(subject.type.span)
                for clause in rule.clauses {
                    switch clause {
                    case .when(let condition): expr(condition)
                    case .bind(_, let value): expr(value)
                    case .require(let condition, let message):
                        expr(condition)
                        message.map { expr($0) }
                    }
                }
            case .process(let process):
                if let subject = process.subject { found.insert(subject.type.span) }
                for step in process.steps {
                    (step.actors + step.checks + step.transitions.map(\.target)).forEach { found.insert($0.span) }
                    step.transitions.compactMap(\.condition).forEach { expr($0) }
                    [step.lasts, step.waits].compactMap { $0 }.forEach { expr($0) }
                }
                process.appeals.forEach { found.formUnion([$0.against.span, $0.to.span]) }
            case .function(let function):
                function.parameters.compactMap(\.type).forEach { type($0) }
                expr(function.body)
            }
        }
        return found
    }
}
