/// Reads a JSON record file straight from its bytes into record slots, against the declared
/// shapes, without building a `JSONValue` tree or keeping positions. It reads only files that
/// load without a fault: at the first thing that does not fit (malformed JSON, a duplicate or
/// unknown key, a value of the wrong type, a missing field, an unknown record type, …) it gives
/// up, and the caller reads the file again the precise way (`JSONReader`, then
/// `RecordDecoder`), which finds and places every error. So a file with an error is read twice,
/// and a file without one once, at the speed of its bytes.
///
/// What it accepts it decodes exactly as the precise way does: the same numbers (at most 18
/// digits, no exponent), texts (escapes, UTF-8 checked), dates, choices and declarations.
struct JSONRecordScanner {
    /// The scanner met something it leaves to the precise reader.
    struct Unhandled: Error {}

    /// Nesting deeper than this is left to the precise reader, which limits and reports it.
    static let maxDepth = JSONReader.maxDepth / 2

    /// The bytes read: the whole file, or a window of it (`RecordStream`).
    var bytes: UnsafeBufferPointer<UInt8>
    let files: RecordFiles
    var index = 0
    /// The slots of each shape, by shape index, made when first needed.
    var slots: [RecordSlots?]
    /// Per shape index, the slot of each key in the order the last record gave them.
    var order: [[Int]]
    /// Unescaped bytes of the text being read, reused.
    var scratch: [UInt8] = []
    /// Whether dates are ISO (`yyyy-mm-dd`), read straight from their bytes.
    let isoDates: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, files: RecordFiles) {
        self.bytes = bytes
        self.files = files
        slots = Array(repeating: nil, count: files.decoder.shapes.count)
        order = Array(repeating: [], count: files.decoder.shapes.count)
        isoDates = files.decoder.dateFormat.pattern == DateFormat.iso.pattern
    }

    /// The records of the file at `path`, or nil when it has anything the precise reader must
    /// look at.
    static func records(_ bytes: [UInt8], path: String, files: RecordFiles) -> [LoadedRecord]? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONRecordScanner(bytes: buffer, files: files)
            do throws(Unhandled) {
                return try scanner.document(path: path)
            } catch {
                return nil
            }
        }
    }

    // MARK: - The document

    mutating func document(path: String) throws(Unhandled) -> [LoadedRecord] {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw Unhandled() }
        var records: [LoadedRecord] = []
        var type = TypeCache()
        if bytes[index] == UInt8(ascii: "[") {
            index += 1
            guard !take(UInt8(ascii: "]")) else { throw Unhandled() }
            var element = 0
            repeat {
                records.append(LoadedRecord(value: try topRecord(&type), file: path, location: .element(element)))
                element += 1
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        } else {
            records.append(LoadedRecord(value: try topRecord(&type), file: path, location: .document))
        }
        skipWhitespace()
        guard index == bytes.count else { throw Unhandled() }
        return records
    }

    /// The record type a file's records last named, so that the next naming the same is
    /// matched by its bytes.
    struct TypeCache {
        var name: [UInt8] = []
        var shape: RecordShape.ID?
    }

    /// A record of the file: its shape named by its `"type"` key, or by `--type`.
    mutating func topRecord(_ type: inout TypeCache) throws(Unhandled) -> RecordValue {
        try expect(UInt8(ascii: "{"))
        let start = index
        // The type is usually the first key; when it is not, it is looked for ahead.
        var shape: RecordShape.ID
        var typeSeen = false
        if let named = try typeKey(&type) {
            shape = named
            typeSeen = true
        } else if let given = files.typeName {
            shape = try self.shape(named: given)
        } else {
            index = start
            shape = try typeAhead(&type)
            index = start
        }
        return try fields(of: shape, top: true, typeSeen: typeSeen, type: &type, depth: 1)
    }

    /// When the next key is `"type"`, reads it and its value and returns the shape it names.
    mutating func typeKey(_ type: inout TypeCache) throws(Unhandled) -> RecordShape.ID? {
        skipWhitespace()
        let mark = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
        let key = try rawString()
        guard !key.escaped, RecordSlots.equal("type", bytes, key.range) else {
            index = mark
            return nil
        }
        try expect(UInt8(ascii: ":"))
        let shape = try typeValue(&type)
        return shape
    }

    /// The value of a `"type"` key, as the shape it names (which must agree with `--type`).
    mutating func typeValue(_ type: inout TypeCache) throws(Unhandled) -> RecordShape.ID {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
        let raw = try rawString()
        if !raw.escaped, let known = type.shape, type.name.count == raw.range.count,
           RecordSlots.equal(type.name, bytes, raw.range) {
            return known
        }
        let given = try text(raw)
        if let expected = files.typeName, expected != given { throw Unhandled() }
        let shape = try self.shape(named: given)
        type = TypeCache(name: raw.escaped ? [] : Array(bytes[raw.range]), shape: raw.escaped ? nil : shape)
        return shape
    }

    /// Finds the record's `"type"` key among its keys (the object starts at `index`).
    mutating func typeAhead(_ type: inout TypeCache) throws(Unhandled) -> RecordShape.ID {
        guard !take(UInt8(ascii: "}")) else { throw Unhandled() }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
            let key = try rawString()
            try expect(UInt8(ascii: ":"))
            if !key.escaped, RecordSlots.equal("type", bytes, key.range) { return try typeValue(&type) }
            try skipValue(depth: 1)
        } while take(UInt8(ascii: ","))
        throw Unhandled()
    }

    func shape(named name: String) throws(Unhandled) -> RecordShape.ID {
        guard case .success(let id) = files.shape(named: name, file: "", place: "") else { throw Unhandled() }
        return id
    }

    func table(_ id: RecordShape.ID) -> RecordSlots? {
        slots.indices.contains(id.index) ? slots[id.index] : nil
    }

    // MARK: - Records

    /// The fields of an object of shape `id` whose `{` has been read, up to its `}`. At the top
    /// of the file, `"type"` is not a field (and may appear once; `typeSeen` when it has been
    /// read already, as the first key).
    mutating func fields(of id: RecordShape.ID, top: Bool, typeSeen: Bool, type: inout TypeCache,
                         depth: Int) throws(Unhandled) -> RecordValue {
        guard depth < Self.maxDepth, slots.indices.contains(id.index) else { throw Unhandled() }
        if slots[id.index] == nil { slots[id.index] = RecordSlots(files.decoder.shapes[id.index]) }
        guard let table = slots[id.index], table.usable else { throw Unhandled() }
        // Every slot starts absent (no copy of a template to release slot by slot); the lists the
        // record leaves out are made empty at the end.
        var values: [Value] = []
        values.reserveCapacity(table.names.count)
        for _ in 0..<table.names.count { values.append(.absent) }
        var given: UInt64 = 0
        var typeSeen = typeSeen
        // The keys are matched first against the order the last record of the shape gave them.
        let known = order[id.index]
        var keys: [Int] = []
        var diverged = false
        var position = 0
        var more = !take(UInt8(ascii: "}"))
        if more && typeSeen { try expect(UInt8(ascii: ",")) }
        while more {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
            // Most keys are the one the last record gave at this place, matched where they stand.
            let guess = position < known.count ? known[position] : -1
            let found: Int?
            if let end = table.key(guess, in: bytes, at: index) {
                index = end
                found = guess
            } else {
                let key = try rawString()
                if top, !key.escaped, RecordSlots.equal("type", bytes, key.range) {
                    found = nil
                } else {
                    guard !key.escaped, let slot = table.slot(of: bytes, key.range, guess: Swift.max(guess, 0)) else { throw Unhandled() }
                    found = slot
                }
            }
            try expect(UInt8(ascii: ":"))
            if found == nil {
                guard !typeSeen else { throw Unhandled() }
                typeSeen = true
                guard try typeValue(&type) == id else { throw Unhandled() }
            } else if let slot = found {
                let bit: UInt64 = 1 << UInt64(slot)
                guard given & bit == 0 else { throw Unhandled() }
                given |= bit
                values[slot] = try value(table.kinds[slot], nullable: table.nullable & bit != 0, slot: slot, of: table, depth: depth + 1)
                if diverged || position >= known.count || known[position] != slot {
                    if !diverged {
                        keys = Array(known.prefix(position))
                        diverged = true
                    }
                    keys.append(slot)
                }
                position += 1
            }
            more = take(UInt8(ascii: ","))
            if !more { try expect(UInt8(ascii: "}")) }
        }
        if diverged || position != known.count { order[id.index] = diverged ? keys : Array(known.prefix(position)) }
        return try finished(&values, given: given, table: table)
    }

    func finished(_ values: inout [Value], given: UInt64, table: RecordSlots) throws(Unhandled) -> RecordValue {
        guard given & table.required == table.required else { throw Unhandled() }
        var emptyLists = table.lists & ~given
        while emptyLists != 0 {
            values[emptyLists.trailingZeroBitCount] = .list([])
            emptyLists &= emptyLists - 1
        }
        return RecordValue(shape: table.shape, fields: values)
    }

    /// The value of a slot of `table`, read directly when its kind has a direct reading.
    @inline(__always)
    mutating func value(_ kind: RecordSlots.Kind, nullable: Bool, slot: Int, of table: RecordSlots,
                        depth: Int) throws(Unhandled) -> Value {
        skipWhitespace()
        guard index < bytes.count else { throw Unhandled() }
        let first = bytes[index]
        if nullable && first == UInt8(ascii: "n") {
            try literal("null")
            return .absent
        }
        switch kind {
        case .text:
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            return .text(try text(rawString()))
        case .number:
            return .number(try number())
        case .bool:
            return try boolean(startingWith: first)
        case .date:
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            return try date(rawString())
        case .textList:
            guard first == UInt8(ascii: "[") else { throw Unhandled() }
            index += 1
            if take(UInt8(ascii: "]")) { return .list([]) }
            var items: [Value] = []
            items.reserveCapacity(4)
            repeat {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
                items.append(.text(try text(rawString())))
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return .list(items)
        case .other:
            return try value(as: table.types[slot], depth: depth)
        }
    }

    /// `true` or `false`, which `first` begins.
    @inline(__always)
    mutating func boolean(startingWith first: UInt8) throws(Unhandled) -> Value {
        if first == UInt8(ascii: "t") {
            try literal("true")
            return .bool(true)
        }
        try literal("false")
        return .bool(false)
    }

    /// A date from its text (see `RecordDecoder.value(_:as:path:)`).
    mutating func date(_ raw: RawText) throws(Unhandled) -> Value {
        if !raw.escaped, isoDates, let date = RecordSlots.isoDate(bytes, raw.range) { return .date(date) }
        let text = try text(raw)
        do throws(DateFormatError) {
            return .date(try files.decoder.dateFormat.parse(text))
        } catch {
            throw Unhandled()
        }
    }

    /// A field value of `type` (see `RecordDecoder.value(_:as:path:)`, whose successes these are).
    mutating func value(as type: CharterType, depth: Int) throws(Unhandled) -> Value {
        skipWhitespace()
        guard index < bytes.count else { throw Unhandled() }
        let first = bytes[index]
        switch type {
        case .optional(let wrapped):
            if first == UInt8(ascii: "n") {
                try literal("null")
                return .absent
            }
            return try value(as: wrapped, depth: depth)
        case .text:
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            return .text(try text(rawString()))
        case .choice(let choices):
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            let text = try text(rawString())
            guard choices.contains(text) else { throw Unhandled() }
            return .text(text)
        case .number:
            return .number(try number())
        case .bool:
            return try boolean(startingWith: first)
        case .date:
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            return try date(rawString())
        case .time:
            guard first == UInt8(ascii: "\""), let time = RecordDecoder.time(try text(rawString())) else { throw Unhandled() }
            return .time(time)
        case .duration:
            guard first == UInt8(ascii: "\""), let duration = RecordDecoder.duration(try text(rawString())) else { throw Unhandled() }
            return duration
        case .list(let element):
            guard first == UInt8(ascii: "[") else { throw Unhandled() }
            index += 1
            guard depth < Self.maxDepth else { throw Unhandled() }
            if take(UInt8(ascii: "]")) { return .list([]) }
            var items: [Value] = []
            repeat {
                items.append(try value(as: element, depth: depth + 1))
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return .list(items)
        case .record(let id) where files.decoder.isDeclarationType(id):
            guard first == UInt8(ascii: "\"") else { throw Unhandled() }
            let name = try text(rawString())
            do throws(RecordError) {
                return try files.decoder.declaration(named: name, of: id, path: "")
            } catch {
                throw Unhandled()
            }
        case .record(let id):
            guard first == UInt8(ascii: "{") else { throw Unhandled() }
            index += 1
            var none = TypeCache()
            return .record(try fields(of: id, top: false, typeSeen: false, type: &none, depth: depth))
        case .unknown:
            throw Unhandled()
        }
    }

    // MARK: - Tokens

    @inline(__always)
    mutating func skipWhitespace() {
        let bytes = self.bytes
        var offset = index
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default:
                index = offset
                return
            }
        }
        index = offset
    }

    /// Reads `byte` after any whitespace, or gives up.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(Unhandled) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Unhandled() }
        index += 1
    }

    /// Reads `byte` after any whitespace when it is next.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func literal(_ word: StaticString) throws(Unhandled) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, RecordSlots.equal(word, bytes, index..<index + count) else { throw Unhandled() }
        index += count
    }

    /// A text in quotes as it stands in the file: the range of its bytes inside the quotes,
    /// whether it has escapes (then `text` unescapes it), and whether every byte is ASCII.
    struct RawText {
        let range: Range<Int>
        let escaped: Bool
        let ascii: Bool
    }

    /// The text in quotes at `index`.
    mutating func rawString() throws(Unhandled) -> RawText {
        let bytes = self.bytes
        let start = index + 1
        var offset = start
        var escaped = false
        var high: UInt8 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                index = offset + 1
                return RawText(range: start..<offset, escaped: escaped, ascii: high < 0x80)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                offset += 2
                continue
            }
            guard byte >= 0x20 else { throw Unhandled() }
            high |= byte
            offset += 1
        }
        throw Unhandled()
    }

    /// The text of a `rawString`, unescaped and checked as UTF-8.
    mutating func text(_ raw: RawText) throws(Unhandled) -> String {
        guard raw.escaped else {
            let buffer = UnsafeBufferPointer(rebasing: bytes[raw.range])
            // ASCII needs no check; other texts are checked as the precise reader checks them.
            if raw.ascii { return String(decoding: buffer, as: UTF8.self) }
            guard let text = String(validating: buffer, as: UTF8.self) else { throw Unhandled() }
            return text
        }
        scratch.removeAll(keepingCapacity: true)
        var offset = raw.range.lowerBound
        let end = raw.range.upperBound
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            guard byte == UInt8(ascii: "\\") else {
                scratch.append(byte)
                continue
            }
            guard offset < end else { throw Unhandled() }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4(&offset, end)
                if (0xD800...0xDBFF).contains(scalar) {
                    guard offset + 1 < end, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else { throw Unhandled() }
                    offset += 2
                    let low = try hex4(&offset, end)
                    guard (0xDC00...0xDFFF).contains(low) else { throw Unhandled() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw Unhandled() }
                UTF8.encode(character) { scratch.append($0) }
            default:
                throw Unhandled()
            }
        }
        guard let text = String(validating: scratch, as: UTF8.self) else { throw Unhandled() }
        return text
    }

    func hex4(_ offset: inout Int, _ end: Int) throws(Unhandled) -> UInt32 {
        guard offset + 4 <= end else { throw Unhandled() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Unhandled()
            }
            value = value * 16 + digit
            offset += 1
        }
        return value
    }

    /// A number as `JSONParser.exact` reads one: an optional `-`, a whole part without leading
    /// zeros, an optional fraction, at most 18 digits in all, no exponent.
    mutating func number() throws(Unhandled) -> Rational {
        var offset = index
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        var value = 0, digits = 0, scale = 1
        let wholeStart = offset
        while offset < bytes.count, bytes[offset] &- UInt8(ascii: "0") < 10 {
            guard digits < 18 else { throw Unhandled() }
            value = value * 10 + Int(bytes[offset] &- UInt8(ascii: "0"))
            digits += 1
            offset += 1
        }
        let whole = offset - wholeStart
        guard whole > 0, whole == 1 || bytes[wholeStart] != UInt8(ascii: "0") else { throw Unhandled() }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            let fractionStart = offset
            while offset < bytes.count, bytes[offset] &- UInt8(ascii: "0") < 10 {
                guard digits < 18 else { throw Unhandled() }
                value = value * 10 + Int(bytes[offset] &- UInt8(ascii: "0"))
                digits += 1
                scale *= 10
                offset += 1
            }
            guard offset > fractionStart else { throw Unhandled() }
        }
        // The precise reader's number runs on over these; what follows here is an error there.
        if offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): throw Unhandled()
            default: break
            }
        }
        index = offset
        guard let number = Rational(negative ? -value : value, scale) else { throw Unhandled() }
        return number
    }

    /// Passes over any JSON value (for finding a `"type"` key ahead).
    mutating func skipValue(depth: Int) throws(Unhandled) {
        guard depth < Self.maxDepth else { throw Unhandled() }
        skipWhitespace()
        guard index < bytes.count else { throw Unhandled() }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            _ = try rawString()
        case UInt8(ascii: "{"):
            index += 1
            if take(UInt8(ascii: "}")) { return }
            repeat {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unhandled() }
                _ = try rawString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            index += 1
            if take(UInt8(ascii: "]")) { return }
            repeat { try skipValue(depth: depth + 1) } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }
}
