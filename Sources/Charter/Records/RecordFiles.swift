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
    }

    public let value: RecordValue
    public let file: String
    public let location: Location

    public init(value: RecordValue, file: String, location: Location) {
        self.value = value
        self.file = file
        self.location = location
    }

    /// `$[2]` in a JSON array, `line 14` in a CSV file, `$` for a JSON file of one record.
    public var place: String { Self.place(location) }

    static func place(_ location: Location) -> String {
        switch location {
        case .document: "$"
        case .element(let index): "$[\(index)]"
        case .line(let line): "line \(line)"
        }
    }
}

/// A record file, or a record in one, that cannot be used; `place` says where in the file.
public struct RecordFileError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let place: String?
    public let message: String

    public var description: String { [file, place].compactMap { $0 }.joined(separator: ": ") + ": " + message }
}

/// Reads record files (JSON or CSV) against a rulebook's record shapes. Every record that
/// does not fit is reported with its place; none is dropped.
public struct RecordFiles: Sendable {
    /// Record files are read whole; one larger than this is refused.
    public static let maxFileBytes = 1 << 30
    /// Errors reported per file before the rest are summarised.
    public static let maxErrorsPerFile = 20

    let decoder: RecordDecoder
    let shapeByName: [String: RecordShape.ID]
    /// `--type`: the record type of CSV rows and of JSON objects without a `"type"`.
    let typeName: String?

    public init(shapes: [RecordShape], byName: [String: RecordShape.ID], dateFormat: DateFormat = .iso, typeName: String? = nil) {
        decoder = RecordDecoder(shapes: shapes, dateFormat: dateFormat)
        shapeByName = byName
        self.typeName = typeName
    }

    /// The records of every file, in order, and every error found.
    public func load(paths: [String]) -> (records: [LoadedRecord], errors: [RecordFileError]) {
        var records: [LoadedRecord] = []
        var errors: [RecordFileError] = []
        for path in paths {
            switch read(path) {
            case .success(let bytes):
                load(bytes: bytes, path: path, into: &records, errors: &errors)
            case .failure(let error):
                errors.append(error)
            }
        }
        return (records, errors)
    }

