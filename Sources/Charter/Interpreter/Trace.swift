/// Evaluation traces for `rulecheck explain`. A rule compiled with `ExpressionCompiler.tracing`
/// wraps each compiled node in a closure that records the node's source text and value into
/// the `Tracer` its frame carries, under the node that is being evaluated around it; the tree
/// of what was evaluated is then the trace. Rules compiled for normal evaluation are not
/// wrapped, so they pay nothing for this.

/// One node of an evaluation trace: a clause, a sub-expression and its value, an element of a
/// quantifier that decided its outcome, or a note about the elements not shown.
public struct TraceNode: Sendable {
    public enum Kind: String, Sendable {
        /// A `when`, `let` or `require` clause of the rule.
        case clause
        /// A sub-expression and its value.
        case expression
        /// An element of an `all` or `any` that decided it: a counterexample, or a witness.
        case element
        /// A remark about the elements not shown ("9 other items passed").
        case note
    }

    public var kind: Kind
    /// The source text (whitespace collapsed), `item = 3 "Welcome"` for an element, or a note.
    public var expr: String
    /// The value, as a message would show it (texts in quotes); empty for a note.
    public var value: String
    /// For a value that is true or false: which.
    public var holds: Bool?
    /// The arithmetic of an aggregate: `1 + 0 + 6 + … + 1` for a `sum`.
    public var working: String?
    /// What else there is to say about the value: the elements a `count` counted.
    public var note: String?
    /// The `else` message of a failing `require`, or of one of its counterexamples.
    public var message: String?
    /// Why the expression could not be evaluated, on the innermost node that could not be.
    public var error: String?
    /// The `E` code of that failure, as `check` reports it.
    public var errorCode: DiagnosticCode?
    public var children: [TraceNode]

    /// Where the expression is written, to fold a node into an identical one around it.
    var extent: SourceExtent?
    /// The element an `element` node stands for.
    var element: Value?
    /// The built-in function a call node calls (`quorate`).
    var function: String?
    /// Whether evaluating the expression threw.
    var failed = false

    init(kind: Kind, expr: String, value: String = "", holds: Bool? = nil, children: [TraceNode] = [],
         extent: SourceExtent? = nil) {
        self.kind = kind
        self.expr = expr
        self.value = value
        self.holds = holds
        self.children = children
        self.extent = extent
    }

    static let unevaluated = "(cannot be evaluated)"

    /// Records on this node why it could not be evaluated.
    mutating func record(_ error: any Error) {
        self.error = Tracer.reason(error)
        errorCode = (error as? EvaluationError)?.code
    }

    /// This node and every node under it, depth first.
    func contains(where predicate: (TraceNode) -> Bool) -> Bool {
        predicate(self) || children.contains { $0.contains(where: predicate) }
    }
}

/// The source text an expression covers, from its first token to its last: its span's bytes,
/// which the parser widens over every line the expression is written on.
struct SourceExtent: Hashable, Sendable {
    let file: FileID
    let start: Int
    let end: Int

    init(_ expr: Expr) {
        file = expr.span.file
        start = expr.span.offset
        end = expr.span.endOffset
    }

    /// The text in `file`, without comments and with runs of white space as one space.
    func text(in file: SourceFile) -> String {
        file.text(inBytes: start..<end)
    }
}

/// Collects the trace of one evaluation: a stack of the nodes evaluated under each node that
/// is being evaluated. Also knows how to show values briefly, for which it needs the record
/// shapes and the source files.
final class Tracer {
    let files: SourceFiles
    let shapes: [RecordShape]
    /// The nodes recorded so far at each level; the first is the top.
    private var levels: [[TraceNode]] = [[]]
    private var texts: [SourceExtent: String] = [:]

    /// Elements of a quantifier shown before the rest are counted; terms of an aggregate shown.
    static let elementLimit = 10
    static let termLimit = 8

    init(files: SourceFiles, shapes: [RecordShape]) {
        self.files = files
        self.shapes = shapes
    }

    // MARK: - Recording

