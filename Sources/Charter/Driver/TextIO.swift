/// Where the driver writes and reads. The `rulecheck` executable passes the terminal; tests
/// pass a `CapturedIO` and compare what was written with golden files.
public protocol TextIO: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// One line of standard input without its line ending, or nil at the end of input.
    func readLine() -> String?
    /// True when standard input is a terminal (the REPL then shows prompts).
    var isInteractive: Bool { get }
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
