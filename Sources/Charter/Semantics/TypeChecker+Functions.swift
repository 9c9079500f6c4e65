/// What the checker knows of a `def` function: its declaration, its parameters' types
/// (declared, or taken from its first call) and its result's type.
struct FunctionSignature: Sendable {
    enum State: Sendable {
        /// Not yet checked: the first call checks the body with its arguments' types.
        case unchecked
        /// Its body is being checked (a call now could only come through recursion).
        case checking
        /// Checked with the types of a call, or with every parameter declared.
        case checked
        /// Checked without a call to give its undeclared parameters a type, so with those
        /// unknown: a later call (at the REPL) checks it again with its arguments' types.
        case provisional
        /// It calls itself, directly or through others (N016): never checked against a call.
        case recursive
    }

    /// Its index among the rulebook's declarations, which keys its frame layout.
    let index: Int
    let decl: FunctionDecl
    var state: State = .unchecked
    /// The type each parameter declares, if it does.
    let declaredTypes: [CharterType?]
    /// The type of each parameter, once checked: declared, or the first call's argument's.
    var parameterTypes: [CharterType] = []
    var result: CharterType = .unknown
    /// Where the call whose arguments gave the undeclared parameters their types is.
    var typedBy: SourceSpan?
    /// The slot of each parameter in the function's frame.
    var parameterSlots: [Int] = []
}

extension TypeChecker {
    /// The names a function may not take: those of the built-in functions and names, and of
    /// the list forms written like calls.
    static var builtInCallNames: [String] {
        BuiltinFunction.allCases.map(\.rawValue) + CollectionFunction.allCases.map(\.rawValue) + NumberFunction.allCases.map(\.rawValue)
            + [CollectionForm.sortWord, CollectionForm.selectWord]
    }

    /// Registers every `def` of `rulebook`, reporting a second function of one name (N001), a
    /// function named like a built-in (N017) and every function that calls itself, directly
    /// or through others (N016).
    mutating func declareFunctions(_ rulebook: Rulebook) {
        let builtIns = Set(Self.builtInCallNames + [FrameLayout.today] + FrameLayout.groupNames)
        var order: [String] = []
        for (index, declaration) in rulebook.declarations.enumerated() {
            guard case .function(let function) = declaration else { continue }
            let name = function.name
            if builtIns.contains(name.text) {
                report(.builtInShadowed, "`\(name.text)` is \(Self.builtInCallNames.contains(name.text) ? "the name of a built-in function" : "a built-in name")", at: name.span,
                       help: "give the function another name, such as `\(name.text)_of`")
                continue
            }
            if let first = functions[name.text] {
                diagnostics.append(DeclarationScope.duplicate("function", name, first: first.decl.name.span))
                continue
            }
            var seen: [String: Identifier] = [:]
            for parameter in function.parameters {
                if let earlier = seen[parameter.name.text] {
                    report(.duplicateDeclaration, "`\(name.text)` has two parameters named `\(parameter.name.text)`", at: parameter.name.span,
                           help: "give each parameter a name of its own (the first `\(earlier.text)` is column \(earlier.span.column))")
                }
                seen[parameter.name.text] = parameter.name
            }
            let declared = function.parameters.map { parameter in parameter.type.map { resolve($0, nested: []) } }
            functions[name.text] = FunctionSignature(index: index, decl: function, declaredTypes: declared)
            order.append(name.text)
        }
        markRecursion(order)
    }

    /// N016 for each cycle of calls among the functions named in `order`.
    private mutating func markRecursion(_ order: [String]) {
        var node: [String: Int] = [:]
        for (index, name) in order.enumerated() { node[name] = index }
        var edges: [Cycles.Edge] = []
        var calls: [Identifier] = []
        for (from, name) in order.enumerated() {
            guard let body = functions[name]?.decl.body else { continue }
            var pending = [body]
            while let next = pending.popLast() {
                if case .call(let callee, _) = next.kind, let to = node[callee.text] {
                    edges.append(Cycles.Edge(from: from, to: to))
                    calls.append(callee)
                }
                pending += next.children
            }
        }
        for cycle in Cycles.find(nodeCount: order.count, edges: edges) {
            guard let first = cycle.first, edges.indices.contains(first) else { continue }
            let names = cycle.map { order[edges[$0].from] }
            for name in names { functions[name]?.state = .recursive }
            let caller = names.first ?? ""
            let through = names.dropFirst().map { "`\($0)`" }
            let message = through.isEmpty ? "function `\(caller)` calls itself"
                : "function `\(caller)` calls itself through \(through.joined(separator: ", then "))"
            report(.recursiveFunction, message, at: calls[first].span,
                   help: "a function may not call itself, directly or through others, so that evaluation always ends; write the repetition with `all`, `count`, `sum` or `select` over a list")
        }
        reportDeepCalls(order, edges: edges)
    }

