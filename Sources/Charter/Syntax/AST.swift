/// The syntax tree of a rulebook: what the parser read, with a span on every node, before
/// any name is resolved or type checked.

/// A name as written, and where.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let span: SourceSpan

    public init(_ text: String, _ span: SourceSpan) {
        self.text = text
        self.span = span
    }

    public var description: String { text }
}

/// A literal text with no interpolation (titles, notes), and where.
public struct TextLiteral: Hashable, Sendable {
    public let value: String
    public let span: SourceSpan
}

/// The parsed declarations of one or more files, and their comments.
public struct Rulebook: Sendable {
    public var declarations: [Declaration]
    /// Every comment of the files the declarations were parsed from, for a formatter
    /// (`leadingComments(of:)`, `comments(within:)`, `trailingComment(of:)`).
    // INVARIANT: ordered by file, then by offset; the lookups search it by halves.
    public internal(set) var comments: [SourceComment]

    public init(declarations: [Declaration] = [], comments: [SourceComment] = []) {
        self.declarations = declarations
        self.comments = comments.sorted { ($0.span.file, $0.span.offset) < ($1.span.file, $1.span.offset) }
    }
}

/// A top-level declaration.
public enum Declaration: Sendable {
    case charter(CharterDecl)
    case role(RoleDecl)
    case constituency(ConstituencyDecl)
    case level(LevelDecl)
    case group(GroupDecl)
    case record(RecordDecl)
    case rule(RuleDecl)
    case process(ProcessDecl)
    case function(FunctionDecl)

    /// The declaration's keyword and name, for messages.
    public var span: SourceSpan {
        switch self {
        case .charter(let d): d.span
        case .role(let d): d.span
        case .constituency(let d): d.span
        case .level(let d): d.span
        case .group(let d): d.span
        case .record(let d): d.span
        case .rule(let d): d.span
        case .process(let d): d.span
        case .function(let d): d.span
        }
    }
}

// MARK: - Charter, roles, constituencies, levels

/// `charter "MHHS Programme" { sponsor Ofgem  calendar england_and_wales  holiday 2024-12-27 "…" }`
public struct CharterDecl: Sendable {
    public let title: TextLiteral?
    public var sponsor: Identifier?
    public var calendar: Identifier?
    public var holidays: [Holiday] = []
    public let span: SourceSpan

    public struct Holiday: Sendable {
        public let date: CivilDate
        public let name: TextLiteral?
        public let span: SourceSpan
    }
}

/// `NAME EXPR` inside the attribute block of a role, constituency, seat or member:
/// facts that rules may read (`employer "Acme"`, `term_ends 2026-01-31`).
public struct Attribute: Sendable {
    public let name: Identifier
    public let value: Expr
}

/// `role SRO "Senior Responsible Owner"`, optionally with an attribute block.
public struct RoleDecl: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public let attributes: [Attribute]
    public let span: SourceSpan
}

/// `constituency large_supplier "Large Supplier"`, optionally with an attribute block.
public struct ConstituencyDecl: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public let attributes: [Attribute]
    public let span: SourceSpan
}

/// `level 3 "Advisory Groups"`.
public struct LevelDecl: Sendable {
    public let number: Int
    public let title: TextLiteral?
    public let span: SourceSpan
    /// Where the number is written: the level's name, as a group's `level 3` refers to it.
    public let numberSpan: SourceSpan
}

// MARK: - Groups

/// `group SITAG "…" { clauses }`.
public struct GroupDecl: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public var clauses: [GroupClause]
    public let span: SourceSpan
}

/// One clause of a group's body.
public enum GroupClause: Sendable {
    /// `level 3`: the number, the clause's span, and where the number is written.
    case level(Int, SourceSpan, number: SourceSpan)
    /// `reports_to PSG`
    case reportsTo(Identifier)
    /// `decides`: the group takes decisions.
    case decides(SourceSpan)
    /// `advises` or `advises SRO`: the group advises (whom, if said).
    case advises(Identifier?, SourceSpan)
    /// `chair SRO`
    case chair(Identifier)
    /// `attendance open | nominated | restricted`
    case attendance(Identifier)
    /// `status mobilised | mobilising | future | may_be_mobilised | ad_hoc`
    case status(Identifier)
    /// `non_governance`
    case nonGovernance(SourceSpan)
    /// `replaces TMAG since 2024-02-21`
    case replaces(Identifier, since: CivilDate?, SourceSpan)
    /// `meets monthly on third wednesday …`
    case meets(Cadence)
    /// `seat large_supplier nominated`
    case seat(Seat)
    /// `member alice "Alice Smith" { employer "Acme" }`
    case member(Member)
    /// `quorum 50% of filled_seats`, `quorum present >= 5` or `quorum to_vote = present >= 2/3 of seats`
    case quorum(Identifier?, Expr, SourceSpan)
    /// `threshold yes > 1/2 of (yes + no)` or `threshold special = yes >= 2/3 of seats`
    case threshold(Identifier?, Expr, SourceSpan)
}

