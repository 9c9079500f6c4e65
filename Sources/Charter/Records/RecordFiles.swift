import Foundation

/// A record read from a file, with where it came from.
public struct LoadedRecord: Sendable {
    public enum Location: Sendable, Equatable {
        /// A JSON file holding one record.
        case document
        /// The record at this index of a JSON array.
        case element(Int)
        /// The CSV row starting on this line.
        case line(Int)
        /// The row of a workbook's sheet.
        case row(sheet: String, row: Int)
    }

    public let value: RecordValue
    public let file: String
    public let location: Location

    public init(value: RecordValue, file: String, location: Location) {
        self.value = value
        self.file = file
        self.location = location
    }

    /// `$[2]` in a JSON array, `line 14` in a CSV file, `[CRs] row 7` in a workbook, `$` for a JSON file of one record.
    public var place: String { Self.place(location) }

    static func place(_ location: Location) -> String {
        switch location {
        case .document: "$"
        case .element(let index): "$[\(index)]"
        case .line(let line): "line \(line)"
        case .row(let sheet, let row): "[\(sheet)] row \(row)"
        }
    }
}

/// A record file, or a record in one, that cannot be used: its `R` code, the file, `place` in it
/// as a path or line (`$[2].raised`, `line 14`), and where known the line and column (from 1,
/// in characters) of the value that does not fit, for a diagnostic that quotes the file.
public struct RecordFileError: Error, Sendable, CustomStringConvertible {
    public let code: DiagnosticCode
    public let file: String
    public let place: String?
    public let message: String
    public let line: Int?
    public let column: Int?
    /// The 0-based field of the CSV row on `line` whose cell does not fit.
    public let csvField: Int?
    /// The field separator of the CSV file, for finding `csvField` on its line.
    public var csvDelimiter = UInt8(ascii: ",")
    /// An error, or a warning (a CSV column no field claims), or the note of how many more errors there are.
    public var severity: Severity

    public init(_ code: DiagnosticCode, file: String, place: String?, message: String, line: Int? = nil, column: Int? = nil,
                csvField: Int? = nil) {
        self.code = code
        self.file = file
        self.place = place
        self.message = message
        self.line = line
        self.column = column
        self.csvField = csvField
        severity = code == .tooManyRecordErrors ? .note : .error
    }

    init(_ error: RecordError, file: String, line: Int? = nil) {
        // A CSV cell is read as a JSON value with no place in a JSON text (line 0): its row's line stands.
        let position = error.position.flatMap { $0.line >= 1 ? $0 : nil }
        self.init(error.code, file: file, place: error.path, message: error.message,
                  line: position?.line ?? line, column: position?.column, csvField: error.field)
    }

    /// `file: place: message`, or `file: line L, column C: message` for a fault with no
    /// path (malformed JSON), as one line for logs and the REPL.
    public var description: String {
        // A worksheet cell is named as a spreadsheet names it: `register.xlsx [CRs]!D7`.
        if let place, place.hasPrefix("[") { return "\(file) \(place): \(message)" }
        return "\(file): \(whereInFile.map { "\($0): " } ?? "")\(message)"
    }

    var whereInFile: String? {
        switch (place, line, column) {
        case (let place?, _, _): place
        case (nil, let line?, let column?): "line \(line), column \(column)"
        case (nil, let line?, nil): "line \(line)"
        case (nil, nil, _): nil
        }
    }

    /// The error as a diagnostic. With `source` (the record file's text) it points at the line
    /// and column; without, or with no line known, it names the file and place in its message.
    public func diagnostic(in source: SourceFile?) -> Diagnostic {
        let placed = place.map { "\($0): \(message)" } ?? message
        guard let source, let line, line >= 1, line <= source.lineStarts.count else {
            return Diagnostic(severity, code, description, at: nil)
        }
        let index = source.lineIndex
        let content = index.contentRange(ofLine: line - 1)
        // The underline runs over the value's JSON token, the CSV cell, or else the row's line.
        let range: Range<Int>
        if let column {
            let start = index.offset(line: line - 1, column: column - 1, in: .unicodeScalars)
            range = start..<Self.tokenEnd(source.bytes, from: start, limit: content.upperBound)
        } else if let csvField, let cell = Self.csvCell(csvField, in: source.bytes, line: content, delimiter: csvDelimiter) {
            range = cell
        } else {
            range = content
        }
        let (start, end) = (range.lowerBound, range.upperBound)
        let columnNumber = index.location(of: start).scalarColumn + 1
        let length = Swift.max(1, String(decoding: source.bytes[start..<end], as: UTF8.self).unicodeScalars.count)
        let span = SourceSpan(file: source.id, offset: start, endOffset: end, line: line, column: columnNumber, length: length)
        return Diagnostic(severity, code, placed, at: span)
    }

