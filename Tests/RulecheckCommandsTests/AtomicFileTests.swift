@testable import RulecheckCommands
import Foundation
import Testing

/// `AtomicFile.write`: the target is replaced whole, and nothing is left beside it.
@Suite("AtomicFile")
struct AtomicFileTests {
    /// Runs `body` with a fresh temporary directory, removed afterwards.
    static func inDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static func listing(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func writesANewFile() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("out.csv").path
            try AtomicFile.write(Data("a,b\n1,2\n".utf8), to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n")
            #expect(try Self.listing(directory) == ["out.csv"])
        }
    }

    @Test func replacesAnExistingFileWholeAndKeepsItsMode() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("out.txt").path
            try String(repeating: "old contents, longer than the new\n", count: 100).write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
            try AtomicFile.write(Data("new\n".utf8), to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o640)
            #expect(try Self.listing(directory) == ["out.txt"])
        }
    }

    @Test func writesAnEmptyFile() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("empty").path
            try AtomicFile.write(Data(), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data())
        }
    }

    @Test func aDirectoryThatDoesNotExistIsAnErrorNamingThePath() throws {
        try Self.inDirectory { directory throws in
            let path = directory.appendingPathComponent("missing/out.txt").path
            var message = ""
            do {
                try AtomicFile.write(Data("x".utf8), to: path)
            } catch {
                message = "\(error)"
            }
            #expect(message.hasPrefix("cannot write `\(path)`: "))
            #expect(try Self.listing(directory) == [])
        }
    }

    @Test func aTargetThatCannotBeReplacedIsLeftAsItWasWithNoTemporaryBeside() throws {
        try Self.inDirectory { directory throws in
            // A directory cannot be renamed over by a file: the rename fails after the write.
            let target = directory.appendingPathComponent("taken")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            #expect(throws: AtomicFile.WriteError.self) {
                try AtomicFile.write(Data("x".utf8), to: target.path)
            }
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) && isDirectory.boolValue)
            #expect(try Self.listing(directory) == ["taken"])
        }
    }
}
