/// A `def` function's body compiled for the frame of its own that its calls run in.
struct FunctionBody {
    /// The body as a value, and, for a function whose result is `bool`, as a condition.
    let value: ValueNode
    let condition: ConditionNode?
    /// The function's number among those of one compiled unit, which keys its frame in the
    /// frames a unit's evaluation reuses (`Frame.callee`), and its declaration's index.
    let number: Int
    let index: Int
    /// The size of its frame, as the resolver laid it out.
    let size: Int
    /// The parameter whose record the body reads fields of in place (`Frame.subject`): the
    /// first one of a record type, its slot, and the shape index of that type; nil when there
    /// is none.
    let subject: (parameter: Int, slot: Int, shape: Int)?
    /// Whether the body reads that parameter as a whole too (passes it on, compares it), so
    /// that its slot must hold it.
    let readsSubject: Bool
}

/// The bodies of the functions one unit calls, shared by the compilers of the unit and of the
/// bodies, so that each is compiled once however many calls lead to it.
final class FunctionBodies {
    var bodies: [Int: FunctionBody] = [:]
    /// The functions whose bodies are being compiled: a call of one of them now could only
    /// come through recursion, which the checker refuses.
    var compiling: Set<Int> = []
    /// Whether the bodies' conditions may be fused (`ExpressionCompiler.fusing`).
    var fusing = true
}

/// Calls of `def` functions. A call evaluates its arguments in the caller's frame, then the
/// body in a frame of the function's own holding the parameters, which spends the caller's
/// budget: one step for the call, and what the body takes. Since no function calls itself,
/// directly or through others, no function's frame is in use twice at once, and one frame
/// per function serves every call of one evaluation (`Frame.callee`): a call allocates
/// nothing. A record argument's fields are read in place, as a rule reads its record's, and
/// the caller's own record is handed on without being wrapped in a value at all.
extension ExpressionCompiler {
    mutating func functionCall(_ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        guard let body = functionBody(signature, at: span) else {
            return unresolvable("the function `\(signature.decl.name.text)` cannot be compiled", at: span)
        }
        let enter = entry(body, signature, arguments, at: span)
        let run = body.value
        return { frame in try Self.call(enter, from: frame) { try run($0) } }
    }

    /// A call as a condition, for a function whose result is `bool`: the body gives a Swift
    /// `Bool` without wrapping it in a value. Nil for other functions.
    mutating func functionCallCondition(_ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan) -> ConditionNode? {
        guard signature.result == .bool, let body = functionBody(signature, at: span), let test = body.condition else { return nil }
        let enter = entry(body, signature, arguments, at: span)
        return { frame in try Self.call(enter, from: frame) { try test($0) } }
    }

    /// The call traced for `explain`: its arguments are traced as its parts, and the node
    /// notes the value each parameter took; the body itself is not traced.
    mutating func tracedFunctionCall(_ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan,
                                     quotedAs extent: SourceExtent) -> ValueNode {
        guard let body = functionBody(signature, at: span) else {
            return unresolvable("the function `\(signature.decl.name.text)` cannot be compiled", at: span)
        }
        let nodes = arguments.map { value($0) }
        // The traced call evaluates its arguments itself, to show them; the frame takes them as given.
        let enter = Entry(body: body, arguments: [], slots: [], handsOnRecord: false, span: span)
        let slots = signature.parameterSlots
        let names = signature.decl.parameters.map(\.name.text)
        let function = signature.decl.name.text
        let run = body.value
        return { frame in
            let tracer = frame.tracer
            tracer?.begin()
            do {
                var values: [Value] = []
                for node in nodes { values.append(try node(frame)) }
                let result = try Self.call(enter, from: frame, given: zip(slots, values).map { $0 }) { try run($0) }
                if let tracer {
                    let note = names.isEmpty ? nil : "with " + zip(names, values).map { "\($0) = \(tracer.show($1))" }.joined(separator: ", ")
                    tracer.close(extent, .success(result), function: function, note: note)
                }
                return result
            } catch {
                tracer?.close(extent, .failure(error), function: function)
                throw error
            }
        }
    }

    /// How a call enters its function: the body, the nodes of the arguments it evaluates and
    /// the slots they go to, and whether the caller's record is handed on in place. A class,
    /// so that a call reads it where it is rather than copying (and retaining) its parts.
    final class Entry {
        let number: Int
        let function: Int
        let size: Int
        let subject: (parameter: Int, slot: Int, shape: Int)?
        let arguments: [ValueNode]
        let slots: [Int]
        /// The argument for the body's record parameter is the caller's own record, and the
        /// body reads only its fields: the callee reads them where the caller does.
        let handsOnRecord: Bool
        let span: SourceSpan

