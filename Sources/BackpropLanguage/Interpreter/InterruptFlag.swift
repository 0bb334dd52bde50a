import Synchronization

/// A flag another thread sets to stop the running code at its next statement or loop iteration.
///
/// The kernel's control thread (or a SIGINT handler's thread) calls `set()`; the evaluator
/// checks it between statements and raises `Interrupted`, keeping every binding made so far.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a cleared flag.
    public init() {}

    /// Asks the running code to stop.
    public func set() { flag.store(true, ordering: .relaxed) }

    /// Clears the flag before the next run.
    public func clear() { flag.store(false, ordering: .relaxed) }

    /// Whether an interrupt is pending.
    @inline(__always)
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}
