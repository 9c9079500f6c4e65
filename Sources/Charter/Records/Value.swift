import Foundation

/// A value of a record field, as the interpreter holds it: exact numbers, civil dates, and
/// records whose fields sit in slots numbered by their declaration order, so that reading a
/// field is an array index, never a string look-up.
public enum Value: Sendable, Equatable {
    case text(String)
    case number(Rational)
    case bool(Bool)
    case date(CivilDate)
    case time(TimeOfDay)
    case duration(Int, DurationUnit)
    case list([Value])
    case record(RecordValue)
    /// An optional field that the record does not give.
    case absent
}

/// A record's field values in the slots of its shape (`RecordShape.fieldOrder`).
public struct RecordValue: Sendable, Equatable {
    public let shape: RecordShape.ID
    public let fields: [Value]
}

/// Why a record in a file does not fit its declaration; `path` says where (`$[2].items[0].ends`),
/// and `position`, when the value was read from JSON, where the value that does not fit starts.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: DiagnosticCode
    public let path: String
    public let message: String
    public let position: JSONPosition?
    /// The 0-based field of a CSV row whose cell does not fit.
    public let field: Int?

    public init(_ code: DiagnosticCode, path: String, message: String, at position: JSONPosition? = nil, field: Int? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.position = position
        self.field = field
    }

    public var description: String { "\(path): \(message)" }
}

/// Every way one record (or a CSV header) does not fit, in the order found.
public struct RecordErrors: Error, Sendable, Equatable {
    public let errors: [RecordError]

    public init(_ errors: [RecordError]) { self.errors = errors }
}

/// Turns JSON values into typed record values, checking each against its declared shape.
public struct RecordDecoder: Sendable {
    let shapes: [RecordShape]
    let dateFormat: DateFormat

    public init(shapes: [RecordShape], dateFormat: DateFormat = .iso) {
        self.shapes = shapes
        self.dateFormat = dateFormat
    }

    /// A record of shape `id` from a JSON object; `ignoring` keys (such as `type`) are not fields.
    /// Every field that does not fit is reported, in the order of the object's keys, so that a
    /// record with three mistakes is fixed in one run rather than three.
    public func record(_ json: JSONValue, shape id: RecordShape.ID, path: @autoclosure () -> String,
                       ignoring: Set<String> = []) throws(RecordErrors) -> RecordValue {
        var errors: [RecordError] = []
        let record = record(json, shape: id, path: path(), ignoring: ignoring, errors: &errors)
        guard let record, errors.isEmpty else { throw RecordErrors(errors) }
        return record
    }

    /// The record, or nil with its mistakes appended to `errors`.
    func record(_ json: JSONValue, shape id: RecordShape.ID, path: String, ignoring: Set<String> = [],
                errors: inout [RecordError]) -> RecordValue? {
        guard case .object(let members, _) = json else {
            errors.append(RecordError(.recordValueMismatch, path: path, message: "expected an object for \(CharterType.record(id)), found \(json.kindName)", at: json.position))
            return nil
        }
        let shape = shapes[id.index]
        var slots = [Value?](repeating: nil, count: shape.fieldOrder.count)
        let before = errors.count
        // A field that does not fit still counts as given, so that it is not also reported missing.
        var given = [Bool](repeating: false, count: shape.fieldOrder.count)
        for member in members where !ignoring.contains(member.key) {
            guard let slot = shape.slots[member.key] else {
                errors.append(RecordError(.unknownRecordField, path: path, message: Self.noField(member.key, in: shape), at: member.value.position))
                // `stats` for `status` is one mistake, already named with its did-you-mean.
                if let meant = Suggest.closest(member.key, among: shape.fieldOrder), let meantSlot = shape.slots[meant] {
                    given[meantSlot] = true
                }
                continue
            }
            given[slot] = true
            slots[slot] = value(member.value, as: shape.fields[member.key] ?? .unknown, path: "\(path).\(member.key)", errors: &errors)
        }
        let assembled = Self.assemble(slots, given: given, shape: shape, path: path, at: json.position, errors: &errors)
        return errors.count == before ? assembled : nil
    }

