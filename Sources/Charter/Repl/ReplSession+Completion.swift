/// What the session knows that completing an input needs: its names, the records' ids, and
/// the fields of what stands before a `.` as the checker types it.
extension ReplSession {
    /// The `:` commands, in the order `:help` lists them.
    public static let commandNames = [":load", ":records", ":rules", ":check", ":show", ":explain", ":diff", ":save", ":undo",
                                      ":reset", ":calendar", ":help", ":quit"]

    /// Every declaration and reference of the rules in effect.
    public var symbols: Symbols { program.checked.symbols }

    /// The names an expression typed at the prompt starts with: `today`, the outcome words,
    /// and the list of each loaded record type's records (`change_requests`).
    public var inputNames: [String] {
        let types = Set(records.compactMap { program.shapes[$0.value.shape.index].id.name })
        return [FrameLayout.today] + Self.statusWords + types.sorted().map(Self.listName)
    }

    /// The ids of the loaded records, in the order loaded, each once.
    public var recordIDs: [String] {
        var seen: Set<String> = []
        return records.compactMap { program.identify($0.value) }.filter { seen.insert($0).inserted }
    }

    /// The fields of the record that the expression before the `.` at byte `dot` of `input`
    /// gives (through lists and optionals), as the checker types it; nil when that cannot be
    /// told. `input` is what has been typed of one input, the lines of a block included; the
    /// rest of it is made up (a field name, the brackets still open closed) so that it parses.
    /// A record type with loaded records has `outcome` and `failed` too, as at the prompt.
    public func fields(beforeDotAt dot: Int, in input: String) -> [String]? {
        let bytes = Array(input.utf8)
        guard dot >= 0, dot < bytes.count, bytes[dot] == UInt8(ascii: ".") else { return nil }
        let before = String(decoding: bytes[..<dot], as: UTF8.self)
        var scratch = files
        let probe = scratch.add(path: "<completion>", text: before + ".x")
        let lexed = Lexer.tokenize(probe)
        var closers = ""
        var open: [Punctuation] = []
        for token in lexed.tokens {
            guard case .punctuation(let mark) = token.kind else { continue }
            switch mark {
            case .leftBrace, .leftParen, .leftBracket: open.append(mark)
            case .rightBrace, .rightParen, .rightBracket: _ = open.popLast()
            default: break
            }
        }
        for mark in open.reversed() {
            closers += mark == .leftBrace ? "\n}" : mark == .leftParen ? ")" : "]"
        }
        let file = scratch.add(path: "<completion>", text: before + ".x" + closers)
        let tokens = Lexer.tokenize(file).tokens
        if let first = tokens.first, case .keyword(let keyword) = first.kind, keyword.startsDeclaration {
            let parsed = Parser.parse(file)
            let types = TypeChecker.run(state.rulebook.redefined(by: parsed.rulebook).rulebook)
            guard let type = Self.type(endingAt: dot, in: file.id, types.typedSpans) else { return nil }
            return Self.fields(of: type, shapes: types.shapes)
        }
        var (checker, names) = expressionScope(values: false)
        let (scope, _) = checker.beginInput(names: names.map { ($0.name, $0.type) })
        var parser = Parser(tokens: tokens)
        // Half-typed text that does not parse has no type before its dot: nothing to offer, no error to give.
        guard let expr = try? parser.parseExpression() else { return nil }
        _ = checker.type(of: expr, in: scope)
        guard let type = Self.type(endingAt: dot, in: file.id, checker.typedSpans) else { return nil }
        return Self.fields(of: type, shapes: checker.shapes)
    }

    /// The type of the innermost expression the checker typed that ends at byte `end`.
    static func type(endingAt end: Int, in file: FileID, _ entries: [ExpressionTypes.Entry]) -> CharterType? {
        guard end > 0, let entry = ExpressionTypes(entries).innermost(at: end - 1, in: file), entry.span.endOffset == end else {
            return nil
        }
        return entry.type
    }

    /// The fields of a value of `type`, through lists and optionals; nil for no record.
    static func fields(of type: CharterType, shapes: [RecordShape]) -> [String]? {
        switch type {
        case .optional(let wrapped), .list(let wrapped): fields(of: wrapped, shapes: shapes)
        case .record(let id): shapes.indices.contains(id.index) ? shapes[id.index].fieldOrder : nil
        default: nil
        }
    }
}
