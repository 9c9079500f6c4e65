/// Where the driver writes and reads. The `rulecheck` executable passes the terminal; tests
/// pass a `CapturedIO` and compare what was written with golden files.
public protocol TextIO: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// One line of standard input without its line ending, or nil at the end of input.
    func readLine() -> String?
    /// True when standard input is a terminal (the REPL then shows prompts).
    var isInteractive: Bool { get }
    /// One line of input after showing `prompt` when interactive; a terminal may let the
    /// person edit the line and recall earlier ones. `history` holds the lines entered so far.
    func readLine(prompt: String, history: [String]) -> String?
}

extension TextIO {
    /// Shows the prompt only at a terminal, so that piped input gives a clean transcript.
    public func readLine(prompt: String, history: [String]) -> String? {
        if isInteractive { write(prompt) }
        return readLine()
    }
}

/// A `TextIO` that keeps what is written and reads from a fixed input.
public final class CapturedIO: TextIO {
    public private(set) var output = ""
    public private(set) var errors = ""
    private var input: [String]
    private var next = 0

    public init(input: String = "") {
        var lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.input = lines
    }

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }

    public func readLine() -> String? {
        guard next < input.count else { return nil }
        defer { next += 1 }
        return input[next]
    }

    public var isInteractive: Bool { false }
}