/// The choices the fixed-word group clauses accept.
public enum GroupVocabulary {
    public static let attendance = ["open", "nominated", "restricted"]
    public static let status = ["mobilised", "mobilising", "future", "may_be_mobilised", "ad_hoc"]
    public static let seatState = ["nominated", "vacant", "by_exception"]
}

/// `seat CONSTITUENCY [COUNT] [nominated|vacant [VACANCIES]|by_exception] ["note"] [{ attributes }]`
public struct Seat: Sendable {
    public let constituency: Identifier
    public let count: Int?
    public let state: Identifier?
    /// `seat director 9 vacant 1`: how many of the block are vacant; nil when `vacant` gives
    /// no number (every seat of the block is vacant) or the seats are not vacant.
    public var vacancies: Int? = nil
    public let note: TextLiteral?
    public let attributes: [Attribute]
    public let span: SourceSpan

    /// How many of the block's seats are vacant.
    public var vacantCount: Int {
        let count = self.count ?? 1
        guard state?.text == "vacant" else { return 0 }
        return Swift.min(vacancies ?? count, count)
    }
}

/// `member NAME ["Full Name"] [{ attributes }]`
public struct Member: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public let attributes: [Attribute]
    public let span: SourceSpan
}

/// A `meets` clause: when a group meets.
public struct Cadence: Sendable {
    public enum Frequency: Sendable, Equatable {
        /// Every `interval` weeks (`weekly` is 1, `fortnightly` 2, `every 3 weeks`).
        case weekly(interval: Int)
        /// Every `interval` months (`monthly` is 1, `every 3 months` is quarterly).
        case monthly(interval: Int)
    }

    /// Which day in the period.
    public enum Day: Sendable, Equatable {
        /// `on tuesday`
        case weekday(Weekday)
        /// `on third wednesday` (ordinal 1 to 5), `on last friday` (ordinal -1)
        case nthWeekday(ordinal: Int, Weekday)
        /// `on day 15`
        case dayOfMonth(Int)
    }

    /// A dated change to the cadence.
    public enum Exception: Sendable {
        /// `except 2024-12-18 cancelled "Christmas"`
        case cancelled(CivilDate, note: TextLiteral?, SourceSpan)
        /// `except 2024-08-21 moved to 2024-08-28 [at 14:00] ["note"]`
        case moved(CivilDate, to: CivilDate, at: TimeOfDay?, note: TextLiteral?, SourceSpan)
        /// `extra 2024-03-11 [at 10:00] "Extraordinary SITAG"`
        case extra(CivilDate, at: TimeOfDay?, note: TextLiteral?, SourceSpan)
    }

    public let frequency: Frequency
    public let day: Day?
    public let start: TimeOfDay?
    /// The meeting's length: `for 2h30m`, or `until 12:30` converted to minutes.
    public let lengthMinutes: Int?
    public let from: CivilDate?
    public let until: CivilDate?
    public let exceptions: [Exception]
    public let span: SourceSpan
}

// MARK: - Records

/// `record change_request { id: text  raised: date  … }`
public struct RecordDecl: Sendable {
    public let name: Identifier
    public let fields: [FieldDecl]
    public let span: SourceSpan
}

/// `name: type`, or `name: type from "Header", "Other header"`
public struct FieldDecl: Sendable {
    public let name: Identifier
    public let type: TypeExpr
    /// The CSV or worksheet headers the field is read from, besides its own name.
    public var headers: [TextLiteral] = []
}

