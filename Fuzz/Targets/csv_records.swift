@testable import Charter

/// A CSV record file read against the MHHS rulebook's record types: the rows' type from a
/// `type` column, else `--type change_request`; dates in ISO form, else as dd/mm/yyyy (the
/// register's form); then every rule evaluated and each process followed.
@_cdecl("LLVMFuzzerTestOneInput")
public func csvRecordsOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let base = MHHSBase.shared
    let bytes = FuzzSupport.bytes(data, size)
    var records: [LoadedRecord] = []
    for format in CSVFormats.dateFormats {
        var errors: [RecordFileError] = []
        records = []
        RecordFiles(shapes: base.program.shapes, byName: base.program.shapeByName, dateFormat: format)
            .load(bytes: bytes, path: "fuzz.csv", into: &records, errors: &errors)
        if errors.contains(where: { $0.message.contains("record type is not given") }) {
            errors = []
            records = []
            RecordFiles(shapes: base.program.shapes, byName: base.program.shapeByName, dateFormat: format, typeName: "change_request")
                .load(bytes: bytes, path: "fuzz.csv", into: &records, errors: &errors)
        }
        FuzzSink.keep(errors.map(\.description.utf8.count).reduce(0, &+))
        if errors.isEmpty { break }
        records = []
    }
    guard !records.isEmpty else { return 0 }
    RecordWork.run(records, program: base.program, processes: base.processes, rulebook: base.loaded.rulebook,
                   files: base.loaded.files, explained: nil, maxExplained: 4)
    return 0
}

enum CSVFormats {
    static let dateFormats: [DateFormat] = [.iso] + ((try? DateFormat("dd/mm/yyyy")).map { [$0] } ?? [])
}
