@testable import Charter

/// A rule file through the formatter: when it parses, its formatted text must parse to the same
/// syntax tree (spans aside), keep every comment in order, and format to itself again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fmtOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = FuzzSupport.decodedText(data, size) else { return 0 }
    guard case .formatted(let once) = SourceFormatter.format(text: text) else { return 0 }
    guard case .formatted(let twice) = SourceFormatter.format(text: once) else {
        fatalError("the formatted text does not parse:\n\(once)")
    }
    guard twice == once else { fatalError("formatting twice changes the text:\n\(once)\n---\n\(twice)") }
    var files = SourceFiles()
    let before = Parser.parse(files.add(path: "before.charter", text: text)).rulebook
    let after = Parser.parse(files.add(path: "after.charter", text: once)).rulebook
    guard SpanFreeTree.of(before) == SpanFreeTree.of(after) else {
        fatalError("formatting changes the syntax tree:\n\(once)")
    }
    guard before.comments.map({ SourceFormatter.Layout.trimmed($0.text) }) == after.comments.map(\.text) else {
        fatalError("formatting loses or moves a comment:\n\(once)")
    }
    FuzzSink.keep(once.utf8.count)
    return 0
}
