extension Parser {
    /// Whether the current `[` is written right after the token before it, as in `xs[1]`: a
    /// position in a list. Apart, `xs [1]` is a list that stands alone, as `f (x)` is no call.
    var indexFollows: Bool {
        check(.leftBracket) && position > 0 && previous.span.endOffset == current.span.offset
    }

    /// index = postfix "[" expression "]" ;
    mutating func parseIndex(_ base: Expr) throws -> Expr {
        let open = advance()
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        let position = try parseExpression()
        let close = try expectClosing(.rightBracket, opener: open)
        return Expr(.collection(.index(base, position: position)), base.span.through(close.span))
    }

    /// build = "[" expression "for" binding "]" ;   (entered at `for`, the value parsed)
    mutating func parseBuild(_ value: Expr, opener: Token) throws -> Expr {
        advance()
        let binding = try parseBinding()
        let close = try expectClosing(.rightBracket, opener: opener)
        return Expr(.collection(.build(value, binding)), opener.span.through(close.span))
    }

    /// sort = "sort" "(" ( binding "by" expression | expression ) [ "descending" ] ")" ;
    mutating func parseSort(_ word: Identifier) throws -> Expr {
        let open = advance()
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        var binding: Binding?
        let key: Expr
        if case .name = current.kind, peek(1).kind == .keyword(.in) {
            let bound = try parseBinding()
            binding = bound
            guard match(word: CollectionForm.keyWord) else {
                throw fail(expected: "`by` and the key to sort by",
                           help: "write `sort(\(bound.variable.text) in LIST by \(bound.variable.text).FIELD)`, or `sort(LIST)` for numbers, texts, dates, times or durations")
            }
            key = try parseExpression()
        } else {
            key = try parseExpression()
        }
        let descending = match(word: CollectionForm.descendingWord)
        let close = try expectClosing(.rightParen, opener: open)
        return Expr(.collection(.sort(binding, key: key, descending: descending)), word.span.through(close.span))
    }

    /// select = "select" "(" binding [ "up" "to" expression ] "as" NAME ":" expression ")" ;
    mutating func parseSelect(_ word: Identifier) throws -> Expr {
        let open = advance()
        let saved = noInOperator
        noInOperator = false
        defer { noInOperator = saved }
        let shape = "write `select(x in LIST up to N as kept: CONDITION)`, where CONDITION may read `kept`, the elements kept so far"
        guard case .name = current.kind else {
            throw fail(expected: "`x in LIST`, the list to select from", help: shape)
        }
        let binding = try parseBinding()
        var limit: Expr?
        if match(word: CollectionForm.limitWords.0) {
            guard match(word: CollectionForm.limitWords.1) else { throw fail(expected: "`to` after `up`", help: shape) }
            limit = try parseExpression()
        }
        guard match(word: CollectionForm.keptWord) else {
            throw fail(expected: "`as` and a name for the elements kept so far", help: shape)
        }
        let kept = try expectName("a name for the elements kept so far")
        _ = try expect(.colon, "after `as \(kept.text)`", help: shape)
        let condition = try parseExpression()
        let close = try expectClosing(.rightParen, opener: open)
        return Expr(.collection(.select(binding, limit: limit, kept: kept, condition: condition)), word.span.through(close.span))
    }
}
