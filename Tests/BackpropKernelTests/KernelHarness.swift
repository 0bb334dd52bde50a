#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import JupyterKernel
import Synchronization
import Testing

@testable import BackpropKernel

/// BackpropKernel behind the real protocol core on an in-memory transport, with a client that
/// signs requests and decodes what comes back.
final class KernelHarness: @unchecked Sendable {
    static let key = "test-key"
    let transport = InMemoryTransport()
    let backprop = BackpropKernel()
    let codec = WireCodec(key: KernelHarness.key)
    let kernel: Kernel
    private let counter = Atomic<Int>(0)

    init() throws {
        kernel = Kernel(interpreter: backprop, transport: transport, key: Self.key, log: { _ in }, onShutdown: { _ in })
        try kernel.start()
        let starting = try #require(nextMessage(on: .iopub))
        #expect(starting.type == "status")
    }

    /// Sends a signed request; returns its msg_id.
    @discardableResult
    func send(_ type: String, _ content: JSONValue = .object([]), on channel: Channel = .shell) -> String {
        let id = "request-\(counter.add(1, ordering: .relaxed).newValue)"
        let header = Header(messageID: id, session: "client", username: "test", date: Header.now(), messageType: type)
        kernel.receive(codec.encode(Message(identities: [Array("client".utf8)], header: header, content: content)), on: channel)
        return id
    }

    func nextMessage(on channel: Channel, timeoutMilliseconds: Int = 10_000) -> Message? {
        guard let frames = transport.next(on: channel, timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try? codec.decode(frames)
    }

    /// IOPub messages up to and including the idle status for `parent`.
    func iopubUntilIdle(_ parent: String) -> [Message] {
        var messages: [Message] = []
        while let message = nextMessage(on: .iopub) {
            messages.append(message)
            if message.type == "status", message.content["execution_state"]?.string == "idle",
                message.parentHeader["msg_id"]?.string == parent
            {
                break
            }
        }
        return messages
    }

    /// Runs code; returns the reply and the IOPub messages until idle.
    func execute(_ code: String, _ extra: [(String, JSONValue)] = []) throws -> (reply: Message, iopub: [Message]) {
        let id = send("execute_request", .object([("code", .string(code))] + extra))
        let reply = try #require(nextMessage(on: .shell))
        #expect(reply.parentHeader["msg_id"]?.string == id)
        return (reply, iopubUntilIdle(id))
    }

    /// The text/plain of the execute_result among `messages`.
    static func result(_ messages: [Message]) -> String? {
        messages.first { $0.type == "execute_result" }?.content["data"]?["text/plain"]?.string
    }

    /// All stream text of one stream, joined.
    static func stream(_ messages: [Message], _ name: String) -> String {
        messages.filter { $0.type == "stream" && $0.content["name"]?.string == name }
            .compactMap { $0.content["text"]?.string }.joined()
    }
}

/// A ``CellSink`` that records what a cell sends, for testing the adapter without the core.
final class RecordingSink: CellSink {
    var events: [String] = []
    var answer: InputResult = .unavailable
    var onAsk: () -> Void = {}

    func emit(_ text: String, to stream: StreamName) { events.append("\(stream.rawValue): \(text)") }
    func show(_ bundle: MimeBundle, displayID: String?) {
        events.append("display\(displayID.map { " " + $0 } ?? ""): " + (bundle["text/plain"]?.string ?? "?"))
    }
    func update(_ bundle: MimeBundle, displayID: String) {
        events.append("update \(displayID): " + (bundle["text/plain"]?.string ?? "?"))
    }
    func clear(wait: Bool) { events.append("clear: \(wait)") }
    func askForLine(prompt: String) -> InputResult {
        events.append("input: \(prompt)")
        onAsk()
        return answer
    }
}

/// Runs `body` on a new thread after `milliseconds`.
func after(milliseconds: Int, _ body: @escaping @Sendable () -> Void) {
    KernelThread.start {
        var pause = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        nanosleep(&pause, nil)
        body()
    }
}

/// Strips ANSI colour sequences.
func plain(_ text: String) -> String {
    var out = ""
    var inEscape = false
    for scalar in text.unicodeScalars {
        if inEscape {
            if scalar == "m" { inEscape = false }
        } else if scalar == "\u{1B}" {
            inEscape = true
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