    func read(_ path: String) -> Result<[UInt8], RecordFileError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(RecordFileError(file: path, place: nil, message: "no such file"))
        }
        if isDirectory.boolValue {
            return .failure(RecordFileError(file: path, place: nil, message: "is a directory; give the record files in it"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(RecordFileError(file: path, place: nil, message: "cannot be read"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: Self.maxFileBytes + 1) ?? Data()
            guard data.count <= Self.maxFileBytes else {
                return .failure(RecordFileError(file: path, place: nil, message: "is larger than \(Self.maxFileBytes >> 20) MiB; split it"))
            }
            return .success([UInt8](data))
        } catch {
            return .failure(RecordFileError(file: path, place: nil, message: "cannot be read (\(error.localizedDescription))"))
        }
    }

    /// Records from the bytes of one file: JSON when it is named `.json` or starts with `{` or
    /// `[`, CSV otherwise.
    public func load(bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        let first = bytes.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }).first
        let isJSON = path.lowercased().hasSuffix(".json")
            || (!path.lowercased().hasSuffix(".csv") && (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")))
        var found: [RecordFileError] = []
        if isJSON {
            loadJSON(bytes, path: path, into: &records, errors: &found)
        } else {
            loadCSV(bytes, path: path, into: &records, errors: &found)
        }
        if found.count > Self.maxErrorsPerFile {
            let more = found.count - Self.maxErrorsPerFile
            found = Array(found.prefix(Self.maxErrorsPerFile))
            found.append(RecordFileError(file: path, place: nil, message: "and \(more) more \(more == 1 ? "error" : "errors")"))
        }
        errors += found
    }

    func shape(named name: String, file: String, place: String) -> Result<RecordShape.ID, RecordFileError> {
        if let id = shapeByName[name] { return .success(id) }
        let names = shapeByName.keys.sorted()
        let hint = Suggest.didYouMean(name, among: names) ?? "the record types are \(Suggest.list(names))"
        return .failure(RecordFileError(file: file, place: place, message: "there is no record type `\(name)`; \(hint)"))
    }

    // MARK: - JSON

    func loadJSON(_ bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        let document: JSONValue
        switch JSONReader.parse(bytes) {
        case .success(let value): document = value
        case .failure(let failure):
            errors.append(RecordFileError(file: path, place: "line \(failure.position.line), column \(failure.position.column)",
                                          message: failure.message))
            return
        }
        switch document {
        case .array(let items, _):
            if items.isEmpty {
                errors.append(RecordFileError(file: path, place: nil, message: "the array holds no records"))
            }
            records.reserveCapacity(records.count + items.count)
            for (index, item) in items.enumerated() {
                loadObject(item, path: path, location: .element(index), into: &records, errors: &errors)
            }
        case .object:
            loadObject(document, path: path, location: .document, into: &records, errors: &errors)
        default:
            errors.append(RecordFileError(file: path, place: "$", message: "expected a record (an object) or an array of records, found \(document.kindName)"))
        }
    }

    func loadObject(_ json: JSONValue, path: String, location: LoadedRecord.Location,
                    into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        let place = LoadedRecord.place(location)
        let position = json.position
        let at = "\(place) (line \(position.line))"
        guard case .object(let members, _) = json else {
            errors.append(RecordFileError(file: path, place: at, message: "expected a record (an object), found \(json.kindName)"))
            return
        }
        var typeName = self.typeName
        if let member = members.first(where: { $0.key == "type" }) {
            guard case .string(let given, _) = member.value else {
                errors.append(RecordFileError(file: path, place: "\(place).type", message: "the record type is \(member.value.kindName), not text"))
                return
            }
            if let expected = self.typeName, expected != given {
                errors.append(RecordFileError(file: path, place: "\(place).type",
                                              message: "the record says it is a `\(given)`, but --type says `\(expected)`"))
                return
            }
            typeName = given
        }
        guard let typeName else {
            errors.append(RecordFileError(file: path, place: at, message: "the record has no \"type\"; add \"type\": \"change_request\" (or the like), or give --type"))
            return
        }
        switch shape(named: typeName, file: path, place: "\(place).type") {
        case .failure(let error): errors.append(error)
        case .success(let id):
            do {
                let value = try decoder.record(json, shape: id, path: place, ignoring: ["type"])
                records.append(LoadedRecord(value: value, file: path, location: location))
            } catch {
                errors.append(RecordFileError(file: path, place: error.path, message: error.message))
            }
        }
    }

    // MARK: - CSV

    func loadCSV(_ bytes: [UInt8], path: String, into records: inout [LoadedRecord], errors: inout [RecordFileError]) {
        let table: CSVReader.Table
        switch CSVReader.parse(bytes) {
        case .success(let parsed): table = parsed
        case .failure(let failure):
            errors.append(RecordFileError(file: path, place: nil, message: failure.description))
            return
        }
        let typeColumn = table.column("type")
        guard typeName != nil || typeColumn != nil else {
            errors.append(RecordFileError(file: path, place: "line 1",
                                          message: "the rows' record type is not given; add a `type` column, or give --type"))
            return
        }
        var plans: [String: Result<RecordDecoder.CSVPlan, RecordFileError>] = [:]
        func plan(for name: String, line: Int) -> Result<RecordDecoder.CSVPlan, RecordFileError> {
            if let known = plans[name] { return known }
            let made: Result<RecordDecoder.CSVPlan, RecordFileError> = shape(named: name, file: path, place: "line \(line)").flatMap { id in
                do throws(RecordError) {
                    return .success(try decoder.plan(header: table.header, shape: id))
                } catch {
                    return .failure(RecordFileError(file: path, place: error.path, message: error.message))
                }
            }
            plans[name] = made
            if case .failure(let error) = made { errors.append(error) }
            return made
        }
        records.reserveCapacity(records.count + table.rows.count)
        for row in table.rows {
            let name: String
            if let typeColumn, typeName == nil || !row.fields[typeColumn].isEmpty {
                name = row.fields[typeColumn]
                if let expected = typeName, expected != name {
                    errors.append(RecordFileError(file: path, place: "line \(row.line)",
                                                  message: "the row's type is `\(name)`, but --type says `\(expected)`"))
                    continue
                }
            } else {
                name = typeName ?? ""
            }
            guard case .success(let plan) = plan(for: name, line: row.line) else { continue }
            do {
                records.append(LoadedRecord(value: try decoder.record(row, plan: plan), file: path, location: .line(row.line)))
            } catch {
                errors.append(RecordFileError(file: path, place: error.path, message: error.message))
            }
        }
        if table.rows.isEmpty {
            errors.append(RecordFileError(file: path, place: nil, message: "the file has a header but no rows"))
        }
    }
}