    /// `record change_request has no field x; did you mean y?`
    static func noField(_ name: String, in shape: RecordShape) -> String {
        let hint = Suggest.didYouMean(name, among: shape.fieldOrder).map { "; \($0)" } ?? ""
        return "\(CharterType.record(shape.id)) has no field `\(name)`\(hint)"
    }

    /// The record from its filled slots: an empty slot is an absent optional or an empty list;
    /// the required fields left empty are reported together, in one error. A slot marked
    /// `given` was written but did not fit, and is not reported again as missing.
    static func assemble(_ slots: [Value?], given: [Bool], shape: RecordShape, path: String, at position: JSONPosition?,
                         errors: inout [RecordError]) -> RecordValue {
        var fields: [Value] = []
        fields.reserveCapacity(slots.count)
        var missing: [String] = []
        for (index, slot) in slots.enumerated() {
            if let slot {
                fields.append(slot)
            } else if case .optional = shape.fields[shape.fieldOrder[index]] {
                fields.append(.absent)
            } else if case .list = shape.fields[shape.fieldOrder[index]] {
                // A list a record leaves out is empty: a meeting with no votes recorded has none.
                fields.append(.list([]))
            } else {
                if !(index < given.count && given[index]) { missing.append(shape.fieldOrder[index]) }
                fields.append(.absent)
            }
        }
        if !missing.isEmpty {
            let message = missing.count == 1
                ? "the required field \(Suggest.list(missing)) is missing"
                : "the required fields \(Suggest.list(missing, conjunction: "and")) are missing"
            errors.append(RecordError(.missingRecordField, path: path, message: message, at: position))
        }
        return RecordValue(shape: shape.id, fields: fields)
    }

