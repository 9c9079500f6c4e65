@testable import Charter
import Foundation
import Testing

/// The golden inputs under `Tests/GoldenTests/Cases/check/` each say on a `# expect:` line the
/// one diagnostic they exist to draw (`# expect: error[G001]`, or `# expect: nothing`): this
/// keeps every other part of each input valid, so that its golden shows that check alone.
@Suite("DeclarationChecker: golden inputs")
struct DeclarationCheckerCaseFileTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GoldenTests/Cases/check")

    static func caseNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".charter") }.map { String($0.dropLast(8)) }.sorted()
    }

    @Test func thereIsACaseForEveryCheck() {
        #expect(Self.caseNames().count >= 34)
    }

    @Test(arguments: caseNames())
    func caseDrawsOnlyItsExpectedDiagnostic(_ name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name + ".charter"), encoding: .utf8)
        let expectation = try #require(text.split(separator: "\n").first { $0.hasPrefix("# expect: ") })
            .dropFirst("# expect: ".count)
        let result = parse(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let found = DeclarationChecker.check(result.rulebook).map { "\($0.severity.rawValue)[\($0.code.id)]" }
        #expect(found == (expectation == "nothing" ? [] : [String(expectation)]))
    }
}
