@testable import Charter

/// A JSON record file read against the MHHS rulebook's record types, as `rulecheck check`,
/// `status` and `explain` read one: decoded, every rule evaluated, each process followed, and
/// the rules of the first records explained.
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonRecordsOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let base = MHHSBase.shared
    var records: [LoadedRecord] = []
    var errors: [RecordFileError] = []
    RecordFiles(shapes: base.program.shapes, byName: base.program.shapeByName)
        .load(bytes: FuzzSupport.bytes(data, size), path: "fuzz.json", into: &records, errors: &errors)
    FuzzSink.keep(errors.map(\.description.utf8.count).reduce(0, &+))
    guard errors.isEmpty else { return 0 }
    RecordWork.run(records, program: base.program, processes: base.processes, rulebook: base.loaded.rulebook,
                   files: base.loaded.files, explained: nil, maxExplained: 6)
    return 0
}