    /// The bytes of the 0-based `field` of the CSV row on `line`, quotes included, or nil when the
    /// row has fewer fields on that line (a quoted cell that runs over lines).
    static func csvCell(_ field: Int, in bytes: [UInt8], line: Range<Int>, delimiter: UInt8 = UInt8(ascii: ",")) -> Range<Int>? {
        var start = line.lowerBound, offset = line.lowerBound, found = 0, quoted = false
        while offset < line.upperBound {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == delimiter, !quoted {
                if found == field { return start..<offset }
                found += 1
                start = offset + 1
            }
            offset += 1
        }
        return found == field && !quoted ? start..<line.upperBound : nil
    }

    /// The end of the JSON token at `start`: a quoted text to its closing quote, else up to the
    /// next comma, bracket, brace or space.
    private static let tokenEnders = Set(",]} \t\r".utf8)

    static func tokenEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int {
        guard start < limit else { return start }
        var offset = start
        if bytes[offset] == UInt8(ascii: "\"") {
            offset += 1
            var escaped = false
            while offset < limit {
                let byte = bytes[offset]
                offset += 1
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { break }
            }
            return offset
        }
        if bytes[offset] == UInt8(ascii: "{") || bytes[offset] == UInt8(ascii: "[") { return offset + 1 }
        while offset < limit, !Self.tokenEnders.contains(bytes[offset]) { offset += 1 }
        return Swift.max(offset, start + 1)
    }
}

extension Array where Element == RecordFileError {
    /// The errors as diagnostics quoting their files: each file that has errors is read again
    /// (only those, and only under the rule-file size limit, so that a huge file is named, not
    /// quoted) into `files`.
    public func diagnostics(into files: inout SourceFiles) -> [Diagnostic] {
        var sources: [String: SourceFile?] = [:]
        return map { error in
            if sources[error.file] == nil {
                sources[error.file] = .some(Self.source(error.file, into: &files))
            }
            return error.diagnostic(in: sources[error.file] ?? nil)
        }
    }

    /// The text of the record file at `path` for quoting, or nil when it cannot be quoted
    /// (gone since it was read, over the limit, not text): its errors then name file and place.
    private static func source(_ path: String, into files: inout SourceFiles) -> SourceFile? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { handle.closeFile() }
        let data: Data
        do {
            data = try handle.read(upToCount: RulebookLoader.maxFileBytes + 1) ?? Data()
        } catch {
            return nil
        }
        guard data.count <= RulebookLoader.maxFileBytes, case .success(let text) = SourceDecoder.decode([UInt8](data)) else { return nil }
        return files.add(path: path, text: text)
    }
}

/// Reads record files (JSON or CSV) against a rulebook's record shapes. Every record that
/// does not fit is reported with its place; none is dropped.
public struct RecordFiles: Sendable {
    /// Record files are read whole; one larger than this is refused.
    public static let maxFileBytes = 1 << 30
    /// Errors reported per file before the rest are summarised.
    public static let maxErrorsPerFile = 20

    /// The form of a record file: read from its name or first bytes, or given (`--input-format`).
    public enum InputFormat: String, Sendable, CaseIterable {
        case csv, json, xlsx
    }

    /// How files are read beyond their record shapes.
    public struct Options: Sendable {
        /// `--delimiter`: the CSV field separator, or nil to detect it from the header row.
        public var delimiter: UInt8?
        /// `--strict`: a CSV column that no field claims is an error rather than a warning.
        public var strict: Bool
        /// `--input-format`: the form of every file, or nil to tell it from name and content.
        public var inputFormat: InputFormat?
        /// `--sheet`: the worksheet of a workbook to read, or nil for the first.
        public var sheet: String?

