import Foundation

/// Counts the polls of an interruption closure, which says "interrupted" once more than
/// `threshold` polls have been made since the last `reset`: a Ctrl-C that comes a little way
/// into an evaluation. Locked, because the closure is `@Sendable`.
public final class PollCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var polls = 0
    private var limit: Int

    public init(interruptAfter limit: Int) { self.limit = limit }

    public var threshold: Int {
        get { lock.withLock { limit } }
        set { lock.withLock { limit = newValue } }
    }

    public func reset() { lock.withLock { polls = 0 } }

    public func poll() -> Bool {
        lock.withLock {
            polls += 1
            return polls > limit
        }
    }

    public var closure: @Sendable () -> Bool { { self.poll() } }
}
