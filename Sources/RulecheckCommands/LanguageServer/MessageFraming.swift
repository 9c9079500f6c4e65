/// Splits a byte stream into JSON-RPC message bodies framed by LSP's base protocol: header
/// lines (`Content-Length: N`, optionally `Content-Type`) ending with an empty line, then N
/// bytes of body. Malformed headers are reported and skipped, so that the stream goes on.
struct MessageFraming {
    /// A body larger than this is read and thrown away, not kept: a 10 MB document fits.
    static let maxBodyBytes = 64 * 1024 * 1024
    /// A header block longer than this is malformed.
    static let maxHeaderBytes = 8 * 1024

    /// What the stream held next.
    enum Frame: Equatable {
        case body([UInt8])
        /// Headers that could not be read, or a body over the limit: the reason, for a log.
        case malformed(String)
    }

    private var buffer: [UInt8] = []
    /// Where unread bytes start in `buffer`.
    private var start = 0
    /// Bytes of an oversized body still to be skipped.
    private var skipping = 0

    /// Adds bytes read from the stream.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    mutating func next() -> Frame? {
        defer { compact() }
        if skipping > 0 {
            let available = buffer.count - start
            let skipped = Swift.min(available, skipping)
            start += skipped
            skipping -= skipped
            if skipping > 0 { return nil }
        }
        guard let headerEnd = headerTerminator() else {
            if buffer.count - start > Self.maxHeaderBytes {
                // No blank line anywhere near: drop up to the last line break and resynchronise.
                let dropped = buffer.count - start
                start = buffer.count
                return .malformed("\(dropped) bytes with no header terminator")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd.lowerBound], as: UTF8.self)
        let bodyStart = headerEnd.upperBound
        var length: Int?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0].trimmingSpaces.lowercased() == "content-length" {
                length = Int(parts[1].trimmingSpaces)
            }
        }
        guard let length, length >= 0 else {
            start = bodyStart
            return .malformed("a header without a valid `Content-Length`: \(header.debugDescription)")
        }
        if length > Self.maxBodyBytes {
            start = bodyStart
            skipping = length
            return .malformed("a body of \(length) bytes, over the limit of \(Self.maxBodyBytes)")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        return .body(body)
    }

    /// The range of the first `\r\n\r\n` after `start`.
    private func headerTerminator() -> Range<Int>? {
        var index = start
        let limit = Swift.min(buffer.count, start + Self.maxHeaderBytes + 4)
        while index + 3 < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index..<(index + 4)
            }
            index += 1
        }
        return nil
    }

    private mutating func compact() {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// `body` with its header, ready to write.
    static func framed(_ body: String) -> String {
        "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