        public init(delimiter: UInt8? = nil, strict: Bool = false, inputFormat: InputFormat? = nil, sheet: String? = nil) {
            self.delimiter = delimiter
            self.strict = strict
            self.inputFormat = inputFormat
            self.sheet = sheet
        }
    }

    /// The name standard input goes by in messages when `-` is given as a file.
    public static let standardInputName = "<stdin>"

    let decoder: RecordDecoder
    let shapeByName: [String: RecordShape.ID]
    /// `--type`: the record type of CSV rows and of JSON objects without a `"type"`.
    let typeName: String?
    let options: Options
    /// Whether files are first read the fast way (`JSONRecordScanner`, `CSVRecordScanner`),
    /// falling back to the precise readers only for a file with an error; off, every file is
    /// read the precise way (for tests that compare the two).
    var readsFast = true

    public init(shapes: [RecordShape], byName: [String: RecordShape.ID], dateFormat: DateFormat = .iso, typeName: String? = nil,
                options: Options = Options()) {
        decoder = RecordDecoder(shapes: shapes, dateFormat: dateFormat)
        shapeByName = byName
        self.typeName = typeName
        self.options = options
    }

    /// The records of every file, in order, and every error found.
    public func load(paths: [String]) -> (records: [LoadedRecord], errors: [RecordFileError]) {
        let loaded = load(paths: paths, standardInput: nil)
        return (loaded.records, loaded.errors)
    }

    /// The records of every file, in order, every error and every warning found; `-` stands
    /// for `standardInput` (read once by the caller; an error when nil).
    public func load(paths: [String], standardInput: [UInt8]?) -> (records: [LoadedRecord], errors: [RecordFileError], warnings: [RecordFileError]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        var warnings: [RecordFileError] = []
        for path in paths {
            if path == "-" {
                guard let standardInput else {
                    errors.append(RecordFileError(.recordFileUnreadable, file: Self.standardInputName, place: nil, message: "standard input cannot be read here"))
                    continue
                }
                load(bytes: standardInput, path: Self.standardInputName, into: &records, errors: &errors, warnings: &warnings)
                continue
            }
            switch read(path) {
            case .success(let bytes):
                load(bytes: bytes, path: path, into: &records, errors: &errors, warnings: &warnings)
            case .failure(let error):
                errors.append(error)
            }
        }
        return (records, errors, warnings)
    }

