/// Reads a worksheet of an Office Open XML workbook (`.xlsx`) as a table: the workbook's sheets
/// and date system, shared and inline strings, numbers, booleans, and dates stored as serial
/// numbers under a date number format. Cells are placed by their references (`D7`); a gap is
/// an empty cell. Formulas give their cached values.
public enum WorkbookReader {
    /// Each part of a workbook is inflated to at most this many bytes; more is refused.
    public static let maxPartBytes = 256 << 20

    /// The rows and columns of a worksheet, as in Excel (row 1,048,576, column XFD).
    static let maxRows = 1 << 20
    static let maxColumns = 1 << 14

    /// Why a workbook cannot be read.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case archive(ZIPArchive.Failure)
        case malformedPart(part: String, reason: String)
        case noSheets
        case unknownSheet(name: String, sheets: [String])
        case emptySheet(String)

        public var description: String {
            switch self {
            case .archive(let failure): "the workbook cannot be read: \(failure)"
            case .malformedPart(let part, let reason): "the workbook's `\(part)` is not well-formed: \(reason)"
            case .noSheets: "the workbook has no worksheets"
            case .unknownSheet(let name, let sheets):
                "the workbook has no sheet `\(name)`; \(Suggest.didYouMean(name, among: sheets) ?? "its sheets are \(Suggest.list(sheets))")"
            case .emptySheet(let name): "the sheet `\(name)` has no header row"
            }
        }
    }

    /// One cell's contents as read: its text, and a typed value for a number, boolean or date.
    struct Cell {
        var text: String
        var value: Value?
    }

    /// The rows of sheet `name` (or the first sheet) of the workbook in `bytes`, as a table
    /// whose rows carry typed cells and the sheet's name, with the sheet's name.
    public static func table(_ bytes: [UInt8], sheet name: String?, limit: Int = maxPartBytes) -> Result<(sheet: String, table: CSVReader.Table), Failure> {
        do throws(Failure) {
            let archive: ZIPArchive
            do throws(ZIPArchive.Failure) { archive = try ZIPArchive(bytes) } catch { throw .archive(error) }
            func part(_ path: String) throws(Failure) -> [UInt8]? {
                guard archive.contains(path) else { return nil }
                do throws(ZIPArchive.Failure) { return try archive.contents(of: path, limit: limit) } catch { throw .archive(error) }
            }
            func read(_ path: String, _ handle: (XMLReader.Event) -> Void) throws(Failure) {
                guard let data = try part(path) else { return }
                do throws(XMLReader.Failure) {
                    try XMLReader.read(data) { (event) throws(XMLReader.Failure) in handle(event) }
                } catch {
                    throw .malformedPart(part: path, reason: "\(error.reason) at byte \(error.offset)")
                }
            }
            // The workbook part, from the package's relationships (xl/workbook.xml by convention).
            var workbookPath = "xl/workbook.xml"
            try read("_rels/.rels") { event in
                if case .start("Relationship", let attributes, _) = event, attributes["Type"]?.hasSuffix("/officeDocument") == true,
                   let target = attributes["Target"] {
                    workbookPath = target.hasPrefix("/") ? String(target.dropFirst()) : target
                }
            }
            guard archive.contains(workbookPath) else {
                throw .archive(.missingEntry(workbookPath))
            }
            let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
            var sheets: [(name: String, relationship: String)] = []
            var date1904 = false
            try read(workbookPath) { event in
                guard case .start(let element, let attributes, _) = event else { return }
                if element == "sheet", let sheetName = attributes["name"], let id = attributes["r:id"] {
                    sheets.append((sheetName, id))
                } else if element == "workbookPr", let flag = attributes["date1904"] {
                    date1904 = flag == "1" || flag == "true"
                }
            }
            var targets: [String: String] = [:]
            try read((folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels") { event in
                if case .start("Relationship", let attributes, _) = event, let id = attributes["Id"], let target = attributes["Target"] {
                    targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : (folder.isEmpty ? target : folder + "/" + target)
                }
            }
            guard let first = sheets.first else { throw .noSheets }
            let chosen: (name: String, relationship: String)
            if let name {
                guard let found = sheets.first(where: { $0.name == name }) else { throw .unknownSheet(name: name, sheets: sheets.map(\.name)) }
                chosen = found
            } else {
                chosen = first
            }
            guard let sheetPath = targets[chosen.relationship] else { throw .archive(.missingEntry("the part of sheet `\(chosen.name)`")) }
            let strings = try sharedStrings(read, folder: folder)
            let dateStyles = try dateStyles(read, folder: folder)
            var rows: [(number: Int, cells: [Int: Cell])] = []
            try readSheet(read, path: sheetPath, strings: strings, dateStyles: dateStyles, date1904: date1904, into: &rows)
            return .success((chosen.name, try table(rows, sheet: chosen.name)))
        } catch {
            return .failure(error)
        }
    }

    typealias PartReader = (String, (XMLReader.Event) -> Void) throws(Failure) -> Void

    static func sharedStrings(_ read: PartReader, folder: String) throws(Failure) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var inPhonetic = false
        try read(folder + "/sharedStrings.xml") { event in
            switch event {
            case .start("si", _, _): current = ""
            case .start("rPh", _, let empty): inPhonetic = !empty
            case .start("t", _, let empty): inText = !empty && !inPhonetic
            case .text(let text) where inText: current += text
            case .end("t"): inText = false
            case .end("rPh"): inPhonetic = false
            case .end("si"): strings.append(current)
            default: break
            }
        }
        return strings
    }

    /// The cell formats (`s` indices) whose number format shows a date.
    static func dateStyles(_ read: PartReader, folder: String) throws(Failure) -> Set<Int> {
        var customDates: Set<Int> = []
        var styles: Set<Int> = []
        var inCellFormats = false
        var index = 0
        try read(folder + "/styles.xml") { event in
            switch event {
            case .start("numFmt", let attributes, _):
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"], isDateFormat(code) {
                    customDates.insert(id)
                }
            case .start("cellXfs", _, let empty): inCellFormats = !empty
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let attributes, _) where inCellFormats:
                let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                if (14...22).contains(id) || (27...36).contains(id) || (50...58).contains(id) || customDates.contains(id) {
                    styles.insert(index)
                }
                index += 1
            default: break
            }
        }
        return styles
    }

    /// Whether a number format code shows a date: it has a day or year field outside quoted
    /// text, escapes and `[…]` sections.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            case "d", "y": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    static func readSheet(_ read: PartReader, path: String, strings: [String], dateStyles: Set<Int>, date1904: Bool,
                          into rows: inout [(number: Int, cells: [Int: Cell])]) throws(Failure) {
        var rowNumber = 0
        var column = -1
        var cellType = "n", cellStyle = 0
        var value = "", inline = ""
        var capture: String?
        var inCell = false
        var failure: Failure?
        var collected = rows
        try read(path) { event in
            guard failure == nil else { return }
            switch event {
            case .start("row", let attributes, let empty):
                let number = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                guard (1...maxRows).contains(number) else {
                    failure = .malformedPart(part: path, reason: "the row number `\(attributes["r"] ?? "")` is not from 1 to \(maxRows)")
                    return
                }
                rowNumber = number
                column = -1
                collected.append((rowNumber, [:]))
                if empty { return }
            case .start("c", let attributes, let empty):
                if let reference = attributes["r"] {
                    guard let place = cellReference(reference) else {
                        failure = .malformedPart(part: path, reason: "the cell reference `\(reference)` is not a column and row")
                        return
                    }
                    column = place.column
                } else {
                    column += 1
                }
                guard column < maxColumns else {
                    failure = .malformedPart(part: path, reason: "a cell lies past the last column, \(columnName(maxColumns - 1))")
                    return
                }
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
                inline = ""
                inCell = !empty
            case .start("v", _, let empty) where inCell: capture = empty ? nil : "v"
            case .start("t", _, let empty) where inCell: capture = empty ? nil : "t"
            case .start("rPh", _, _): capture = nil
            case .text(let text):
                if capture == "v" { value += text } else if capture == "t" { inline += text }
            case .end("v"), .end("t"): capture = nil
            case .end("c"):
                inCell = false
                guard let cell = makeCell(type: cellType, style: cellStyle, value: value, inline: inline,
                                          strings: strings, dateStyles: dateStyles, date1904: date1904) else { return }
                if collected.isEmpty { collected.append((rowNumber, [:])) }
                collected[collected.count - 1].cells[column] = cell
            default: break
            }
        }
        if let failure { throw failure }
        rows = collected
    }

    static func makeCell(type: String, style: Int, value: String, inline: String, strings: [String],
                         dateStyles: Set<Int>, date1904: Bool) -> Cell? {
        switch type {
        case "s":
            guard let index = Int(value), strings.indices.contains(index) else { return nil }
            return Cell(text: strings[index])
        case "inlineStr": return Cell(text: inline)
        case "str": return Cell(text: value)
        case "b": return Cell(text: value == "1" ? "true" : "false", value: .bool(value == "1"))
        case "e": return Cell(text: value)
        case "d":
            let date = CivilDate(iso: value.prefix(10))
            return Cell(text: date.map(\.description) ?? value, value: date.map(Value.date))
        default:
            guard !value.isEmpty else { return nil }
            if dateStyles.contains(style), let date = serialDate(value, date1904: date1904) {
                return Cell(text: date.description, value: .date(date))
            }
            return Cell(text: value, value: JSONParser.exact(value).map(Value.number))
        }
    }

    /// The date of a serial number: days since 1899-12-30 (with 1900 wrongly a leap year, as
    /// Lotus had it, so serial 60 is no day) or, in the 1904 system, since 1904-01-01. The time
    /// of day (the fraction) is dropped.
    static func serialDate(_ text: String, date1904: Bool) -> CivilDate? {
        let whole = text.prefix { $0 != "." && $0 != "E" && $0 != "e" }
        guard whole == Substring(text) || text.dropFirst(whole.count).first == ".", let days = Int(whole), days >= 0, days < 3_000_000 else { return nil }
        if date1904 { return CivilDate(year: 1904, month: 1, day: 1)?.adding(days: days) }
        guard days != 60, days > 0 else { return nil }
        return CivilDate(year: 1899, month: 12, day: days < 60 ? 31 : 30)?.adding(days: days)
    }

    /// `D7` as column 3 (from 0) and row 7; nil for anything else.
    static func cellReference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0
        var letters = 0
        var digits = ""
        for character in text.replacingOccurrences(of: "$", with: "") {
            if let ascii = character.asciiValue, (65...90).contains(ascii) || (97...122).contains(ascii), digits.isEmpty {
                letters += 1
                guard letters <= 3 else { return nil }
                column = column * 26 + Int((ascii & 0xDF) - 64)
            } else if character.isASCIIDigit, digits.count < 8 {
                digits.append(character)
            } else {
                return nil
            }
        }
        guard letters > 0, let row = Int(digits) else { return nil }
        return (column - 1, row)
    }

    /// `3` as `D`.
    public static func columnName(_ column: Int) -> String {
        guard column >= 0, column < maxColumns else { return "?" }
        var number = column + 1
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// The rows as a table: the first row with a value is the header; rows of empty cells and
    /// columns past the last with a value are left out.
    static func table(_ rows: [(number: Int, cells: [Int: Cell])], sheet: String) throws(Failure) -> CSVReader.Table {
        let filled = rows.filter { row in row.cells.values.contains { !$0.text.isEmpty } }
        guard let header = filled.first else { throw .emptySheet(sheet) }
        let width = (filled.flatMap { $0.cells.filter { !$0.value.text.isEmpty }.keys }.max() ?? 0) + 1
        // The table holds every row at the sheet's full width: a sheet whose few cells lie far
        // apart would take space out of all proportion to the file.
        let cells = filled.reduce(0) { $0 + $1.cells.count }
        guard width <= 256 || width * filled.count <= max(1 << 22, 64 * cells) else {
            throw .malformedPart(part: "the sheet `\(sheet)`", reason: "its \(filled.count) rows run to column \(columnName(width - 1)) with only \(cells) cells")
        }
        func row(_ source: (number: Int, cells: [Int: Cell])) -> CSVReader.Row {
            var fields = [String](repeating: "", count: width)
            var values = [Value?](repeating: nil, count: width)
            for (column, cell) in source.cells where column < width {
                fields[column] = cell.text
                values[column] = cell.value
            }
            return CSVReader.Row(line: source.number, fields: fields, values: values, sheet: sheet)
        }
        return CSVReader.Table(header: row(header).fields, rows: filled.dropFirst().map(row))
    }
}
