/// The compiled bodies of `def` functions, by the function's declaration index.
final class FunctionBodies {
    var bodies: [Int: ValueNode] = [:]
    /// The functions whose bodies are being compiled: a call of one of them now could only
    /// come through recursion, which the checker refuses.
    var compiling: Set<Int> = []
}

/// Calls of `def` functions. A call evaluates its arguments in the caller's frame, then the
/// body in a frame of its own holding the parameters, which spends the caller's budget: one
/// step for the call, and what the body takes.
extension ExpressionCompiler {
    mutating func functionCall(_ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        guard let (body, size) = functionBody(signature, at: span) else {
            return unresolvable("the function `\(signature.decl.name.text)` cannot be compiled", at: span)
        }
        let nodes = arguments.map { value($0) }
        let slots = signature.parameterSlots
        return { frame in
            var values: [Value] = []
            values.reserveCapacity(nodes.count)
            for node in nodes { values.append(try node(frame)) }
            return try Self.run(body, size: size, slots: slots, values, from: frame, at: span)
        }
    }

    /// The call traced for `explain`: its arguments are traced as its parts, and the node
    /// notes the value each parameter took; the body itself is not traced.
    mutating func tracedFunctionCall(_ signature: FunctionSignature, _ arguments: [Expr], at span: SourceSpan,
                                     quotedAs extent: SourceExtent) -> ValueNode {
        guard let (body, size) = functionBody(signature, at: span) else {
            return unresolvable("the function `\(signature.decl.name.text)` cannot be compiled", at: span)
        }
        let nodes = arguments.map { value($0) }
        let slots = signature.parameterSlots
        let names = signature.decl.parameters.map(\.name.text)
        let function = signature.decl.name.text
        return { frame in
            guard let tracer = frame.tracer else {
                return try Self.run(body, size: size, slots: slots, try nodes.map { try $0(frame) }, from: frame, at: span)
            }
            tracer.begin()
            do {
                var values: [Value] = []
                for node in nodes { values.append(try node(frame)) }
                let result = try Self.run(body, size: size, slots: slots, values, from: frame, at: span)
                let note = names.isEmpty ? nil : "with " + zip(names, values).map { "\($0) = \(tracer.show($1))" }.joined(separator: ", ")
                tracer.close(extent, .success(result), function: function, note: note)
                return result
            } catch {
                tracer.close(extent, .failure(error), function: function)
                throw error
            }
        }
    }

    /// The function's body compiled against its own frame, and the frame's size; nil when the
    /// checker gave it no frame, or its parameters slots outside it.
    mutating func functionBody(_ signature: FunctionSignature, at span: SourceSpan) -> (ValueNode, Int)? {
        guard let layout = checked.resolution.units[signature.index],
              signature.parameterSlots.count == signature.decl.parameters.count,
              signature.parameterSlots.allSatisfy({ $0 >= 0 && $0 < layout.size }) else { return nil }
        if let body = functionBodies.bodies[signature.index] { return (body, layout.size) }
        guard functionBodies.compiling.insert(signature.index).inserted else { return nil }
        defer { functionBodies.compiling.remove(signature.index) }
        var compiler = ExpressionCompiler(checked, frame: layout)
        compiler.functionBodies = functionBodies
        let body = compiler.value(signature.decl.body)
        unresolved += compiler.unresolved
        functionBodies.bodies[signature.index] = body
        return (body, layout.size)
    }

    static func run(_ body: ValueNode, size: Int, slots: [Int], _ values: [Value], from frame: Frame, at span: SourceSpan) throws -> Value {
        try frame.spend(1, at: span)
        let inner = Frame(size: size, context: frame.context)
        inner.continueBudget(from: frame)
        defer { frame.continueBudget(from: inner) }
        for (slot, value) in zip(slots, values) { inner.locals[slot] = value }
        return try body(inner)
    }
}
