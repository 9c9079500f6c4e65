import Foundation
import Synchronization
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Set by Ctrl-C (SIGINT) while an input is evaluated. A global, because a signal handler is a
/// C function that can capture nothing; an atomic store is all it does, which is safe in one.
let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C during an evaluation: caught, so that the evaluation stops and the session goes on,
/// rather than ending the program. Outside `whileCatching` the signal does what it did before
/// (at the prompt the line editor reads Ctrl-C as a key, with the terminal in raw mode).
enum Interruption {
    static func whileCatching<Result>(_ work: () -> Result) -> Result {
        interruptRequested.store(false, ordering: .relaxed)
        let previous = signal(SIGINT) { _ in interruptRequested.store(true, ordering: .relaxed) }
        defer { signal(SIGINT, previous) }
        return work()
    }

    /// Whether Ctrl-C came during the current `whileCatching`.
    static let requested: @Sendable () -> Bool = { interruptRequested.load(ordering: .relaxed) }
}
