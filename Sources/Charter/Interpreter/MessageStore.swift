/// A failure's message: a `String`, or the UTF-8 a `MessageTemplate` wrote into a chunk of an
/// evaluator's `MessageStore`, made into a `String` only when a reader asks for one, so that
/// `check` copies the bytes straight into its output, with no `String` made, validated and
/// freed for each failure.
enum MessageText: Sendable {
    case string(String)
    /// `count` bytes from `start` in `chunk`, which are never written again while this refers to them.
    case stored(MessageChunk, start: UInt32, count: UInt32)

    var string: String {
        switch self {
        case .string(let text): text
        case .stored: withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Calls `body` with the message's UTF-8.
    @inline(__always)
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch self {
        case .string(var text): return try text.withUTF8(body)
        case .stored(let chunk, let start, let count): return try chunk.withBytes(start: Int(start), count: Int(count), body)
        }
    }
}

/// A fixed-size buffer of message bytes, written front to back by one `MessageStore` and read
/// by the messages it has handed out.
// INVARIANT (for `@unchecked Sendable`): the store writes only bytes from `used` on, which no
// message refers to, and rewinds `used` only while it holds the only reference to the chunk;
// the bytes a message refers to are written before the message exists and never after, so a
// message sent to another thread reads bytes no thread writes. Only the store reads `used`.
final class MessageChunk: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written, from the start; the rest is free.
    private(set) var used = 0

    init(capacity: Int) {
        base = .allocate(capacity: Swift.max(capacity, 1))
    }

    deinit { base.deallocate() }

    var free: Int { base.count - used }

    /// Forgets every byte written: for the store to call only when no message refers to any.
    func rewind() { used = 0 }

    /// Writes `bytes` after those written, if they fit; where they start, or nil.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count <= free else { return nil }
        let start = used
        if let source = bytes.baseAddress, let target = base.baseAddress {
            // INVARIANT: `start + bytes.count <= base.count`, checked just above.
            (target + start).initialize(from: source, count: bytes.count)
        }
        used += bytes.count
        return start
    }

    /// Calls `body` with `count` bytes from `start`, cut to the bytes written.
    func withBytes<Result>(start: Int, count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // INVARIANT: the range is clamped to `0..<base.count`, so the slice lies within `base`;
        // a message's range lies within the bytes written when it was made, which stay put.
        let lower = Swift.min(Swift.max(start, 0), base.count)
        let upper = Swift.min(lower + Swift.max(Swift.min(count, base.count), 0), base.count)
        return try body(UnsafeBufferPointer(rebasing: base[lower..<upper]))
    }
}

/// Where one evaluator keeps the messages of the verdicts it gives: a chunk written front to
/// back, started again from its front as soon as no verdict refers to it (so that checking a
/// record after the one before was written out reuses the same bytes), and replaced by a new
/// chunk only while verdicts that refer to it are still held.
final class MessageStore {
    private var chunk: MessageChunk

    /// Room for the messages of many records in one allocation.
    static let chunkCapacity = 4096

    init() {
        chunk = MessageChunk(capacity: Self.chunkCapacity)
    }

    /// A message of the UTF-8 `bytes`, which must be valid UTF-8.
    func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> MessageText {
        guard bytes.count <= Int(UInt32.max) else { return .string(String(decoding: bytes, as: UTF8.self)) }
        if isKnownUniquelyReferenced(&chunk) { chunk.rewind() }
        if chunk.free < bytes.count { chunk = MessageChunk(capacity: Swift.max(Self.chunkCapacity, bytes.count)) }
        guard let start = chunk.append(bytes) else { return .string(String(decoding: bytes, as: UTF8.self)) }
        return .stored(chunk, start: UInt32(clamping: start), count: UInt32(clamping: bytes.count))
    }
}