    /// A field value of `type` from JSON.
    public func value(_ json: JSONValue, as type: CharterType, path: @autoclosure () -> String) throws(RecordError) -> Value {
        func wrong() -> RecordError {
            RecordError(.recordValueMismatch, path: path(), message: "expected \(type), found \(json.kindName)", at: json.position)
        }
        switch (type, json) {
        case (.optional, .null): return .absent
        case (.optional(let wrapped), _): return try value(json, as: wrapped, path: path())
        case (.record(let id), .string(let name, let position)) where isDeclarationType(id):
            return try declaration(named: name, of: id, path: path(), at: position)
        case (.text, .string(let text, _)): return .text(text)
        case (.choice(let choices), .string(let text, _)):
            guard choices.contains(text) else {
                let hint = Suggest.didYouMean(text, among: choices) ?? "expected one of \(Suggest.list(choices.map { "\"\($0)\"" }))"
                throw RecordError(.recordValueMismatch, path: path(), message: "\"\(text)\" is not one of the choices; \(hint)", at: json.position)
            }
            return .text(text)
        case (.number, .number(let number, _, _)): return .number(number)
        case (.bool, .bool(let flag, _)): return .bool(flag)
        case (.date, .string(let text, _)):
            do {
                return .date(try dateFormat.parse(text))
            } catch {
                throw RecordError(.recordValueMismatch, path: path(), message: "\(error)" + Self.formatHint(text, besides: dateFormat), at: json.position)
            }
        case (.time, .string(let text, _)):
            guard let time = Self.time(text) else {
                throw RecordError(.recordValueMismatch, path: path(), message: "\"\(text)\" is not a time of day; write HH:MM, as in \"10:00\"", at: json.position)
            }
            return .time(time)
        case (.duration, .string(let text, _)):
            guard let duration = Self.duration(text) else {
                throw RecordError(.recordValueMismatch, path: path(), message: "\"\(text)\" is not a duration; write \"30m\", \"2h30m\" or \"10 working days\"", at: json.position)
            }
            return duration
        case (.list, .array), (.record, .object):
            var errors: [RecordError] = []
            let made = value(json, as: type, path: path(), errors: &errors)
            if let first = errors.first { throw first }
            return made ?? .absent
        case (.unknown, _):
            throw RecordError(.recordValueMismatch, path: path(), message: "the field's type is not declared", at: json.position)
        default:
            throw wrong()
        }
    }

    /// A field value of `type` from JSON, or nil with every mistake inside it (each element of
    /// a list, each field of a nested record) appended to `errors`.
    func value(_ json: JSONValue, as type: CharterType, path: String, errors: inout [RecordError]) -> Value? {
        switch (type, json) {
        case (.optional, .null): return .absent
        case (.optional(let wrapped), _): return value(json, as: wrapped, path: path, errors: &errors)
        case (.list(let element), .array(let items, _)):
            let before = errors.count
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let made = value(item, as: element, path: "\(path)[\(index)]", errors: &errors) { values.append(made) }
            }
            return errors.count == before ? .list(values) : nil
        case (.record(let id), _) where isDeclarationType(id):
            guard case .string(let name, let position) = json else {
                errors.append(RecordError(.recordValueMismatch, path: path, message: "expected the name of a \(id.name ?? "declaration") in quotes, found \(json.kindName)", at: json.position))
                return nil
            }
            do throws(RecordError) {
                return try declaration(named: name, of: id, path: path, at: position)
            } catch {
                errors.append(error)
                return nil
            }
        case (.record(let id), .object):
            return record(json, shape: id, path: path, errors: &errors).map(Value.record)
        default:
            do throws(RecordError) {
                return try value(json, as: type, path: path)
            } catch {
                errors.append(error)
                return nil
            }
        }
    }

    /// Whether records of shape `id` are the charter's declarations (`group`, `role`, …), which
    /// a record file names rather than writes out.
    func isDeclarationType(_ id: RecordShape.ID) -> Bool {
        shapes.indices.contains(id.index) && shapes[id.index].instances != nil
    }

    /// The declaration of shape `id` that a record file names, or an error with the names it
    /// might have meant.
    func declaration(named name: String, of id: RecordShape.ID, path: @autoclosure () -> String,
                     at position: JSONPosition? = nil) throws(RecordError) -> Value {
        let instances = shapes.indices.contains(id.index) ? shapes[id.index].instances ?? [:] : [:]
        if let found = instances[name] { return found }
        let kind = id.name ?? "declaration"
        let names = instances.keys.sorted()
        let hint = Suggest.didYouMean(name, among: names)
            ?? (names.isEmpty ? "the rules declare no \(kind)" : "the rules declare \(Suggest.list(names))")
        throw RecordError(.undeclaredReference, path: path(), message: "there is no \(kind) `\(name)` in the rules; \(hint)", at: position)
    }

    /// The formats a record file commonly writes dates in, tried when a date does not fit the
    /// declared one, to say which format the file seems to use.
    static let commonFormats = ["yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy", "d-MMM-yy", "d MMMM yyyy", "dd/mm/yy", "mm/dd/yy"]

    /// How a date that does not fit `format` reads in the common formats. A date that reads both
    /// day-first and month-first (`04/10/2024`) gets no hint that picks one: both readings and
    /// both formats are named, for the person who knows the file to choose.
    static func formatHint(_ text: String, besides format: DateFormat) -> String {
        var readings: [(pattern: String, date: CivilDate)] = []
        for pattern in commonFormats where pattern != format.pattern {
            guard let candidate = try? DateFormat(pattern), let date = try? candidate.parse(text) else { continue }
            readings.append((pattern, date))
        }
        guard let first = readings.first else { return "" }
        let long = DateFormat.longForm
        if let other = readings.dropFirst().first(where: { $0.date != first.date }) {
            return " (it reads as \(long.string(from: first.date)) with --date-format \"\(first.pattern)\" but as "
                + "\(long.string(from: other.date)) with --date-format \"\(other.pattern)\"; give the format the file uses)"
        }
        if first.pattern == DateFormat.iso.pattern { return " (it reads as yyyy-mm-dd, the format used when --date-format is not given)" }
        return " (it reads as \(first.pattern); if the file writes its dates so, give --date-format \"\(first.pattern)\")"
    }

    /// `10:00` or `9:30`.
    static func time(_ text: String) -> TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }

    /// A duration written as in the language (`30m`, `2h30m`, `90 minutes`, `10 working days`),
    /// read by the language's own lexer and parser so that the two never disagree.
    static func duration(_ text: String) -> Value? {
        guard text.utf8.count <= 64 else { return nil }
        var files = SourceFiles()
        let file = files.add(path: "value", text: text)
        let lexed = Lexer.tokenize(file)
        guard lexed.diagnostics.isEmpty else { return nil }
        var parser = Parser(tokens: lexed.tokens)
        guard let expr = try? parser.parseExpression(), parser.atEnd, parser.diagnostics.isEmpty,
              case .duration(let amount, let unit) = expr.ungrouped.kind else { return nil }
        return .duration(amount, unit)
    }
}

