/// One record's run through a process, from one walk over its history: the steps it visited,
/// each with the day the record arrived, the event that completed it, its deadline and earliest
/// date, and what the history did there that the process does not allow; then where the record
/// stands. `status` reports it and routes continue it (so `diff`, `explain` and the REPL read
/// it too), so the two cannot disagree.
///
/// The rules the walk holds a history to:
/// - a step is completed by an event naming it; a deciding step only by an event with an
///   `outcome`, or when the next event names one of its transitions (the outcome it implies);
/// - a step that does not decide goes where its exit (`StepExit`) sends it: to its last
///   transition when a rule it checks fails, else to the first transition whose `when` holds;
///   an event naming any other step skips or breaks that way;
/// - a decision may take a transition only when its `when` holds, and only its last transition
///   while a rule the step checks fails;
/// - the clock of a step starts on the day the record arrives (the date of the event that
///   completed the step before) and only the event that completes the step stops it: a deadline
///   (`lasts`) passed is late, a waiting time (`waits`) not yet over is early;
/// - an event must be by one of the bodies the step names.
public struct ProcessRun: Sendable {
    /// Something the history did that the process does not allow: the event, the step and the
    /// clause of the process it breaks.
    public struct Violation: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            case unknownStep = "unknown_step"
            case afterEnd = "after_end"
            case outOfOrder = "out_of_order"
            case skipped
            case notATransition = "not_a_transition"
            case conditionFalse = "condition_false"
            case pastFailingCheck = "past_failing_check"
            case late
            case early
            case wrongBody = "wrong_body"
        }

        public let kind: Kind
        /// The event that breaks the process (nil for none: kept for older callers).
        public let event: HistoryEvent?
        /// The step whose clause is broken.
        public let step: String
        /// The clause, as written: `-> approved when p.votes >= 5`, `check freeze`, `lasts 10 working days`.
        public let clause: String
        public let message: String
    }

    /// A step the record arrived at.
    public struct Visit: Sendable {
        public let step: String
        /// The day the record arrived (nil when the history does not say: the first step).
        public let entered: CivilDate?
        /// The event that completed the step; nil while the record is still there.
        public let completedBy: HistoryEvent?
        /// Where the step led: a step or an end; nil while the record is still there.
        public let next: String?
        /// How `next` was chosen (nil while the record is still there).
        public let basis: StepExit.Basis?
        public let deadline: CivilDate?
        public let earliest: CivilDate?
        /// Working days or days past the deadline when completed, in the unit of `lasts`.
        public let late: (amount: Int, unit: DurationUnit)?
        public let violations: [Violation]
        /// Passed without an event: before the step the history starts at, or skipped (which
        /// is a violation on the next event).
        public let skipped: Bool
    }

    public let process: String
    public let asOf: CivilDate?
    /// The steps visited in order; the last one is the step the record is at, unless it ended.
    public let visits: [Visit]
    public let position: ProcessStatus.Position
    /// Every violation, in the order of the history.
    public let violations: [Violation]
    public let notes: [String]
    /// The last decision taken, for the appeal route.
    public let lastDecision: (step: String, event: HistoryEvent)?
    /// Whether the history records an outcome the current step cannot lead to (a what-if
    /// changed the step): the decision is still to take.
    public let outcomeImpossible: Bool
    /// The event that recorded the current step without completing it (a decision with no
    /// outcome, or one the step cannot lead to), if any: a route dates the step after it from it.
    public let pending: HistoryEvent?

    /// The step the record is at, when it has not ended.
    public var current: Visit? {
        guard case .atStep = position, let last = visits.last, last.completedBy == nil, !last.skipped else { return nil }
        return last
    }

    /// The visits the record has left: completed by an event, or passed without one.
    public var completed: [Visit] { visits.filter { $0.completedBy != nil || $0.skipped } }
}

extension ProcessRun.Visit {
    /// Whether the step's deadline has passed on `asOf` while the record is still there.
    func isOverdue(asOf: CivilDate?) -> Bool {
        guard completedBy == nil, let deadline, let asOf else { return false }
        return asOf > deadline
    }
}
