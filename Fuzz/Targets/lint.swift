@testable import Charter

/// A rule file on its own, as `rulecheck lint` takes it: lexer, parser, the declaration and
/// type checkers, both renderings of the diagnostics; and when it checks cleanly, compiled to a
/// program with its processes.
@_cdecl("LLVMFuzzerTestOneInput")
public func lintOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = FuzzSupport.decodedText(data, size) else { return 0 }
    var loaded = RulebookLoader.Result()
    RulebookLoader().load(text: text, path: "fuzz.charter", into: &loaded)
    let checked = loaded.check()
    let diagnostics = loaded.diagnostics.sortedBySource()
    var sink = DiagnosticRenderer(files: loaded.files, style: .human).render(diagnostics).utf8.count
    sink &+= DiagnosticRenderer(files: loaded.files, style: .plain).render(diagnostics).utf8.count
    if let checked {
        let program = Program(checked)
        sink &+= program.processes().count
    }
    FuzzSink.keep(sink)
    return 0
}
