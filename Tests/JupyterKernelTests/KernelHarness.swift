import JSON
import Synchronization
import Testing

@testable import JupyterKernel

/// A scripted language for driving the core: `print:TEXT`, `error:NAME`, `result:TEXT`,
/// `input:PROMPT`, `spin` (until interrupted), `prints:N` (N small writes), `display:TEXT`.
final class FakeInterpreter: KernelInterpreter, @unchecked Sendable {
    let interrupted = Atomic<Bool>(false)
    let executed = Mutex<[String]>([])

    var info: KernelInfo {
        KernelInfo(
            implementation: "fake", implementationVersion: "1.0",
            languageInfo: [("name", .string("fake")), ("file_extension", .string(".fake"))], banner: "Fake")
    }

    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome {
        executed.withLock { $0.append(request.code) }
        var result: MimeBundle?
        for line in request.code.split(separator: "\n").map(String.init) {
            let (command, argument) = line.firstIndex(of: ":").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) } ?? (line, "")
            switch command {
            case "print": context.write(argument + "\n", to: .stdout)
            case "eprint": context.write(argument + "\n", to: .stderr)
            case "prints":
                for index in 0..<(Int(argument) ?? 0) { context.write("\(index)\n", to: .stdout) }
            case "display": context.display(MimeBundle(plainText: argument), displayID: "d1")
            case "update": context.updateDisplay(MimeBundle(plainText: argument), displayID: "d1")
            case "clear": context.clearOutput(wait: false)
            case "result": result = MimeBundle(plainText: argument)
            case "error": return .error(ErrorReport(ename: argument, evalue: "it failed", traceback: ["line 1", "^"]))
            case "input":
                switch context.readInput(prompt: argument) {
                case .line(let text): result = MimeBundle(plainText: "got \(text)")
                case .unavailable: return .error(ErrorReport(ename: "RuntimeError", evalue: "no stdin", traceback: []))
                case .interrupted: return .error(ErrorReport(ename: "Interrupted", evalue: "", traceback: []))
                }
            case "spin":
                while !interrupted.load(ordering: .relaxed) { usleepShort() }
                return .error(ErrorReport(ename: "Interrupted", evalue: "interrupted", traceback: []))
            case "sleep":
                var slept = 0
                while slept < (Int(argument) ?? 0) { usleepShort(); slept += 1 }
            default: break
            }
        }
        return .ok(result: result)
    }

    private func usleepShort() {
        var request = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        nanosleep(&request, nil)
    }

    func evaluate(expression: String) -> Result<MimeBundle, ErrorReport> {
        expression == "bad" ? .failure(ErrorReport(ename: "NameError", evalue: "bad", traceback: [])) : .success(MimeBundle(plainText: expression.uppercased()))
    }

    func complete(code: String, cursor: Int) -> Completion {
        Completion(matches: ["alpha", "alphabet"], cursorStart: max(0, cursor - 2), cursorEnd: cursor, types: ["variable", "function"])
    }

    func inspect(code: String, cursor: Int, detailLevel: Int) -> Inspection {
        code.isEmpty ? Inspection(nil) : Inspection(MimeBundle(plainText: "doc of \(code) at \(cursor) level \(detailLevel)"))
    }

    func isComplete(code: String) -> Completeness {
        if code.hasSuffix("{") { return .incomplete(indent: "    ") }
        if code.hasPrefix("!") { return .invalid }
        return .complete
    }

    func interrupt() {
        interrupted.store(true, ordering: .relaxed)
    }

    func resetInterrupt() {
        interrupted.store(false, ordering: .relaxed)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Values appended from any thread.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    func withLock<R>(_ body: ([Element]) -> R) -> R { items.withLock { body($0) } }
}

/// A kernel on an in-memory transport, with a client that signs requests and decodes what comes back.
final class KernelHarness: @unchecked Sendable {
    static let key = "secret-key"
    let transport = InMemoryTransport()
    let interpreter = FakeInterpreter()
    let codec = WireCodec(key: KernelHarness.key)
    let shutdowns = Recorder<Bool>()
    let logLines = Recorder<String>()
    let kernel: Kernel
    private var counter = 0

    init(stopOnErrorGrace: Double = Kernel.defaultStopOnErrorGrace) throws {
        let shutdowns = self.shutdowns
        let logLines = self.logLines
        kernel = Kernel(
            interpreter: interpreter, transport: transport, key: Self.key,
            log: { line in logLines.append(line) }, stopOnErrorGrace: stopOnErrorGrace,
            onShutdown: { restart in shutdowns.append(restart) })
        try kernel.start()
        // status: starting.
        let starting = try #require(nextMessage(on: .iopub))
        #expect(starting.type == "status" && starting.content["execution_state"]?.string == "starting")
    }

    /// The frames of a signed request.
    func frames(_ type: String, _ content: JSONValue, identity: String = "client-1", parent: Message? = nil) -> (id: String, frames: [[UInt8]]) {
        counter += 1
        let id = "request-\(counter)"
        let header = Header(messageID: id, session: "client-session", username: "test", date: Header.now(), messageType: type)
        let message = Message(
            identities: [Array(identity.utf8)], header: header, parentHeader: parent?.header.json ?? .object([]), content: content)
        return (id, codec.encode(message))
    }

    /// Sends a signed request (a reply to `parent`, for input_reply); returns its msg_id.
    @discardableResult
    func send(_ type: String, _ content: JSONValue = .object([]), on channel: Channel = .shell, parent: Message? = nil) -> String {
        let (id, frames) = frames(type, content, parent: parent)
        kernel.receive(frames, on: channel)
        return id
    }

    func nextMessage(on channel: Channel, timeoutMilliseconds: Int = 5000) -> Message? {
        guard let frames = transport.next(on: channel, timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try? codec.decode(frames)
    }

    /// IOPub messages up to and including the idle status for `parent`.
    func iopubUntilIdle(_ parent: String, timeoutMilliseconds: Int = 5000) -> [Message] {
        var messages: [Message] = []
        while let message = nextMessage(on: .iopub, timeoutMilliseconds: timeoutMilliseconds) {
            messages.append(message)
            if message.type == "status", message.content["execution_state"]?.string == "idle",
                message.parentHeader["msg_id"]?.string == parent
            {
                break
            }
        }
        return messages
    }

    /// `type` of each message, with the stream name or status appended (`status:busy`, `stream:stdout`).
    static func summary(_ messages: [Message]) -> [String] {
        messages.map { message in
            switch message.type {
            case "status": "status:" + (message.content["execution_state"]?.string ?? "?")
            case "stream": "stream:" + (message.content["name"]?.string ?? "?")
            default: message.type
            }
        }
    }

    /// Runs code and returns (reply, iopub messages until idle).
    func execute(_ code: String, _ extra: [(String, JSONValue)] = []) throws -> (Message, [Message]) {
        let id = send("execute_request", .object([("code", .string(code))] + extra))
        let reply = try #require(nextMessage(on: .shell))
        #expect(reply.parentHeader["msg_id"]?.string == id)
        return (reply, iopubUntilIdle(id))
    }
}