    /// Starts collecting the nodes evaluated under a new node.
    func begin() { levels.append([]) }

    /// The nodes collected since the matching `begin`.
    func end() -> [TraceNode] {
        guard levels.count > 1, let last = levels.popLast() else {
            defer { levels = [[]] }
            return levels.first ?? []
        }
        return last
    }

    func append(_ node: TraceNode) {
        levels[levels.count - 1].append(node)
    }

    /// Runs `body` with whatever it records thrown away.
    func discarding<T>(_ body: () throws -> T) rethrows -> T {
        begin()
        defer { _ = end() }
        return try body()
    }

    /// Ends the node begun for the expression at `extent` with its outcome. A node whose only
    /// child is the same expression (a value that delegates to a condition, or the reverse)
    /// is that child; a record is not shown, only what was read of it.
    func close(_ extent: SourceExtent, _ outcome: Result<Value, any Error>, function: String? = nil, note: String? = nil) {
        let children = end()
        if children.count == 1, children[0].extent == extent {
            append(children[0])
            return
        }
        switch outcome {
        case .success(let value):
            if case .record = value, value.declarationName == nil {
                children.forEach(append)
                return
            }
            var node = TraceNode(kind: .expression, expr: text(extent), value: show(value), children: children, extent: extent)
            if case .bool(let flag) = value { node.holds = flag }
            node.function = function
            node.note = note
            append(node)
        case .failure(let error):
            append(failure(extent, error, children: children))
        }
    }

    /// A node for an expression whose evaluation threw `error`.
    func failure(_ extent: SourceExtent, _ error: any Error, children: [TraceNode] = []) -> TraceNode {
        var node = TraceNode(kind: .expression, expr: text(extent), value: TraceNode.unevaluated, children: children, extent: extent)
        node.failed = true
        if !children.contains(where: \.failed) { node.record(error) }
        return node
    }

    static func reason(_ error: any Error) -> String {
        (error as? EvaluationError)?.message ?? "\(error)"
    }

    // MARK: - Showing values

    /// The source text of an expression.
    func text(_ extent: SourceExtent) -> String {
        if let known = texts[extent] { return known }
        let text = files[extent.file].map { extent.text(in: $0) } ?? "?"
        texts[extent] = text
        return text
    }

    /// A value as a trace shows it: texts quoted, long lists and texts cut short, a record by
    /// what identifies it.
    func show(_ value: Value) -> String {
        switch value {
        case .text(let text): return "\"\(Self.clipped(text, 60))\""
        case .list(let items):
            if items.count <= 6 { return "[" + items.map(show).joined(separator: ", ") + "]" }
            return "[" + items.prefix(4).map(show).joined(separator: ", ") + ", … (\(items.count) in all)]"
        case .record(let record): return short(record)
        default: return value.display
        }
    }

    func short(_ record: RecordValue) -> String { record.shortDescription(shapes: shapes) }

    /// The terms of an aggregate, the middle elided when there are many.
    func terms(_ values: [Value], separator: String) -> String {
        guard values.count > Self.termLimit else { return values.map(show).joined(separator: separator) }
        return (values.prefix(4).map(show) + ["…"] + values.suffix(3).map(show)).joined(separator: separator)
    }

