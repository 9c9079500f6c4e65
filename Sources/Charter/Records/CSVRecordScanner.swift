/// Reads a CSV record file straight from its bytes into record slots, row by row, without
/// making a `CSVReader.Table` of texts first. Like `JSONRecordScanner` it reads only files that
/// load without an error: at the first fault (a ragged row, an unclosed quote, invalid UTF-8,
/// a cell that does not fit, a header that does not fit the type, …) it gives up, and the
/// caller reads the file again with `CSVReader` and `RecordDecoder`, which place every error.
/// It reads what it accepts exactly as they do: the same splitting into rows and fields, blank
/// rows skipped, trailing unnamed columns dropped, the same plan per header and record type,
/// and each cell read as `RecordDecoder.record(_:plan:)` reads it.
struct CSVRecordScanner {
    struct Unhandled: Error {}

    /// One field of a row: its bytes (inside the quotes of a quoted field), whether it holds
    /// `""` for a quote, and whether any byte is not ASCII.
    struct Field {
        var start: Int
        var end: Int
        var doubledQuotes: Bool
        var ascii: Bool
        var isEmpty: Bool { start == end }
    }

    /// The bytes read: the whole file, or a window of it (`RecordStream`).
    var bytes: UnsafeBufferPointer<UInt8>
    let files: RecordFiles
    let delimiter: UInt8
    var index = 0
    var line = 1
    /// The fields of the row being read, reused from row to row.
    var fields: [Field] = []
    /// A quoted field's bytes with `""` made `"`, reused.
    var scratch: [UInt8] = []
    var layout = Layout()
    /// The warnings about columns no field claims, one per plan.
    var warnings: [RecordFileError] = []
    /// Whether `bytes` run to the end of the file. When they do not (a window of a file read a
    /// part at a time), a row that reaches their end may go on past it, and is not read.
    var final = true

    init(bytes: UnsafeBufferPointer<UInt8>, files: RecordFiles, start: Int, delimiter: UInt8) {
        self.bytes = bytes
        self.files = files
        index = start
        self.delimiter = delimiter
    }

