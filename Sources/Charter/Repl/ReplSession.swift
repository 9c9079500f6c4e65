/// An interactive session over a rulebook and records: expressions are evaluated against the
/// loaded records, declarations redefine the rules (the what-if), and `:` commands inspect
/// and undo. The session prints nothing itself: each input gives the text to show.
public final class ReplSession {
    /// A record file as read when it was loaded, so that its records can be decoded again when
    /// record types change without going back to the disk; nil bytes when it could not be read.
    struct RecordSource {
        let path: String
        let typeName: String?
        let dateFormat: DateFormat
        let bytes: Result<[UInt8], RecordFileError>

        init(path: String, typeName: String?, dateFormat: DateFormat) {
            self.path = path
            self.typeName = typeName
            self.dateFormat = dateFormat
            bytes = RecordFiles(shapes: [], byName: [:]).read(path)
        }

        /// The same file read the same way, with the same bytes: what decodes to the same records.
        func isSame(as other: RecordSource) -> Bool {
            guard path == other.path, typeName == other.typeName, dateFormat == other.dateFormat else { return false }
            switch (bytes, other.bytes) {
            case (.success(let mine), .success(let theirs)): return mine == theirs
            default: return false
            }
        }
    }

    struct State {
        var rulebook: Rulebook
        var sources: [RecordSource]
        /// What each change in effect did (`redefined rule freeze`, `loaded 8 records`), one
        /// list per change, oldest first: what a resumed session says it restored.
        var whatIfs: [[String]] = []
        /// The source text of each change of the rules in effect, oldest first: declarations as
        /// typed, and the `.charter` files `:load`ed. Laid over the session's rules in this
        /// order they make its rulebook, which is what `:save` writes.
        var declarationSources: [String] = []
    }

    let asOf: CivilDate?
    /// The limits of every program the session makes; `interrupted` is how Ctrl-C reaches it.
    let limits: EvaluationLimits
    var files: SourceFiles
    let initial: State
    var state: State
    var undoStack: [State] = []
    var program: Program { didSet { recordValues = nil } }
    var records: [LoadedRecord] = [] { didSet { recordValues = nil } }
    /// The records as expressions see them (with `outcome` and `failed`), by shape index:
    /// worked out once per state of the rules and records, not once per expression.
    var recordValues: [Int: [Value]]?
    /// What the rules in effect and the session's first rules gave the records when last
    /// compared: each change is compared with the rules before it, and `:diff` with the first
    /// ones, so these are the side before of the next comparison, not evaluated again.
    var sideResults: [OutcomeDiff.SideResults] = []
    let initialProgram: Program
    let initialRecords: [LoadedRecord]
    var inputs = 0
    /// Lines entered, for a terminal's history.
    public internal(set) var history: [String] = []
    /// True after `:quit`.
    public internal(set) var finished = false
    /// The changes accepted so far, in order, `:undo` and `:reset` included: what a journal
    /// keeps so that `replay` can rebuild the session after it ended by any cause.
    public internal(set) var changes: [ReplChange] = []
    /// True while `replay` makes changes again: the outcomes are not compared after each.
    var replaying = false

    static let statusWords = ["pass", "fail", "not_applicable", "error"]

    /// Starts a session, or says why it cannot start (rules with errors, records that do not
    /// load). `banner` is what to show first. `limits` apply to every evaluation in the session;
    /// when `limits.interrupted` says so, the input being handled is abandoned (`handle`).
    public static func start(rulePaths: [String], recordPaths: [String], typeName: String? = nil,
                             dateFormat: DateFormat = .iso, asOf: CivilDate? = nil,
                             limits: EvaluationLimits = .standard) -> (session: ReplSession?, banner: String) {
        var loaded = RulebookLoader().load(paths: rulePaths.isEmpty ? ["rules"] : rulePaths)
        loaded.check()
        var out = loaded.unreadable.map { "error: \($0)\n" }.joined()
        let errors = loaded.diagnostics.filter { $0.severity == .error }.sortedBySource()
        if !errors.isEmpty || !loaded.unreadable.isEmpty {
            out += DiagnosticRenderer(files: loaded.files).render(errors)
            return (nil, out + "the rules have errors; fix them and start again\n")
        }
        guard let checked = Checker.checked(loaded.rulebook, files: loaded.files).checked else {
            return (nil, out + "the rules have errors; fix them and start again\n")
        }
        let program = Program(checked, limits: limits)
        let sources = recordPaths.map { RecordSource(path: $0, typeName: typeName, dateFormat: dateFormat) }
        let (records, problems) = load(sources, program: program)
        if !problems.isEmpty {
            return (nil, out + problems.map { "error: \($0)\n" }.joined() + "the records do not load; fix them and start again\n")
        }
        let session = ReplSession(files: loaded.files, state: State(rulebook: loaded.rulebook, sources: sources),
                                  program: program, records: records, asOf: asOf, limits: limits)
        let types = Set(records.map { program.shapes[$0.value.shape.index].id.name ?? "" }).sorted()
        out += "rulecheck repl: \(program.rules.count) \(program.rules.count == 1 ? "rule" : "rules"), \(records.count) \(records.count == 1 ? "record" : "records")"
        out += types.isEmpty ? "" : " (\(types.map { "`\(listName($0))`" }.joined(separator: ", ")))"
        out += "; :help for commands\n"
        return (session, out)
    }