    static func clipped(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

// MARK: - Compiling with tracing

extension ExpressionCompiler {
    /// `value(expr)` wrapped to record its value. Literals are not recorded (their values are
    /// their text); aggregates record their arithmetic. An expression in parentheses is traced
    /// as the expression inside them, one node and not two, quoted with its parentheses as it
    /// is written (`quotedAs`).
    mutating func tracedValue(_ expr: Expr, quotedAs written: SourceExtent? = nil) -> ValueNode {
        if Self.isLiteral(expr) { return compiledValue(expr) }
        let extent = written ?? SourceExtent(expr)
        switch expr.kind {
        case .grouped:
            return tracedValue(expr.ungrouped, quotedAs: extent)
        case .aggregate(let aggregate, let binding, let valueExpr):
            return tracedAggregate(expr, aggregate, binding, valueExpr, quotedAs: extent)
        case .call(let name, let arguments):
            return tracedCall(expr, name.text, arguments, quotedAs: extent)
        default:
            return Self.traced(compiledValue(expr), extent, function: nil)
        }
    }

    /// `condition(expr)` wrapped to record its outcome; quantifiers also record the elements
    /// that decided them. Parentheses as for `tracedValue`.
    mutating func tracedCondition(_ expr: Expr, quotedAs written: SourceExtent? = nil) -> ConditionNode {
        if Self.isLiteral(expr) { return compiledCondition(expr) }
        let extent = written ?? SourceExtent(expr)
        if case .grouped = expr.kind { return tracedCondition(expr.ungrouped, quotedAs: extent) }
        if case .quantifier(let quantifier, let binding, let body) = expr.kind {
            return tracedQuantifier(expr, quantifier, binding, body, quotedAs: extent)
        }
        let node = compiledCondition(expr)
        return { frame in
            guard let tracer = frame.tracer else { return try node(frame) }
            tracer.begin()
            do {
                let holds = try node(frame)
                tracer.close(extent, .success(.bool(holds)))
                return holds
            } catch {
                tracer.close(extent, .failure(error))
                throw error
            }
        }
    }

    static func traced(_ node: @escaping ValueNode, _ extent: SourceExtent, function: String?) -> ValueNode {
        { frame in
            guard let tracer = frame.tracer else { return try node(frame) }
            tracer.begin()
            do {
                let value = try node(frame)
                tracer.close(extent, .success(value), function: function)
                return value
            } catch {
                tracer.close(extent, .failure(error), function: function)
                throw error
            }
        }
    }

    /// A call of a built-in function; `quorate(m)` and `attending(m)` also note how many of
    /// the group's seats attended, and from how many it is quorate.
    mutating func tracedCall(_ expr: Expr, _ function: String, _ arguments: [Expr], quotedAs extent: SourceExtent) -> ValueNode {
        if let signature = checked.typeChecker.functions[function] {
            return tracedFunctionCall(signature, arguments, at: expr.span, quotedAs: extent)
        }
        let plain = compiledValue(expr)
        guard let meetingExpr = arguments.first, case .record(let shape) = type(of: meetingExpr).widenedBase,
              let fields = MeetingFields(shape: shape, shapes: checked.shapes) else {
            return Self.traced(plain, extent, function: function)
        }
        if function == BuiltinFunction.carried.rawValue || function == BuiltinFunction.tally.rawValue {
            return tracedVote(plain, extent, function, arguments, fields: fields)
        }
        guard function == BuiltinFunction.quorate.rawValue || function == BuiltinFunction.attending.rawValue else {
            return Self.traced(plain, extent, function: function)
        }
        let meeting = value(meetingExpr)
        return { frame in
            guard let tracer = frame.tracer else { return try plain(frame) }
            tracer.begin()
            do {
                let value = try plain(frame)
                var note: String?
                // The call's own argument, read again for the note; `plain` has just read it.
                if case .record(let record)? = try? tracer.discarding({ try meeting(frame) }) {
                    note = Self.attendance(record, fields: fields, context: frame.context)
                }
                tracer.close(extent, .success(value), function: function, note: note)
                return value
            } catch {
                tracer.close(extent, .failure(error), function: function)
                throw error
            }
        }
    }

    /// `carried(m, d)` or `tally(m, d)`, noting the tally as it counts, the votes left out, and
    /// for a threshold that is not met, how many more votes for would meet it.
    mutating func tracedVote(_ plain: @escaping ValueNode, _ extent: SourceExtent, _ function: String, _ arguments: [Expr],
                             fields: MeetingFields) -> ValueNode {
        let meeting = value(arguments[0])
        let decision = arguments.count > 1 ? value(arguments[1]) : nil
        let label = arguments.count > 2 ? value(arguments[2]) : nil
        return { frame in
            guard let tracer = frame.tracer else { return try plain(frame) }
            tracer.begin()
            do {
                let value = try plain(frame)
                var note: String?
                // The call's own arguments, read again only to describe it: `plain` has just read
                // them, and any error in them is the call's outcome, already recorded.
                if case .record(let record)? = try? tracer.discarding({ try meeting(frame) }),
                   case .number(let number)? = try? tracer.discarding({ try decision?(frame) }),
                   let name = record.fields[fields.group].declarationName, let group = frame.context.groups[name] {
                    var threshold = ""
                    if case .text(let given)? = try? tracer.discarding({ try label?(frame) }) { threshold = given }
                    note = Self.voteNote(record, decision: number, group: group, threshold: threshold, fields: fields,
                                         carried: value == .bool(true), context: frame.context)
                }
                tracer.close(extent, .success(value), function: function, note: note)
                return value
            } catch {
                tracer.close(extent, .failure(error), function: function)
                throw error
            }
        }
    }

    /// `1 for, 1 against, 0 abstaining, 2 not voted; not counted: zed (not a member of
    /// Council); carries with 1 more for`.
    static func voteNote(_ record: RecordValue, decision: Rational, group: GroupGovernance, threshold: String,
                         fields: MeetingFields, carried: Bool, context: EvaluationContext) -> String {
        let present = presentSeats(record, group: group, fields: fields)
        let tally = self.tally(record, decision: decision, group: group, fields: fields, present: present)
        var note = "\(tally.yes) for, \(tally.no) against, \(tally.abstain) abstaining, \(tally.notVoted) not voted"
        if !tally.ineligible.isEmpty {
            note += "; not counted: " + tally.ineligible.map { "\($0.voter) (\($0.reason.replacingOccurrences(of: "`\($0.voter)` is ", with: "")))" }
                .joined(separator: ", ")
        }
        guard !carried, let condition = group.thresholds[threshold] else { return note }
        // The fewest more votes for, from those who have not voted, that would carry it.
        for more in 1...Swift.max(tally.notVoted, 1) where more <= tally.notVoted {
            let counts = (yes: tally.yes + more, no: tally.no, abstain: tally.abstain)
            // A count at which the threshold cannot be evaluated is no way to carry it; the
            // threshold's own error is the verdict's, reported where `carried` is called.
            if (try? condition.node(group.frame(present: present, tally: counts, context: context, on: fields.day(of: record)))) == true {
                return note + "; carries with \(more) more for"
            }
        }
        return note + "; does not carry even if every member who has not voted votes for"
    }

    /// `2 of 4 filled seats attending; quorate from 3`.
    static func attendance(_ meeting: RecordValue, fields: MeetingFields, context: EvaluationContext) -> String? {
        guard meeting.fields.indices.contains(fields.group), let name = meeting.fields[fields.group].declarationName,
              let group = context.groups[name] else { return nil }
        let present = presentSeats(meeting, group: group, fields: fields)
        let day = fields.day(of: meeting)
        let filled = group.seatCounts(on: day).filled
        var note = group.seats.isEmpty ? "\(present) attending" : "\(present) of \(filled) filled seats attending"
        guard group.quorum != nil else { return note + "; no quorum" }
        let most = group.seats.isEmpty ? Swift.max(present, 1000) : filled
        if let least = group.leastQuorate(from: 0, through: Swift.max(most, 0), context: context, on: day) {
            note += "; quorate from \(least)"
        } else if group.quorumReadsPresent && most >= GroupGovernance.quorumScanLimit {
            note += "; not quorate with up to \(GroupGovernance.quorumScanLimit - 1) attending"
        } else {
            note += "; not quorate even with every seat attending"
        }
        return note
    }

    static func isLiteral(_ expr: Expr) -> Bool {
        switch expr.ungrouped.kind {
        case .number, .bool, .date, .time, .duration, .invalid: true
        case .text(let parts): parts.allSatisfy { if case .literal = $0 { true } else { false } }
        case .list(let elements): elements.allSatisfy(isLiteral)
        default: false
        }
    }

    /// What the elements of `source` are called in notes: the list field's name when it is a
    /// plural (`actions`, `rows`), else `items`; and its singular.
    static func noun(for source: Expr) -> (one: String, many: String) {
        if case .field(_, let field) = source.ungrouped.kind, field.text.count > 2, field.text.hasSuffix("s"), !field.text.hasSuffix("ss") {
            return (String(field.text.dropLast()).replacingOccurrences(of: "_", with: " "), field.text.replacingOccurrences(of: "_", with: " "))
        }
        return ("item", "items")
    }

    static func counted(_ count: Int, _ noun: (one: String, many: String), other: Bool = false) -> String {
        "\(count) \(other ? "other " : "")\(count == 1 ? noun.one : noun.many)"
    }

    /// `all`/`any`: the outcome comes from the quantifier compiled as usual; then a second pass
    /// over the elements records those that decided it — each counterexample of a failing
    /// `all`, the witness of a passing `any`, each element of a failing `any` — and counts
    /// the rest. Elements that cannot be evaluated after the outcome is known are counted, not
    /// thrown, as the quantifier itself would have stopped before them.
    mutating func tracedQuantifier(_ expr: Expr, _ quantifier: Quantifier, _ binding: Binding, _ body: Expr,
                                   quotedAs extent: SourceExtent) -> ConditionNode {
        let plain = compiledCondition(expr)
        // The elements are bound to the slot the quantifier itself uses, which `plain` has done
        // with by the time this pass runs.
        guard let (source, slot, filter) = iteration(of: expr, binding) else { return plain }
        let test = condition(body)
        let variable = binding.variable.text
        let noun = Self.noun(for: binding.source)
        let all = quantifier == .all
        return { frame in
            guard let tracer = frame.tracer else { return try plain(frame) }
            let result: Bool
            do {
                result = try tracer.discarding { try plain(frame) }
            } catch {
                tracer.append(tracer.failure(extent, error))
                throw error
            }
            // The outcome an element has when it decided the result.
            let deciding = !all && result
            var shown: [TraceNode] = []
            var decided = 0, others = 0, skipped = 0, unevaluated = 0
            // The first element's error, named in the note that counts them: the quantifier's
            // own result has already been worked out, so an element that fails is described,
            // not rethrown.
            var firstProblem: (item: Value, error: Error)?
            // The list is the one `plain` has just read without an error.
            if case .list(let items)? = try? tracer.discarding({ try source(frame) }) {
                for item in items {
                    frame.locals[slot] = item
                    if let filter {
                        let kept: Bool
                        do {
                            kept = try tracer.discarding { try filter(frame) }
                        } catch {
                            unevaluated += 1
                            if firstProblem == nil { firstProblem = (item, error) }
                            continue
                        }
                        if !kept {
                            skipped += 1
                            continue
                        }
                    }
                    tracer.begin()
                    let judged = Result { try test(frame) }
                    let nodes = tracer.end()
                    let outcome: Bool
                    switch judged {
                    case .success(let holds):
                        outcome = holds
                    case .failure(let error):
                        unevaluated += 1
                        if firstProblem == nil { firstProblem = (item, error) }
                        continue
                    }
                    guard outcome == deciding else {
                        others += 1
                        continue
                    }
                    decided += 1
                    if shown.count < Tracer.elementLimit {
                        var node = TraceNode(kind: .element, expr: "\(variable) = \(tracer.show(item))",
                                             value: outcome ? "true" : "false", holds: outcome, children: nodes)
                        node.element = item
                        shown.append(node)
                    }
                    if deciding { break }
                }
            }
            var notes: [String] = []
            if decided > shown.count {
                notes.append("… and \(decided - shown.count) more")
            }
            switch (all, result) {
            case (true, true):
                notes.append(others == 0 ? "no \(noun.many) to check" : others == 1 ? "the 1 \(noun.one) passed" : "all \(others) \(noun.many) passed")
            case (true, false):
                if others > 0 { notes.append("\(Self.counted(others, noun, other: true)) passed") }
            case (false, true):
                if others > 0 { notes.append("\(Self.counted(others, noun, other: true)) checked before it did not hold") }
            case (false, false):
                if decided == 0 && unevaluated == 0 { notes.append("no \(noun.many) to check") }
            }
            if skipped > 0 { notes.append("\(Self.counted(skipped, noun)) left out by `where`") }
            if unevaluated > 0 {
                var note = "\(Self.counted(unevaluated, noun)) could not be evaluated"
                if let (item, error) = firstProblem {
                    let reason = (error as? EvaluationError)?.message ?? "\(error)"
                    note += unevaluated == 1 ? ": \(variable) = \(tracer.show(item)), \(reason)"
                                             : "; the first, \(variable) = \(tracer.show(item)): \(reason)"
                }
                notes.append(note)
            }
            var node = TraceNode(kind: .expression, expr: tracer.text(extent), value: result ? "true" : "false", holds: result,
                                 children: shown + notes.map { TraceNode(kind: .note, expr: $0) }, extent: extent)
            node.function = quantifier.rawValue
            tracer.append(node)
            return result
        }
    }

    /// `count`, `sum`, `min`, `max`: the value comes from the aggregate compiled as usual; the
    /// terms are gathered again to show the arithmetic.
    mutating func tracedAggregate(_ expr: Expr, _ aggregate: Aggregate, _ binding: Binding?, _ valueExpr: Expr,
                                  quotedAs extent: SourceExtent) -> ValueNode {
        let plain = compiledValue(expr)
        let span = expr.span
        let terms: (Frame) throws -> (found: [Value], of: Int)
        let noun: (one: String, many: String)
        if let binding {
            noun = Self.noun(for: binding.source)
            guard let (source, slot, filter) = iteration(of: expr, binding) else { return plain }
            let item: ValueNode? = aggregate == .count ? nil : value(valueExpr)
            let counted = Expr.countCondition(aggregate, binding, valueExpr).map { condition($0) }
            terms = { frame in
                guard case .list(let items) = try source(frame) else { throw ValueOperations.absent(at: span) }
                var found: [Value] = []
                for element in items {
                    frame.locals[slot] = element
                    if let filter, try !filter(frame) { continue }
                    if let counted, try !counted(frame) { continue }
                    found.append(try item?(frame) ?? element)
                }
                return (found, items.count)
            }
        } else {
            noun = Self.noun(for: valueExpr)
            let source = value(valueExpr)
            terms = { frame in
                guard case .list(let items) = try source(frame) else { throw ValueOperations.absent(at: span) }
                return (items, items.count)
            }
        }
        let filtered = binding?.filter != nil || Expr.countCondition(aggregate, binding, valueExpr) != nil
        return { frame in
            guard let tracer = frame.tracer else { return try plain(frame) }
            let result: Value
            do {
                result = try tracer.discarding { try plain(frame) }
            } catch {
                tracer.append(tracer.failure(extent, error))
                throw error
            }
            var node = TraceNode(kind: .expression, expr: tracer.text(extent), value: tracer.show(result), extent: extent)
            node.function = aggregate.rawValue
            // The terms are the aggregate's own, evaluated again to show its working; they
            // evaluate whenever `plain` did, and a working that cannot be shown is left out.
            if let (found, total) = try? tracer.discarding({ try terms(frame) }) {
                switch aggregate {
                case .count:
                    if filtered {
                        var note = "of \(Self.counted(total, noun))"
                        if !found.isEmpty {
                            let names = found.prefix(Tracer.termLimit).map(tracer.show)
                            note += ": " + names.joined(separator: ", ") + (found.count > names.count ? ", …" : "")
                        }
                        node.note = note
                    }
                case .sum:
                    if found.isEmpty { node.note = "no \(noun.many) to add" }
                    if found.count > 1 { node.working = tracer.terms(found, separator: " + ") }
                case .min, .max:
                    if found.count > 1 { node.working = "\(aggregate.rawValue)(\(tracer.terms(found, separator: ", ")))" }
                }
                if aggregate != .count, found.count > Tracer.termLimit { node.note = Self.counted(found.count, noun) }
            }
            tracer.append(node)
            return result
        }
    }
}
