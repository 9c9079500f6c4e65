@testable import Charter
import Testing

/// The symbol table over every rulebook of the repository: what an editor's definition,
/// references, rename and outline will read must agree with the source text and with itself.
@Suite struct SymbolTableTests {
    static let cases = SymbolCase.all()

    @Test func theRepositoryHasRulebooksThatCheckCleanly() {
        #expect(Self.cases.count >= 10)
        #expect(Self.cases.count { $0.isClean } >= 6)
        #expect(Self.cases.first?.isClean == true, "rules/ checks cleanly")
    }

    @Test(arguments: cases)
    func everyReferenceOfACleanRulebookResolves(_ rulebook: SymbolCase) {
        guard rulebook.isClean else { return }
        let unresolved = rulebook.symbols.unresolved.map { "`\($0.name)` at \($0.span)" }
        #expect(unresolved.isEmpty, "\(rulebook): \(unresolved)")
    }

    /// Exactly the names the syntax tree says are references are recorded, each once, with
    /// the name written in its range.
    @Test(arguments: cases)
    func theReferencesAreTheNamesWritten(_ rulebook: SymbolCase) {
        let symbols = rulebook.symbols
        let spans = symbols.references.map(\.span)
        #expect(Set(spans).count == spans.count, "\(rulebook): a range is recorded twice")
        for reference in symbols.references {
            #expect(rulebook.text(of: reference.span) == reference.name, "\(rulebook): `\(reference.name)` at \(reference.span)")
        }
        guard rulebook.isClean else { return }
        let expected = ExpectedReferences.spans(in: rulebook.loaded.rulebook)
        let missing = expected.subtracting(spans).map { "\(rulebook.text(of: $0) ?? "?") at \($0)" }
        let extra = Set(spans).subtracting(expected).map { "\(rulebook.text(of: $0) ?? "?") at \($0)" }
        #expect(missing.isEmpty, "\(rulebook): not recorded \(missing)")
        #expect(extra.isEmpty, "\(rulebook): recorded but not a reference \(extra)")
    }

    @Test(arguments: cases)
    func theDefinitionOfEachReferenceHasItsName(_ rulebook: SymbolCase) {
        let symbols = rulebook.symbols
        for reference in symbols.references {
            guard let symbol = symbols.definition(of: reference) else { continue }
            #expect(symbol.name == reference.name, "\(rulebook): `\(reference.name)` refers to \(symbol.kind) `\(symbol.name)`")
        }
        for symbol in symbols.all {
            #expect(symbols[symbol.id].id == symbol.id)
            if let nameSpan = symbol.nameSpan {
                #expect(rulebook.text(of: nameSpan) == symbol.name, "\(rulebook): \(symbol.kind) `\(symbol.name)` at \(nameSpan)")
                #expect(symbol.span.map { $0.offset <= nameSpan.offset && nameSpan.endOffset <= $0.endOffset } == true,
                        "\(rulebook): the declaration of `\(symbol.name)` holds its name")
            } else {
                #expect(symbol.kind.isBuiltIn, "\(rulebook): \(symbol.kind) `\(symbol.name)` has no place")
            }
            if symbol.kind.isLocal || [.field, .step, .end, .seat, .member, .attribute, .coreField].contains(symbol.kind) {
                #expect(symbols.symbol(symbol.container) != nil, "\(rulebook): \(symbol.kind) `\(symbol.name)` belongs to nothing")
            }
        }
    }

    @Test(arguments: cases)
    func findReferencesGivesExactlyTheReferencesToTheSymbol(_ rulebook: SymbolCase) {
        let symbols = rulebook.symbols
        var expected = [SymbolID: [SourceSpan]]()
        for reference in symbols.references {
            if let symbol = reference.symbol { expected[symbol, default: []].append(reference.span) }
        }
        for symbol in symbols.all {
            let found = symbols.references(to: symbol.id)
            #expect(found.map(\.span) == expected[symbol.id] ?? [], "\(rulebook): references to `\(symbol.name)`")
            #expect(found.allSatisfy { $0.symbol == symbol.id })
        }
    }

    /// Every byte of a name, declared or referred to, gives its symbol; the byte after a
    /// name that nothing follows directly gives none.
    @Test(arguments: cases)
    func theSymbolAtEveryByteOfANameIsItsSymbol(_ rulebook: SymbolCase) {
        let symbols = rulebook.symbols
        let referenceSpans = Set(symbols.references.map(\.span))
        for reference in symbols.references {
            for offset in reference.span.byteRange {
                let occurrence = symbols.occurrence(at: offset, in: reference.span.file)
                #expect(occurrence?.symbol == reference.symbol && occurrence?.span == reference.span,
                        "\(rulebook): byte \(offset) of `\(reference.name)` at \(reference.span)")
            }
        }
        for symbol in symbols.all {
            // A seat is named by its constituency: that range is the reference to it.
            guard let nameSpan = symbol.nameSpan, !referenceSpans.contains(nameSpan) else { continue }
            for offset in nameSpan.byteRange {
                #expect(symbols.symbol(at: offset, in: nameSpan.file)?.id == symbol.id,
                        "\(rulebook): byte \(offset) of \(symbol.kind) `\(symbol.name)`")
            }
            #expect(symbols.occurrence(at: nameSpan.offset, in: nameSpan.file)?.role == .definition)
            if nameSpan.offset > 0, symbols.occurrence(at: nameSpan.offset - 1, in: nameSpan.file) != nil {
                Issue.record("\(rulebook): a name runs into the one before `\(symbol.name)`")
            }
        }
    }

    @Test(arguments: cases)
    func theOutlineOfAFileIsItsDeclarationsInOrder(_ rulebook: SymbolCase) {
        let symbols = rulebook.symbols
        var total = 0
        for file in rulebook.loaded.files.files {
            let outline = symbols.declarations(in: file.id)
            total += outline.count
            let offsets = outline.compactMap { $0.nameSpan?.offset }
            #expect(offsets == offsets.sorted() && offsets.count == outline.count, "\(rulebook): \(file.path)")
            #expect(outline.allSatisfy { !$0.kind.isLocal && $0.nameSpan?.file == file.id })
        }
        let declared = symbols.all.count { !$0.kind.isLocal && !$0.kind.isBuiltIn }
        #expect(total == declared, "\(rulebook): every declaration is in its file's outline")
    }

    /// The rulebooks use every kind of name that can be referred to and declare every kind, so
    /// that the properties above cover them all.
    @Test func theRulebooksReferToEveryKindOfSymbol() {
        var referred: Set<Symbol.Kind> = []
        var declared: Set<Symbol.Kind> = []
        for rulebook in Self.cases {
            referred.formUnion(rulebook.symbols.references.compactMap { rulebook.symbols.definition(of: $0)?.kind })
            declared.formUnion(rulebook.symbols.all.map(\.kind))
        }
        // Nothing names a process, a seat or an attribute: a seat is named by its constituency,
        // and rules do not read attributes.
        let unreferable: Set<Symbol.Kind> = [.process, .seat, .attribute]
        #expect(Set(Symbol.Kind.allCases).subtracting(unreferable).subtracting(referred).isEmpty,
                "never referred to: \(Set(Symbol.Kind.allCases).subtracting(unreferable).subtracting(referred))")
        #expect(Set(Symbol.Kind.allCases).subtracting(declared).isEmpty)
    }
}
