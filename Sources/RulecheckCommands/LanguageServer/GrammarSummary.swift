import Foundation

/// Grammar.md's EBNF, the language reference's one-line summaries of each construct, kept in
/// the product so that `rulecheck lsp` can show a keyword's line without the repository at
/// run time. A test compares it with Grammar.md, so the two cannot drift apart.
enum GrammarSummary {
    static let ebnf = #"""
file          = { declaration } ;
declaration   = charter | role | constituency | level | group | record | rule | process | function ;

charter       = "charter" [ TEXT ] "{" { charter-clause } "}" ;
charter-clause= "sponsor" NAME | "calendar" NAME | "holiday" DATE [ TEXT ] ;
role          = "role" NAME [ TEXT ] [ attributes ] ;
constituency  = "constituency" NAME [ TEXT ] [ attributes ] ;
attributes    = "{" { NAME expression } "}" ;
level         = "level" NUMBER [ TEXT ] ;

group         = "group" NAME [ TEXT ] "{" { group-clause } "}" ;
group-clause  = "level" NUMBER
              | "reports_to" NAME
              | "decides"
              | "advises" [ NAME ]
              | "chair" NAME
              | "attendance" ( "open" | "nominated" | "restricted" )
              | "status" ( "mobilised" | "mobilising" | "future" | "may_be_mobilised" | "ad_hoc" )
              | "non_governance"
              | "replaces" NAME [ "since" DATE ]
              | meets
              | "seat" NAME [ NUMBER ] [ "nominated" | "vacant" | "by_exception" ] [ TEXT ] [ attributes ]
              | "member" NAME [ TEXT ] [ attributes ]
              | "quorum" expression
              | "threshold" [ NAME "=" ] expression ;

meets         = "meets" frequency [ "on" day ] [ "at" TIME [ "for" duration | "until" TIME ] ]
                [ "from" DATE ] [ "until" DATE ] [ "{" { exception } "}" ] ;
frequency     = "weekly" | "fortnightly" | "monthly" | "quarterly"
              | "every" NUMBER ( "week" | "weeks" | "month" | "months" ) ;
day           = WEEKDAY | ORDINAL WEEKDAY | "day" NUMBER ;
ORDINAL       = "first" | "second" | "third" | "fourth" | "fifth" | "last" ;
WEEKDAY       = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" ;
exception     = "except" DATE "cancelled" [ TEXT ]
              | "except" DATE "moved" "to" DATE [ "at" TIME ] [ TEXT ]
              | "extra" DATE [ "at" TIME ] [ TEXT ] ;

record        = "record" NAME fields ;
fields        = "{" { FIELD ":" type [ "from" TEXT { "," TEXT } ] [ "," ] } "}" ;
FIELD         = NAME | KEYWORD ;               (* `group: text`, `m.group`: see Records *)
type          = ( NAME | "list" "of" type | "one" "of" TEXT { "," TEXT } | fields ) { "?" } ;

rule          = "rule" NAME [ TEXT ] "{" { rule-clause } "}" ;
rule-clause   = "for" NAME NAME
              | "when" expression
              | "let" NAME "=" expression
              | "require" expression [ "else" expression ] ;

function      = "def" NAME "(" [ parameter { "," parameter } ] ")" "=" expression ;
parameter     = NAME [ ":" type ] ;

process       = "process" NAME [ TEXT ] "{" { process-clause } "}" ;
process-clause= "for" NAME [ NAME ] | "from" DATE | "until" DATE
              | step | "end" NAME { "," NAME } | appeal ;
step          = "step" NAME [ TEXT ] { step-clause } ;
step-clause   = "by" NAME { "," NAME } | "decides" | "check" NAME { "," NAME }
              | "lasts" expression | "waits" expression
              | "->" transition { "|" transition } ;
transition    = NAME [ "when" expression ] ;
appeal        = "appeal" NAME "to" NAME [ "within" expression ] ;

expression    = binary ;                       (* precedence below *)
binary        = prefix { OPERATOR prefix | "is" [ "not" ] "given" } ;
prefix        = "not" binary | "-" binary | postfix ;
postfix       = primary { "." FIELD | "[" expression "]" } ;
primary       = NUMBER [ unit ] | TEXT | DATE | TIME | DURATION | "true" | "false"
              | NAME | NAME "(" [ expression { "," expression } ] ")"
              | "(" expression ")"
              | "[" [ expression { "," expression } [ "," ] ] "]"
              | "[" expression "for" binding "]"
              | "sort" "(" ( binding "by" expression | expression ) [ "descending" ] ")"
              | "select" "(" binding [ "up" "to" expression ] "as" NAME ":" expression ")"
              | ( "all" | "any" ) binding ":" expression
              | ( "count" | "sum" | "min" | "max" ) "(" ( binding [ ":" expression ] | expression ) ")"
              | ( "min" | "max" ) "(" expression "," expression { "," expression } ")"
              | "let" NAME "=" expression "in" expression
              | "if" expression "then" expression "else" expression ;
binding       = NAME "in" expression [ "where" expression ] ;
"""#

    /// Each line of the grammar with the name of its production; `opens` for the line that
    /// names it (`rule = …`) rather than continues it (`| "decides"`).
    static let productions: [(name: String, line: String, opens: Bool)] = {
        var found: [(name: String, line: String, opens: Bool)] = []
        var current = ""
        for raw in ebnf.split(separator: "\n") {
            let line = raw.split(whereSeparator: { $0 == " " }).joined(separator: " ")
            var opens = false
            if let equals = line.firstIndex(of: "="), !line.hasPrefix("|") {
                let name = line[..<equals].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, !name.contains(" "), !name.contains("\"") {
                    current = name
                    opens = true
                }
            }
            found.append((current, line, opens))
        }
        return found
    }()

    /// The lines of the grammar where `word` is written as a literal token, a continuation
    /// line with the name of the production it continues: empty for a word the grammar does
    /// not spell.
    static func lines(for word: String) -> [String] {
        let token = "\"\(word)\""
        return productions.filter { $0.line.contains(token) }.map { production in
            production.opens ? production.line : "\(production.name) … \(production.line)"
        }
    }
}
