import Foundation
import RulecheckCommands

/// A terminal for REPL transcripts typed key by key: the bytes of a `.keys` file go through
/// the line editor the executable uses (`LineEditor`), Tab completing as at a terminal. What
/// it shows is what would stay on the screen: each prompt, each line as entered, and the
/// candidates a second Tab lists below the line typed so far. In the file, `<Tab>`, `<Esc>`,
/// `<Up>`, `<Down>` and `<C-x>` (Ctrl with a letter) stand for their keys; a new line is Enter.
/// After `<Esc>` the terminal pauses, so that it is the Escape key and starts no sequence.
final class KeyedTerminal: TextIO, CompletingInput {
    private(set) var output = ""
    private(set) var errors = ""
    /// The bytes typed; nil where the typing pauses.
    private let bytes: [UInt8?]
    private var next = 0
    let environment: [String: String]
    var isInteractive: Bool { true }

    init(keys: String, environment: [String: String]) {
        bytes = Array(Self.expanded(keys).utf8).flatMap { $0 == 0x1B ? [$0, nil] : [$0] }
        self.environment = environment
    }

    /// `keys` with the names of keys replaced by the bytes a terminal sends for them.
    static func expanded(_ keys: String) -> String {
        var text = keys.replacingOccurrences(of: "<Tab>", with: "\t")
            .replacingOccurrences(of: "<Esc>", with: "\u{1B}")
            .replacingOccurrences(of: "<Up>", with: "\u{10}")
            .replacingOccurrences(of: "<Down>", with: "\u{0E}")
        for letter in UInt8(ascii: "a")...UInt8(ascii: "z") {
            let control = String(UnicodeScalar(letter - 0x60))
            text = text.replacingOccurrences(of: "<C-\(String(UnicodeScalar(letter)))>", with: control)
        }
        return text
    }

    func write(_ text: String) { output += text }
    func writeError(_ text: String) { errors += text }

    func readLine() -> String? {
        guard next < bytes.count else { return nil }
        let end = bytes[next...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        defer { next = end + 1 }
        return String(decoding: bytes[next..<end].compactMap { $0 }, as: UTF8.self)
    }

    func readInput(prompt: String, history: [String]) -> LineInput {
        edit(prompt: prompt, history: history, completer: nil)
    }

    func readInput(prompt: String, history: [String], completer: @escaping (String, Int) -> LineCompletion) -> LineInput {
        edit(prompt: prompt, history: history, completer: completer)
    }

    private func edit(prompt: String, history: [String], completer: ((String, Int) -> LineCompletion)?) -> LineInput {
        write(prompt)
        var editor = LineEditor(history: history, completer: completer)
        while next < bytes.count {
            let byte = bytes[next]
            next += 1
            for outcome in byte.map({ editor.feed($0) }) ?? editor.flush() {
                switch outcome {
                case .editing, .clearScreen:
                    break
                case .submit(let text):
                    write(text + "\n")
                    return .line(text)
                case .cancel:
                    write("^C\n")
                    return .interrupted
                case .endOfInput:
                    return .endOfInput
                case .list(let candidates):
                    write(editor.buffer.text + "\n" + LineCompletion(range: 0..<0, candidates: candidates).listing(width: 79) + prompt)
                }
            }
        }
        return .endOfInput
    }
}
