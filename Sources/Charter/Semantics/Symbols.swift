/// The symbol table of a rulebook: every declaration with an identity, and every name written
/// in it with the declaration it refers to. What an editor's definition, references, rename,
/// hover and outline read. The checker makes it for any rulebook that parses, errors or not
/// (`Checker.analysis`), so that it serves while the user is typing mistakes.

/// Identifies one symbol of a `Symbols` table: its place in `Symbols.all`.
public struct SymbolID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let index: Int

    public init(_ index: Int) { self.index = index }

    public static func < (lhs: SymbolID, rhs: SymbolID) -> Bool { lhs.index < rhs.index }

    public var description: String { "#\(index)" }
}

/// Something a name can refer to: a declaration of the rulebook, a local name of an
/// expression, or something the language provides.
public struct Symbol: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case group, role, constituency, level
        case recordType = "record type"
        /// A field of a declared record, or of a nested record in a field's type.
        case field
        case rule, process, step, end
        /// A group's seat, named by its constituency.
        case seat
        /// A group's `member`.
        case member
        /// A name in the attribute block of a role, constituency, seat or member.
        case attribute
        /// The record a rule or process is `for` (`for change_request cr`).
        case subjectVariable = "subject variable"
        /// A `let` clause of a rule, or `let x = … in …` in an expression.
        case letBinding = "let binding"
        /// The variable of a quantifier or an aggregate (`all a in cr.actions: …`).
        case iterationVariable = "iteration variable"
        /// A function declared with `def`.
        case function
        /// A parameter of a `def` function.
        case parameter
        /// A name the language gives a unit: `today`, a quorum's `present` and `seats`, a
        /// threshold's `yes`.
        case builtInName = "built-in name"
        /// `quorate`, `attending`, `carried`; `floor`, `ceil`, `round`, `abs`.
        case builtInFunction = "built-in function"
        /// `change_request`, `meeting`, `impact_assessment`, `group`.
        case builtInRecordType = "built-in record type"
        /// A field every rulebook's built-in record type has.
        case coreField = "core field"

        /// Whether a symbol of this kind is a name local to one expression or clause.
        public var isLocal: Bool {
            self == .subjectVariable || self == .letBinding || self == .iterationVariable || self == .parameter
        }

        /// Whether the language provides symbols of this kind, written in no rulebook.
        public var isBuiltIn: Bool {
            self == .builtInName || self == .builtInFunction || self == .builtInRecordType || self == .coreField
        }
    }

    public let id: SymbolID
    public let kind: Kind
    /// The name as written; a level's number in digits.
    public let name: String
    /// Where the name is written; nil for what is built in.
    public let nameSpan: SourceSpan?
    /// The whole declaration (a record with its fields, a `let` with its value, a quantifier
    /// with its body); nil for what is built in.
    public let span: SourceSpan?
    /// What the symbol belongs to: a field's record (or the field whose nested record holds
    /// it), a step's or an end's process, a seat's or member's group, an attribute's
    /// declaration, a local name's rule, group or process.
    public let container: SymbolID?
    /// The built-in record type or core field a declaration restates (a rulebook's own
    /// `record change_request`, or its `status: one of …`): renaming it would not rename that.
    public let restates: SymbolID?
}

/// A name written in the rulebook, where, and what it refers to.
public struct SymbolReference: Sendable {
    public let name: String
    /// The name's exact range.
    public let span: SourceSpan
    /// The symbol it refers to; nil when it refers to nothing (a misspelt name).
    public let symbol: SymbolID?

    public var isResolved: Bool { symbol != nil }
}

/// A place where a name is written: a declaration's name, or a reference.
public struct SymbolOccurrence: Sendable {
    public enum Role: Sendable, Equatable {
        case definition
        /// The reference's index in `Symbols.references`.
        case reference(Int)
    }

    public let span: SourceSpan
    /// The symbol named here; nil for an unresolved reference.
    public let symbol: SymbolID?
    public let role: Role
}

/// Every symbol of a rulebook and every reference to one, with the indices that answer an
/// editor's questions in logarithmic time.
public struct Symbols: Sendable {
    /// Every symbol, by `SymbolID.index`.
    public let all: [Symbol]
    /// Every reference, in the order the resolver met them.
    public let references: [SymbolReference]
    /// The indices into `references` of each symbol's references, by `SymbolID.index`.
    private let referencesBySymbol: [[Int]]
    /// The occurrences of each file, by offset; no two overlap.
    private let occurrencesByFile: [FileID: [SymbolOccurrence]]
    /// The symbols declared in each file, by the offset of their names.
    private let declarationsByFile: [FileID: [SymbolID]]

    /// The table of what `recorder` recorded, which must number its symbols from 0 (not go on
    /// from another table). Building the indices is linear in the symbols and references but
    /// for sorting each file's names by offset.
    init(_ recorder: SymbolRecorder) {
        all = recorder.symbols
        references = recorder.references
        var bySymbol = [[Int]](repeating: [], count: all.count)
        var byFile: [FileID: [SymbolOccurrence]] = [:]
        // Offsets and identifiers only: sorting the symbols themselves would move every one.
        var declared: [FileID: [(offset: Int, id: SymbolID)]] = [:]
        for symbol in all {
            guard let span = symbol.nameSpan else { continue }
            byFile[span.file, default: []].append(SymbolOccurrence(span: span, symbol: symbol.id, role: .definition))
            declared[span.file, default: []].append((span.offset, symbol.id))
        }
        for (index, reference) in references.enumerated() {
            if let symbol = reference.symbol, bySymbol.indices.contains(symbol.index) { bySymbol[symbol.index].append(index) }
            byFile[reference.span.file, default: []].append(SymbolOccurrence(span: reference.span, symbol: reference.symbol,
                                                                             role: .reference(index)))
        }
        referencesBySymbol = bySymbol
        occurrencesByFile = byFile.mapValues(Self.ordered)
        declarationsByFile = declared.mapValues { names in
            names.sorted { ($0.offset, $0.id.index) < ($1.offset, $1.id.index) }.map(\.id)
        }
    }