/// A field's type as written.
public indirect enum TypeExpr: Sendable {
    /// `text`, `number`, `bool`, `date`, `time`, `duration`, or a record's name.
    case named(Identifier)
    /// `list of T`
    case list(TypeExpr, SourceSpan)
    /// `T?`
    case optional(TypeExpr, SourceSpan)
    /// `{ field: type … }`, a nested record with no name of its own.
    case record([FieldDecl], SourceSpan)
    /// `one of "yes", "no", "abstain"`
    case oneOf([TextLiteral], SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .named(let name): name.span
        case .list(_, let span), .optional(_, let span), .record(_, let span), .oneOf(_, let span): span
        }
    }
}

// MARK: - Rules

/// `rule NAME "title" { for TYPE VAR  when …  let …  require … else "…" }`
public struct RuleDecl: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    /// `for change_request cr`: the record type the rule applies to and the name of the record.
    public let subject: Subject?
    public let clauses: [RuleClause]
    public let span: SourceSpan
}

/// `for TYPE [NAME]`: what a rule or process applies to.
public struct Subject: Sendable {
    public let type: Identifier
    public let variable: Identifier?
}

/// A rule clause, in source order: `let` names are visible in the clauses after them.
public enum RuleClause: Sendable {
    /// `when EXPR`: the rule applies only to records for which this holds.
    case when(Expr)
    /// `let NAME = EXPR`
    case bind(Identifier, Expr)
    /// `require EXPR [else "message {interpolated}"]`
    case require(Expr, message: Expr?)
}

// MARK: - Processes

/// `process NAME "title" { for TYPE [VAR]  step …  end …  appeal … }`
public struct ProcessDecl: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public let subject: Subject?
    public let effectiveFrom: CivilDate?
    public let effectiveUntil: CivilDate?
    public let steps: [Step]
    public let ends: [Identifier]
    public let appeals: [Appeal]
    public let span: SourceSpan
}

/// `step NAME ["title"] [by BODY, …] [decides] [check RULE, …] [lasts DURATION] [waits DURATION] [-> NEXT [when EXPR] | …]`
public struct Step: Sendable {
    public let name: Identifier
    public let title: TextLiteral?
    public let actors: [Identifier]
    public let decides: Bool
    public let checks: [Identifier]
    /// The most time the step may take, from the day the record arrives at it.
    public let lasts: Expr?
    /// The least time that must pass at the step before it may be completed.
    public let waits: Expr?
    public let transitions: [Transition]
    public let span: SourceSpan
}

/// `-> NEXT [when EXPR]`
public struct Transition: Sendable {
    public let target: Identifier
    public let condition: Expr?
}

extension ProcessDecl {
    /// Where the step at `index` may lead: its transitions as written, or for a step without
    /// `->` the step written after it (none for the last step). The one place the implicit
    /// "next step" is made explicit, for the checker and the process model alike.
    public func transitions(ofStepAt index: Int) -> [Transition] {
        guard steps.indices.contains(index) else { return [] }
        let step = steps[index]
        if !step.transitions.isEmpty { return step.transitions }
        guard steps.indices.contains(index + 1) else { return [] }
        return [Transition(target: steps[index + 1].name, condition: nil)]
    }
}

/// `appeal BODY to BODY within DURATION`
public struct Appeal: Sendable {
    public let against: Identifier
    public let to: Identifier
    public let within: Expr?
    public let span: SourceSpan
}

// MARK: - Expressions

