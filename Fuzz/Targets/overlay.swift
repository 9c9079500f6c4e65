@testable import Charter

/// A rule file laid over the MHHS rulebook, as `rulecheck diff --after FILE` and the REPL's
/// redefinitions take it: checked, and when it checks cleanly compiled, run on the example
/// records (verdicts, process status and routes, the before/after diff), and each rule it
/// declares explained on them. This is the target that reaches the interpreter.
@_cdecl("LLVMFuzzerTestOneInput")
public func overlayOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = FuzzSupport.decodedText(data, size) else { return 0 }
    let base = MHHSBase.shared
    // The same steps as `RulebookLoader.load(paths:into:overlay:)`, from text instead of a path.
    var loaded = base.loaded
    loaded.rulebook = Rulebook()
    RulebookLoader().load(text: text, path: "fuzz-after.charter", into: &loaded)
    let overlay = loaded.rulebook
    let (combined, changes) = base.loaded.rulebook.redefined(by: overlay)
    loaded.rulebook = combined
    // The base's unchanged rules are not typed again when the file has errors (OverlayBase).
    let checked = loaded.check(over: base.overlay)
    var sink = changes.count
    let errors = loaded.diagnostics.filter { $0.severity == .error }.sortedBySource()
    if !errors.isEmpty {
        sink &+= DiagnosticRenderer(files: loaded.files).render(errors).utf8.count
        FuzzSink.keep(sink)
        return 0
    }
    guard let checked else {
        FuzzSink.keep(sink)
        return 0
    }
    let program = Program(checked)
    let processes = program.processes()
    // Records decoded into the same shapes are the records already decoded: only a file that
    // changes the record types (or the declarations a field of a declaration type reads) makes
    // them again.
    let records: [LoadedRecord]
    if program.shapeByName == base.program.shapeByName, program.shapes == base.program.shapes {
        records = base.records
    } else {
        let decoded = MHHSBase.decode(base.recordFiles, program: program)
        records = decoded.records
        sink &+= decoded.errors.count
    }
    let declared = Set(overlay.declarations.compactMap { declaration -> String? in
        if case .rule(let rule) = declaration { return rule.name.text }
        return nil
    })
    RecordWork.run(records, program: program, processes: processes, rulebook: loaded.rulebook, files: loaded.files,
                   explained: declared)
    let diff = OutcomeDiff(before: .init(program: base.program, processes: base.processes),
                           after: .init(program: program, processes: processes), records: records, asOf: nil,
                           known: [base.results])
    sink &+= DiffReport(diff).text().utf8.count
    FuzzSink.keep(sink)
    return 0
}
