/// The line editor without its terminal: the bytes a terminal sends go in, what became of the
/// line comes out. Tab completes through `completer` (the line and the cursor in, what fits
/// out); at the start of a line, or without a completer, it indents. Ctrl-R searches the
/// history (`LineBuffer+Search.swift`). The executable's
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
    /// `typedAhead` says that more bytes are already waiting, as when text is pasted: a Tab
    /// then indents rather than completes, so that pasted text comes in as it was.
    public mutating func feed(_ byte: UInt8, typedAhead: Bool = false) -> [LineOutcome] {
        decoder.feed(byte).map { key in
            guard key == .tab, typedAhead else { return apply(key) }
            tabbed = false
            return buffer.apply(key)
        }
    }

    /// True after an Escape byte that may start a sequence: when no byte follows soon, the
    /// terminal calls `flush` to take it as the Escape key.
    public var isAwaitingEscape: Bool { decoder.isAwaitingEscape }

    /// What became of the line with a lone Escape, when one is pending.
    public mutating func flush() -> [LineOutcome] {
        decoder.flushEscape().map { apply($0) }
    }

    /// The prompt to draw before the line (a history search shows its own).
    public func prompt(for prompt: String) -> String { buffer.prompt(for: prompt) }

    public mutating func apply(_ key: EditKey) -> LineOutcome {
        let again = tabbed
        tabbed = false
        // Tab during a history search takes the line found, then completes in it.
        if key == .tab, completer != nil, buffer.search != nil { buffer.acceptSearch() }
        guard key == .tab, let completer,
              buffer.characters[..<buffer.cursor].contains(where: { !$0.isWhitespace }) else {
            return buffer.apply(key)
        }
        tabbed = true
        let completion = completer(buffer.text, buffer.cursor)
        return buffer.complete(completion, listing: again).map(LineOutcome.list) ?? .editing
    }
}