    func read(_ path: String) -> Result<[UInt8], RecordFileError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(RecordFileError(.recordFileUnreadable, file: path, place: nil, message: "no such file"))
        }
        if isDirectory.boolValue {
            return .failure(RecordFileError(.recordFileUnreadable, file: path, place: nil, message: "is a directory; give the record files in it"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(RecordFileError(.recordFileUnreadable, file: path, place: nil, message: "cannot be read"))
        }
        defer { try? handle.close() }
        // Without a size the file is read by the general path below, which reports any error.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size <= Self.maxFileBytes,
           let bytes = Self.readWhole(handle.fileDescriptor, size: size) {
            return .success(bytes)
        }
        do {
            try handle.seek(toOffset: 0)
            let data = try handle.read(upToCount: Self.maxFileBytes + 1) ?? Data()
            guard data.count <= Self.maxFileBytes else {
                return .failure(RecordFileError(.recordFileTooLarge, file: path, place: nil, message: "is larger than \(Self.maxFileBytes >> 20) MiB; split it"))
            }
            return .success([UInt8](data))
        } catch {
            return .failure(RecordFileError(.recordFileUnreadable, file: path, place: nil, message: "cannot be read (\(error.localizedDescription))"))
        }
    }

    /// The `size` bytes of the file open at `descriptor`, read straight into the array, or nil
    /// when they cannot be read so or the file is not of that size (it is then read as data).
    static func readWhole(_ descriptor: Int32, size: Int) -> [UInt8]? {
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            initialized = 0
            // One byte more than the size is asked for, to tell a file that has grown since.
            while initialized <= size {
                let free = UnsafeMutableBufferPointer(rebasing: buffer[initialized...])
                guard let base = free.baseAddress else { return }
                // INVARIANT: `free` is the part of `buffer` after the bytes read, so `read`
                // writes within the buffer, at most its count of bytes.
                let count = Foundation.read(descriptor, base, free.count)
                if count > 0 {
                    initialized += count
                } else if count == 0 {
                    complete = initialized == size
                    return
                } else if errno != EINTR {
                    return
                }
            }
        }
        return complete ? bytes : nil
    }

    /// Records from the bytes of one file, ignoring warnings.
    public func load(bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        var warnings: [RecordFileError] = []
        load(bytes: bytes, path: path, into: &records, errors: &errors, warnings: &warnings)
    }

    /// The form of a file: as given, else a workbook when it is named `.xlsx` or is a ZIP
    /// archive, JSON when it is named `.json` or starts with `{` or `[`, CSV otherwise.
    public func format(of bytes: [UInt8], path: String) -> InputFormat {
        if let given = options.inputFormat { return given }
        let name = path.lowercased()
        if name.hasSuffix(".xlsx") || Self.isZIP(bytes) { return .xlsx }
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".csv") { return .csv }
        let first = bytes.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }).first
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .csv
    }

    /// Whether the bytes start as a ZIP archive (an `.xlsx` workbook is one).
    static func isZIP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// Records from the bytes of one file (see `format(of:path:)`); a CSV file's unclaimed
    /// columns are one warning (an error with `--strict`).
    public func load(bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError],
                     warnings: inout [RecordFileError]) {
        var found: [RecordFileError] = []
        switch format(of: bytes, path: path) {
        case .json:
            if Self.isZIP(bytes) {
                found.append(RecordFileError(.unsupportedRecordFile, file: path, place: nil,
                                             message: "is a ZIP archive (such as an Excel workbook), not JSON"))
            } else {
                loadJSON(bytes, path: path, into: &records, errors: &found)
            }
        case .csv:
            if Self.isZIP(bytes) {
                found.append(RecordFileError(.unsupportedRecordFile, file: path, place: nil,
                                             message: "is a ZIP archive (such as an Excel workbook), not CSV; give --input-format xlsx to read it as a workbook"))
            } else {
                loadCSV(bytes, path: path, into: &records, errors: &found, warnings: &warnings)
            }
        case .xlsx:
            loadWorkbook(bytes, path: path, into: &records, errors: &found, warnings: &warnings)
        }
        if found.count > Self.maxErrorsPerFile {
            let more = found.count - Self.maxErrorsPerFile
            found = Array(found.prefix(Self.maxErrorsPerFile))
            found.append(RecordFileError(.tooManyRecordErrors, file: path, place: nil, message: "and \(more) more \(more == 1 ? "error" : "errors")"))
        }
        errors += found
    }

    func shape(named name: String, file: String, place: String) -> Result<RecordShape.ID, RecordFileError> {
        let declared = DeclarationScope.unloadableRecordTypes.contains(name)
        if let id = shapeByName[name], !declared { return .success(id) }
        let names = shapeByName.keys.filter { !DeclarationScope.unloadableRecordTypes.contains($0) }.sorted()
        if declared {
            return .failure(RecordFileError(.unknownRecordKind, file: file, place: place,
                                            message: "`\(name)` records are \(DeclarationScope.computedRecordTypes.contains(name) ? "computed by the rules" : "the rules' own \(name) declarations") and are not read from files; the record types are \(Suggest.list(names))"))
        }
        let hint = Suggest.didYouMean(name, among: names) ?? "the record types are \(Suggest.list(names))"
        return .failure(RecordFileError(.unknownRecordKind, file: file, place: place, message: "there is no record type `\(name)`; \(hint)"))
    }

    // MARK: - JSON

    func loadJSON(_ bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        if readsFast, let read = JSONRecordScanner.records(bytes, path: path, files: self) {
            records += read
            return
        }
        let document: JSONValue
        switch JSONReader.parse(bytes) {
        case .success(let value): document = value
        case .failure(let failure):
            errors.append(RecordFileError(.malformedRecordFile, file: path, place: nil, message: failure.message,
                                          line: failure.position.line, column: failure.position.column))
            return
        }
        switch document {
        case .array(let items, _):
            if items.isEmpty {
                errors.append(RecordFileError(.noRecords, file: path, place: nil, message: "the array holds no records"))
            }
            records.reserveCapacity(records.count + items.count)
            for (index, item) in items.enumerated() {
                loadObject(item, path: path, location: .element(index), into: &records, errors: &errors)
            }
        case .object:
            loadObject(document, path: path, location: .document, into: &records, errors: &errors)
        default:
            errors.append(RecordFileError(.notARecord, file: path, place: "$", message: "expected a record (an object) or an array of records, found \(document.kindName)", line: document.position.line, column: document.position.column))
        }
    }

    func loadObject(_ json: JSONValue, path: String, location: LoadedRecord.Location,
                    into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        let place = LoadedRecord.place(location)
        let position = json.position
        let at = "\(place) (line \(position.line))"
        guard case .object(let members, _) = json else {
            errors.append(RecordFileError(.notARecord, file: path, place: at, message: "expected a record (an object), found \(json.kindName)", line: position.line, column: position.column))
            return
        }
        var typeName = self.typeName
        if let member = members.first(where: { $0.key == "type" }) {
            guard case .string(let given, _) = member.value else {
                errors.append(RecordFileError(.unknownRecordKind, file: path, place: "\(place).type", message: "the record type is \(member.value.kindName), not text", line: member.value.position.line, column: member.value.position.column))
                return
            }
            if let expected = self.typeName, expected != given {
                errors.append(RecordFileError(.unknownRecordKind, file: path, place: "\(place).type",
                                              message: "the record says it is a `\(given)`, but --type says `\(expected)`",
                                              line: member.value.position.line, column: member.value.position.column))
                return
            }
            typeName = given
        }
        guard let typeName else {
            errors.append(RecordFileError(.untypedRecord, file: path, place: at, message: "the record has no \"type\"; add \"type\": \"change_request\" (or the like), or give --type", line: position.line, column: position.column))
            return
        }
        switch shape(named: typeName, file: path, place: "\(place).type") {
        case .failure(let error): errors.append(error)
        case .success(let id):
            do throws(RecordErrors) {
                let value = try decoder.record(json, shape: id, path: place, ignoring: ["type"])
                records.append(LoadedRecord(value: value, file: path, location: location))
            } catch {
                errors += error.errors.map { RecordFileError($0, file: path) }
            }
        }
    }

    // MARK: - CSV

    func loadCSV(_ bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError],
                 warnings: inout [RecordFileError]) {
        if readsFast, let read = CSVRecordScanner.records(bytes, path: path, files: self) {
            records += read.records
            warnings += read.warnings
            return
        }
        let table: CSVReader.Table
        switch CSVReader.parse(bytes, delimiter: options.delimiter) {
        case .success(let parsed): table = parsed
        case .failure(let failure):
            errors.append(RecordFileError(.malformedRecordFile, file: path, place: nil, message: failure.detail,
                                          line: failure.line, column: failure.column))
            return
        }
        loadTable(table, path: path, into: &records, errors: &errors, warnings: &warnings)
    }

    /// The warning that a table has columns no field of `plan` claims (an error with `--strict`).
    func unclaimedColumns(_ plan: RecordDecoder.CSVPlan, path: String) -> RecordFileError {
        let columns = plan.unclaimed.map { $0.name.isEmpty ? "column \($0.column + 1) (no header)" : "`\($0.name)`" }
        let them = columns.count == 1 ? "it" : "them"
        let what = columns.count == 1 ? "a column" : "\(columns.count) columns"
        let message = "\(CharterType.record(plan.shape)) has no field for \(what): \(columns.joined(separator: ", "))"
        if options.strict {
            return RecordFileError(.unknownRecordField, file: path, place: nil, message: "\(message) (--strict refuses \(them))", line: 1)
        }
        var warning = RecordFileError(.unknownRecordField, file: path, place: nil, message: "\(message); \(columns.count == 1 ? "it is" : "they are") not read", line: 1)
        warning.severity = .warning
        return warning
    }

    // MARK: - Workbooks

    /// Records from the first (or `--sheet`) worksheet of a workbook, read as a CSV table
    /// whose cells keep their types; errors name the sheet and cell (`[CRs]!D7`).
    func loadWorkbook(_ bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError],
                      warnings: inout [RecordFileError]) {
        guard Self.isZIP(bytes) else {
            let first = bytes.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }).first
            let looks = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? "JSON" : "text (CSV?)"
            errors.append(RecordFileError(.unsupportedRecordFile, file: path, place: nil,
                                          message: "is read as a workbook (.xlsx), but it is \(looks), not a ZIP archive; give --input-format csv or json, or rename it"))
            return
        }
        switch WorkbookReader.table(bytes, sheet: options.sheet) {
        case .failure(let failure):
            errors.append(RecordFileError(.malformedRecordFile, file: path, place: nil, message: failure.description))
        case .success(let (sheet, table)):
            var found: [RecordFileError] = []
            var noted: [RecordFileError] = []
            loadTable(table, path: path, into: &records, errors: &found, warnings: &noted)
            // A workbook cannot be quoted as text: each error names its sheet (and cell) instead of a line.
            func placed(_ error: RecordFileError) -> RecordFileError {
                var place = error.place ?? "[\(sheet)]"
                if place.hasPrefix("line ") { place = "[\(sheet)] row \(place.dropFirst(5))" }
                if error.place == nil, let line = error.line { place = "[\(sheet)] row \(line)" }
                var moved = RecordFileError(error.code, file: path, place: place, message: error.message)
                moved.severity = error.severity
                return moved
            }
            errors += found.map(placed)
            warnings += noted.map(placed)
        }
    }

    // MARK: - Tables

    /// Records from the rows of a table read from CSV or a worksheet.
    func loadTable(_ table: CSVReader.Table, path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError],
                   warnings: inout [RecordFileError]) {
        let typeColumn = table.header.firstIndex { RecordDecoder.headerKey($0) == "type" }
        guard typeName != nil || typeColumn != nil else {
            errors.append(RecordFileError(.untypedRecord, file: path, place: nil,
                                          message: "the rows' record type is not given; add a `type` column, or give --type", line: 1))
            return
        }
        var plans: [String: Result<RecordDecoder.CSVPlan, RecordFileError>] = [:]
        func plan(for name: String, line: Int) -> Result<RecordDecoder.CSVPlan, RecordFileError> {
            if let known = plans[name] { return known }
            var problems: [RecordFileError] = []
            let made: Result<RecordDecoder.CSVPlan, RecordFileError> = shape(named: name, file: path, place: "line \(line)").flatMap { id in
                do throws(RecordErrors) {
                    return .success(try decoder.plan(header: table.header, shape: id))
                } catch {
                    problems = error.errors.map { RecordFileError($0, file: path, line: 1) }
                    return .failure(problems.first ?? RecordFileError(.malformedRecordFile, file: path, place: nil, message: "the header cannot be used", line: 1))
                }
            }
            plans[name] = made
            switch made {
            case .failure(let error): errors += problems.isEmpty ? [error] : problems
            case .success(let plan) where !plan.unclaimed.isEmpty:
                let unclaimed = unclaimedColumns(plan, path: path)
                if unclaimed.severity == .error { errors.append(unclaimed) } else { warnings.append(unclaimed) }
            case .success: break
            }
            return made
        }
        let firstError = errors.count
        defer { for index in errors.indices.dropFirst(firstError) { errors[index].csvDelimiter = table.delimiter } }
        records.reserveCapacity(records.count + table.rows.count)
        for row in table.rows {
            let name: String
            if let typeColumn, typeName == nil || !row.fields[typeColumn].isEmpty {
                name = row.fields[typeColumn]
                if let expected = typeName, expected != name {
                    errors.append(RecordFileError(.unknownRecordKind, file: path, place: nil,
                                                  message: "the row's type is `\(name)`, but --type says `\(expected)`", line: row.line))
                    continue
                }
            } else {
                name = typeName ?? ""
            }
            guard case .success(let plan) = plan(for: name, line: row.line) else { continue }
            do throws(RecordErrors) {
                records.append(LoadedRecord(value: try decoder.record(row, plan: plan), file: path,
                                            location: row.sheet.map { .row(sheet: $0, row: row.line) } ?? .line(row.line)))
            } catch {
                errors += error.errors.map { RecordFileError($0, file: path, line: row.line) }
            }
        }
        if table.rows.isEmpty {
            errors.append(RecordFileError(.noRecords, file: path, place: nil, message: "the file has a header but no rows"))
        }
    }
}
