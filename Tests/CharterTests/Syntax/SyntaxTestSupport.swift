@testable import Charter

/// Parses `text` as one file named `test.charter`.
func parse(_ text: String) -> (rulebook: Rulebook, diagnostics: [Diagnostic], files: SourceFiles) {
    var result = RulebookLoader.Result()
    RulebookLoader().load(text: text, path: "test.charter", into: &result)
    return (result.rulebook, result.diagnostics, result.files)
}

func codes(_ text: String) -> [String] {
    parse(text).diagnostics.map(\.code.id)
}

func tokenKinds(_ text: String) -> [TokenKind] {
    var files = SourceFiles()
    let file = files.add(path: "t", text: text)
    return Lexer.tokenize(file).tokens.map(\.kind)
}
