/// Why a rule could not be evaluated on a record: a value the rule needs is absent, a number
/// overflows, a meeting names a group the rulebook does not declare. `span` is the expression;
/// `code` (an `E` code) is the kind of failure, as stable as the checker's codes, so that
/// `check --format json`, the REPL and the language server report it one way.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is: the record's data, or a limit on evaluation itself.
    public enum Cause: Sendable {
        /// Something about the record's values: absent, too large, divided by zero.
        case data
        /// The rule did more work on one record than `EvaluationLimits.steps` allows.
        case budget
        /// `EvaluationLimits.interrupted` asked evaluation to stop (Ctrl-C in the REPL).
        case interrupted
    }

    public let code: DiagnosticCode
    public let message: String
    public let span: SourceSpan

    public init(_ code: DiagnosticCode, _ message: String, at span: SourceSpan) {
        self.code = code
        self.message = message
        self.span = span
    }

    public var cause: Cause {
        switch code {
        case .budgetExceeded: .budget
        case .evaluationInterrupted: .interrupted
        default: .data
        }
    }

    /// The failure as a diagnostic at the expression that failed.
    public var diagnostic: Diagnostic { .error(code, message, at: span) }

    public var description: String { message }
}

/// How much work one rule may do on one record, and how evaluation is stopped from outside.
/// Every element a quantifier or aggregate visits, every list `in` searches and every
/// attendee or vote a governance function counts is a step; a rule that takes more steps
/// than `steps` on one record gives the outcome `error` instead of running for hours.
public struct EvaluationLimits: Sendable {
    /// The most steps one rule may take on one record.
    public var steps: Int
    /// Polled every few thousand steps; when it returns true, evaluation stops with an `error`
    /// outcome. The REPL sets it from Ctrl-C.
    public var interrupted: (@Sendable () -> Bool)?

    public init(steps: Int = EvaluationLimits.defaultSteps, interrupted: (@Sendable () -> Bool)? = nil) {
        self.steps = Swift.max(steps, 1)
        self.interrupted = interrupted
    }

    /// Ten million steps: a pairwise check over a list of three thousand elements fits, and
    /// the cubic one that would run for hours stops within a second or two.
    public static let defaultSteps = 10_000_000
    public static let standard = EvaluationLimits()
    /// The most steps a budget may allow (`--budget`): far beyond any real rulebook, and still
    /// a bound.
    public static let largestSteps = 1_000_000_000_000