extension RecordDecoder {
    /// How the columns of a CSV table map to the fields of one record shape, worked out once
    /// per table and type rather than once per row.
    public struct CSVPlan: Sendable {
        public let shape: RecordShape.ID
        let columns: [(column: Int, name: String, slot: Int, type: CharterType)]
        /// The value of each slot no column fills: absent for an optional, empty for a list.
        let defaults: [Value]
        /// Per column, how a cell of a common scalar type is read without the general path.
        let kinds: [CellKind]
        /// The columns no field claims (0-based, with their headers), which are not read.
        public let unclaimed: [(column: Int, name: String)]
    }

    /// Scalar field types whose cells have a direct reading; `other` goes the general way.
    enum CellKind: Sendable {
        case text, number, bool, isoDate, other
    }

    func kind(of type: CharterType) -> CellKind {
        switch type.widenedBase {
        case .text: .text
        case .number: .number
        case .bool: .bool
        case .date: dateFormat.pattern == DateFormat.iso.pattern ? .isoDate : .other
        default: .other
        }
    }

    /// A header as it is matched to field names: lower case, letters and digits only, so that
    /// `Fixes Defect?`, `fixes-defect` and `FIXES_DEFECT` all read `fixesdefect`.
    public static func headerKey(_ name: some StringProtocol) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }))
    }

    /// The plan for rows of shape `id` under `header`: each column names a field, matched with
    /// `headerKey` (ignoring case, spaces and punctuation), except the `ignoring` columns. A
    /// column no field claims is kept in `unclaimed`; two columns claiming one field, and a
    /// required field no column gives, are errors, all of them reported.
    public func plan(header: [String], shape id: RecordShape.ID, ignoring: Set<String> = ["type"]) throws(RecordErrors) -> CSVPlan {
        let shape = shapes[id.index]
        var byKey: [String: String] = [:]
        // A header a field declares (`from "Raised on"`) comes before any field's own name.
        for name in shape.fieldOrder {
            for header in shape.headers[name] ?? [] where byKey[Self.headerKey(header)] == nil { byKey[Self.headerKey(header)] = name }
        }
        for name in shape.fieldOrder where byKey[Self.headerKey(name)] == nil { byKey[Self.headerKey(name)] = name }
        let ignored = Set(ignoring.map { Self.headerKey($0) })
        var columns: [(column: Int, name: String, slot: Int, type: CharterType)] = []
        var unclaimed: [(column: Int, name: String)] = []
        var claimedBy: [Int: Int] = [:]
        var errors: [RecordError] = []
        for (column, text) in header.enumerated() {
            let key = Self.headerKey(text)
            if ignored.contains(key) { continue }
            guard let name = byKey[key], let slot = shape.slots[name] else {
                unclaimed.append((column, text))
                continue
            }
            if let first = claimedBy[slot] {
                errors.append(RecordError(.duplicateColumn, path: "line 1",
                                          message: "columns \(first + 1) (`\(header[first])`) and \(column + 1) (`\(text)`) both give the field `\(name)`; remove or rename one"))
                continue
            }
            claimedBy[slot] = column
            columns.append((column, name, slot, shape.fields[name] ?? .unknown))
        }
        var defaults: [Value] = []
        for (slot, name) in shape.fieldOrder.enumerated() {
            let type = shape.fields[name] ?? .unknown
            if Self.isList(type) {
                defaults.append(.list([]))
            } else if type.isOptional || claimedBy[slot] != nil {
                defaults.append(.absent)
            } else {
                let close = unclaimed.map(\.name).filter { !$0.isEmpty }
                let hint = Suggest.didYouMean(name, among: close).map { "; \($0)" } ?? ""
                errors.append(RecordError(.missingRecordField, path: "line 1", message: "the required field `\(name)` of \(CharterType.record(id)) has no column\(hint)"))
            }
        }
        guard errors.isEmpty else { throw RecordErrors(errors) }
        return CSVPlan(shape: id, columns: columns, defaults: defaults, kinds: columns.map { kind(of: $0.type) }, unclaimed: unclaimed)
    }

    static func isList(_ type: CharterType) -> Bool { if case .list = type { true } else { false } }

    /// One row as a record: each cell read as its field's type, an empty cell as an absent
    /// optional, a list field's cell split on `;`. Every cell that does not fit is reported.
    public func record(_ row: CSVReader.Row, plan: CSVPlan) throws(RecordErrors) -> RecordValue {
        var fields = plan.defaults
        var errors: [RecordError] = []
        for index in plan.columns.indices {
            let (column, slot) = (plan.columns[index].column, plan.columns[index].slot)
            let text = row.fields[column]
            if let values = row.values, column < values.count, let typed = values[column],
               let value = Self.typed(typed, as: plan.columns[index].type) {
                fields[slot] = value
                continue
            }
            if let value = Self.direct(text, plan.kinds[index]) {
                fields[slot] = value
                continue
            }
            let type = plan.columns[index].type
            let name = plan.columns[index].name
            do throws(RecordError) {
                fields[slot] = try cell(text, as: type, path: row.sheet.map { "[\($0)]!\(WorkbookReader.columnName(column))\(row.line) (`\(name)`)" }
                                        ?? "line \(row.line), column \(column + 1) (`\(name)`)")
            } catch {
                errors.append(RecordError(error.code, path: error.path, message: error.message, field: column))
            }
        }
        guard errors.isEmpty else { throw RecordErrors(errors) }
        return RecordValue(shape: plan.shape, fields: fields)
    }

    /// A worksheet cell's typed value (a number, boolean or date) as a field of `type`, when it
    /// is of that type; nil sends the cell's text the general way.
    static func typed(_ value: Value, as type: CharterType) -> Value? {
        switch (type.widenedBase, value) {
        case (.number, .number), (.bool, .bool), (.date, .date): return value
        default: return nil
        }
    }

    /// A cell read directly when it is plainly written (no surrounding spaces, an integer, an
    /// ISO date, `true` or `false`); nil sends it the general way, which also reports errors.
    @inline(__always)
    static func direct(_ text: String, _ kind: CellKind) -> Value? {
        guard let first = text.utf8.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
              let last = text.utf8.last, last != UInt8(ascii: " "), last != UInt8(ascii: "\t") else { return nil }
        switch kind {
        case .text: return .text(text)
        case .number: return smallInteger(text).flatMap(Rational.init).map(Value.number)
        case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        case .isoDate: return isoDate(text).map(Value.date)
        case .other: return nil
        }
    }

    /// `yyyy-mm-dd` read from its ten bytes; nil for anything else (including dates that do
    /// not exist, which the general reader then explains).
    static func isoDate(_ text: String) -> CivilDate? {
        var digits: [Int] = []
        digits.reserveCapacity(8)
        var count = 0
        for (index, byte) in text.utf8.enumerated() {
            count += 1
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        guard count == 10, digits.count == 8 else { return nil }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return CivilDate(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    /// The records of shape `id` in a CSV table; the first row that does not fit is an error.
    public func records(_ table: CSVReader.Table, shape id: RecordShape.ID,
                        ignoring: Set<String> = ["type"]) throws(RecordError) -> [RecordValue] {
        func first(_ errors: RecordErrors) -> RecordError {
            errors.errors.first ?? RecordError(.malformedRecordFile, path: "line 1", message: "the table cannot be read")
        }
        let plan: CSVPlan
        do throws(RecordErrors) { plan = try self.plan(header: table.header, shape: id, ignoring: ignoring) } catch { throw first(error) }
        var records: [RecordValue] = []
        records.reserveCapacity(table.rows.count)
        for row in table.rows {
            do throws(RecordErrors) { records.append(try record(row, plan: plan)) } catch { throw first(error) }
        }
        return records
    }

    /// One CSV cell as a value of `type`.
    func cell(_ text: String, as type: CharterType, path: @autoclosure () -> String) throws(RecordError) -> Value {
        let trimmed = Self.trimmed(text)
        switch type {
        case .optional(let wrapped):
            return trimmed.isEmpty ? .absent : try cell(trimmed, as: wrapped, path: path())
        case .number:
            if let integer = Self.smallInteger(trimmed).flatMap(Rational.init) { return .number(integer) }
            guard let number = JSONParser.exact(trimmed) ?? Self.grouped(trimmed).flatMap(JSONParser.exact) else {
                throw RecordError(.recordValueMismatch, path: path(), message: "\"\(text)\" is not a number")
            }
            return .number(number)
        case .bool:
            if trimmed == "true" { return .bool(true) }
            if trimmed == "false" { return .bool(false) }
            switch trimmed.lowercased() {
            case "true", "yes", "y": return .bool(true)
            case "false", "no", "n": return .bool(false)
            default: throw RecordError(.recordValueMismatch, path: path(), message: "\"\(text)\" is not true or false (write true or false, yes or no, y or n)")
            }
        case .list(let element):
            guard !trimmed.isEmpty else { return .list([]) }
            var values: [Value] = []
            for part in trimmed.split(separator: ";", omittingEmptySubsequences: false) {
                values.append(try cell(String(part), as: element, path: path()))
            }
            return .list(values)
        case .record(let id) where isDeclarationType(id):
            return try declaration(named: trimmed, of: id, path: path())
        case .record:
            throw RecordError(.recordValueMismatch, path: path(), message: "a nested record cannot be written in one CSV cell; use JSON for this record type")
        case .text:
            return .text(trimmed)
        default:
            return try value(.string(trimmed, JSONPosition(line: 0, column: 0)), as: type, path: path())
        }
    }

    /// `1,000,000.5` without its thousands separators, when the commas group the whole part in
    /// threes (`1,000`, `-12,345.6`); nil for anything else, so that `1,5` is never read as 15.
    static func grouped(_ text: String) -> String? {
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let whole = unsigned.prefix { $0 != "." }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let lead = groups.first, (1...3).contains(lead.count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return text.replacingOccurrences(of: ",", with: "")
    }

    /// A whole number of at most 18 digits, with an optional `-`, read without going through
    /// the general number reader; nil for anything else.
    static func smallInteger(_ text: String) -> Int? {
        var value = 0
        var negative = false
        var digits = 0
        for (index, byte) in text.utf8.enumerated() {
            if index == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// `text` without spaces and tabs at either end; most cells have none, and are returned as
    /// they are without a copy.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard isBlank(first) || isBlank(last) else { return text }
        return String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
