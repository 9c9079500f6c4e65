@testable import RulecheckCommands
import Testing

@Suite struct MessageFramingTests {
    private func frames(_ chunks: [String]) -> [MessageFraming.Frame] {
        var framing = MessageFraming()
        var found: [MessageFraming.Frame] = []
        for chunk in chunks {
            framing.append(Array(chunk.utf8))
            while let frame = framing.next() { found.append(frame) }
        }
        return found
    }

    @Test func bodiesSplitAcrossReadsAreJoined() {
        let found = frames(["Content-Len", "gth: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"a\"", ":1}Content-Length: 2\r\n\r\n[]"])
        #expect(found == [.body(Array("{\"a\":1}".utf8)), .body(Array("[]".utf8))])
    }

    @Test func lengthCountsBytesNotCharacters() {
        let body = "\"é😀\""
        let found = frames(["Content-Length: \(body.utf8.count)\r\n\r\n" + body])
        #expect(found == [.body(Array(body.utf8))])
    }

    @Test func headerWithoutLengthIsReportedAndTheNextMessageRead() {
        let found = frames(["Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n{}"])
        #expect(found.count == 2)
        #expect(found.last == .body(Array("{}".utf8)))
        if case .malformed = found.first {} else { Issue.record("expected a malformed frame first, got \(found)") }
    }

    @Test func oversizedBodyIsSkippedAndTheStreamGoesOn() {
        let huge = MessageFraming.maxBodyBytes + 1
        var framing = MessageFraming()
        framing.append(Array("Content-Length: \(huge)\r\n\r\n".utf8))
        if case .malformed = framing.next() {} else { Issue.record("expected the oversized body to be reported") }
        framing.append([UInt8](repeating: 32, count: huge))
        framing.append(Array("Content-Length: 2\r\n\r\n{}".utf8))
        #expect(framing.next() == .body(Array("{}".utf8)))
    }

    @Test func headerWithoutTerminatorIsDroppedOnceTooLong() {
        var framing = MessageFraming()
        framing.append([UInt8](repeating: UInt8(ascii: "x"), count: MessageFraming.maxHeaderBytes + 10))
        if case .malformed = framing.next() {} else { Issue.record("expected endless header bytes to be reported") }
        framing.append(Array("Content-Length: 2\r\n\r\n{}".utf8))
        #expect(framing.next() == .body(Array("{}".utf8)))
    }

    @Test func framedCountsUTF8Bytes() {
        #expect(MessageFraming.framed("\"é\"") == "Content-Length: 4\r\n\r\n\"é\"")
    }
}