        init(body: FunctionBody, arguments: [ValueNode], slots: [Int], handsOnRecord: Bool, span: SourceSpan) {
            number = body.number
            function = body.index
            size = body.size
            subject = body.subject
            self.arguments = arguments
            self.slots = slots
            self.handsOnRecord = handsOnRecord
            self.span = span
        }
    }

    mutating func entry(_ body: FunctionBody, _ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan) -> Entry {
        var nodes: [ValueNode] = []
        var slots: [Int] = []
        var handsOnRecord = false
        for (position, (argument, slot)) in zip(arguments, signature.parameterSlots).enumerated() {
            if let subject = body.subject, subject.parameter == position, !body.readsSubject,
               isSubjectName(argument), case .record(let id) = type(of: argument).widenedBase, id.index == subject.shape {
                handsOnRecord = true
                continue
            }
            nodes.append(value(argument))
            slots.append(slot)
        }
        return Entry(body: body, arguments: nodes, slots: slots, handsOnRecord: handsOnRecord, span: span)
    }

    /// Whether `expr` is the name of the record this unit reads fields of in place.
    func isSubjectName(_ expr: Expr) -> Bool {
        guard let subjectSlot, case .name = expr.ungrouped.kind, let name = resolvedName(expr.ungrouped) else { return false }
        return name.slot == subjectSlot && name.symbol != checked.todaySymbol
    }

    /// The function's body compiled against its own frame; nil when the checker gave it no
    /// frame, or its parameters slots outside it.
    mutating func functionBody(_ signature: FunctionSignature, at span: SourceSpan) -> FunctionBody? {
        guard let layout = checked.resolution.units[signature.index],
              signature.parameterSlots.count == signature.decl.parameters.count,
              signature.parameterSlots.allSatisfy({ $0 >= 0 && $0 < layout.size }) else { return nil }
        if let body = functionBodies.bodies[signature.index] { return body }
        guard functionBodies.compiling.insert(signature.index).inserted else { return nil }
        defer { functionBodies.compiling.remove(signature.index) }
        var subject: (parameter: Int, slot: Int, shape: Int)?
        for (position, type) in signature.parameterTypes.enumerated() {
            if case .record(let id) = type, checked.shapes.indices.contains(id.index), position < signature.parameterSlots.count {
                subject = (position, signature.parameterSlots[position], id.index)
                break
            }
        }
        var compiler = ExpressionCompiler(checked, frame: layout)
        compiler.functionBodies = functionBodies
        compiler.fusing = functionBodies.fusing
        if let subject { compiler.subjectSlot = subject.slot }
        let value = compiler.value(signature.decl.body)
        let condition = signature.result == .bool ? compiler.condition(signature.decl.body) : nil
        unresolved += compiler.unresolved
        let body = FunctionBody(value: value, condition: condition, number: functionBodies.bodies.count, index: signature.index,
                                size: layout.size, subject: subject, readsSubject: compiler.readsSubject)
        functionBodies.bodies[signature.index] = body
        return body
    }

    /// Runs the body `run` of the call `entry` from `frame`, in the function's frame: the
    /// arguments evaluated in the caller's frame into the parameters' slots (or `given`, for
    /// a traced call), the record parameter's fields readable in place.
    @inline(__always)
    static func call<T>(_ entry: Entry, from frame: Frame, given: [(Int, Value)] = [], _ run: (Frame) throws -> T) throws -> T {
        let inner = frame.callee(entry.number, function: entry.function, size: entry.size)
        // INVARIANT: no argument can reach `inner`: it belongs to this function, and an
        // argument is evaluated in the caller's frame, which is not the function's own (no
        // recursion), so writing the parameters as they are evaluated is safe.
        if !entry.arguments.isEmpty {
            for (node, slot) in zip(entry.arguments, entry.slots) { inner.locals[slot] = try node(frame) }
        }
        if !given.isEmpty {
            for (slot, value) in given { inner.locals[slot] = value }
        }
        try frame.spend(1, at: entry.span)
        inner.continueBudget(from: frame)
        defer {
            frame.continueBudget(from: inner)
            // What the function's evaluation left out (a vote not counted) is the caller's
            // verdict's to say, as if the body had been written in the rule.
            if inner.hasNotes {
                for text in inner.notes { frame.note(text) }
                inner.forgetNotes()
            }
        }
        if entry.handsOnRecord {
            inner.subject = frame.subject
            defer { inner.subject = UnsafeBufferPointer(start: nil, count: 0) }
            return try run(inner)
        }
        if let subject = entry.subject, case .record(let record) = inner.locals[subject.slot],
           record.shape.index == subject.shape {
            return try record.fields.withUnsafeBufferPointer { fields in
                inner.subject = fields
                defer { inner.subject = UnsafeBufferPointer(start: nil, count: 0) }
                return try run(inner)
            }
        }
        inner.subject = UnsafeBufferPointer(start: nil, count: 0)
        return try run(inner)
    }
}
