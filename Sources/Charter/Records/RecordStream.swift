import Foundation

/// Reads record files a window of bytes at a time with the fast readers (`JSONRecordScanner`,
/// `CSVRecordScanner`) and gives their records a batch per window, so that a command can check
/// each batch and let it go: memory holds a window and its records, whatever the size of the
/// files. What it gives is what `RecordFiles.load` gives for the same files: the same records
/// in the same order, with the same places, and the same warnings.
///
/// Like the fast readers it reads only files that load without a fault. At the first thing
/// they leave to the precise readers, and for what it does not stream (standard input, a
/// workbook, a file whose form is not told by its name or `--input-format`, a file that cannot
/// be opened or is over `RecordFiles.maxFileBytes`), it gives `unhandled`, and the caller reads
/// the files the precise way (`RecordFiles.load`), which reports every error where it stands.
public struct RecordStream {
    public enum Next {
        /// The records of the next window, in order.
        case records([LoadedRecord])
        /// Every file has been read.
        case end
        /// The files are to be read the precise way.
        case unhandled
    }

    /// How many bytes are read from a file at a time, unless told otherwise: a window holds
    /// this and what is left of the last record of the window before.
    public static let standardChunkBytes = 1 << 21

    let files: RecordFiles
    let chunkBytes: Int
    let paths: [String]
    var nextPath = 0
    var file: StreamedFile?
    var failed = false
    /// The warnings of the files read so far (CSV columns no field claims), in file order.
    public private(set) var warnings: [RecordFileError] = []

    public init(files: RecordFiles, paths: [String], chunkBytes: Int = standardChunkBytes) {
        self.files = files
        self.paths = paths
        self.chunkBytes = Swift.max(1, chunkBytes)
    }

    public mutating func next() -> Next {
        while !failed {
            guard var current = file else {
                guard nextPath < paths.count else { return .end }
                let path = paths[nextPath]
                nextPath += 1
                guard let opened = StreamedFile(path: path, files: files, chunkBytes: chunkBytes) else { break }
                file = opened
                continue
            }
            // The file is taken out while it reads, so that its window is not copied.
            file = nil
            switch current.next() {
            case .records(let records):
                file = current
                return .records(records)
            case .end:
                warnings += current.warnings
            case .unhandled:
                failed = true
            }
        }
        failed = true
        return .unhandled
    }
}

/// One record file read a window at a time.
struct StreamedFile {
    enum Next {
        case records([LoadedRecord])
        case end
        case unhandled
    }

    /// Where reading stands after a window: more bytes are needed, the file has been read, or
    /// it is to be read the precise way.
    enum Status {
        case more, done, unhandled
    }

    enum Reader {
        case json(JSONRecordScanner, JSONPhase)
        /// The scanner is made once the delimiter is known, from the header row.
        case csv(CSVRecordScanner?)
    }

    enum JSONPhase {
        /// Before the opening `[`.
        case start
        /// Between records of the top array, `element` the index of the next.
        case elements(Int)
        /// After the closing `]`: only whitespace may follow.
        case trailing
    }

    let path: String
    let files: RecordFiles
    let chunkBytes: Int
    let handle: FileHandle
    var reader: Reader
    /// The bytes read and not yet used up: `window[start..<filled]`.
    var window: [UInt8] = []
    var filled = 0
    var start = 0
    /// The line `window[start]` is on (CSV).
    var line = 1
    var atEnd = false
    /// What the last window left: records are given as soon as a window has any.
    var status = Status.more
    var warnings: [RecordFileError] = []

