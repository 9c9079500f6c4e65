@testable import Charter
import Testing

/// Large generated rulebooks: the checker gathers names once and walks graphs iteratively, so
/// thousands of groups and steps take no longer than reading them (quadratic code, or recursion
/// a chain deep, would be obviously slow or crash here).
@Suite("DeclarationChecker: scale")
struct DeclarationCheckerScaleTests {
    static let size = 5_000

    /// `size` levels and a chain of groups, each reporting to the one above it, with seats;
    /// `closed` makes the first report to the last, so that the chain becomes one cycle.
    static func reportingChain(closed: Bool) -> String {
        var text = "constituency supplier\nrole SRO\n"
        for level in 1...size {
            text += "level \(level) \"Tier \(level)\"\n"
        }
        for index in 1...size {
            let above = index == 1 ? (closed ? " reports_to G\(size)" : "") : " reports_to G\(index - 1)"
            text += "group G\(index) { level \(index)\(above) chair SRO seat supplier 2 quorum 2 meets monthly on first monday }\n"
        }
        return text
    }

    @Test func longReportingChainIsClean() {
        let result = parse(Self.reportingChain(closed: false))
        #expect(result.diagnostics.isEmpty)
        #expect(DeclarationChecker.check(result.rulebook).isEmpty)
    }

    @Test func longReportingCycleIsReportedOnce() {
        let result = parse(Self.reportingChain(closed: true))
        let diagnostics = DeclarationChecker.check(result.rulebook)
        let cycles = diagnostics.filter { $0.code == .reportingCycle }
        #expect(cycles.count == 1)
        #expect(cycles.first?.notes.count == Self.size - 1)
        // G1 (level 1) reporting to G5000 (level 5000) also reports downwards.
        #expect(diagnostics.map(\.code.id).sorted() == ["G001", "G002"])
    }

    @Test func longProcessIsClean() {
        var text = "role SRO\nprocess p {\n  for meeting\n"
        for index in 1...Self.size {
            text += "  step s\(index) by SRO -> s\(index + 1)\(index > 1 ? " | s\(index - 1)" : "")\n"
        }
        text += "  step s\(Self.size + 1) by SRO -> done\n  end done\n}\n"
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(DeclarationChecker.check(result.rulebook).isEmpty)
    }
}