    /// Occurrences by offset, one per range: where a name is both a declaration's and a
    /// reference (a seat is named by its constituency), the reference, which is what going
    /// to its definition needs.
    private static func ordered(_ occurrences: [SymbolOccurrence]) -> [SymbolOccurrence] {
        let sorted = occurrences.sorted {
            if $0.span.offset != $1.span.offset { return $0.span.offset < $1.span.offset }
            return $0.role != .definition && $1.role == .definition
        }
        var kept: [SymbolOccurrence] = []
        kept.reserveCapacity(sorted.count)
        for occurrence in sorted {
            if let last = kept.last, occurrence.span.offset < last.span.endOffset { continue }
            kept.append(occurrence)
        }
        return kept
    }

    public subscript(id: SymbolID) -> Symbol { all[id.index] }

    /// The symbol `id` names, if it is one of this table's.
    public func symbol(_ id: SymbolID?) -> Symbol? {
        guard let id, all.indices.contains(id.index) else { return nil }
        return all[id.index]
    }

    // MARK: - Queries

    /// The name written at byte `offset` of `file`: a declaration's name or a reference.
    public func occurrence(at offset: Int, in file: FileID) -> SymbolOccurrence? {
        guard let occurrences = occurrencesByFile[file] else { return nil }
        // The last occurrence starting at or before `offset`.
        var low = 0, high = occurrences.count
        while low < high {
            let middle = (low + high) / 2
            if occurrences[middle].span.offset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let found = occurrences[low - 1]
        return offset < found.span.endOffset ? found : nil
    }

    /// The symbol named at byte `offset` of `file`, whether declared or referred to there.
    public func symbol(at offset: Int, in file: FileID) -> Symbol? {
        symbol(occurrence(at: offset, in: file)?.symbol)
    }

    /// The symbol `reference` refers to; nil for an unresolved one.
    public func definition(of reference: SymbolReference) -> Symbol? {
        symbol(reference.symbol)
    }

    /// Every reference to `id`, in the order the resolver met them: with the symbol's own
    /// name, the ranges a rename rewrites.
    public func references(to id: SymbolID) -> [SymbolReference] {
        guard referencesBySymbol.indices.contains(id.index) else { return [] }
        return referencesBySymbol[id.index].map { references[$0] }
    }

    /// The symbols declared in `file` other than local names, in source order, for an outline
    /// (`container` gives its nesting).
    public func declarations(in file: FileID) -> [Symbol] {
        (declarationsByFile[file] ?? []).map { all[$0.index] }.filter { !$0.kind.isLocal }
    }

    /// The names of the lists of every loaded record of a type (`meetings`, `expenses`), one
    /// for each record type that record files can hold, in order of name.
    public var recordListNames: [String] {
        let types = all.filter { ($0.kind == .recordType || $0.kind == .builtInRecordType)
            && !DeclarationScope.unloadableRecordTypes.contains($0.name) }
        return Set(types.map(\.name)).sorted().map { $0 + "s" }
    }

    /// The references that refer to nothing, in the order the resolver met them.
    public var unresolved: [SymbolReference] { references.filter { $0.symbol == nil } }
}

/// Records symbols and references as the resolver and the type checker meet them.
struct SymbolRecorder: Sendable {
    private(set) var symbols: [Symbol] = []
    private(set) var references: [SymbolReference] = []
    /// The identity of the first symbol this recorder declares: a recorder that goes on from
    /// a finished table (an input at the REPL) numbers its symbols after that table's.
    let firstIndex: Int

    init(firstIndex: Int = 0) {
        self.firstIndex = firstIndex
    }

    /// How many symbols there are, this recorder's and those before it.
    var count: Int { firstIndex + symbols.count }

    mutating func declare(_ kind: Symbol.Kind, _ name: String, nameSpan: SourceSpan?, span: SourceSpan?,
                          in container: SymbolID? = nil, restating restates: SymbolID? = nil) -> SymbolID {
        let id = SymbolID(count)
        symbols.append(Symbol(id: id, kind: kind, name: name, nameSpan: nameSpan, span: span, container: container,
                              restates: restates))
        return id
    }

    /// `identifier` declares a symbol of `kind`.
    mutating func declare(_ kind: Symbol.Kind, _ identifier: Identifier, span: SourceSpan, in container: SymbolID? = nil,
                          restating restates: SymbolID? = nil) -> SymbolID {
        declare(kind, identifier.text, nameSpan: identifier.span, span: span, in: container, restating: restates)
    }

    mutating func refer(_ name: String, at span: SourceSpan, to symbol: SymbolID?) {
        references.append(SymbolReference(name: name, span: span, symbol: symbol))
    }

    /// `identifier` refers to `symbol`, or to nothing.
    mutating func refer(_ identifier: Identifier, to symbol: SymbolID?) {
        refer(identifier.text, at: identifier.span, to: symbol)
    }

    /// Drops what was recorded, going on numbering after it.
    func continued() -> SymbolRecorder { SymbolRecorder(firstIndex: count) }
}