    init?(path: String, files: RecordFiles, chunkBytes: Int) {
        let format: RecordFiles.InputFormat
        let name = path.lowercased()
        if let given = files.options.inputFormat {
            format = given
        } else if name.hasSuffix(".json") {
            format = .json
        } else if name.hasSuffix(".csv") {
            format = .csv
        } else {
            return nil
        }
        // A file whose attributes cannot be read is not streamed: the whole-file loader reads it
        // and reports why it cannot.
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= RecordFiles.maxFileBytes,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.path = path
        self.files = files
        self.chunkBytes = chunkBytes
        self.handle = handle
        switch format {
        case .json: reader = .json(JSONRecordScanner(bytes: UnsafeBufferPointer(start: nil, count: 0), files: files), .start)
        case .csv: reader = .csv(nil)
        case .xlsx: return nil
        }
    }

    mutating func next() -> Next {
        while true {
            switch status {
            case .done:
                close()
                return .end
            case .unhandled:
                close()
                return .unhandled
            case .more:
                guard fill() else {
                    close()
                    return .unhandled
                }
            }
            var records: [LoadedRecord] = []
            let window = self.window
            window.withUnsafeBufferPointer { buffer in
                let bytes = UnsafeBufferPointer(rebasing: buffer[0..<filled])
                status = read(bytes, into: &records)
            }
            if !records.isEmpty {
                return .records(records)
            }
        }
    }

    func close() {
        // The file was only read: failing to close it loses nothing.
        try? handle.close()
    }

    /// Moves what is left of the window to its front and reads the next chunk after it;
    /// false when the file cannot be read.
    mutating func fill() -> Bool {
        guard !atEnd else { return true }
        if start > 0 {
            window.removeSubrange(0..<start)
            filled -= start
            start = 0
        }
        if window.count - filled < chunkBytes {
            window.append(contentsOf: repeatElement(0, count: chunkBytes - (window.count - filled)))
        }
        let descriptor = handle.fileDescriptor
        let goal = filled + chunkBytes
        var failed = false
        window.withUnsafeMutableBytes { raw in
            while filled < goal {
                let free = UnsafeMutableRawBufferPointer(rebasing: raw[filled..<goal])
                guard let base = free.baseAddress else { return }
                // INVARIANT: `free` lies inside the window (`filled..<goal`, and the window holds
                // at least `goal` bytes), so `read` writes at most its count of bytes within it.
                let count = Foundation.read(descriptor, base, free.count)
                if count > 0 {
                    filled += count
                } else if count == 0 {
                    atEnd = true
                    return
                } else if errno != EINTR {
                    failed = true
                    return
                }
            }
        }
        return !failed
    }