    /// The records of the file at `path` and the warning about columns no field claims, or nil
    /// when the file has anything the precise reader must look at.
    static func records(_ bytes: [UInt8], path: String, files: RecordFiles) -> (records: [LoadedRecord], warnings: [RecordFileError])? {
        // UTF-16 is converted by the precise reader.
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { return nil }
        let start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let delimiter = files.options.delimiter ?? CSVReader.detectDelimiter(bytes, from: start)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVRecordScanner(bytes: buffer, files: files, start: start, delimiter: delimiter)
            do throws(Unhandled) {
                return try scanner.table(path: path)
            } catch {
                return nil
            }
        }
    }

    // MARK: - The table

    mutating func table(path: String) throws(Unhandled) -> (records: [LoadedRecord], warnings: [RecordFileError]) {
        try readHeader()
        var records: [LoadedRecord] = []
        while let record = try nextRecord(path: path) { records.append(record) }
        guard !records.isEmpty else { throw Unhandled() }
        return (records, warnings)
    }

    /// The header, the type column and the plans by record type: what the rows after the
    /// header are read by.
    struct Layout {
        /// The header's columns up to the last with a name.
        var header: [String] = []
        /// How many columns the header row has, its unnamed trailing ones included.
        var fullWidth = 0
        var typeColumn: Int?
        var plans: [String: Reading] = [:]
        /// The record type the last row named (empty without a type column), and its reading.
        var last: (name: [UInt8], reading: Reading)?
    }

    /// Reads the header: the first row that is not blank.
    mutating func readHeader() throws(Unhandled) {
        var headerFields: [String] = []
        while headerFields.isEmpty {
            guard try row() != nil else { throw Unhandled() }
            if fields.allSatisfy(\.isEmpty) { continue }
            for field in fields { headerFields.append(try text(field)) }
        }
        var width = headerFields.count
        while width > 1, headerFields[width - 1].isEmpty { width -= 1 }
        layout.header = Array(headerFields[..<width])
        layout.fullWidth = headerFields.count
        layout.typeColumn = layout.header.firstIndex { RecordDecoder.headerKey($0) == "type" }
        guard files.typeName != nil || layout.typeColumn != nil else { throw Unhandled() }
    }

    /// The record of the next row that is not blank, or nil at the end of the bytes.
    mutating func nextRecord(path: String) throws(Unhandled) -> LoadedRecord? {
        let width = layout.header.count, fullWidth = layout.fullWidth
        while let rowLine = try row() {
            if fields.allSatisfy(\.isEmpty) { continue }
            // A row may leave out the trailing columns with no header; one that gives them a
            // value widens the table, which the precise reader works out.
            guard fields.count == fullWidth || (fields.count >= width && fields.count < fullWidth),
                  fields[width...].allSatisfy(\.isEmpty) else { throw Unhandled() }
            let reading: Reading
            if let typeColumn = layout.typeColumn, files.typeName == nil || !fields[typeColumn].isEmpty {
                let field = fields[typeColumn]
                if let last = layout.last, !field.doubledQuotes, RecordSlots.equal(last.name, bytes, field.start..<field.end) {
                    reading = last.reading
                } else {
                    let name = try text(field)
                    if let expected = files.typeName, expected != name { throw Unhandled() }
                    reading = try self.reading(for: name, path: path)
                    layout.last = field.doubledQuotes ? nil : (Array(bytes[field.start..<field.end]), reading)
                }
            } else if let fixed = layout.last, fixed.name.isEmpty {
                reading = fixed.reading
            } else {
                reading = try self.reading(for: files.typeName ?? "", path: path)
                // Without a type column every row has the same plan.
                if layout.typeColumn == nil { layout.last = ([], reading) }
            }
            return LoadedRecord(value: try record(reading), file: path, location: .line(rowLine))
        }
        return nil
    }

    /// A plan, and for each slot of its shape the plan's column that fills it (-1 for none).
    struct Reading {
        let plan: RecordDecoder.CSVPlan
        let columnOfSlot: [Int]
        /// Per plan column: its field in the row, how its cells read, and whether its type is
        /// a `list of text`.
        let cells: [(field: Int, kind: RecordDecoder.CellKind, textList: Bool)]
    }

    /// The plan for rows of the record type `name`, made once.
    mutating func reading(for name: String, path: String) throws(Unhandled) -> Reading {
        if let known = layout.plans[name] { return known }
        let header = layout.header
        guard case .success(let id) = files.shape(named: name, file: path, place: "") else { throw Unhandled() }
        let plan: RecordDecoder.CSVPlan
        do throws(RecordErrors) {
            plan = try files.decoder.plan(header: header, shape: id)
        } catch {
            throw Unhandled()
        }
        if !plan.unclaimed.isEmpty {
            let unclaimed = files.unclaimedColumns(plan, path: path)
            guard unclaimed.severity != .error else { throw Unhandled() }
            warnings.append(unclaimed)
        }
        var columnOfSlot = [Int](repeating: -1, count: plan.defaults.count)
        for (index, column) in plan.columns.enumerated() {
            guard columnOfSlot.indices.contains(column.slot) else { throw Unhandled() }
            columnOfSlot[column.slot] = index
        }
        let cells = plan.columns.indices.map { index in
            let textList: Bool
            if case .list(.text) = plan.columns[index].type { textList = true } else { textList = false }
            return (plan.columns[index].column, plan.kinds[index], textList)
        }
        let reading = Reading(plan: plan, columnOfSlot: columnOfSlot, cells: cells)
        layout.plans[name] = reading
        return reading
    }

    // MARK: - Rows

    /// Reads the next row's fields into `fields` and returns the line it starts on, or nil at
    /// the end of the file (see `CSVReader.parse`, whose rows these are).
    mutating func row() throws(Unhandled) -> Int? {
        let bytes = self.bytes
        let delimiter = self.delimiter
        var offset = index
        guard offset < bytes.count else { return nil }
        fields.removeAll(keepingCapacity: true)
        let rowLine = line
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        while true {
            var field = Field(start: offset, end: offset, doubledQuotes: false, ascii: true)
            if offset < bytes.count, bytes[offset] == quote {
                // A quoted field runs to the next lone quote, across delimiters and line breaks.
                offset += 1
                field.start = offset
                var closed = false
                while offset < bytes.count {
                    let byte = bytes[offset]
                    if byte == quote {
                        if offset + 1 < bytes.count, bytes[offset + 1] == quote {
                            field.doubledQuotes = true
                            offset += 2
                            continue
                        }
                        field.end = offset
                        offset += 1
                        closed = true
                        break
                    }
                    if byte == lf { line += 1 }
                    if byte >= 0x80 { field.ascii = false }
                    offset += 1
                }
                guard closed else { throw Unhandled() }
                if offset < bytes.count, bytes[offset] != delimiter, bytes[offset] != lf, bytes[offset] != cr { throw Unhandled() }
            } else {
                while offset < bytes.count {
                    let byte = bytes[offset]
                    if byte == delimiter || byte == lf || byte == cr { break }
                    if byte >= 0x80 { field.ascii = false }
                    offset += 1
                }
                field.end = offset
            }
            if !field.ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self) == nil {
                throw Unhandled()
            }
            fields.append(field)
            guard offset < bytes.count else {
                guard final else { throw Unhandled() }
                index = offset
                return rowLine
            }
            let byte = bytes[offset]
            offset += 1
            if byte == delimiter { continue }
            if byte == cr {
                // A line break of CR LF may be split at the end of a window.
                if offset < bytes.count {
                    if bytes[offset] == lf { offset += 1 }
                } else if !final {
                    throw Unhandled()
                }
            }
            line += 1
            index = offset
            return rowLine
        }
    }

    /// The field's text, with `""` made `"`.
    mutating func text(_ field: Field) throws(Unhandled) -> String {
        guard field.doubledQuotes else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self) }
        unquote(field)
        return String(decoding: scratch, as: UTF8.self)
    }

    mutating func unquote(_ field: Field) {
        scratch.removeAll(keepingCapacity: true)
        var offset = field.start
        while offset < field.end {
            scratch.append(bytes[offset])
            offset += bytes[offset] == UInt8(ascii: "\"") ? 2 : 1
        }
    }

    // MARK: - Cells

    /// The row as a record of `reading.plan` (see `RecordDecoder.record(_:plan:)`), its fields
    /// made in slot order.
    mutating func record(_ reading: Reading) throws(Unhandled) -> RecordValue {
        var values: [Value] = []
        values.reserveCapacity(reading.columnOfSlot.count)
        // Read once, not per cell: each read through `self` or `reading` is a retain and a release.
        let fields = self.fields, cells = reading.cells, defaults = reading.plan.defaults
        for (slot, index) in reading.columnOfSlot.enumerated() {
            guard index >= 0 else {
                values.append(defaults[slot])
                continue
            }
            let cell = cells[index]
            let field = fields[cell.field]
            if !field.doubledQuotes, let value = Self.direct(bytes, field.start..<field.end, kind: cell.kind) {
                values.append(value)
            } else if !field.doubledQuotes, field.ascii, cell.textList {
                values.append(Self.textList(bytes, field.start..<field.end))
            } else {
                values.append(try general(field, type: reading.plan.columns[index].type, kind: cell.kind, textList: cell.textList))
            }
        }
        return RecordValue(shape: reading.plan.shape, fields: values)
    }

    /// A cell with `""` in it, or one with no direct reading.
    mutating func general(_ field: Field, type: CharterType, kind: RecordDecoder.CellKind, textList: Bool) throws(Unhandled) -> Value {
        guard field.doubledQuotes else {
            return try Self.cell(bytes, field.start..<field.end, ascii: field.ascii, kind: kind, type: type, decoder: files.decoder)
        }
        unquote(field)
        return try scratch.withUnsafeBufferPointer { buffer throws(Unhandled) in
            try Self.cell(buffer, 0..<buffer.count, ascii: field.ascii, kind: kind, type: type, decoder: files.decoder)
        }
    }

    /// A cell read directly when it is plainly written, as `RecordDecoder.direct` reads one.
    @inline(__always)
    static func direct(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, kind: RecordDecoder.CellKind) -> Value? {
        guard !range.isEmpty, !isBlank(bytes[range.lowerBound]), !isBlank(bytes[range.upperBound - 1]) else { return nil }
        switch kind {
        case .text:
            return .text(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        case .number:
            return smallInteger(bytes, range).map(Value.number)
        case .bool:
            if RecordSlots.equal("true", bytes, range) { return .bool(true) }
            if RecordSlots.equal("false", bytes, range) { return .bool(false) }
            return nil
        case .isoDate:
            return RecordSlots.isoDate(bytes, range).map(Value.date)
        case .other:
            return nil
        }
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// One cell as a value of `type`: read directly from its bytes when it is plainly written
    /// (as `RecordDecoder.direct`), a list of texts split on `;` when it is ASCII, and
    /// otherwise as a text the general way (`RecordDecoder.cell`).
    static func cell(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, ascii: Bool, kind: RecordDecoder.CellKind,
                     type: CharterType, decoder: RecordDecoder) throws(Unhandled) -> Value {
        if let value = direct(bytes, range, kind: kind) { return value }
        if ascii, case .list(.text) = type { return textList(bytes, range) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if let value = RecordDecoder.direct(text, kind) { return value }
        do throws(RecordError) {
            return try decoder.cell(text, as: type, path: "")
        } catch {
            throw Unhandled()
        }
    }

    /// An ASCII cell as a list of texts: split on `;`, each part without blanks at its ends,
    /// none for a blank cell (as `RecordDecoder.cell` reads a `list of text`).
    static func textList(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return .list([]) }
        var items: [Value] = []
        var parts = 1
        for offset in lower..<upper where bytes[offset] == UInt8(ascii: ";") { parts += 1 }
        items.reserveCapacity(parts)
        var start = lower
        var offset = lower
        while true {
            if offset == upper || bytes[offset] == UInt8(ascii: ";") {
                var (from, to) = (start, offset)
                while from < to, isBlank(bytes[from]) { from += 1 }
                while to > from, isBlank(bytes[to - 1]) { to -= 1 }
                items.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)))
                if offset == upper { break }
                start = offset + 1
            }
            offset += 1
        }
        return .list(items)
    }

    /// A whole number of at most 18 digits with an optional `-` (as `RecordDecoder.smallInteger`).
    static func smallInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Rational? {
        var offset = range.lowerBound
        let negative = offset < range.upperBound && bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        guard range.upperBound - offset >= 1, range.upperBound - offset <= 18 else { return nil }
        var value = 0
        while offset < range.upperBound {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            offset += 1
        }
        return Rational(negative ? -value : value)
    }
}
