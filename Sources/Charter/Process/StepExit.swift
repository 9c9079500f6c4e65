/// Where a step leads for one record, and on what grounds: the one judgement that both
/// `status` (what the history may do next) and routes (where the record would go, and so
/// `diff`, `explain` and the REPL) make, so that the two can never disagree about a step.
///
/// In order: an outcome the history records, when the step can lead there; else, when a rule
/// the step checks fails on the record, the step's last transition (the rejection branch, as
/// in `-> impact_assessment | rejected`); else the transitions whose conditions hold (or that
/// have none), in the order written.
public struct StepExit: Sendable, Equatable {
    public enum Basis: Sendable, Equatable {
        /// The history records the outcome, and the step can lead there.
        case recorded
        /// The named rule, which the step checks, fails on the record.
        case failingCheck(String)
        /// The transitions whose conditions hold, or that have none.
        case conditions
    }

    /// The steps or ends the record may go on to; a route takes the first.
    public let targets: [String]
    public let basis: Basis
    /// What could not be evaluated on the way (a condition or a checked rule that ended in an
    /// error), each as a sentence: a condition in error is taken not to hold, a check in error
    /// not to fail, and the judgement says so rather than hide it.
    public let problems: [String]
    /// Why the failing check fails (its `else` message), when the basis is a failing check.
    public var reason: String? = nil

    /// Whether a route that takes this exit assumes a decision the history does not record:
    /// a deciding step left by its conditions while it could go more than one way.
    func assumesDecision(at step: ProcessModel.StepModel) -> Bool {
        step.decides && basis == .conditions && step.transitions.count > 1
    }
}

extension ProcessModel {
    /// The exit from `step` for `record`, given the outcome its event records (nil when there
    /// is no event or it records none). `evaluator` is the program's, for the checked rules.
    func exit(from step: StepModel, outcome: String?, record: RecordValue, program: Program,
              evaluator: Evaluator, today: CivilDate?) -> StepExit {
        if let outcome, step.transitions.contains(where: { $0.target == outcome }) {
            return StepExit(targets: [outcome], basis: .recorded, problems: [])
        }
        var problems: [String] = []
        if let last = step.transitions.last {
            for index in step.checks {
                let verdict = evaluator.verdict(rule: index, on: record, asOf: today)
                switch verdict.outcome {
                case .fail:
                    return StepExit(targets: [last.target], basis: .failingCheck(verdict.rule), problems: problems, reason: verdict.message)
                case .error:
                    problems.append("rule `\(verdict.rule)`, which `\(step.name)` checks, cannot be evaluated on this record (\(verdict.message ?? "no reason given")); it is taken not to fail")
                case .pass, .notApplicable:
                    break
                }
            }
        }
        let (targets, conditionProblems) = self.targets(of: step, record: record, today: today, context: program.context)
        return StepExit(targets: targets, basis: .conditions, problems: problems + conditionProblems)
    }
}
