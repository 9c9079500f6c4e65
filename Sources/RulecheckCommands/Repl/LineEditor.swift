/// The line editor without its terminal: the bytes a terminal sends go in, what became of the
/// line comes out. Tab completes through `completer` (the line and the cursor in, what fits
/// out); at the start of a line, or without a completer, it indents. The executable's
/// terminal and the tests drive the same editor.
public struct LineEditor {
    public private(set) var buffer: LineBuffer
    private var decoder = KeyDecoder()
    private let completer: ((String, Int) -> LineCompletion)?
    /// True when the last key was a Tab, so that the next one lists the candidates.
    private var tabbed = false

    public init(history: [String], completer: ((String, Int) -> LineCompletion)? = nil) {
        buffer = LineBuffer(history: history)
        self.completer = completer
    }

    /// What became of the line with each key that `byte` completes (often none or one).
    public mutating func feed(_ byte: UInt8) -> [LineOutcome] {
        decoder.feed(byte).map { apply($0) }
    }

    public mutating func apply(_ key: EditKey) -> LineOutcome {
        let again = tabbed
        tabbed = false
        guard key == .tab, let completer,
              buffer.characters[..<buffer.cursor].contains(where: { !$0.isWhitespace }) else {
            return buffer.apply(key)
        }
        tabbed = true
        let completion = completer(buffer.text, buffer.cursor)
        return buffer.complete(completion, listing: again).map(LineOutcome.list) ?? .editing
    }
}
