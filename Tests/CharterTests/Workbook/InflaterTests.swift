@testable import Charter
import Foundation
import Testing

/// The inflater against raw DEFLATE streams zlib wrote (Tests/Fixtures/inflate, made by
/// Tests/Fixtures/make_workbooks.py): stored, fixed-Huffman and dynamic-Huffman blocks.
@Suite struct InflaterTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/inflate")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static let inputs = ["empty", "hello", "register", "words", "noise", "zeros", "bytes"]
    static let blocks = ["stored", "fixed", "dynamic"]

    @Test(arguments: inputs, blocks)
    func zlibStreamsInflateToTheirInput(input: String, block: String) throws {
        let expected = try Self.bytes("\(input).raw")
        let stream = try Self.bytes("\(input).\(block).deflate")
        #expect(Inflater.inflate(stream, limit: 1 << 24) == .success(expected))
    }

    @Test func outputPastTheLimitIsRefused() throws {
        let stream = try Self.bytes("zeros.dynamic.deflate")
        #expect(stream.count < 1000)
        #expect(Inflater.inflate(stream, limit: 50_000) == .failure(.tooLarge(limit: 50_000)))
        let stored = try Self.bytes("zeros.stored.deflate")
        #expect(Inflater.inflate(stored, limit: 50_000) == .failure(.tooLarge(limit: 50_000)))
    }

    @Test func everyTruncationIsAnErrorNeverATrap() throws {
        for block in Self.blocks {
            let stream = try Self.bytes("register.\(block).deflate")
            for length in stride(from: 0, to: stream.count - 1, by: max(1, stream.count / 97)) {
                guard case .failure = Inflater.inflate(Array(stream.prefix(length)), limit: 1 << 24) else {
                    Issue.record("\(block) cut at \(length) inflated")
                    continue
                }
            }
        }
    }

    @Test func malformedStreams() {
        #expect(Inflater.inflate([0b0000_0111], limit: 100) == .failure(.reservedBlockType))
        // A stored block whose length's complement is wrong.
        #expect(Inflater.inflate([0x01, 0x05, 0x00, 0x00, 0x00], limit: 100) == .failure(.storedLengthMismatch))
        // A fixed block whose first code is a back-reference with nothing before it.
        #expect(Inflater.inflate([0x03, 0x02], limit: 100) == .failure(.distanceTooFar))
    }

    @Test func flippedBitsNeverTrap() throws {
        let stream = try Self.bytes("words.dynamic.deflate")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var damaged = stream
            let index = Int.random(in: 0..<damaged.count, using: &generator)
            damaged[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            _ = Inflater.inflate(damaged, limit: 1 << 20)
        }
    }

    @Test func crc32OfKnownText() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }
}
