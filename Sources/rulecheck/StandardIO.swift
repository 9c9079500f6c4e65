import Foundation
import RulecheckCommands

/// The terminal: standard output, standard error and standard input.
final class StandardIO: TextIO {
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The bytes with as few `write` calls as the system takes, none of them copied first.
    func write(utf8 bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
    }

    func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    func readStandardInput() -> [UInt8] {
        [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }

    var isInteractive: Bool { isatty(STDIN_FILENO) != 0 }
    var outputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    var errorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// At a terminal the line can be edited and earlier lines recalled; otherwise the
    /// prompt is shown only when interactive and a plain line is read.
    func readLine(prompt: String, history: [String]) -> String? {
        while true {
            switch readInput(prompt: prompt, history: history) {
            case .line(let line): return line
            case .interrupted: continue
            case .endOfInput: return nil
            }
        }
    }

    func readInput(prompt: String, history: [String]) -> LineInput {
        if TerminalLineEditor.isUsable {
            return TerminalLineEditor.readInput(prompt: prompt, history: history)
        }
        if isInteractive { write(prompt) }
        return readLine().map(LineInput.line) ?? .endOfInput
    }

    func whileInterruptible<Result>(_ work: () -> Result) -> Result {
        Interruption.whileCatching(work)
    }

    var interruption: (@Sendable () -> Bool)? { Interruption.requested }
}

/// Writes all of `buffer` to `descriptor`, again after an interrupted call, until it is written
/// or the descriptor fails (a closed pipe), when the rest is dropped: output is best effort.
func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) {
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
        let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0, errno == EINTR {
            continue
        } else {
            return
        }
    }
}
