@testable import Charter
import Foundation
import Testing

/// Grammar.md's table of limits states the limits the code enforces.
@Suite struct LimitsDocumentTests {
    static func limitsSection() throws -> String {
        let grammar = try GrammarDocumentTests.grammar()
        guard let start = grammar.range(of: "## Limits"), let end = grammar.range(of: "## Diagnostics", range: start.upperBound..<grammar.endIndex) else {
            return ""
        }
        return String(grammar[start.upperBound..<end.lowerBound])
    }

    static func grouped(_ n: Int) -> String { EvaluationLimits.grouped(n) }

    @Test func everyLimitIsStatedWithItsValue() throws {
        let section = try Self.limitsSection()
        let stated: [(String, String)] = [
            ("rule file size", "| \(RulebookLoader.maxFileBytes >> 20) MiB |"),
            ("record file size", "| \(RecordFiles.maxFileBytes >> 30) GiB |"),
            ("expression nesting", "| \(Parser.maxExpressionDepth) levels | P009"),
            ("interpolation nesting", "| \(Lexer.maxInterpolationDepth) levels |"),
            ("errors per rule file", "| \(Parser.maxErrorsPerFile) | P017"),
            ("errors per record file", "| \(RecordFiles.maxErrorsPerFile) |"),
            ("JSON nesting", "| \(JSONReader.maxDepth) levels |"),
            ("numbers", "±\(Int.max)"),
            ("years", "years \(CivilDate.yearRange.lowerBound) to \(CivilDate.yearRange.upperBound)"),
            ("budget", "\(Self.grouped(EvaluationLimits.defaultSteps)) steps (`--budget`, at most \(Self.grouped(EvaluationLimits.largestSteps)))"),
            ("quantifier depth", "| \(TypeChecker.quantifierDepthWarning) deep | T009"),
            ("call depth", "| \(TypeChecker.callDepthLimit) deep | N018"),
            ("calendar range", "\(Self.grouped(MeetingSchedule.maximumRangeDays)) days"),
            ("calendar meetings", "\(Self.grouped(MeetingSchedule.maximumMeetings)) meetings"),
            ("number counterfactuals", "up to \(Self.grouped(Explainer.numberSearchLimit)) either way"),
            ("seat counterfactuals", "up to \(Self.grouped(Explainer.seatSearchLimit)) more attendees"),
            ("quorum scan", "the first \(Self.grouped(GroupGovernance.quorumScanLimit)) counts"),
        ]
        for (what, text) in stated {
            #expect(section.contains(text), "Grammar.md's limits do not state the \(what) as `\(text)`")
        }
    }
}
