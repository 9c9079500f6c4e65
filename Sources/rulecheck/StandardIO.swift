import Charter
import Foundation

/// The terminal: standard output, standard error and standard input.
final class StandardIO: TextIO {
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    var isInteractive: Bool { isatty(STDIN_FILENO) != 0 }
}
