extension Parser {
    /// Binding power of each binary operator; higher binds tighter. `not` sits between `and`
    /// and the comparisons; `of` binds looser than `+` so that `1/2 of yes + no` halves the sum.
    static func bindingPower(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn: 4
        case .coalesce: 5
        case .of: 6
        case .add, .subtract: 7
        case .multiply, .divide, .remainder: 8
        }
    }

    static let notPower = 3
    static let comparisonPower = 4
    static let unaryMinusPower = 9

    /// The binary operator at the current token, and how many tokens it takes (`not in` is two).
    func binaryOperator() -> (BinaryOperator, Int)? {
        switch current.kind {
        case .keyword(.or): return (.or, 1)
        case .keyword(.and): return (.and, 1)
        case .keyword(.in): return noInOperator ? nil : (.in, 1)
        case .keyword(.not): return peek(1).kind == .keyword(.in) && !noInOperator ? (.notIn, 2) : nil
        case .keyword(.of): return (.of, 1)
        case .punctuation(let p):
            switch p {
            case .equal: return (.equal, 1)
            case .notEqual: return (.notEqual, 1)
            case .less: return (.less, 1)
            case .lessEqual: return (.lessEqual, 1)
            case .greater: return (.greater, 1)
            case .greaterEqual: return (.greaterEqual, 1)
            case .coalesce: return (.coalesce, 1)
            case .plus: return (.add, 1)
            case .minus: return (.subtract, 1)
            case .star: return (.multiply, 1)
            case .slash: return (.divide, 1)
            case .percent: return (.remainder, 1)
            default: return nil
            }
        default: return nil
        }
    }

    /// `is given` or `is not given` at the current token, and how many tokens it takes. `is`
    /// and `given` are contextual words: elsewhere they are names.
    func givenTest() -> (negated: Bool, width: Int)? {
        guard check(word: "is") else { return nil }
        if peek(1).kind == .name("given") { return (false, 2) }
        if peek(1).kind == .keyword(.not), peek(2).kind == .name("given") { return (true, 3) }
        return nil
    }

    /// expression = binary ;   (see Grammar.md for the precedence table)
    mutating func parseExpression() throws -> Expr {
        try parseBinary(minimumPower: 1)
    }

    /// Guards every recursive descent so that deeply nested input is a diagnostic, not a crash.
    mutating func descend() throws {
        depth += 1
        if depth > Parser.maxExpressionDepth {
            error(.nestingTooDeep, "expression nested more than \(Parser.maxExpressionDepth) levels deep", at: current.span,
                  help: "split the expression with `let` clauses")
            throw Failure()
        }
    }

    /// Precedence climbing over the binary operators; prefix `not` and `-` bind as in the table.
    mutating func parseBinary(minimumPower: Int) throws -> Expr {
        try descend()
        defer { depth -= 1 }
        var left = try parsePrefix()
        // Long chains (`a + b + c …`) build a tree as deep as the chain: they count towards the
        // depth limit like nesting does.
        var chain = 0
        defer { depth -= chain }
        while true {
            if minimumPower <= Parser.comparisonPower, let (negated, width) = givenTest() {
                for _ in 0..<(width - 1) { advance() }
                let last = advance()
                left = Expr(.given(left, negated: negated), left.span.through(last.span))
                chain += 1
                try descend()
                continue
            }
            // `=` never follows a value in an expression; it is `==` mistyped. Reported, and
            // read as `==` so that the rest of the clause is still checked.
            if check(.assign), minimumPower <= Parser.comparisonPower {
                error(.expectedToken, "`=` does not compare values", at: current.span,
                      help: "write `==` to compare (`a == b`); `=` only names a value, as in `let name = value`")
                advance()
                let right = try parseBinary(minimumPower: Parser.comparisonPower + 1)
                left = Expr(.binary(.equal, left, right), left.span.through(right.span))
                chain += 1
                try descend()
                continue
            }
            guard let (op, width) = binaryOperator() else { break }
            let power = Parser.bindingPower(op)
            guard power >= minimumPower else { break }
            let opToken = current
            for _ in 0..<width { advance() }
            let rightAssociative = op == .of
            let right = try parseBinary(minimumPower: rightAssociative ? power : power + 1)
            if power == Parser.comparisonPower, case .binary(let inner, _, _) = left.kind,
               Parser.bindingPower(inner) == Parser.comparisonPower {
                error(.chainedComparison, "comparisons cannot be chained", at: opToken.span,
                      help: "join the comparisons with `and`: `a < b and b < c`")
            }
            if power == Parser.comparisonPower, case .binary(let inner, _, _) = right.kind,
               Parser.bindingPower(inner) == Parser.comparisonPower {
                error(.chainedComparison, "comparisons cannot be chained", at: opToken.span,
                      help: "join the comparisons with `and`: `a < b and b < c`")
            }
            left = Expr(.binary(op, left, right), left.span.through(right.span))
            chain += 1
            try descend()
        }
        return left
    }

    /// prefix = "not" binary | "-" binary | postfix ;
    mutating func parsePrefix() throws -> Expr {
        let start = current
        if match(.not) {
            let operand = try parseBinary(minimumPower: Parser.comparisonPower)
            return Expr(.unary(.not, operand), start.span.through(operand.span))
        }
        if match(.minus) {
            let operand = try parseBinary(minimumPower: Parser.unaryMinusPower)
            // `-5`, `- 5` and `-(5)` are the number -5, spelled as written (the span's text).
            if case .number(let value, let isPercent) = operand.ungrouped.kind, let negated = value.negated() {
                return Expr(.number(negated, isPercent: isPercent), start.span.through(operand.span))
            }
            return Expr(.unary(.negate, operand), start.span.through(operand.span))
        }
        return try parsePostfix()
    }

    /// postfix = primary { "." NAME | "[" expression "]" } ;
    mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var fields = 0
        defer { depth -= fields }
        while check(.dot) || indexFollows {
            if indexFollows {
                expr = try parseIndex(expr)
            } else {
                advance()
                let field = try expectFieldName("a field name after `.`")
                expr = Expr(.field(expr, field), expr.span.through(field.span))
            }
            fields += 1
            try descend()
        }
        return expr
    }

    // primary = NUMBER [unit] | TEXT | DATE | TIME | DURATION | "true" | "false" | NAME ["(" args ")"]
    //         | "(" expression ")" | "[" [expression {"," expression}] "]"
    //         | ("all" | "any") binding ":" expression
    //         | ("count" | "sum" | "min" | "max") "(" (binding [":" expression] | expression) ")"
    //         | "let" NAME "=" expression "in" expression
    //         | "if" expression "then" expression "else" expression ;
    mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value, let isPercent):
            advance()
            if !isPercent, let duration = try parseUnit(after: value, token: token) { return duration }
            return Expr(.number(value, isPercent: isPercent), token.span)
        case .text(let parts):
            advance()
            return Expr(.text(try parseInterpolations(parts)), token.span)
        case .date(let date):
            advance()
            return Expr(.date(date), token.span)
        case .time(let time):
            advance()
            return Expr(.time(time), token.span)
        case .minutes(let minutes):
            advance()
            return Expr(.duration(minutes, .minutes), token.span)
        case .keyword(.true):
            advance()
            return Expr(.bool(true), token.span)
        case .keyword(.false):
            advance()
            return Expr(.bool(false), token.span)
        case .name(let name):
            advance()
            if check(.leftParen) && current.span.offset == token.span.offset + name.utf8.count {
                if name == CollectionForm.sortWord { return try parseSort(Identifier(name, token.span)) }
                if name == CollectionForm.selectWord { return try parseSelect(Identifier(name, token.span)) }
                return try parseCall(Identifier(name, token.span))
            }
            return Expr(.name(name), token.span)
        case .punctuation(.leftParen):
            advance()
            let saved = noInOperator
            noInOperator = false
            defer { noInOperator = saved }
            let inner = try parseExpression()
            let close = try expectClosing(.rightParen, opener: token)
            // A comparison in parentheses is a `.grouped` node, not a `.binary` one, so it may
            // be compared again: `(a < b) == c`.
            return Expr(.grouped(inner), token.span.through(close.span))
        case .punctuation(.leftBracket):
            advance()
            let saved = noInOperator
            noInOperator = false
            defer { noInOperator = saved }
            var elements: [Expr] = []
            if !check(.rightBracket) {
                repeat {
                    if check(.rightBracket) { break }
                    elements.append(try parseExpression())
                    if elements.count == 1, check(.for), let value = elements.first {
                        return try parseBuild(value, opener: token)
                    }
                } while match(.comma)
            }
            let close = try expectClosing(.rightBracket, opener: token)
            return Expr(.list(elements), token.span.through(close.span))
        case .keyword(.all), .keyword(.any):
            advance()
            let binding = try parseBinding()
            _ = try expect(.colon, "after the quantifier's list", help: "write `all x in xs: condition`")
            let body = try parseExpression()
            let quantifier: Quantifier = token.kind == .keyword(.all) ? .all : .any
            return Expr(.quantifier(quantifier, binding, body), token.span.through(body.span))
        case .keyword(.count), .keyword(.sum), .keyword(.min), .keyword(.max):
            return try parseAggregate()
        case .keyword(.if):
            return try parseConditional()
        case .keyword(.let):
            advance()
            let name = try expectName("a name to bind")
            _ = try expect(.assign, "after `let \(name.text)`", help: "write `let name = value in expression`")
            let saved = noInOperator
            noInOperator = true
            let value = try parseExpression()
            noInOperator = saved
            guard match(.in) else {
                throw fail(expected: "`in` and the expression that uses `\(name.text)`")
            }
            let body = try parseExpression()
            return Expr(.bind(name, value, body), token.span.through(body.span))
        case .invalid:
            advance()
            throw Failure()
        default:
            throw fail(expected: "an expression", code: .expectedExpression)
        }
    }

    /// conditional = "if" expression "then" expression "else" expression ;
    /// The `else` branch runs as far right as it can, as the body of `let … in` does.
    mutating func parseConditional() throws -> Expr {
        let keyword = advance()
        // `then` and `else` close the condition and the first branch, so a membership test
        // needs no parentheses there even in the value of a `let … in`.
        let saved = noInOperator
        defer { noInOperator = saved }
        noInOperator = false
        let condition = try parseExpression()
        guard match(.then) else {
            throw fail(expected: "`then` after the condition of `if`", help: "write `if condition then value else other`")
        }
        let then = try parseExpression()
        noInOperator = saved
        guard match(.else) else {
            throw fail(expected: "`else` and the other branch of `if`",
                       help: "an `if` has both branches: `if condition then value else other`")
        }
        let otherwise = try parseExpression()
        return Expr(.conditional(condition, then: then, else: otherwise), keyword.span.through(otherwise.span))
    }

    /// The closing bracket of `opener`, or an error that points back at the opener.
    mutating func expectClosing(_ closing: Punctuation, opener: Token) throws -> Token {
        if check(closing) { return advance() }
        let open = opener.kind == .punctuation(.leftParen) ? "(" : opener.kind == .punctuation(.leftBracket) ? "[" : "("
        error(.unclosedDelimiter, "expected `\(closing.rawValue)` to close the `\(open)` at line \(opener.span.line), found \(shown(current))",
              at: current.span, help: "add `\(closing.rawValue)`, or an operator if the expression goes on",
              notes: [.init("the `\(open)` opens here", at: opener.span)])
        throw Failure()
    }

    /// unit = "minute(s)" | "hour(s)" | "day(s)" | "week(s)" | "working" "day(s)" | "month(s)" | "year(s)" ;
    mutating func parseUnit(after value: Rational, token: Token) throws -> Expr? {
        let word: String
        switch current.kind {
        case .name(let name): word = name
        case .keyword(.min): word = "min"
        default: return nil
        }
        let units: [String: (DurationUnit, Int)] = [
            "minute": (.minutes, 1), "minutes": (.minutes, 1), "min": (.minutes, 1), "mins": (.minutes, 1),
            "hour": (.minutes, 60), "hours": (.minutes, 60),
            "day": (.days, 1), "days": (.days, 1), "week": (.days, 7), "weeks": (.days, 7),
            "month": (.months, 1), "months": (.months, 1), "year": (.months, 12), "years": (.months, 12),
        ]
        var unit: (DurationUnit, Int)
        var end = current
        if word == "working" {
            guard case .name(let next) = peek(1).kind, next == "day" || next == "days" else {
                advance()
                throw fail(expected: "`days` after `working`", help: "write `10 working days`")
            }
            advance()
            end = advance()
            unit = (.workingDays, 1)
        } else if let known = units[word] {
            advance()
            unit = known
        } else {
            // Of two units as close, the one that agrees with the number: `13 monts` is months.
            let plural = units.keys.filter { $0.hasSuffix("s") }.sorted(), singular = units.keys.filter { !$0.hasSuffix("s") }.sorted()
            try refuseMisspeltUnit(word, after: token, among: (value == .one ? singular + plural : plural + singular) + ["working"])
            return nil
        }
        guard value.isInteger else {
            error(.expectedLiteral, "a duration takes a whole number of \(unit.0.rawValue)", at: token.span,
                  help: "write minutes for parts of an hour (`90 minutes`) and whole days otherwise")
            throw Failure()
        }
        guard let amount = value.numerator.multipliedChecked(by: unit.1) else {
            error(.numberTooLarge, "the duration is too large", at: token.span)
            throw Failure()
        }
        return Expr(.duration(amount, unit.0), token.span.through(end.span))
    }

    /// A name just after a number on its line that is one or two letters from a unit (`13 monts`)
    /// is that unit misspelt: nothing else may follow a number there, but a clause word may
    /// start the block's next clause on the same line (`quorum 3 seat …`), and is left alone.
    mutating func refuseMisspeltUnit(_ word: String, after number: Token, among units: [String]) throws {
        guard case .name = current.kind, current.span.line == number.span.line,
              !Parser.groupClauses.contains(word), !Parser.stepClauses.contains(word),
              let unit = Suggest.closest(word, among: units) else { return }
        error(.invalidChoice, "`\(word)` is not a unit of time", at: current.span,
              help: "did you mean `\(unit)`? (the units are minutes, hours, days, weeks, working days, months and years)")
        advance()
        throw Failure()
    }

    /// name "(" [expression {"," expression}] ")"
    mutating func parseCall(_ callee: Identifier) throws -> Expr {
        let open = advance()
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        var arguments: [Expr] = []
        if !check(.rightParen) {
            repeat { arguments.append(try parseExpression()) } while match(.comma)
        }
        let close = try expectClosing(.rightParen, opener: open)
        return Expr(.call(callee, arguments), callee.span.through(close.span))
    }

    /// binding = NAME "in" expression ["where" expression] ;
    mutating func parseBinding() throws -> Binding {
        let variable = try expectName("a name for each element")
        guard match(.in) else {
            throw fail(expected: "`in` after `\(variable.text)`", help: "write `\(variable.text) in LIST`")
        }
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        let source = try parseBinary(minimumPower: Parser.comparisonPower + 1)
        var filter: Expr?
        if match(.where) { filter = try parseExpression() }
        return Binding(variable: variable, source: source, filter: filter)
    }

    /// aggregate = ("count" | "sum" | "min" | "max") "(" (binding [":" expression] | expression) ")"
    ///           | ("min" | "max") "(" expression "," expression { "," expression } ")" ;
    mutating func parseAggregate() throws -> Expr {
        let keyword = advance()
        let aggregate: Aggregate = switch keyword.kind {
        case .keyword(.sum): .sum
        case .keyword(.min): .min
        case .keyword(.max): .max
        default: .count
        }
        let open = try expect(.leftParen, "after `\(aggregate.rawValue)`", help: "write `\(aggregate.rawValue)(x in xs where condition)`")
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        var binding: Binding?
        var value: Expr
        if case .name = current.kind, peek(1).kind == .keyword(.in) {
            let bound = try parseBinding()
            binding = bound
            if match(.colon) {
                value = try parseExpression()
            } else {
                value = Expr(.name(bound.variable.text), bound.variable.span)
            }
        } else {
            value = try parseExpression()
            // `min(a, b, c)` is the least of the list its arguments make, `min([a, b, c])`.
            if aggregate == .min || aggregate == .max, check(.comma) {
                var arguments = [value]
                while match(.comma) { arguments.append(try parseExpression()) }
                value = Expr(.list(arguments), value.span.through(arguments.last?.span ?? value.span))
            } else if check(.comma) {
                let example = aggregate == .sum ? "`sum([a, b])`, or `a + b`" : "`count([a, b])`, or `count(x in xs where …)`"
                error(.expectedToken, "`\(aggregate.rawValue)` takes one list, not several values", at: current.span,
                      help: "put the values in a list: \(example)")
                throw Failure()
            }
        }
        let close = try expectClosing(.rightParen, opener: open)
        return Expr(.aggregate(aggregate, binding, value), keyword.span.through(close.span))
    }

    /// The pieces of a text literal, parsing each interpolation's tokens as an expression.
    mutating func parseInterpolations(_ parts: [TextPart]) throws -> [Interpolation] {
        var result: [Interpolation] = []
        for part in parts {
            switch part {
            case .literal(let text):
                result.append(.literal(text))
            case .interpolation(let inner):
                var sub = Parser(tokens: inner)
                sub.depth = depth
                sub.insideInterpolation = true
                sub.errorCount = errorCount
                if case .endOfInput = sub.current.kind {
                    sub.error(.expectedExpression, "an interpolation `{}` needs an expression", at: sub.current.span,
                              help: "write `{field}`, or `\\{` for a literal brace")
                    diagnostics += sub.diagnostics
                    errorCount = sub.errorCount
                    throw Failure()
                }
                let expr: Expr
                do {
                    expr = try sub.parseExpression()
                    if !sub.atEnd {
                        _ = sub.fail(expected: "`}` to end the interpolation", code: .expectedToken)
                    }
                } catch {
                    diagnostics += sub.diagnostics
                    errorCount = sub.errorCount
                    throw Failure()
                }
                diagnostics += sub.diagnostics
                errorCount = sub.errorCount
                result.append(.expr(expr))
            }
        }
        return result
    }
}
