import Synchronization

/// The messages other threads queue for one channel's socket, and the wake-up that tells its thread.
///
/// Any thread may `post`; only the channel's thread calls `takeAll`. Messages from one thread stay
/// in the order that thread posted them.
final class Outbox: Sendable {
    private struct State: Sendable {
        var messages: [[[UInt8]]] = []
        /// A wake-up byte is in the pipe and not yet drained: the next post need not write another.
        var wakeUpPending = false
        /// The channel thread has ended: later posts have no one to send them.
        var closed = false
    }

    private let state = Mutex(State())
    /// Polled by the channel thread next to its socket.
    let wakeUp: WakeUpPipe

    /// Creates an empty outbox with its pipe.
    init() throws {
        wakeUp = try WakeUpPipe()
    }

    /// Queues a message and wakes the channel thread unless a wake-up is already on its way.
    func post(_ frames: [[UInt8]]) {
        let mustWake = state.withLock { state in
            if state.closed { return false }
            state.messages.append(frames)
            if state.wakeUpPending { return false }
            state.wakeUpPending = true
            return true
        }
        // One write per burst: messages posted before the thread drains ride on the same wake-up.
        if mustWake { wakeUp.signal() }
    }

    /// Wakes the channel thread without a message, so it looks at the stop flag.
    func nudge() {
        wakeUp.signal()
    }

    /// Takes every queued message, oldest first.
    ///
    /// The pipe is drained before the queue is taken: a post that lands after the drain writes a
    /// fresh byte (its `wakeUpPending` was cleared here), so no message waits for a wake-up that
    /// was already consumed. `closing` makes it the last take: later posts are dropped instead of
    /// piling up for a thread that has ended.
    func takeAll(drainingWakeUp: Bool, closing: Bool) -> [[[UInt8]]] {
        if drainingWakeUp { wakeUp.drain() }
        return state.withLock { state in
            if drainingWakeUp { state.wakeUpPending = false }
            if closing { state.closed = true }
            if state.messages.isEmpty { return [] }
            let messages = state.messages
            state.messages = []
            state.messages.reserveCapacity(min(messages.count, 64))
            return messages
        }
    }
}
