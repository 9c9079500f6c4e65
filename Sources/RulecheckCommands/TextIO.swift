import Foundation

/// Where the driver writes and reads. The `rulecheck` executable passes the terminal; tests
/// pass a `CapturedIO` and compare what was written with golden files.
public protocol TextIO: AnyObject {
    func write(_ text: String)
    /// Writes UTF-8 bytes to standard output as they are, for output produced as bytes
    /// (`BufferedOutput`); the same as writing them decoded as a string.
    func write(utf8 bytes: ArraySlice<UInt8>)
    func writeError(_ text: String)
    /// One line of standard input without its line ending, or nil at the end of input.
    func readLine() -> String?
    /// All of standard input as bytes, for a record file given as `-`.
    func readStandardInput() -> [UInt8]
    /// True when standard input is a terminal (the REPL then shows prompts).
    var isInteractive: Bool { get }
    /// True when standard output is a terminal, where `--color auto` colours it.
    var outputIsTerminal: Bool { get }
    /// True when standard error is a terminal, where `--color auto` colours it.
    var errorIsTerminal: Bool { get }
    /// One line of input after showing `prompt` when interactive; a terminal may let the
    /// person edit the line and recall earlier ones. `history` holds the lines entered so far.
    func readLine(prompt: String, history: [String]) -> String?
    /// Like `readLine(prompt:history:)`, and says when the person pressed Ctrl-C instead of
    /// finishing the line, for the REPL to drop a half-typed block.
    func readInput(prompt: String, history: [String]) -> LineInput
    /// Runs `work` so that an interruption while it runs (Ctrl-C at a terminal) is noted for
    /// `interruption` to report, rather than ending the program.
    func whileInterruptible<Result>(_ work: () -> Result) -> Result
    /// Whether the work `whileInterruptible` is running has been interrupted, for evaluation to
    /// poll (`EvaluationLimits.interrupted`); nil when nothing can interrupt it.
    var interruption: (@Sendable () -> Bool)? { get }
    /// The environment variables, for where the REPL keeps its journal (`XDG_STATE_HOME`, `HOME`).
    var environment: [String: String] { get }
}

extension TextIO {
    public func write(utf8 bytes: ArraySlice<UInt8>) {
        write(String(decoding: bytes, as: UTF8.self))
    }

    /// Standard input line by line, each line ended by a newline.
    public func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        while let line = readLine() {
            bytes += line.utf8
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Shows the prompt only at a terminal, so that piped input gives a clean transcript.
    public func readLine(prompt: String, history: [String]) -> String? {
        if isInteractive { write(prompt) }
        return readLine()
    }

    public var outputIsTerminal: Bool { false }
    public var errorIsTerminal: Bool { false }
    public func readInput(prompt: String, history: [String]) -> LineInput {
        readLine(prompt: prompt, history: history).map(LineInput.line) ?? .endOfInput
    }

    public func whileInterruptible<Result>(_ work: () -> Result) -> Result { work() }
    public var interruption: (@Sendable () -> Bool)? { nil }
    public var environment: [String: String] { ProcessInfo.processInfo.environment }
}

/// Standard output gathered into blocks, each written with one call of `TextIO.write(utf8:)`,
/// so that a command writing a line or a record at a time makes few writes, and what it has
/// written waits in a buffer of a bounded size rather than in one string of the whole output.
public final class BufferedOutput {
    private let io: TextIO
    private var buffer: [UInt8] = []
    /// The size at which the buffer is written out.
    public static let blockSize = 1 << 16

    public init(_ io: TextIO) {
        self.io = io
        buffer.reserveCapacity(Self.blockSize)
    }

    /// Adds `bytes`, writing the buffer out once it holds a block.
    public func write(_ bytes: some Collection<UInt8>) {
        if buffer.isEmpty, bytes.count >= Self.blockSize {
            io.write(utf8: ArraySlice(bytes))
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { flush() }
    }

    public func write(_ text: String) { write(text.utf8) }

    /// Writes out what the buffer holds.
    public func flush() {
        guard !buffer.isEmpty else { return }
        io.write(utf8: buffer[...])
        buffer.removeAll(keepingCapacity: true)
    }
}

/// What one read of an input line gave.
public enum LineInput: Equatable, Sendable {
    /// A line, without its line ending.
    case line(String)
    /// Ctrl-C while the line was typed: the line is gone.
    case interrupted
    /// The end of input (Ctrl-D at an empty prompt).
    case endOfInput
}

/// A `TextIO` that keeps what is written and reads from a fixed input. Its environment is
/// empty unless given, so that nothing run through it finds the real home directory.
public final class CapturedIO: TextIO {
    public private(set) var output = ""
    public private(set) var errors = ""
    private var input: [String]
    private var next = 0
    public let environment: [String: String]
    /// Stands for Ctrl-C: evaluation polls it while `whileInterruptible` runs.
    public var interruption: (@Sendable () -> Bool)?

    public init(input: String = "", environment: [String: String] = [:], interruption: (@Sendable () -> Bool)? = nil) {
        var lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.input = lines
        self.environment = environment
        self.interruption = interruption
    }

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }

    public func readLine() -> String? {
        guard next < input.count else { return nil }
        defer { next += 1 }
        return input[next]
    }

    public var isInteractive: Bool { false }

    /// An input line that is only U+0003 stands for Ctrl-C and one that is only U+0004 for
    /// Ctrl-D, so that a transcript can press them where a terminal would.
    public func readInput(prompt: String, history: [String]) -> LineInput {
        switch readLine(prompt: prompt, history: history) {
        case nil, "\u{04}": .endOfInput
        case "\u{03}": .interrupted
        case let line?: .line(line)
        }
    }

    /// Whether commands are to take standard output (and standard error) for a terminal, for
    /// tests of `--color auto`.
    public var outputIsTerminal = false
    public var errorIsTerminal = false
}