    /// How many functions deep a chain of calls may go: checking, compiling and evaluating a
    /// call each go one level deeper into the stack for each, as an expression's nesting does.
    static let callDepthLimit = 32

    /// N018 at the first function from which calls go more than `callDepthLimit` deep. Found
    /// by one iterative search, so a chain of thousands of functions cannot exhaust the stack;
    /// functions that call themselves are left out (N016 reports them).
    private mutating func reportDeepCalls(_ order: [String], edges: [Cycles.Edge]) {
        var outgoing = [[Int]](repeating: [], count: order.count)
        for (index, edge) in edges.enumerated() where outgoing.indices.contains(edge.from) { outgoing[edge.from].append(index) }
        var depth = [Int](repeating: 1, count: order.count)
        func recursive(_ node: Int) -> Bool {
            if case .recursive? = functions[order[node]]?.state { return true }
            return false
        }
        // Depths from the callees up: a function's is one more than its deepest callee's. A
        // depth-first search finishes every callee before its callers.
        var finished: [Int] = []
        var seen = [Bool](repeating: false, count: order.count)
        for root in order.indices where !seen[root] && !recursive(root) {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            seen[root] = true
            while let (node, next) = path.last {
                guard next < outgoing[node].count else {
                    finished.append(node)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = edges[outgoing[node][next]].to
                guard order.indices.contains(target), !seen[target], !recursive(target) else { continue }
                seen[target] = true
                path.append((target, 0))
            }
        }
        for node in finished {
            for edge in outgoing[node] {
                let target = edges[edge].to
                guard order.indices.contains(target), !recursive(target) else { continue }
                depth[node] = Swift.max(depth[node], depth[target] + 1)
            }
        }
        let tooDeep = order.indices.filter { depth[$0] > Self.callDepthLimit }
        guard let deepest = tooDeep.min(by: { (-depth[$0], $0) < (-depth[$1], $1) }) else { return }
        let name = order[deepest]
        let span = functions[name]?.decl.name.span
        guard let span else { return }
        // Their calls are not followed into, so that checking does not go as deep either.
        for node in tooDeep { functions[order[node]]?.state = .recursive }
        report(.callsTooDeep, "calls from `\(name)` go \(depth[deepest]) functions deep, more than \(Self.callDepthLimit)", at: span,
               help: "call fewer functions in a chain: write some of them out where they are called")
    }

    /// The type of a call of the `def` function `name`, checking its arguments against its
    /// parameters; nil when no function has that name.
    mutating func functionCall(_ name: Identifier, _ arguments: [Expr], at span: SourceSpan, in scope: Scope) -> CharterType? {
        guard let before = functions[name.text] else { return nil }
        recorder.refer(name, to: declarationSymbols.indices.contains(before.index) ? declarationSymbols[before.index] : nil)
        let found = arguments.map { type(of: $0, in: scope).widened }
        // An argument may call the function itself (`f(f(x))`), whose body that inner call has
        // checked: read its state again, or the body would be checked (and its names recorded) twice.
        let signature = functions[name.text] ?? before
        let parameters = signature.decl.parameters
        guard found.count == parameters.count else {
            let shape = "\(name.text)(\(parameters.map(\.name.text).joined(separator: ", ")))"
            report(.wrongArguments, "`\(name.text)` takes \(Self.count(parameters.count, "argument")), not \(found.count)", at: span,
                   help: "write `\(shape)`")
            return signature.result
        }
        switch signature.state {
        case .recursive, .checking:
            return .unknown
        case .unchecked, .provisional:
            var types: [CharterType] = []
            for (offset, given) in found.enumerated() {
                let declared = signature.declaredTypes.indices.contains(offset) ? signature.declaredTypes[offset] : nil
                if let declared, !Self.fits(given, declared) {
                    mismatch(of: signature, argument: offset, given, arguments[offset], expected: declared)
                }
                if declared == nil, case .list(.unknown) = given, case .list(let elements) = arguments[offset].ungrouped.kind,
                   elements.isEmpty, parameters.indices.contains(offset) {
                    // An empty list says nothing of its elements: the body could not be checked.
                    let parameter = parameters[offset].name.text
                    report(.wrongArguments, "`\(name.text)` is first called with an empty list for `\(parameter)`, which does not say its type",
                           at: arguments[offset].span, help: "declare it: `def \(name.text)(… \(parameter): list of TYPE …)`")
                }
                types.append(declared ?? given)
            }
            checkBody(of: name.text, parameterTypes: types, typedBy: span)
        case .checked:
            for (offset, given) in found.enumerated() {
                guard signature.parameterTypes.indices.contains(offset) else { continue }
                let expected = signature.parameterTypes[offset]
                if !Self.fits(given, expected) { mismatch(of: signature, argument: offset, given, arguments[offset], expected: expected) }
            }
        }
        return functions[name.text]?.result ?? .unknown
    }

    private mutating func mismatch(of signature: FunctionSignature, argument offset: Int, _ given: CharterType, _ argument: Expr,
                                   expected: CharterType) {
        let parameters = signature.decl.parameters
        guard parameters.indices.contains(offset) else { return }
        let parameter = parameters[offset]
        let why = parameter.type != nil ? "as declared"
            : signature.typedBy.map { "as its first call, at line \($0.line), gave it" } ?? "as its first call gave it"
        report(.wrongArguments, "`\(signature.decl.name.text)` takes \(expected) for `\(parameter.name.text)` (\(why)), not \(given)", at: argument.span,
               help: parameter.type != nil ? "pass \(expected) here" : "pass \(expected) here, or declare the parameter's type: `\(parameter.name.text): TYPE`")
    }

    /// Whether a value of type `given` may be passed where `expected` is wanted.
    static func fits(_ given: CharterType, _ expected: CharterType) -> Bool {
        if given.isUnknown || expected.isUnknown || given == expected { return true }
        switch (given, expected) {
        case (.list(.unknown), .list): return true
        case (.list(let a), .list(let b)): return fits(a, b)
        case (.optional(let a), .optional(let b)): return fits(a, b)
        case (_, .optional(let b)): return fits(given, b)
        default: return false
        }
    }

    /// Checks the body of function `name` in a unit of its own whose parameters have `types`.
    mutating func checkBody(of name: String, parameterTypes types: [CharterType], typedBy call: SourceSpan?) {
        guard var signature = functions[name] else { return }
        signature.state = .checking
        functions[name] = signature
        let saved = (nextSlot, unitOwner, binderEntries)
        beginUnit(owner: declarationSymbols.indices.contains(signature.index) ? declarationSymbols[signature.index] : nil)
        var scope = Scope()
        var slots: [Int] = []
        for (parameter, type) in zip(signature.decl.parameters, types) {
            let entry = local(.parameter, parameter.name, type, declaredBy: parameter.name.span.through(parameter.type?.span ?? parameter.name.span))
            scope.bind(entry)
            slots.append(entry.slot)
        }
        let result = type(of: signature.decl.body, in: scope)
        resolution.units[signature.index] = frameLayout()
        (nextSlot, unitOwner, binderEntries) = saved
        signature.parameterTypes = types
        signature.parameterSlots = slots
        signature.result = result
        signature.typedBy = call
        signature.state = call == nil && types.contains(where: \.isUnknown) ? .provisional : .checked
        functions[name] = signature
    }

    /// Checks the functions no call has checked: with their declared types, the others unknown.
    mutating func checkUncalledFunctions() {
        for name in functions.keys.sorted(by: { (functions[$0]?.index ?? 0) < (functions[$1]?.index ?? 0) }) {
            guard let signature = functions[name] else { continue }
            switch signature.state {
            case .unchecked, .recursive:
                let types = signature.declaredTypes.map { $0 ?? .unknown }
                let recursive = signature.state == .recursive
                checkBody(of: name, parameterTypes: types, typedBy: nil)
                if recursive { functions[name]?.state = .recursive }
            case .checking, .checked, .provisional:
                break
            }
        }
    }

    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "one \(noun)" : n == 0 ? "no \(noun)s" : "\(n) \(noun)s"
    }
}