    init(files: SourceFiles, state: State, program: Program, records: [LoadedRecord], asOf: CivilDate?,
         limits: EvaluationLimits) {
        self.files = files
        self.limits = limits
        initial = state
        self.state = state
        self.program = program
        self.records = records
        initialProgram = program
        initialRecords = records
        self.asOf = asOf
    }

    static func load(_ sources: [RecordSource], program: Program) -> ([LoadedRecord], [RecordFileError]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        for source in sources {
            let reader = RecordFiles(shapes: program.shapes, byName: program.shapeByName, dateFormat: source.dateFormat,
                                     typeName: source.typeName)
            switch source.bytes {
            case .success(let bytes): reader.load(bytes: bytes, path: source.path, into: &records, errors: &errors)
            case .failure(let error): errors.append(error)
            }
        }
        program.provide(records.map(\.value))
        return (records, errors)
    }

    /// The name that lists the loaded records of a type: `change_requests`, `meetings`.
    static func listName(_ type: String) -> String { type + "s" }

    // MARK: - Input

    /// Handles one complete input (a command, an expression, or declarations, possibly over
    /// several lines) and returns what to show. An input interrupted while it evaluates
    /// (`EvaluationLimits.interrupted`) leaves the session as it was before it.
    public func handle(_ input: String) -> String {
        let before = SessionSnapshot(of: self)
        let out = handleToTheEnd(input)
        guard let interrupted = limits.interrupted, interrupted() else { return out }
        let changed = changes.count > before.changes.count
        before.restore(into: self)
        return changed ? "interrupted; no change\n" : "interrupted\n"
    }

