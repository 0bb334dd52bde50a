import JSON
import Synchronization

/// The output of the cell being executed: batches stream text and publishes everything in order.
///
/// The execution thread writes; the kernel's flusher thread sends stream text that has waited
/// 50 ms. Publishing happens under the lock, so messages reach the transport in program order.
final class CellOutput: Sendable {
    /// How long stream text may wait before it is sent.
    static let flushInterval: UInt64 = 50_000_000
    /// How much stream text may wait before it is sent at once.
    static let flushBytes = 256 << 10

    private struct State {
        var pending: [(StreamName, String)] = []
        var pendingBytes = 0
        var lastFlush: UInt64
        var finished = false
    }

    private let state: Mutex<State>
    private let kernel: Kernel
    /// The execute request this output answers.
    let request: Message

    init(kernel: Kernel, request: Message) {
        self.kernel = kernel
        self.request = request
        state = Mutex(State(lastFlush: KernelThread.monotonicNanoseconds()))
    }

    func write(_ text: String, to stream: StreamName) {
        guard !text.isEmpty else { return }
        state.withLock { state in
            guard !state.finished else { return }
            if let last = state.pending.indices.last, state.pending[last].0 == stream {
                state.pending[last].1 += text
            } else {
                state.pending.append((stream, text))
            }
            state.pendingBytes += text.utf8.count
            if state.pendingBytes >= Self.flushBytes
                || KernelThread.monotonicNanoseconds() - state.lastFlush >= Self.flushInterval
            {
                flush(&state)
            }
        }
    }

    /// Sends stream text that has waited long enough (called by the flusher thread).
    func flushIfDue() {
        state.withLock { state in
            guard !state.pending.isEmpty, KernelThread.monotonicNanoseconds() - state.lastFlush >= Self.flushInterval else {
                return
            }
            flush(&state)
        }
    }

    func publishDisplay(_ type: String, _ bundle: MimeBundle, displayID: String?) {
        var content: [(String, JSONValue)] = [("data", .object(bundle.data)), ("metadata", .object(bundle.metadata))]
        content.append(("transient", .object(displayID.map { [("display_id", .string($0))] } ?? [])))
        publish(type, .object(content))
    }

    func clearOutput(wait: Bool) {
        publish("clear_output", .object([("wait", .bool(wait))]))
    }

    /// Publishes a message after the stream text before it.
    func publish(_ type: String, _ content: JSONValue) {
        state.withLock { state in
            guard !state.finished else { return }
            flush(&state)
            kernel.publish(type, content, parent: request)
        }
    }

    func readInput(prompt: String, password: Bool) -> InputResult {
        state.withLock { flush(&$0) }
        return kernel.requestInput(prompt: prompt, password: password, parent: request)
    }

    /// Sends what is left and ignores later writes (the cell has ended).
    func finish() {
        state.withLock { state in
            flush(&state)
            state.finished = true
        }
    }

    private func flush(_ state: inout State) {
        for (stream, text) in state.pending {
            kernel.publish("stream", .object([("name", .string(stream.rawValue)), ("text", .string(text))]), parent: request)
        }
        state.pending.removeAll(keepingCapacity: true)
        state.pendingBytes = 0
        state.lastFlush = KernelThread.monotonicNanoseconds()
    }
}
