@testable import Charter

/// An `.xlsx` workbook read against the MHHS rulebook's record types as `--type change_request`:
/// the ZIP container, the inflater, the XML parts and the worksheet reader, then every rule
/// evaluated and each process followed on the rows that load. Each part is inflated to at most
/// 4 MiB here, so that a fuzzed ZIP bomb is refused quickly.
@_cdecl("LLVMFuzzerTestOneInput")
public func xlsxRecordsOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let base = MHHSBase.shared
    let bytes = FuzzSupport.bytes(data, size)
    // The inflater on its own, on the raw input as a DEFLATE stream.
    if case .success(let inflated) = Inflater.inflate(bytes, limit: 1 << 22) { FuzzSink.keep(inflated.count) }
    guard case .success(let (_, table)) = WorkbookReader.table(bytes, sheet: nil, limit: 1 << 22) else { return 0 }
    FuzzSink.keep(table.rows.count)
    var records: [LoadedRecord] = []
    var errors: [RecordFileError] = []
    var warnings: [RecordFileError] = []
    RecordFiles(shapes: base.program.shapes, byName: base.program.shapeByName, typeName: "change_request")
        .loadTable(table, path: "fuzz.xlsx", into: &records, errors: &errors, warnings: &warnings)
    FuzzSink.keep(errors.map(\.description.utf8.count).reduce(0, &+) + warnings.count)
    guard !records.isEmpty else { return 0 }
    RecordWork.run(records, program: base.program, processes: base.processes, rulebook: base.loaded.rulebook,
                   files: base.loaded.files, explained: nil, maxExplained: 4)
    return 0
}