    func handleToTheEnd(_ input: String) -> String {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return "" }
        history.append(input)
        if trimmed.hasPrefix(":") { return command(trimmed) }
        inputs += 1
        let file = files.add(path: "<input \(inputs)>", text: input)
        let lexed = Lexer.tokenize(file)
        if let first = lexed.tokens.first, case .keyword(let keyword) = first.kind, keyword.startsDeclaration {
            let parsed = Parser.parse(file)
            if parsed.diagnostics.hasErrors { return render(parsed.diagnostics) + "no change: the declarations have errors\n" }
            let (rulebook, made) = state.rulebook.redefined(by: parsed.rulebook)
            var next = state
            next.rulebook = rulebook
            next.declarationSources.append(input)
            return apply(next, changes: made.map(\.description), as: .declarations(input))
        }
        if !lexed.diagnostics.isEmpty { return render(lexed.diagnostics) }
        var parser = Parser(tokens: lexed.tokens)
        let expr: Expr
        do {
            expr = try parser.parseExpression()
        } catch {
            return render(parser.diagnostics)
        }
        if !parser.diagnostics.isEmpty { return render(parser.diagnostics) }
        if !parser.atEnd {
            return render([.error(.expectedToken, "the expression ends before this", at: parser.current.span,
                                  help: "type one expression, a declaration, or a `:` command (:help lists them)")])
        }
        return evaluate(expr)
    }

    func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(files: files).render(diagnostics.sortedBySource())
    }

    // MARK: - Expressions

    /// What an expression at the prompt is checked in: the current rulebook's shapes with two
    /// fields added to each record type that has records, `outcome` (pass, fail, not_applicable
    /// or error over all its rules) and `failed` (the names of the rules it fails); and the
    /// names it may use, with their types and values: `today`, the outcome words and each
    /// type's records.
    /// Without `values` the names' values are left empty, for checking an input not run.
    func expressionScope(values wanted: Bool = true) -> (checker: TypeChecker, names: [(name: String, type: CharterType, value: Value)]) {
        var checker = program.checked.typeChecker
        var byType: [Int: [LoadedRecord]] = [:]
        for record in records { byType[record.value.shape.index, default: []].append(record) }
        var extended: Set<Int> = []
        for index in byType.keys.sorted() {
            for (name, type) in [("outcome", CharterType.text), ("failed", .list(.text))] where checker.shapes[index].fields[name] == nil {
                checker.shapes[index].fields[name] = type
                checker.shapes[index].slots[name] = checker.shapes[index].fieldOrder.count
                checker.shapes[index].fieldOrder.append(name)
                extended.insert(index)
            }
        }
        var values: [Int: [Value]] = [:]
        if wanted {
            values = recordValues ?? extendedValues(byType, extended: extended)
            recordValues = values
        }
        var names: [(String, CharterType, Value)] = [(FrameLayout.today, .date, asOf.map(Value.date) ?? .absent)]
        for word in Self.statusWords { names.append((word, .text, .text(word))) }
        for index in byType.keys.sorted() {
            guard let name = checker.shapes[index].id.name else { continue }
            names.append((Self.listName(name), .list(.record(checker.shapes[index].id)), .list(values[index] ?? [])))
        }
        return (checker, names)
    }

    /// Each record with its outcome and the rules it fails appended, where its shape gained
    /// those fields.
    func extendedValues(_ byType: [Int: [LoadedRecord]], extended: Set<Int>) -> [Int: [Value]] {
        let evaluator = program.evaluator()
        return byType.mapValues { group in
            group.map { loaded -> Value in
                guard extended.contains(loaded.value.shape.index) else { return .record(loaded.value) }
                let verdicts = evaluator.evaluate(loaded.value, asOf: asOf)
                let report = RecordReport(id: "", type: "", file: loaded.file, place: loaded.place, asOf: nil, verdicts: verdicts)
                let fields = loaded.value.fields + [.text(report.outcome.rawValue),
                                                    .list(verdicts.filter { $0.outcome == .fail }.map { .text($0.rule) })]
                return .record(RecordValue(shape: loaded.value.shape, fields: fields))
            }
        }
    }

    /// The input is a unit of its own, resolved like a rule: its names take the first slots
    /// of its frame, then its locals.
    func evaluate(_ expr: Expr) -> String {
        var (checker, names) = expressionScope()
        let (scope, slots) = checker.beginInput(names: names.map { ($0.name, $0.type) })
        let type = checker.type(of: expr, in: scope)
        if !checker.diagnostics.isEmpty { return render(checker.diagnostics) }
        let layout = checker.frameLayout()
        var compiler = ExpressionCompiler(program.checked.extended(by: checker), frame: layout)
        let node = compiler.value(expr)
        let frame = Frame(size: layout.size, context: program.context)
        for (slot, name) in zip(slots, names) { frame.locals[slot] = name.value }
        do {
            let value = try node(frame)
            return show(value) + "  : \(type)\n"
        } catch let error as EvaluationError where error.cause == .budget {
            let steps = EvaluationLimits.grouped(limits.steps)
            return render([.error(error.code, "the expression took more than the budget of \(steps) steps", at: error.span,
                                  help: "start the session with a larger `--budget STEPS` if this much work is meant")])
        } catch let error as EvaluationError {
            // Only an input that names the session's records (or `today`) can fail because of them.
            let sessionNames = Set(names.map(\.name))
            let readsSession = expr.contains { if case .name(let name) = $0.kind { sessionNames.contains(name) } else { false } }
            let help = readsSession ? "this depends on the records; look at them with :records"
                                    : "this fails whatever the records hold: the expression reads none of them"
            return render([.error(error.code, error.message, at: error.span, help: help)])
        } catch {
            return "error: \(error)\n"
        }
    }

    /// A value for the prompt: records by what people call them, long lists cut short.
    func show(_ value: Value) -> String {
        switch value {
        case .record(let record): return program.identify(record) ?? record.shortDescription(shapes: program.shapes)
        case .list(let items):
            let shown = items.prefix(20).map(show)
            return "[" + shown.joined(separator: ", ") + (items.count > 20 ? ", … (\(items.count) in all)" : "") + "]"
        case .text(let text): return "\"\(text)\""
        default: return value.display
        }
    }

    // MARK: - Changing the rules

    /// Makes `next` the session's state if its rules check and its records load; says what
    /// changed, or why nothing did.
    func apply(_ next: State, changes made: [String], as change: ReplChange) -> String {
        let (checked, diagnostics) = Checker.checked(next.rulebook, files: files)
        var out = ""
        guard let checked else {
            return render(diagnostics.filter { $0.severity == .error }) + "no change: the rules would have errors\n"
        }
        let warnings = diagnostics.filter { $0.severity != .error }
        if !warnings.isEmpty { out += render(warnings) }
        let nextProgram = Program(checked, limits: limits)
        let (nextRecords, problems) = recordsUnchanged(from: next.sources, program: nextProgram).map { ($0, []) }
            ?? Self.load(next.sources, program: nextProgram)
        if !problems.isEmpty {
            return out + problems.map { "error: \($0)\n" }.joined() + "no change: the records would not load\n"
        }
        out += made.map { $0 + "\n" }.joined()
        // A replay says what it restored at the end; comparing outcomes after each change would
        // evaluate every record twice per change for nothing.
        let diff = replaying ? nil : OutcomeDiff(before: side(program), after: side(nextProgram),
                                                 records: nextRecords, asOf: asOf, known: sideResults)
        undoStack.append(state)
        state = next
        state.whatIfs.append(made.filter { !$0.hasPrefix("note:") })
        program = nextProgram
        records = nextRecords
        changes.append(change)
        keepResults(of: diff)
        if let diff { out += summary(diff, since: "before") }
        return out
    }

    /// The session's records, given to `nextProgram`, when decoding `sources` against it would
    /// make them again: the same record files, read into the same shapes (a redefinition of a
    /// rule, a process or a `def` leaves the shapes as they were). Nil when they must be decoded.
    func recordsUnchanged(from sources: [RecordSource], program nextProgram: Program) -> [LoadedRecord]? {
        guard sources.count == state.sources.count,
              zip(sources, state.sources).allSatisfy({ $0.isSame(as: $1) }),
              nextProgram.shapeByName == program.shapeByName, nextProgram.shapes == program.shapes else { return nil }
        nextProgram.provide(records.map(\.value))
        return records
    }

    func side(_ program: Program) -> OutcomeDiff.Side {
        .init(program: program, processes: program.processes())
    }

    /// Keeps, of what was known and what `diff` worked out, the results that a later
    /// comparison can use: those of the rules in effect or the first ones, on the records now
    /// loaded.
    func keepResults(of diff: OutcomeDiff?) {
        let found = [diff?.results.after, diff?.results.before].compactMap { $0 } + sideResults
        var kept: [OutcomeDiff.SideResults] = []
        for results in found where results.program === program || results.program === initialProgram {
            guard OutcomeDiff.SideResults.same(results.records, records),
                  !kept.contains(where: { $0.program === results.program && $0.asOf == results.asOf }) else { continue }
            kept.append(results)
        }
        sideResults = kept
    }

    /// `2 records change: CR041 change_freeze fail → pass; …`.
    func summary(_ diff: OutcomeDiff, since: String) -> String {
        let changed = diff.records.filter { !$0.isEmpty }
        guard !changed.isEmpty else { return "no outcome, route or deadline changes\n" }
        var out = "\(changed.count) \(changed.count == 1 ? "record changes" : "records change") from \(since):\n"
        for record in changed.prefix(10) {
            var parts = record.rules.map { "\($0.rule) \($0.before?.rawValue ?? "—") → \($0.after?.rawValue ?? "—")" }
            parts += record.routes.map { "process \($0.process): \(($0.before?.path == $0.after?.path) ? "deciders or deadlines change" : "route changes")" }
            out += "  \(record.id): " + parts.joined(separator: "; ") + "\n"
        }
        if changed.count > 10 { out += "  … and \(changed.count - 10) more (:diff shows all)\n" }
        return out
    }
}