    /// Reads the records that lie whole in `bytes` from `start` on, moving `start` past them.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, into records: inout [LoadedRecord]) -> Status {
        switch reader {
        case .json(var scanner, var phase):
            // The scanner is taken out while it reads, so that its tables are not copied.
            reader = .csv(nil)
            scanner.bytes = bytes
            let status = readJSON(&scanner, &phase, into: &records)
            reader = .json(scanner, phase)
            return status
        case .csv(let made):
            reader = .csv(nil)
            var scanner: CSVRecordScanner
            if let made {
                scanner = made
            } else {
                let (begun, status) = beginCSV(bytes)
                guard let begun else { return status }
                scanner = begun
            }
            scanner.bytes = bytes
            let status = readCSV(&scanner, into: &records)
            reader = .csv(scanner)
            return status
        }
    }

    // MARK: - JSON

    /// The record type the records of the file last named.
    var typeCache = JSONRecordScanner.TypeCache()

    mutating func readJSON(_ scanner: inout JSONRecordScanner, _ phase: inout JSONPhase,
                           into records: inout [LoadedRecord]) -> Status {
        let bytes = scanner.bytes
        scanner.index = start
        switch phase {
        case .start:
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { scanner.index = 3 }
            scanner.skipWhitespace()
            guard scanner.index < bytes.count else { return atEnd ? .unhandled : .more }
            guard bytes[scanner.index] == UInt8(ascii: "[") else {
                // A file of one record is read whole.
                guard atEnd else { return .more }
                scanner.index = 0
                do throws(JSONRecordScanner.Unhandled) {
                    records = try scanner.document(path: path)
                    start = bytes.count
                    return .done
                } catch {
                    return .unhandled
                }
            }
            scanner.index += 1
            scanner.skipWhitespace()
            guard scanner.index < bytes.count else { return atEnd ? .unhandled : .more }
            // An empty array is an error, which the precise reader reports.
            guard bytes[scanner.index] != UInt8(ascii: "]") else { return .unhandled }
            start = scanner.index
            phase = .elements(0)
            return readJSON(&scanner, &phase, into: &records)
        case .elements(var element):
            var type = typeCache
            var closed = false
            var status = Status.more
            while !closed {
                let mark = scanner.index
                do throws(JSONRecordScanner.Unhandled) {
                    let value = try scanner.topRecord(&type)
                    scanner.skipWhitespace()
                    guard scanner.index < bytes.count else { throw JSONRecordScanner.Unhandled() }
                    let separator = bytes[scanner.index]
                    guard separator == UInt8(ascii: ",") || separator == UInt8(ascii: "]") else { throw JSONRecordScanner.Unhandled() }
                    scanner.index += 1
                    records.append(LoadedRecord(value: value, file: path, location: .element(element)))
                    element += 1
                    start = scanner.index
                    closed = separator == UInt8(ascii: "]")
                } catch {
                    // A record that reaches the end of the window may go on in the next.
                    scanner.index = mark
                    status = atEnd ? .unhandled : .more
                    break
                }
            }
            typeCache = type
            guard closed else {
                phase = .elements(element)
                return status
            }
            phase = .trailing
            return readJSON(&scanner, &phase, into: &records)
        case .trailing:
            scanner.skipWhitespace()
            guard scanner.index == bytes.count else { return .unhandled }
            start = scanner.index
            return atEnd ? .done : .more
        }
    }

    // MARK: - CSV

    /// Whether the header row has been read, and a record after it.
    var headerRead = false
    var recordRead = false

    /// The scanner for a CSV file, once the window holds the first line, from which the
    /// delimiter is told (see `CSVRecordScanner.records`); else the status.
    mutating func beginCSV(_ bytes: UnsafeBufferPointer<UInt8>) -> (CSVRecordScanner?, Status) {
        guard bytes.count >= 3 || atEnd else { return (nil, .more) }
        // UTF-16 is converted by the precise reader.
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { return (nil, .unhandled) }
        let begin = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let delimiter: UInt8
        if let given = files.options.delimiter {
            delimiter = given
        } else {
            let found = CSVReader.delimiter(of: bytes, from: begin)
            guard found.lineEnded || atEnd else { return (nil, .more) }
            delimiter = found.delimiter
        }
        start = begin
        return (CSVRecordScanner(bytes: bytes, files: files, start: begin, delimiter: delimiter), .more)
    }

    mutating func readCSV(_ scanner: inout CSVRecordScanner, into records: inout [LoadedRecord]) -> Status {
        // A row that reaches the end of a window that is not the file's last may go on in the next.
        scanner.final = atEnd
        scanner.index = start
        scanner.line = line
        do throws(CSVRecordScanner.Unhandled) {
            if !headerRead {
                try scanner.readHeader()
                headerRead = true
                (start, line) = (scanner.index, scanner.line)
            }
            while let record = try scanner.nextRecord(path: path) {
                records.append(record)
                recordRead = true
                (start, line) = (scanner.index, scanner.line)
            }
        } catch {
            return atEnd ? .unhandled : .more
        }
        (start, line) = (scanner.index, scanner.line)
        guard atEnd else { return .more }
        guard recordRead else { return .unhandled }
        warnings = scanner.warnings
        return .done
    }
}

extension Program {
    /// Whether any rule, function or group reads the loaded records of a type
    /// (`impact_assessments`): then every record must be loaded before any is checked, and
    /// records are not streamed.
    public var readsOtherRecords: Bool {
        !checked.resolution.recordLists.isEmpty
    }
}