/// An expression and where it stands.
///
/// A class rather than a struct for its identity alone: the checker records each node's type
/// under it (`CheckedRulebook.type(of:)`), so that nothing after checking infers a type again.
/// A node never changes once the parser has made it.
public final class Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Rational, isPercent: Bool)
        case text([Interpolation])
        case bool(Bool)
        case date(CivilDate)
        case time(TimeOfDay)
        case duration(Int, DurationUnit)
        case name(String)
        case list([Expr])
        /// `base.field`
        case field(Expr, Identifier)
        /// `name(arguments)`
        case call(Identifier, [Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `all x in xs [where c]: body`, `any …`
        case quantifier(Quantifier, Binding, Expr)
        /// `count(x in xs [where c] [: c2])`, `sum(x in xs [where c]: value)`, `count(xs)`, `sum(xs)`.
        /// A `count` with a binding counts the elements for which its expression holds as well
        /// as the `where` condition: see `Expr.countCondition`. Without `: …` the expression is
        /// the variable itself, with the variable's span.
        case aggregate(Aggregate, Binding?, Expr)
        /// `let name = value in body`
        case bind(Identifier, Expr, Expr)
        /// `xs[i]`, `[v for x in xs]`, `sort(…)`, `select(…)`: see `CollectionForm`.
        case collection(CollectionForm)
        /// `if condition then value else otherwise`: one of two values of one type.
        case conditional(Expr, then: Expr, else: Expr)
        /// `value is given` (or `is not given`, `negated`): whether an optional value is there.
        case given(Expr, negated: Bool)
        /// `( expression )`, kept for a formatter and for faithful quoting: the span covers both
        /// parentheses. It means what the expression inside means, and has its type; only the
        /// parser (`(a < b) == c` may compare again) and the source text tell the two apart.
        case grouped(Expr)
        /// A place the parser already reported; the checker passes over it.
        case invalid
    }

    public let kind: Kind
    public let span: SourceSpan

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A piece of interpolated text.
public enum Interpolation: Sendable {
    case literal(String)
    case expr(Expr)
}

/// `x in xs [where condition]`
public struct Binding: Sendable {
    public let variable: Identifier
    public let source: Expr
    public let filter: Expr?
}

extension Expr.Kind {
    /// Whether this is a list written out in the source, `[1, 2, 3]`.
    public var isListLiteral: Bool {
        if case .list = self { true } else { false }
    }
}

extension Expr {
    /// The expressions directly inside this one, in source order (a quantifier's list and
    /// filter come before its body).
    public var children: [Expr] {
        func parts(_ binding: Binding) -> [Expr] { [binding.source] + (binding.filter.map { [$0] } ?? []) }
        switch kind {
        case .number, .bool, .date, .time, .duration, .name, .invalid: return []
        case .text(let pieces): return pieces.compactMap { if case .expr(let inner) = $0 { inner } else { nil } }
        case .list(let elements): return elements
        case .field(let base, _): return [base]
        case .call(_, let arguments): return arguments
        case .unary(_, let operand): return [operand]
        case .binary(_, let left, let right): return [left, right]
        case .quantifier(_, let binding, let body): return parts(binding) + [body]
        case .aggregate(_, let binding, let value): return (binding.map(parts) ?? []) + [value]
        case .bind(_, let value, let body): return [value, body]
        case .collection(let form): return form.children
        case .conditional(let condition, let then, let otherwise): return [condition, then, otherwise]
        case .given(let value, _): return [value]
        case .grouped(let inner): return [inner]
        }
    }

    /// The expression inside any parentheses around this one: what the checks that look at an
    /// expression's form (a literal quorum, a `require all`, a duration literal) read, so that
    /// `(2 weeks)` is a duration literal as `2 weeks` is.
    public var ungrouped: Expr {
        var expr = self
        while case .grouped(let inner) = expr.kind { expr = inner }
        return expr
    }

    /// Whether this expression or one inside it satisfies `predicate`.
    public func contains(where predicate: (Expr) -> Bool) -> Bool {
        var pending = [self]
        while let next = pending.popLast() {
            if predicate(next) { return true }
            pending += next.children
        }
        return false
    }
}

extension Expr {
    /// The condition after `:` of `count(x in xs: condition)`, which filters as `where` does;
    /// nil for `count(x in xs)` (whose expression is the variable itself, at the variable's
    /// span) and for every other aggregate.
    public static func countCondition(_ aggregate: Aggregate, _ binding: Binding?, _ value: Expr) -> Expr? {
        guard aggregate == .count, let binding else { return nil }
        if case .name(let name) = value.kind, name == binding.variable.text, value.span == binding.variable.span { return nil }
        return value
    }
}

public enum Quantifier: String, Sendable { case all, any }

public enum Aggregate: String, Sendable { case count, sum, min, max }

public enum UnaryOperator: String, Sendable { case not, negate = "-" }

public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, notIn = "not in"
    case coalesce = "??"
    case of
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    /// `a % b`: the remainder of dividing by `b`, with the sign of `b` (`-7 % 3` is 2).
    case remainder = "%"
}

/// The unit of a duration literal (`10 working days`, `2 weeks`, `30m`).
public enum DurationUnit: String, Sendable {
    case minutes, days, workingDays = "working days", months
}
