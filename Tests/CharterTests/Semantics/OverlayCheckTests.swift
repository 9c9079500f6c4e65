@testable import Charter
import Foundation
import Testing

/// `Checker.checked(_:files:over:)`, which takes from an already checked rulebook what its
/// unchanged rules reported, must say exactly what checking the combined rulebook from scratch
/// says: the same diagnostics in the same order, and a checked rulebook exactly when that has
/// one. Checked over `rules/` with every golden and example rule file laid on it, each rule,
/// group, record and `def` of `rules/` restated, and each of them broken in a few ways.
@Suite("Checking an overlay against a checked base")
struct OverlayCheckTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// The MHHS rulebook, loaded and checked cleanly.
    static let base: RulebookLoader.Result = RulebookLoader().load(paths: [path("rules")])

    /// Every `.charter` file under `folder`, as text.
    static func files(under folder: String) -> [(name: String, text: String)] {
        let root = URL(fileURLWithPath: path(folder))
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "charter" {
            if let text = try? String(contentsOf: url, encoding: .utf8) { found.append((url.path, text)) }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The text of each declaration of `rules/`, with its kind.
    static func declarations() -> [(kind: String, text: String)] {
        var files = SourceFiles()
        var found: [(String, String)] = []
        for (name, text) in Self.files(under: "rules") where !name.contains("/tests/") {
            let file = files.add(path: name, text: text)
            for declaration in Parser.parse(file).rulebook.declarations {
                switch declaration {
                case .rule(let d): found.append(("rule", file.spelling(of: d.span)))
                case .group(let d): found.append(("group", file.spelling(of: d.span)))
                case .record(let d): found.append(("record", file.spelling(of: d.span)))
                case .function(let d): found.append(("def", file.spelling(of: d.span)))
                case .process(let d): found.append(("process", file.spelling(of: d.span)))
                default: break
                }
            }
        }
        return found
    }

    /// Each declaration restated, and broken: a field that does not exist, an operand of the
    /// wrong type, a name nothing declares, a line dropped, and the declaration renamed (added).
    static func overlays() -> [String] {
        var texts: [String] = []
        for (kind, text) in declarations() {
            texts.append(text)
            if let dot = text.range(of: "cr.") { texts.append(text.replacingCharacters(in: dot, with: "cr.no_such_")) }
            if let require = text.range(of: "require ") { texts.append(text.replacingCharacters(in: require, with: "require 1 + ")) }
            if let equals = text.range(of: " == ") { texts.append(text.replacingCharacters(in: equals, with: " == 3 + ")) }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 3 {
                lines.remove(at: 1)
                texts.append(lines.joined(separator: "\n"))
            }
            let words = text.split(separator: " ", maxSplits: 2)
            if words.count == 3, kind != "record" {
                texts.append("\(words[0]) \(words[1])_again \(words[2])")
            }
        }
        texts += files(under: "examples").map(\.text)
        texts += files(under: "Tests/GoldenTests/Cases").map(\.text)
        let seeds = (try? FileManager.default.contentsOfDirectory(atPath: path("Fuzz/seeds/charter"))) ?? []
        for name in seeds.sorted() {
            if let text = try? String(contentsOfFile: path("Fuzz/seeds/charter/\(name)"), encoding: .utf8) { texts.append(text) }
        }
        return texts
    }

    /// The combined rulebook of `text` laid over the base, as `diff --after` loads it.
    static func combined(_ text: String) -> RulebookLoader.Result {
        var loaded = base
        loaded.rulebook = Rulebook()
        RulebookLoader().load(text: text, path: "after.charter", into: &loaded)
        loaded.rulebook = base.rulebook.redefined(by: loaded.rulebook).rulebook
        return loaded
    }

    @Test func theBaseChecksCleanly() {
        var loaded = Self.base
        #expect(loaded.check() != nil)
        #expect(!loaded.diagnostics.hasErrors)
    }

    @Test func everyOverlayHasTheDiagnosticsOfACheckFromScratch() {
        let base = OverlayBase(Self.base.rulebook)
        let overlays = Self.overlays()
        #expect(overlays.count > 300)
        var withErrors = 0, reusing = 0
        for text in overlays {
            var scratch = Self.combined(text)
            var incremental = scratch
            let fromScratch = scratch.check()
            let overBase = incremental.check(over: base)
            #expect(incremental.diagnostics == scratch.diagnostics, "\(text)")
            #expect((overBase == nil) == (fromScratch == nil), "\(text)")
            let direct = Checker.checked(scratch.rulebook, files: scratch.files)
            let directOver = Checker.checked(scratch.rulebook, files: scratch.files, over: base)
            #expect(directOver.diagnostics == direct.diagnostics, "\(text)")
            #expect((directOver.checked == nil) == (direct.checked == nil), "\(text)")
            if direct.diagnostics.hasErrors { withErrors += 1 }
            let full = TypeChecker.run(scratch.rulebook)
            let partial = TypeChecker.run(scratch.rulebook, over: base)
            #expect(partial.diagnostics == full.diagnostics, "\(text)")
            if partial.unitDiagnostics.count < full.unitDiagnostics.count { reusing += 1 }
        }
        // The comparison means something only if many overlays have errors and take some of
        // their rules' reports from the base.
        #expect(withErrors > 100)
        #expect(reusing > 100)
    }

    /// A clean overlay's checked rulebook is the one a check from scratch makes.
    @Test func aCleanOverlayIsCheckedFromScratch() throws {
        let base = OverlayBase(Self.base.rulebook)
        let loaded = Self.combined("rule probe { for change_request cr require cr.id != \"\" }")
        let over = try #require(Checker.checked(loaded.rulebook, files: loaded.files, over: base).checked)
        let scratch = try #require(Checker.checked(loaded.rulebook, files: loaded.files).checked)
        #expect(over.shapes == scratch.shapes)
        #expect(over.symbols.all.count == scratch.symbols.all.count)
        #expect(over.warnings == scratch.warnings)
    }

    /// A record type that loses a field makes every rule that reads it be typed again.
    @Test func aRuleReadingAChangedRecordIsTypedAgain() throws {
        let record = try #require(Self.declarations().first { $0.kind == "record" && $0.text.hasPrefix("record change_request") })
        let lines = record.text.split(separator: "\n", omittingEmptySubsequences: false)
        let base = OverlayBase(Self.base.rulebook)
        var found = 0
        for dropped in lines.indices.dropFirst().dropLast() where lines[dropped].contains(":") {
            var kept = lines
            kept.remove(at: dropped)
            let loaded = Self.combined(kept.joined(separator: "\n"))
            let scratch = Checker.checked(loaded.rulebook, files: loaded.files).diagnostics
            #expect(Checker.checked(loaded.rulebook, files: loaded.files, over: base).diagnostics == scratch)
            if scratch.contains(where: { $0.code == .unknownField }) { found += 1 }
        }
        #expect(found > 0, "no field of `change_request` that a rule reads was dropped")
    }
}