    /// `10,000,000`.
    static func grouped(_ count: Int) -> String {
        var digits = String(count.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (count < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}

/// The local values of one evaluation: the record, `today`, `let` names and quantifier
/// variables, each in the slot the resolver gave it (`FrameLayout`), so that reading a name is
/// an array index.
/// The slots are a buffer of the frame's own rather than a Swift array, so that reading and
/// writing them costs neither a uniqueness nor an exclusivity check.
final class Frame {
    let locals: UnsafeMutablePointer<Value>
    let size: Int
    /// What evaluation changes as it goes on this frame, in a buffer of the frame's own (as
    /// `locals` is), so that the nodes read and write it without an exclusivity check each
    /// time: the record read in place, the steps counted, the frames of the functions called.
    private let state: UnsafeMutablePointer<FrameState>

    /// The fields of the record a rule is evaluated on, read directly by `cr.field`. Valid
    /// while that record is the value in `CompiledRule.recordSlot`, which keeps it alive.
    // INVARIANT: set only inside `withUnsafeBufferPointer` of a record whose shape is the one
    // the reading nodes were compiled against (checked once per record by `CompiledRule`,
    // `ProcessModel.targets` and the tracer before they set it), so every compiled field slot
    // is below `subject.count`; it is reset to empty before that scope ends. In a function's
    // frame, the record of its record parameter, or empty. Every read checks its slot all
    // the same, so that a broken invariant is an absent value, never a read out of bounds.
    var subject: UnsafeBufferPointer<Value> {
        @inline(__always) get { state.pointee.subject }
        @inline(__always) set { state.pointee.subject = newValue }
    }
    let context: EvaluationContext
    /// The stack of whole numbers a fused condition computes on (`FusedCondition.run`), made
    /// once with the frame rather than once per condition evaluated.
    // INVARIANT: `FusedConditionBuilder.deepestStack` initialised slots from `init` to `deinit`;
    // a fused program checks its height against the count before every push.
    let numbers: UnsafeMutableBufferPointer<Int>
    /// Where a rule compiled with tracing records what each node evaluated to; nil otherwise.
    var tracer: Tracer?
    /// What the evaluation of one record left out and says so in its verdict (a vote that is
    /// not counted), each once, in the order noted.
    private(set) var notes: [String] = []
    private var noted: Set<String> = []

    func note(_ text: String) {
        if noted.insert(text).inserted {
            notes.append(text)
            state.pointee.hasNotes = true
        }
    }

    /// Whether the evaluation has noted anything since `forgetNotes`.
    var hasNotes: Bool { state.pointee.hasNotes }

    @inline(__always)
    func forgetNotes() {
        guard state.pointee.hasNotes else { return }
        state.pointee.hasNotes = false
        notes.removeAll()
        noted.removeAll()
    }

    /// The declaration index of the function this frame is for; -1 for the frame of a unit.
    private let function: Int

    /// The frame for a call of the function numbered `number` in this evaluation, of the
    /// declaration at `function` and `size` slots: made once, then the same frame for every
    /// call. No function calls itself (the checker refuses it), so no two calls of one
    /// function are in progress at once, and the frame is free whenever a call starts.
    // INVARIANT: a frame made here has at least `size` slots; a frame found is used only
    // when it is for the same function and has at least `size` slots, so numbers given by
    // two different compilers of one evaluation cost a new frame, never a wrong one.
    @inline(__always)
    func callee(_ number: Int, function: Int, size: Int) -> Frame {
        if let table = state.pointee.callees, let found = table[number], found.function == function, found.size >= size {
            return found
        }
        return makeCallee(number, function: function, size: size)
    }

    private func makeCallee(_ number: Int, function: Int, size: Int) -> Frame {
        let table: CalleeFrames
        if let callees = state.pointee.callees {
            table = callees
        } else {
            table = CalleeFrames()
            state.pointee.callees = table
            state.pointee.ownsCallees = true
        }
        let made = Frame(size: size, context: context, function: function, callees: table)
        table.set(number, made)
        return made
    }

    /// The steps taken since `resetBudget`.
    var steps: Int { state.pointee.steps }

    /// How many steps pass between two polls of `EvaluationLimits.interrupted`.
    static let checkpointInterval = 4096

    // INVARIANT: `locals` holds exactly `size` initialised values from here to `deinit`. Every
    // slot a compiled node reads or writes is one the resolver gave in the node's unit, below
    // that unit's `FrameLayout.size`: the compiler, made with the layout, compiles any other
    // slot to a node that fails (`ExpressionCompiler.inFrame`). A unit's nodes run only in
    // frames made with at least its layout's size (`CompiledRule`, `GroupGovernance`,
    // `ProcessModel`, the REPL and the tracer take it from the layout, never count slots
    // themselves), so a slot is always below `size`.
    init(size: Int, context: EvaluationContext, function: Int = -1, callees: CalleeFrames? = nil) {
        self.size = Swift.max(size, 1)
        locals = UnsafeMutablePointer<Value>.allocate(capacity: self.size)
        locals.initialize(repeating: .absent, count: self.size)
        self.context = context
        self.function = function
        let (next, overflow) = context.limits.steps.addingReportingOverflow(1)
        budgetExceeded = overflow ? .max : next
        state = UnsafeMutablePointer<FrameState>.allocate(capacity: 1)
        state.initialize(to: FrameState(callees: callees))
        numbers = .allocate(capacity: FusedConditionBuilder.deepestStack)
        numbers.initialize(repeating: 0)
        resetBudget()
    }

    /// Goes on counting from the steps `other` has taken: a function's frame spends the budget
    /// of the frame that calls it, and that frame then goes on from where the function ended.
    @inline(__always)
    func continueBudget(from other: Frame) {
        state.pointee.steps = other.state.pointee.steps
        state.pointee.nextCheckpoint = other.state.pointee.nextCheckpoint
    }

    /// Starts the count of steps again, for a new record.
    @inline(__always)
    func resetBudget() {
        state.pointee.steps = 0
        state.pointee.nextCheckpoint = Swift.min(Self.checkpointInterval, budgetExceeded)
    }

    /// The first step count past the budget.
    private let budgetExceeded: Int

    /// Counts `count` steps of work, and stops evaluation when the budget is spent or it has
    /// been interrupted.
    @inline(__always)
    func spend(_ count: Int, at span: SourceSpan) throws {
        let (sum, overflow) = state.pointee.steps.addingReportingOverflow(count)
        state.pointee.steps = overflow ? .max : sum
        if state.pointee.steps >= state.pointee.nextCheckpoint { try checkpoint(at: span) }
    }

    /// Counts `count` steps when they leave the count below the next checkpoint, and says
    /// whether it did: work that has spent them all at once, and that evaluates again from the
    /// start when they would reach it, so that the checkpoint sees its steps one by one.
    @inline(__always)
    func spendBeforeCheckpoint(_ count: Int) -> Bool {
        let (sum, overflow) = state.pointee.steps.addingReportingOverflow(count)
        guard !overflow, sum < state.pointee.nextCheckpoint else { return false }
        state.pointee.steps = sum
        return true
    }

    private func checkpoint(at span: SourceSpan) throws {
        let limits = context.limits
        let steps = state.pointee.steps
        if steps > limits.steps {
            throw EvaluationError(
                .budgetExceeded,
                "evaluation took more than the budget of \(EvaluationLimits.grouped(limits.steps)) steps on this record; raise it with `--budget` if this much work is meant",
                at: span)
        }
        if let interrupted = limits.interrupted, interrupted() {
            throw EvaluationError(.evaluationInterrupted, "evaluation was interrupted", at: span)
        }
        let (next, overflow) = steps.addingReportingOverflow(Self.checkpointInterval)
        state.pointee.nextCheckpoint = overflow ? budgetExceeded : Swift.min(next, budgetExceeded)
    }

    deinit {
        // The frames of the functions refer to the table too: emptying it ends that cycle.
        if state.pointee.ownsCallees { state.pointee.callees?.removeAll() }
        state.deinitialize(count: 1)
        state.deallocate()
        numbers.deallocate()
        locals.deinitialize(count: size)
        locals.deallocate()
    }
}

/// The part of a frame that evaluation changes as it goes (`Frame.state`).
struct FrameState {
    var subject = UnsafeBufferPointer<Value>(start: nil, count: 0)
    /// The steps taken since `resetBudget`, and the count at which `spend` next looks at the
    /// limits (the budget, and whether evaluation was interrupted).
    var steps = 0
    var nextCheckpoint = 0
    /// Whether `notes` has any, so that a record without notes costs no look at them.
    var hasNotes = false
    /// The frames of the functions called in this frame's evaluation, by their numbers among
    /// the unit's (`FunctionBody.number`): one per function, made at its first call and used
    /// again for every later one. Shared by the frame of a unit and those of the functions
    /// it calls; nil until the first call.
    var callees: CalleeFrames?
    /// Whether `callees` is this frame's own (it is the frame of a unit, not of a function).
    var ownsCallees = false

    init(callees: CalleeFrames?) { self.callees = callees }
}

/// The frames of the functions one evaluation calls (`Frame.callee`), by number, in a buffer
/// of their own so that finding one costs no exclusivity check.
final class CalleeFrames {
    private let table: UnsafeMutablePointer<UnsafeMutableBufferPointer<Frame?>>

    init() {
        table = UnsafeMutablePointer.allocate(capacity: 1)
        table.initialize(to: UnsafeMutableBufferPointer(start: nil, count: 0))
    }

    /// The frame numbered `number`, if one has been made.
    @inline(__always)
    subscript(number: Int) -> Frame? {
        let frames = table.pointee
        return number >= 0 && number < frames.count ? frames[number] : nil
    }

    /// Keeps `frame` as number `number`, growing the table to hold it.
    func set(_ number: Int, _ frame: Frame) {
        guard number >= 0 else { return }
        var frames = table.pointee
        if number >= frames.count {
            let grown = UnsafeMutableBufferPointer<Frame?>.allocate(capacity: Swift.max(number + 1, frames.count * 2, 4))
            let moved = frames.isEmpty ? 0 : grown.moveInitialize(fromContentsOf: frames)
            grown[moved...].initialize(repeating: nil)
            frames.deallocate()
            frames = grown
            table.pointee = grown
        }
        frames[number] = frame
    }

    /// Lets go of every frame: the frames refer to this table, which would otherwise keep
    /// them, and itself, alive.
    func removeAll() {
        let frames = table.pointee
        table.pointee = UnsafeMutableBufferPointer(start: nil, count: 0)
        if !frames.isEmpty { frames.deinitialize() }
        frames.deallocate()
    }

    deinit {
        removeAll()
        table.deinitialize(count: 1)
        table.deallocate()
    }
}

/// A compiled expression: evaluates against a frame.
typealias ValueNode = (Frame) throws -> Value
/// A compiled condition: evaluates to a Swift `Bool` without wrapping it in a `Value`.
typealias ConditionNode = (Frame) throws -> Bool

/// What evaluation reads besides the record: the working-day calendar, the groups whose
/// quorum and thresholds `quorate` and `carried` apply, and the limits on evaluation.
final class EvaluationContext {
    let calendar: WorkingDayCalendar
    let groups: [String: GroupGovernance]
    let limits: EvaluationLimits
    /// Every record the command was given, by shape index, as a list: what `meetings` or
    /// `impact_assessments` reads from any rule (`Program.provide`). A type not loaded reads as
    /// the empty list.
    var records: [Int: Value] = [:]

    init(calendar: WorkingDayCalendar, groups: [String: GroupGovernance], limits: EvaluationLimits = .standard) {
        self.calendar = calendar
        self.groups = groups
        self.limits = limits
    }
}
