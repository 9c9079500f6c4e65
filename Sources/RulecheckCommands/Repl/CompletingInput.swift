/// A `TextIO` whose line editor completes what is typed with Tab, as a terminal's does. The
/// REPL gives it a completer when it has one; any other `TextIO` reads lines as usual.
public protocol CompletingInput: TextIO {
    /// Like `readInput(prompt:history:)`, with Tab asking `completer` what fits (the line and
    /// the cursor, in characters).
    func readInput(prompt: String, history: [String], completer: @escaping (String, Int) -> LineCompletion) -> LineInput
}
