import Foundation
import Testing

/// The fuzz build (`scripts/fuzz.sh build`) compiles the library and the commands as one module,
/// where Swift refuses two files of one name: a clash is caught here, by `swift test`, rather
/// than minutes into CI.
@Suite struct SourceLayoutTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    static func swiftFiles(under folder: String) -> [String] {
        let root = sources.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }
    }

    @Test func theLibraryAndTheCommandsHaveNoTwoFilesOfOneName() {
        let files = Self.swiftFiles(under: "Charter") + Self.swiftFiles(under: "RulecheckCommands")
        #expect(files.count > 100, "the sources were not found under \(Self.sources.path)")
        var seen: [String: String] = [:]
        var clashes: [String] = []
        for path in files {
            let name = (path as NSString).lastPathComponent
            if let other = seen[name] { clashes.append("\(other) and \(path)") } else { seen[name] = path }
        }
        #expect(clashes.isEmpty, "files of one name: \(clashes.joined(separator: "; "))")
    }
}
