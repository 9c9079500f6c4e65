import Foundation
import RulecheckCommands
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Reads a line at a terminal with editing and history: the terminal goes into raw mode,
/// each byte read goes through a `KeyDecoder` into a `LineBuffer`, and the line is drawn
/// again after every key. The terminal's settings are restored before returning, whatever
/// the way out.
enum TerminalLineEditor {
    /// True when standard input and output are both terminals that understand the escape
    /// sequences used here (TERM is set and is not "dumb").
    static var isUsable: Bool {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { return false }
        guard let term = ProcessInfo.processInfo.environment["TERM"], !term.isEmpty, term != "dumb" else {
            return false
        }
        return true
    }

    /// The line entered after `prompt` (and a new line written), the end of input (Ctrl-D on
    /// an empty line, or standard input closed or failing), or `interrupted` when Ctrl-C
    /// discarded the line. When the terminal cannot be put in raw mode, the prompt is written
    /// and a plain line read instead.
    static func readInput(prompt: String, history: [String], completer: ((String, Int) -> LineCompletion)? = nil) -> LineInput {
        guard var saved = enterRawMode() else {
            output(prompt)
            return Swift.readLine(strippingNewline: true).map(LineInput.line) ?? .endOfInput
        }
        defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

        var editor = LineEditor(history: history, completer: completer)
        output(editor.buffer.render(prompt: prompt, width: terminalWidth()))
        while true {
            guard let byte = readByte() else { return .endOfInput }
            // A Tab with more bytes right behind it was pasted: it indents, as typed text would.
            var outcomes = editor.feed(byte, typedAhead: byte == 0x09 && inputArrives(withinMilliseconds: 0))
            // During a search an Escape that no sequence follows soon is the Escape key, which
            // gives the search up; elsewhere Escape means nothing on its own, and is not waited for.
            if editor.buffer.search != nil, editor.isAwaitingEscape, !inputArrives(withinMilliseconds: 100) {
                outcomes += editor.flush()
            }
            if outcomes.isEmpty { continue }
            for outcome in outcomes {
                switch outcome {
                case .editing:
                    break
                case .submit(let text):
                    // Drawn whole, not scrolled, so the full line stays on the screen.
                    output("\r" + prompt + text + "\u{1B}[K\n")
                    return .line(text)
                case .cancel:
                    output("^C\u{1B}[K\n")
                    return .interrupted
                case .endOfInput:
                    return .endOfInput
                case .clearScreen:
                    output("\u{1B}[H\u{1B}[2J")
                case .list(let candidates):
                    // The line as typed stays above the candidates; it is drawn again below them.
                    output("\r" + prompt + editor.buffer.text + "\u{1B}[K\n")
                    output(LineCompletion(range: 0..<0, candidates: candidates).listing(width: terminalWidth() - 1))
                }
            }
            output(editor.buffer.render(prompt: editor.prompt(for: prompt), width: terminalWidth()))
        }
    }

    /// True when standard input has a byte to read within `milliseconds`.
    private static func inputArrives(withinMilliseconds milliseconds: Int32) -> Bool {
        var request = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&request, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Puts standard input in raw mode; returns the settings to restore, or nil when they
    /// cannot be read or changed. Output processing stays on, so "\n" still starts a line.
    private static func enterRawMode() -> termios? {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~(tcflag_t(ICANON) | tcflag_t(ECHO) | tcflag_t(ISIG) | tcflag_t(IEXTEN))
        raw.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(ICRNL))
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // TCSANOW, not TCSAFLUSH: lines typed or pasted ahead are kept.
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        return original
    }

    /// One byte of standard input, or nil at its end or on an error. One byte at a time,
    /// so nothing after the line's Enter is taken from the next read.
    private static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    private static func output(_ text: String) {
        Array(text.utf8).withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
    }

    /// The terminal's width in columns, or 80 when it cannot be told.
    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

extension StandardIO: CompletingInput {
    /// At a terminal Tab completes through `completer`; elsewhere a line is read as usual.
    func readInput(prompt: String, history: [String], completer: @escaping (String, Int) -> LineCompletion) -> LineInput {
        guard TerminalLineEditor.isUsable else { return readInput(prompt: prompt, history: history) }
        return TerminalLineEditor.readInput(prompt: prompt, history: history, completer: completer)
    }
}
