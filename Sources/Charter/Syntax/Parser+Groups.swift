extension Parser {
    static let groupClauses = ["reports_to", "decides", "advises", "chair", "attendance", "status", "non_governance",
                               "replaces", "meets", "seat", "member", "quorum", "threshold"]

    /// group = "group" NAME [TEXT] "{" { group-clause } "}" ;
    mutating func parseGroup() throws -> GroupDecl {
        let keyword = advance()
        let name = try expectName("a group name")
        let title = optionalTitle()
        var clauses: [GroupClause] = []
        let words = Set(Parser.groupClauses)
        try parseBlock(opener: "group `\(name.text)`", clauseWords: words, clauseKeywords: [.level]) { parser in
            if let clause = try parser.parseGroupClause(words: words) { clauses.append(clause) }
        }
        return GroupDecl(name: name, title: title, clauses: clauses, span: keyword.span.through(name.span).covering(previous.span))
    }

    /// An optional name argument: present when the next token is a name that does not start
    /// another clause of the block (so `advises` on a line of its own takes no argument).
    mutating func optionalName(notIn words: Set<String>) -> Identifier? {
        guard case .name(let text) = current.kind, !words.contains(text), current.span.line == previous.span.line else { return nil }
        return Identifier(text, advance().span)
    }

    /// A word from a fixed vocabulary (`attendance nominated`), with a suggestion when it is not.
    mutating func expectChoice(_ what: String, among choices: [String]) throws -> Identifier {
        let name = try expectName(what)
        if !choices.contains(name.text) {
            error(.invalidChoice, "`\(name.text)` is not \(what)", at: name.span,
                  help: Suggest.didYouMean(name.text, among: choices) ?? "write one of \(Suggest.list(choices))")
        }
        return name
    }

    // group-clause = "level" NUMBER | "reports_to" NAME | "decides" | "advises" [NAME] | "chair" NAME
    //              | "attendance" CHOICE | "status" CHOICE | "non_governance" | "replaces" NAME ["since" DATE]
    //              | meets | seat | member | "quorum" expression | "threshold" [NAME "="] expression ;
    mutating func parseGroupClause(words: Set<String>) throws -> GroupClause? {
        let word = current
        if match(.level) {
            let (number, span) = try expectWholeNumber("a level number")
            return .level(number, word.span.through(span), number: span)
        }
        guard case .name(let clause) = word.kind else {
            throw unknownClause(in: "a group", words: ["level"] + Parser.groupClauses)
        }
        switch clause {
        case "reports_to":
            advance()
            return .reportsTo(try expectName("the name of the group reported to"))
        case "decides":
            advance()
            return .decides(word.span)
        case "advises":
            advance()
            let whom = optionalName(notIn: words)
            return .advises(whom, word.span.through(whom?.span ?? word.span))
        case "chair":
            advance()
            return .chair(try expectName("the chair (a role or a member)"))
        case "attendance":
            advance()
            return .attendance(try expectChoice("an attendance", among: GroupVocabulary.attendance))
        case "status":
            advance()
            return .status(try expectChoice("a group status", among: GroupVocabulary.status))
        case "non_governance":
            advance()
            return .nonGovernance(word.span)
        case "replaces":
            advance()
            let replaced = try expectName("the name of the group replaced")
            var since: CivilDate?
            var end = replaced.span
            if match(word: "since") {
                let (date, span) = try expectDate("the date of the replacement")
                since = date
                end = span
            }
            return .replaces(replaced, since: since, word.span.through(end))
        case "meets":
            return .meets(try parseCadence(words: words))
        case "seat":
            return .seat(try parseSeat(words: words))
        case "member":
            advance()
            let name = try expectName("the member's name")
            let title = optionalTitle()
            let attributes = check(.leftBrace) ? try parseAttributes(owner: "member `\(name.text)`", openerKeyword: word) : []
            return .member(Member(name: name, title: title, attributes: attributes, span: word.span.through(name.span)))
        case "quorum":
            advance()
            let label = parseClauseLabel()
            let value = try parseExpression()
            return .quorum(label, value, word.span)
        case "threshold":
            advance()
            let label = parseClauseLabel()
            let value = try parseExpression()
            return .threshold(label, value, word.span)
        default:
            throw unknownClause(in: "a group", words: ["level"] + Parser.groupClauses)
        }
    }

    /// The `NAME =` that labels a quorum or a threshold, if there is one.
    mutating func parseClauseLabel() -> Identifier? {
        guard case .name(let text) = current.kind, peek(1).kind == .punctuation(.assign) else { return nil }
        let label = Identifier(text, advance().span)
        advance()
        return label
    }

    /// seat = "seat" NAME [NUMBER] [STATE [NUMBER]] [TEXT] [attributes] ;   (a number after `vacant` only)
    mutating func parseSeat(words: Set<String>) throws -> Seat {
        let word = advance()
        let constituency = try expectName("a constituency name")
        var count: Int?
        if case .number(let value, false) = current.kind {
            guard value.isInteger, value.numerator >= 1 else {
                throw fail(expected: "a whole number of seats (1 or more)", code: .expectedLiteral)
            }
            count = value.numerator
            advance()
        }
        var state: Identifier?
        if case .name(let text) = current.kind, !words.contains(text), current.span.line == previous.span.line {
            state = try expectChoice("a seat state", among: GroupVocabulary.seatState)
        }
        var vacancies: Int?
        if state?.text == "vacant", case .number(let value, false) = current.kind, current.span.line == previous.span.line {
            guard value.isInteger, value.numerator >= 1, value.numerator <= count ?? 1 else {
                throw fail(expected: "a whole number of vacant seats, from 1 to the \(count ?? 1) of the block", code: .expectedLiteral)
            }
            vacancies = value.numerator
            advance()
        }
        let note = optionalTitle()
        let attributes = check(.leftBrace)
            ? try parseAttributes(owner: "seat `\(constituency.text)`", openerKeyword: word) : []
        var seat = Seat(constituency: constituency, count: count, state: state, note: note, attributes: attributes,
                        span: word.span.through(constituency.span))
        seat.vacancies = vacancies
        return seat
    }

    // MARK: - Cadences

    static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1]

    // meets = "meets" frequency ["on" day] ["at" TIME] ["for" DURATION | "until" TIME]
    //         ["from" DATE] ["until" DATE] ["{" { exception } "}"] ;
    // frequency = "weekly" | "fortnightly" | "monthly" | "quarterly" | "every" NUMBER ("weeks" | "months") ;
    // day = WEEKDAY | ORDINAL WEEKDAY | "day" NUMBER ;
    mutating func parseCadence(words: Set<String>) throws -> Cadence {
        let word = advance()
        let frequency = try parseFrequency()
        var day: Cadence.Day?
        var start: TimeOfDay?
        var length: Int?
        var from: CivilDate?
        var until: CivilDate?
        if match(word: "on") { day = try parseCadenceDay(frequency: frequency) }
        if match(word: "at") {
            start = try expectTime("the meeting's start time").0
            if match(.for) {
                length = try parseMinutes("the meeting's length")
            } else if check(word: "until"), case .time = peek(1).kind {
                advance()
                let (end, span) = try expectTime("the meeting's end time")
                if let s = start, end > s {
                    length = end.minutes - s.minutes
                } else {
                    error(.expectedLiteral, "the meeting ends at \(end), not after it starts", at: span,
                          help: "meetings that run past midnight are not supported")
                }
            }
        }
        if match(word: "from") { from = try expectDate("the date of the first meeting").0 }
        if match(word: "until") { until = try expectDate("the date after which the group no longer meets").0 }
        var exceptions: [Cadence.Exception] = []
        if check(.leftBrace) {
            try parseBlock(opener: "`meets`", clauseWords: ["except", "extra"]) { parser in
                exceptions.append(try parser.parseCadenceException())
            }
        }
        return Cadence(frequency: frequency, day: day, start: start, lengthMinutes: length, from: from, until: until,
                       exceptions: exceptions, span: word.span.through(previous.span))
    }

    mutating func parseFrequency() throws -> Cadence.Frequency {
        guard case .name(let word) = current.kind else {
            throw fail(expected: "how often the group meets (`weekly`, `fortnightly`, `monthly`, `every 3 months`)",
                       code: .expectedToken)
        }
        switch word {
        case "weekly": advance(); return .weekly(interval: 1)
        case "fortnightly": advance(); return .weekly(interval: 2)
        case "monthly": advance(); return .monthly(interval: 1)
        case "quarterly": advance(); return .monthly(interval: 3)
        case "every":
            advance()
            let (n, span) = try expectWholeNumber("a number of weeks or months")
            guard n >= 1, n <= 520 else {
                error(.expectedLiteral, "a group cannot meet every \(n) periods", at: span, help: "use a number from 1 to 520")
                throw Failure()
            }
            if match(word: "weeks") || match(word: "week") { return .weekly(interval: n) }
            if match(word: "months") || match(word: "month") { return .monthly(interval: n) }
            throw fail(expected: "`weeks` or `months`")
        default:
            let choices = ["weekly", "fortnightly", "monthly", "quarterly", "every"]
            error(.invalidChoice, "`\(word)` is not a meeting frequency", at: current.span,
                  help: Suggest.didYouMean(word, among: choices) ?? "write one of \(Suggest.list(choices))")
            throw Failure()
        }
    }

    mutating func parseCadenceDay(frequency: Cadence.Frequency) throws -> Cadence.Day {
        let weekdays = Weekday.allCases.map(\.rawValue)
        guard case .name(let word) = current.kind else {
            throw fail(expected: "a day such as `tuesday`, `third wednesday` or `day 15`")
        }
        if let weekday = Weekday(rawValue: word) {
            advance()
            return .weekday(weekday)
        }
        if let ordinal = Parser.ordinals[word] {
            advance()
            let name = try expectName("a weekday")
            guard let weekday = Weekday(rawValue: name.text) else {
                error(.invalidChoice, "`\(name.text)` is not a weekday", at: name.span,
                      help: Suggest.didYouMean(name.text, among: weekdays) ?? "write one of \(Suggest.list(weekdays))")
                throw Failure()
            }
            return .nthWeekday(ordinal: ordinal, weekday)
        }
        if word == "day" {
            advance()
            let (n, span) = try expectWholeNumber("a day of the month")
            guard (1...31).contains(n) else {
                error(.expectedLiteral, "there is no day \(n) in any month", at: span, help: "use a day from 1 to 31")
                throw Failure()
            }
            return .dayOfMonth(n)
        }
        let choices = weekdays + Parser.ordinals.keys.sorted() + ["day"]
        error(.invalidChoice, "`\(word)` is not a day of the week or an ordinal", at: current.span,
              help: Suggest.didYouMean(word, among: choices)
                ?? "write a weekday (`tuesday`), an ordinal and a weekday (`third wednesday`) or `day 15`")
        throw Failure()
    }

    // exception = "except" DATE ("cancelled" | "moved" "to" DATE ["at" TIME]) [TEXT]
    //           | "extra" DATE ["at" TIME] [TEXT] ;
    mutating func parseCadenceException() throws -> Cadence.Exception {
        let word = current
        if match(word: "except") {
            let (date, _) = try expectDate("the date of the meeting that changes")
            if match(word: "cancelled") {
                let note = optionalTitle()
                return .cancelled(date, note: note, word.span.through(previous.span))
            }
            if match(word: "moved") {
                guard match(word: "to") else { throw fail(expected: "`to` and the new date") }
                let (target, _) = try expectDate("the new date")
                var time: TimeOfDay?
                if match(word: "at") { time = try expectTime("the new start time").0 }
                let note = optionalTitle()
                return .moved(date, to: target, at: time, note: note, word.span.through(previous.span))
            }
            throw fail(expected: "`cancelled` or `moved to DATE`")
        }
        if match(word: "extra") {
            let (date, _) = try expectDate("the date of the extra meeting")
            var time: TimeOfDay?
            if match(word: "at") { time = try expectTime("the extra meeting's start time").0 }
            let note = optionalTitle()
            return .extra(date, at: time, note: note, word.span.through(previous.span))
        }
        throw unknownClause(in: "`meets`", words: ["except", "extra"])
    }

    /// A length in minutes: `2h30m`, `90 minutes`, `2 hours`.
    mutating func parseMinutes(_ what: String) throws -> Int {
        let value = try parseExpression()
        switch value.ungrouped.kind {
        case .duration(let amount, .minutes): return amount
        default:
            error(.expectedLiteral, "expected \(what) in hours and minutes", at: value.span,
                  help: "write a duration such as `2h30m` or `90 minutes`")
            throw Failure()
        }
    }
}
