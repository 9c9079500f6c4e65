/// The entries of a ZIP archive (as an `.xlsx` workbook is), read from its central directory:
/// stored and DEFLATE entries, each checked against its CRC-32 and bounded in size. ZIP64,
/// encryption and multi-disk archives are refused.
public struct ZIPArchive: Sendable {
    /// Why an archive or one of its entries cannot be read.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notAnArchive
        case truncated
        case unsupported(String)
        case missingEntry(String)
        case corrupt(entry: String, Inflater.Failure)
        case checksumMismatch(entry: String)
        case tooLarge(entry: String, limit: Int)

        public var description: String {
            switch self {
            case .notAnArchive: "it is not a ZIP archive (no end of central directory)"
            case .truncated: "the archive is cut short or corrupt"
            case .unsupported(let what): "the archive uses \(what), which is not read"
            case .missingEntry(let name): "the archive has no `\(name)`"
            case .corrupt(let entry, let failure): "`\(entry)` cannot be inflated: \(failure)"
            case .checksumMismatch(let entry): "`\(entry)` fails its CRC-32 check; the file is corrupt"
            case .tooLarge(let entry, let limit): "`\(entry)` inflates to more than \(limit >> 20) MiB; it is refused as a likely ZIP bomb"
            }
        }
    }

    /// One entry as the central directory describes it.
    public struct Entry: Sendable {
        public let name: String
        let method: Int
        let flags: Int
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let localHeader: Int
    }

    let bytes: [UInt8]
    public let entries: [Entry]

    /// The archive in `bytes`, its central directory read and checked.
    public init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        func u16(_ at: Int) throws(Failure) -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw .truncated }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws(Failure) -> Int {
            guard at >= 0, at + 4 <= bytes.count else { throw .truncated }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end of central directory record is in the last 22 + 65,535 bytes (its comment).
        guard bytes.count >= 22 else { throw .notAnArchive }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while end >= lowest, try u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw .notAnArchive }
        guard try u16(end + 4) == 0, try u16(end + 6) == 0 else { throw .unsupported("several disks") }
        let count = try u16(end + 10)
        let directorySize = try u32(end + 12)
        let directoryOffset = try u32(end + 16)
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else { throw .unsupported("ZIP64") }
        guard directoryOffset + directorySize <= end else { throw .truncated }
        var entries: [Entry] = []
        var at = directoryOffset
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw .truncated }
            let nameLength = try u16(at + 28), extraLength = try u16(at + 30), commentLength = try u16(at + 32)
            guard at + 46 + nameLength <= bytes.count else { throw .truncated }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(name: name, method: try u16(at + 10), flags: try u16(at + 8), crc: UInt32(try u32(at + 16)),
                              compressedSize: try u32(at + 20), size: try u32(at + 24), localHeader: try u32(at + 42))
            guard entry.compressedSize != 0xFFFF_FFFF, entry.size != 0xFFFF_FFFF, entry.localHeader != 0xFFFF_FFFF else {
                throw .unsupported("ZIP64")
            }
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Whether the archive has an entry `name`.
    public func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    /// The contents of entry `name`, inflated (at most `limit` bytes) and checked.
    public func contents(of name: String, limit: Int) throws(Failure) -> [UInt8] {
        guard let entry = entries.first(where: { $0.name == name }) else { throw .missingEntry(name) }
        guard entry.flags & 1 == 0 else { throw .unsupported("encryption") }
        guard entry.size <= limit else { throw .tooLarge(entry: name, limit: limit) }
        let at = entry.localHeader
        guard at >= 0, at + 30 <= bytes.count,
              bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x03, bytes[at + 3] == 0x04 else { throw .truncated }
        let nameLength = Int(bytes[at + 26]) | Int(bytes[at + 27]) << 8
        let extraLength = Int(bytes[at + 28]) | Int(bytes[at + 29]) << 8
        let start = at + 30 + nameLength + extraLength
        guard start + entry.compressedSize <= bytes.count else { throw .truncated }
        let data = Array(bytes[start..<(start + entry.compressedSize)])
        let contents: [UInt8]
        switch entry.method {
        case 0:
            contents = data
        case 8:
            switch Inflater.inflate(data, limit: limit) {
            case .success(let inflated): contents = inflated
            case .failure(.tooLarge): throw .tooLarge(entry: name, limit: limit)
            case .failure(let failure): throw .corrupt(entry: name, failure)
            }
        default:
            throw .unsupported("compression method \(entry.method)")
        }
        guard contents.count == entry.size, CRC32.checksum(contents) == entry.crc else { throw .checksumMismatch(entry: name) }
        return contents
    }
}

/// The CRC-32 of ZIP and gzip (polynomial 0xEDB88320, reflected).
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
