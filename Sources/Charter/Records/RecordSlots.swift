/// What the fast readers (`JSONRecordScanner`, `CSVRecordScanner`) need of one record shape to
/// fill its slots straight from the bytes of a file: each field's name as UTF-8 (keys are
/// matched byte for byte), its type, which slots are required, and which are lists
/// (empty when a record leaves them out). A shape the fast readers cannot take (more than 64 fields, or names
/// that do not map one-to-one to slots) is marked unusable, and its files go the precise way.
struct RecordSlots {
    let shape: RecordShape.ID
    /// The field names, by slot, as UTF-8.
    let names: [[UInt8]]
    /// The field types, by slot.
    let types: [CharterType]
    /// One bit per required slot (neither optional nor a list).
    let required: UInt64
    /// One bit per list slot (empty when the record leaves it out).
    let lists: UInt64
    /// Whether the fast readers can fill records of this shape.
    let usable: Bool
    /// How each slot's value is read: the common field types have a direct reading.
    let kinds: [Kind]
    /// One bit per optional slot (which may be `null`).
    let nullable: UInt64
    /// Per slot, whether its name can be matched in place, right after a key's opening quote:
    /// it has no quote, backslash or control character, and is not `type`.
    let plain: [Bool]

    /// A field type with a direct reading (of itself or, for an optional, of what it wraps),
    /// or `other`, read by its full type.
    enum Kind: Sendable {
        case text, number, bool, date, textList, other
    }

    init(_ shape: RecordShape) {
        self.shape = shape.id
        names = shape.fieldOrder.map { Array($0.utf8) }
        types = shape.fieldOrder.map { shape.fields[$0] ?? .unknown }
        var required: UInt64 = 0, lists: UInt64 = 0
        for (slot, type) in types.enumerated() {
            switch type {
            case .list:
                if slot < 64 { lists |= 1 << UInt64(slot) }
            case .optional:
                break
            default:
                if slot < 64 { required |= 1 << UInt64(slot) }
            }
        }
        self.required = required
        self.lists = lists
        var nullable: UInt64 = 0
        kinds = types.enumerated().map { slot, type in
            var base = type
            if case .optional(let wrapped) = type {
                base = wrapped
                if slot < 64 { nullable |= 1 << UInt64(slot) }
            }
            switch base {
            case .text: return .text
            case .number: return .number
            case .bool: return .bool
            case .date: return .date
            case .list(.text): return .textList
            default: return .other
            }
        }
        self.nullable = nullable
        plain = names.map { name in
            name != Array("type".utf8) && !name.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        }
        usable = shape.fieldOrder.count <= 64
            && shape.fieldOrder.enumerated().allSatisfy { shape.slots[$0.element] == $0.offset }
    }

    /// The slot whose name is `bytes[range]`, looked for first at `guess` (keys tend to come in
    /// the same order in every record), or nil.
    @inline(__always)
    func slot(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, guess: Int) -> Int? {
        if guess < names.count, Self.equal(names[guess], bytes, range) { return guess }
        for slot in names.indices where Self.equal(names[slot], bytes, range) { return slot }
        return nil
    }

    /// When the key whose opening quote is at `quote` is the plain name of `slot`, the index
    /// just past its closing quote.
    @inline(__always)
    func key(_ slot: Int, in bytes: UnsafeBufferPointer<UInt8>, at quote: Int) -> Int? {
        guard slot >= 0, slot < names.count, plain[slot] else { return nil }
        let start = quote + 1, end = start + names[slot].count
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), Self.equal(names[slot], bytes, start..<end) else { return nil }
        return end + 1
    }

    /// Whether `bytes[range]` is `name`, compared eight bytes at a time.
    @inline(__always)
    static func equal(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard name.count == range.count, range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        return name.withUnsafeBufferPointer { name in
            let start = range.lowerBound
            let rawName = UnsafeRawBufferPointer(name), rawBytes = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= name.count {
                // INVARIANT: `offset + 8` is within `name`, and `range` (as long as `name`) within `bytes`.
                guard rawName.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        == rawBytes.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self) else { return false }
                offset += 8
            }
            while offset < name.count {
                guard name[offset] == bytes[start + offset] else { return false }
                offset += 1
            }
            return true
        }
    }

    /// Whether `bytes[range]` is `word`.
    @inline(__always)
    static func equal(_ word: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        word.withUTF8Buffer { word in
            guard word.count == range.count else { return false }
            let start = range.lowerBound
            for offset in 0..<word.count where word[offset] != bytes[start + offset] { return false }
            return true
        }
    }

    /// `yyyy-mm-dd` from its ten bytes, or nil (as `RecordDecoder.isoDate` reads a text).
    static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CivilDate? {
        guard range.count == 10 else { return nil }
        let start = range.lowerBound
        guard bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for offset in from..<from + count {
                let digit = bytes[offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = digits(start, 4), let month = digits(start + 5, 2), let day = digits(start + 8, 2) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
