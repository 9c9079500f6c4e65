extension Parser {
    // MARK: - Records

    /// record = "record" NAME "{" { field } "}" ;
    mutating func parseRecord() throws -> RecordDecl {
        let keyword = advance()
        let name = try expectName("a record type name")
        let fields = try parseFields(owner: "record `\(name.text)`")
        return RecordDecl(name: name, fields: fields, span: keyword.span.through(name.span).covering(previous.span))
    }

    /// fields = "{" { NAME ":" type [ "from" TEXT { "," TEXT } ] [","] } "}" ;
    mutating func parseFields(owner: String) throws -> [FieldDecl] {
        var fields: [FieldDecl] = []
        try parseBlock(opener: owner, clauseWords: []) { parser in
            let name = parser.peek(1).kind == .punctuation(.colon) ? try parser.expectFieldName("a field name") : try parser.expectName("a field name")
            _ = try parser.expect(.colon, "after the field name `\(name.text)`", help: "write a field as `name: type`, as in `raised: date`")
            let type = try parser.parseType()
            var field = FieldDecl(name: name, type: type)
            // `from` before a colon is the next field's name, not the header clause.
            if parser.check(word: "from"), parser.peek(1).kind != .punctuation(.colon) {
                parser.advance()
                repeat {
                    guard let header = parser.optionalTitle() else {
                        parser.error(.expectedLiteral, "expected the header the field `\(name.text)` is read from, in quotes", at: parser.current.span,
                                     help: "write the spreadsheet column's header as text, as in `fixes_defect: bool from \"Fixes defect?\"`")
                        throw Failure()
                    }
                    field.headers.append(header)
                } while parser.check(.comma) && Self.isText(parser.peek(1)) && parser.match(.comma)
            }
            fields.append(field)
            _ = parser.match(.comma)
        }
        return fields
    }

    static func isText(_ token: Token) -> Bool { if case .text = token.kind { true } else { false } }

    /// type = ( NAME | "list" "of" type | "one" "of" TEXT { "," TEXT } | fields ) ["?"] ;
    mutating func parseType() throws -> TypeExpr {
        guard depth < Parser.maxExpressionDepth else {
            error(.nestingTooDeep, "this type is nested too deeply", at: current.span,
                  help: "declare the inner record with `record NAME { … }` and refer to it by name")
            throw Failure()
        }
        depth += 1
        defer { depth -= 1 }
        let start = current
        var type: TypeExpr
        if check(word: "list"), peek(1).kind == .keyword(.of) {
            advance()
            advance()
            let element = try parseType()
            type = .list(element, start.span.through(element.span))
        } else if check(word: "one"), peek(1).kind == .keyword(.of) {
            advance()
            advance()
            var choices: [TextLiteral] = []
            guard let first = optionalTitle() else {
                throw fail(expected: "a choice in double quotes", help: "write `one of \"yes\", \"no\"`", code: .expectedType)
            }
            choices.append(first)
            // A comma followed by something other than text separates fields, not choices.
            while check(.comma), peek(1).kind.isText {
                advance()
                if let choice = optionalTitle() { choices.append(choice) }
            }
            type = .oneOf(choices, start.span.through(previous.span))
        } else if check(.leftBrace) {
            let fields = try parseFields(owner: "the nested record")
            type = .record(fields, start.span)
        } else if case .name(let text) = current.kind {
            type = .named(Identifier(text, advance().span))
        } else if case .keyword(let word) = current.kind, [.group, .role, .constituency].contains(word) {
            // A reference to one of the charter's declarations: `chair: role`, `group: group`.
            type = .named(Identifier(word.rawValue, advance().span))
        } else {
            throw fail(expected: "a type (`text`, `number`, `bool`, `date`, `time`, `duration`, `list of T` or a record name)",
                       code: .expectedType)
        }
        while check(.question) {
            type = .optional(type, start.span.through(advance().span))
        }
        return type
    }

    // MARK: - Rules

    /// rule = "rule" NAME [TEXT] "{" "for" NAME [NAME] { "when" expr | "let" NAME "=" expr
    ///        | "require" expr ["else" expr] } "}" ;
    mutating func parseRule() throws -> RuleDecl {
        let keyword = advance()
        let name = try expectName("a rule name")
        let title = optionalTitle()
        var subject: Subject?
        var clauses: [RuleClause] = []
        let errorsBefore = errorCount + failedClauses
        let keywords: Set<Keyword> = [.for, .when, .let, .require, .else]
        try parseBlock(opener: "rule `\(name.text)`", clauseWords: [], clauseKeywords: keywords) { parser in
            let word = parser.current
            switch word.kind {
            case .keyword(.for):
                subject = try parser.parseSubject(rule: true)
            case .keyword(.when):
                parser.advance()
                clauses.append(.when(try parser.parseExpression()))
            case .keyword(.let):
                parser.advance()
                let bound = try parser.expectName("a name to bind")
                _ = try parser.expect(.assign, "after `let \(bound.text)`", help: "write `let name = expression`")
                clauses.append(.bind(bound, try parser.parseExpression()))
            case .keyword(.require):
                parser.advance()
                let condition = try parser.parseExpression()
                var message: Expr?
                // A broken message still leaves the requirement itself in the rule.
                defer { clauses.append(.require(condition, message: message)) }
                if parser.match(.else) { message = try parser.parseExpression() }
            case .keyword(.else):
                parser.error(.strayElse, "`else` without a `require` clause before it", at: word.span,
                             help: "`else \"message\"` follows the condition it explains: `require cond else \"message\"`")
                throw Failure()
            default:
                throw parser.unknownClause(in: "a rule", words: ["for", "when", "let", "require", "else"])
            }
        }
        let span = keyword.span.through(name.span).covering(previous.span)
        // A clause that failed to parse may be the one that seems missing: say nothing more.
        guard errorCount + failedClauses == errorsBefore else {
            return RuleDecl(name: name, title: title, subject: subject, clauses: clauses, span: span)
        }
        if subject == nil {
            error(.missingClause, "rule `\(name.text)` does not say what it applies to", at: span,
                  help: "add a clause such as `for change_request cr` as the rule's first line")
        }
        if !clauses.contains(where: { if case .require = $0 { true } else { false } }) {
            error(.missingClause, "rule `\(name.text)` has no `require` clause", at: span,
                  help: "add `require CONDITION else \"message\"`: what every record it applies to must satisfy")
        }
        return RuleDecl(name: name, title: title, subject: subject, clauses: clauses, span: span)
    }

    /// subject = "for" NAME [NAME] ;   (a rule's subject needs the record's name)
    mutating func parseSubject(rule: Bool) throws -> Subject {
        advance()
        let type = try expectName("a record type such as `change_request`")
        var variable: Identifier?
        if case .name = current.kind, current.span.line == type.span.line {
            variable = try expectName("a name for the record")
        } else if case .keyword = current.kind, current.span.line == type.span.line, !check(.when), !check(.require),
                  !check(.let), !check(.for), !check(.step) {
            variable = try expectName("a name for the record")
        }
        if rule && variable == nil {
            error(.expectedName, "expected a name for each `\(type.text)` after `for \(type.text)`", at: type.span,
                  help: "write `for \(type.text) \(type.text.prefix(1))` and refer to its fields as `\(type.text.prefix(1)).field`")
        }
        return Subject(type: type, variable: variable)
    }

    // MARK: - Processes

    static let stepClauses = ["by", "decides", "check", "lasts", "waits"]

    /// process = "process" NAME [TEXT] "{" { "for" NAME [NAME] | "from" DATE | "until" DATE
    ///           | step | "end" NAME { "," NAME } | appeal } "}" ;
    mutating func parseProcess() throws -> ProcessDecl {
        let keyword = advance()
        let name = try expectName("a process name")
        let title = optionalTitle()
        var subject: Subject?
        var from: CivilDate?
        var until: CivilDate?
        var steps: [Step] = []
        var ends: [Identifier] = []
        var appeals: [Appeal] = []
        let errorsBefore = errorCount + failedClauses
        let keywords: Set<Keyword> = [.for, .step, .end, .appeal]
        try parseBlock(opener: "process `\(name.text)`", clauseWords: ["from", "until"], clauseKeywords: keywords) { parser in
            switch parser.current.kind {
            case .keyword(.for): subject = try parser.parseSubject(rule: false)
            case .keyword(.step): steps.append(try parser.parseStep())
            case .keyword(.end):
                parser.advance()
                repeat { ends.append(try parser.expectName("the name of an end state")) } while parser.match(.comma)
            case .keyword(.appeal): appeals.append(try parser.parseAppeal())
            case .name("from"):
                parser.advance()
                from = try parser.expectDate("the date the process takes effect").0
            case .name("until"):
                parser.advance()
                until = try parser.expectDate("the last date the process is in effect").0
            default:
                throw parser.unknownClause(in: "a process", words: ["for", "from", "until", "step", "end", "appeal"])
            }
        }
        let span = keyword.span.through(name.span).covering(previous.span)
        guard errorCount + failedClauses == errorsBefore else {
            return ProcessDecl(name: name, title: title, subject: subject, effectiveFrom: from, effectiveUntil: until,
                               steps: steps, ends: ends, appeals: appeals, span: span)
        }
        if subject == nil {
            error(.missingClause, "process `\(name.text)` does not say what it applies to", at: span,
                  help: "add a clause such as `for change_request` as the process's first line")
        }
        if steps.isEmpty {
            error(.missingClause, "process `\(name.text)` has no steps", at: span, help: "add `step NAME by BODY -> NEXT`")
        }
        return ProcessDecl(name: name, title: title, subject: subject, effectiveFrom: from, effectiveUntil: until,
                           steps: steps, ends: ends, appeals: appeals, span: span)
    }

    /// step = "step" NAME [TEXT] { "by" NAME {"," NAME} | "decides" | "check" NAME {"," NAME}
    ///        | "lasts" expr | "waits" expr | "->" NAME ["when" expr] { "|" NAME ["when" expr] } } ;
    mutating func parseStep() throws -> Step {
        let keyword = advance()
        let name = try expectName("a step name")
        let title = optionalTitle()
        var actors: [Identifier] = []
        var decides = false
        var checks: [Identifier] = []
        var lasts: Expr?
        var waits: Expr?
        var transitions: [Transition] = []
        loop: while true {
            switch current.kind {
            case .name("by"):
                advance()
                repeat { actors.append(try expectName("the body that acts at this step")) } while match(.comma)
            case .name("decides"):
                advance()
                decides = true
            case .name("check"):
                advance()
                repeat { checks.append(try expectName("the name of a rule")) } while match(.comma)
            case .name("lasts"):
                advance()
                lasts = try parseExpression()
            case .name("waits"):
                advance()
                waits = try parseExpression()
            case .punctuation(.arrow):
                advance()
                repeat {
                    let target = try expectName("the next step or end")
                    var condition: Expr?
                    if match(.when) { condition = try parseExpression() }
                    transitions.append(Transition(target: target, condition: condition))
                } while match(.pipe)
            case .name(let word) where current.span.line == previous.span.line
                || Suggest.closest(word, among: Parser.stepClauses) != nil:
                let help = Suggest.didYouMean(word, among: Parser.stepClauses + ["->"])
                    ?? "a step takes \(Suggest.list(Parser.stepClauses)) and `-> NEXT`"
                error(.unknownClause, "a step has no clause `\(word)`", at: current.span, help: help)
                throw Failure()
            default:
                break loop
            }
        }
        return Step(name: name, title: title, actors: actors, decides: decides, checks: checks, lasts: lasts, waits: waits,
                    transitions: transitions, span: keyword.span.through(name.span).covering(previous.span))
    }

    /// appeal = "appeal" NAME "to" NAME ["within" expr] ;
    mutating func parseAppeal() throws -> Appeal {
        let keyword = advance()
        let against = try expectName("the body whose decisions may be appealed")
        guard match(word: "to") else {
            throw fail(expected: "`to` and the body that hears appeals", help: "write `appeal ChangeBoard to IPA within 10 working days`")
        }
        let to = try expectName("the body that hears appeals")
        var within: Expr?
        if match(word: "within") { within = try parseExpression() }
        return Appeal(against: against, to: to, within: within, span: keyword.span.through(to.span).covering(previous.span))
    }
}
