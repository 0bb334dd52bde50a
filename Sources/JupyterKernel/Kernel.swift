#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Synchronization

/// The protocol core: decodes requests, dispatches them, keeps the bookkeeping, sends replies.
///
/// Threads: the transport calls ``receive(_:on:)`` on the shell, control and stdin threads.
/// Quick requests (kernel_info, is_complete, history, comm_*) are answered on the thread that
/// received them, so they answer within milliseconds while a cell runs; execute, complete and
/// inspect go, in order, to one execution thread with a 512 MiB stack. Interrupt and shutdown
/// are handled on the control thread. A flusher thread sends stream output that has waited.
public final class Kernel: MessageReceiver, @unchecked Sendable {
    /// This process's session id (new at each start), in every header the kernel sends.
    public let session: String

    private let codec: WireCodec
    private let kernelInfoContent: JSONValue
    private let interpreter: KernelInterpreter
    private let transport: MessageTransport
    private let log: @Sendable (String) -> Void
    private let onShutdown: @Sendable (_ restart: Bool) -> Void
    private let messageCount = Atomic<Int>(0)
    private let messageIDPrefix: String
    private let history = History()
    private let requests = BlockingQueue<Message>()
    private let inputEvents = BlockingQueue<InputEvent>()
    private let shuttingDown = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    /// Set by an interrupt that reached a running cell, cleared as each execute starts: a cell
    /// that calls input() just after being interrupted stops instead of waiting for a reply.
    private let interruptRequested = Atomic<Bool>(false)
    /// The msg_id of the input_request being waited for (nil when no input() waits); other
    /// input_replies are stale.
    private let pendingInputRequest = Mutex<String?>(nil)
    private let activeOutput = Mutex<CellOutput?>(nil)
    /// Whether an execute request is in progress; interrupts are forwarded only then, under
    /// this lock, so one that arrives while idle is dropped (as ipykernel drops it) and one that
    /// arrives as a cell starts is never lost.
    private let executing = Mutex(false)
    private let flusherWake = BlockingQueue<Bool>()
    /// Whether the flusher waits for a wake-up; true from the start so the first cell wakes it
    /// even if its thread has not started yet (an extra wake-up only costs one idle loop).
    private let flusherIdle = Atomic<Bool>(true)
    // Touched only by the execution thread.
    private var executionCount = 0
    /// How many of the queued requests, counted when a cell failed, are still to be looked at
    /// for aborting: exactly the executes already waiting behind the failed one are aborted.
    private var abortRemaining = 0
    /// Seconds a failed cell waits, before anything of its error is sent, for requests still
    /// on their way to join the queue it aborts (see ``defaultStopOnErrorGrace``).
    private let stopOnErrorGrace: Double

    /// 50 ms. A frontend's Run All sends every cell at once, but they reach the kernel one by
    /// one through the browser and the server; a cell that fails within a millisecond would
    /// otherwise abort only those already here and let the rest run. Nothing of the error is
    /// sent until the wait is over, so a request sent after the client saw the error is still
    /// never aborted; the wait only happens for a failing cell with `stop_on_error`.
    public static let defaultStopOnErrorGrace = 0.05

    private enum InputEvent: Sendable {
        case line(String)
        case interrupted
    }

    /// The stack size of the execution thread: deep recursion in user code must not overflow.
    public static let executionStackSize = 512 << 20

    /// Creates the core; call ``start()`` once the transport is ready to send.
    ///
    /// - Parameters:
    ///   - interpreter: the language.
    ///   - transport: where replies and broadcasts go.
    ///   - key: the connection file's HMAC key (empty: no signing).
    ///   - log: where one-line diagnostics go (standard error by default).
    ///   - onShutdown: called on the control thread after a shutdown_reply has been queued;
    ///     it should flush the transport and end the process.
    public init(
        interpreter: KernelInterpreter, transport: MessageTransport, key: String,
        log: @escaping @Sendable (String) -> Void = Kernel.logToStandardError,
        stopOnErrorGrace: Double = Kernel.defaultStopOnErrorGrace,
        onShutdown: @escaping @Sendable (_ restart: Bool) -> Void
    ) {
        self.stopOnErrorGrace = stopOnErrorGrace
        self.interpreter = interpreter
        self.transport = transport
        self.codec = WireCodec(key: key)
        self.log = log
        self.onShutdown = onShutdown
        kernelInfoContent = Self.kernelInfoContent(interpreter.info)
        session = Header.randomID()
        messageIDPrefix = "\(session)_\(getpid())"
    }

    /// A client's string as it may appear in a log line: control characters escaped, at most
    /// 100 characters, so no message can forge or flood the log.
    static func loggable(_ text: String) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 100 {
                result += "…"
                break
            }
            result += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return result
    }

    /// Writes a log line to standard error.
    public static func logToStandardError(_ line: String) {
        let text = Array("[backprop-kernel] \(line)\n".utf8)
        text.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// Starts the execution and flusher threads and publishes `status: starting`.
    ///
    /// - Throws: ``KernelError`` when a thread cannot be created.
    public func start() throws {
        // A second execution thread would race the first for the counter and the queue.
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard KernelThread.start(stackSize: Self.executionStackSize, { [self] in executionLoop() }),
            KernelThread.start({ [self] in flusherLoop() })
        else { throw KernelError("cannot start the kernel's threads") }
        publish("status", .object([("execution_state", .string("starting"))]), parent: nil)
    }

    /// Interrupts the running cell (interrupt_request, or SIGINT): it stops at its next statement.
    public func interrupt() {
        executing.withLock { isExecuting in
            guard isExecuting else { return }
            interruptRequested.store(true, ordering: .releasing)
            interpreter.interrupt()
        }
        if pendingInputRequest.withLock({ $0 != nil }) { inputEvents.push(.interrupted) }
    }

    // MARK: - Receiving

    /// Decodes and dispatches frames that arrived on a channel; drops bad ones with a log line.
    public func receive(_ frames: [[UInt8]], on channel: Channel) {
        let message: Message
        do {
            message = try codec.decode(frames)
        } catch {
            log("dropped a message on \(channel.rawValue): \(error.message)")
            return
        }
        switch channel {
        case .shell: handleShell(message)
        case .control: handleControl(message)
        case .stdin: handleStdin(message)
        case .iopub, .heartbeat: break
        }
    }

    /// Sends `iopub_welcome` (protocol 5.5) to a new subscriber.
    public func subscribed(to topic: [UInt8]) {
        let content = JSONValue.object([("subscription", .string(String(decoding: topic, as: UTF8.self)))])
        let message = Message(identities: [topic], header: header("iopub_welcome"), content: content)
        transport.send(codec.encode(message), on: .iopub)
    }

    private func handleShell(_ message: Message) {
        switch message.type {
        case "execute_request", "complete_request", "inspect_request":
            requests.push(message)
        case "kernel_info_request", "is_complete_request", "history_request", "comm_info_request", "comm_open",
            "comm_msg", "comm_close":
            withStatus(message) { answerQuickly(message, on: .shell) }
        case "shutdown_request":
            // Deprecated on shell but still sent by old clients.
            shutDown(message, on: .shell)
        case "interrupt_request":
            withStatus(message) {
                interrupt()
                reply(to: message, "interrupt_reply", .object([("status", .string("ok"))]), on: .shell)
            }
        default:
            log("ignored a message of unknown type '\(Self.loggable(message.type))' on shell")
        }
    }

    private func handleControl(_ message: Message) {
        switch message.type {
        case "kernel_info_request":
            withStatus(message) { answerQuickly(message, on: .control) }
        case "interrupt_request":
            withStatus(message) {
                interrupt()
                reply(to: message, "interrupt_reply", .object([("status", .string("ok"))]), on: .control)
            }
        case "shutdown_request":
            shutDown(message, on: .control)
        default:
            log("ignored a message of unknown type '\(Self.loggable(message.type))' on control")
        }
    }

    private func handleStdin(_ message: Message) {
        guard message.type == "input_reply" else {
            log("ignored a message of type '\(Self.loggable(message.type))' on stdin")
            return
        }
        let expected = pendingInputRequest.withLock { $0 }
        guard let expected, message.parentHeader["msg_id"]?.string == expected else {
            log("ignored an input_reply that no input() was waiting for")
            return
        }
        inputEvents.push(.line(message.content["value"]?.string ?? ""))
    }

    /// Answers the requests that need no evaluation state, on the receiving thread.
    private func answerQuickly(_ message: Message, on channel: Channel) {
        let content = message.content
        switch message.type {
        case "kernel_info_request":
            reply(to: message, "kernel_info_reply", kernelInfoContent, on: channel)
        case "is_complete_request":
            var answer: [(String, JSONValue)]
            switch interpreter.isComplete(code: content["code"]?.string ?? "") {
            case .complete: answer = [("status", .string("complete"))]
            case .incomplete(let indent): answer = [("status", .string("incomplete")), ("indent", .string(indent))]
            case .invalid: answer = [("status", .string("invalid"))]
            case .unknown: answer = [("status", .string("unknown"))]
            }
            reply(to: message, "is_complete_reply", .object(answer), on: channel)
        case "history_request":
            reply(to: message, "history_reply", historyContent(content), on: channel)
        case "comm_info_request":
            reply(to: message, "comm_info_reply", .object([("status", .string("ok")), ("comms", .object([]))]), on: channel)
        case "comm_open":
            // No comm targets exist: close the comm at once, as ipykernel does for unknown targets.
            let id = content["comm_id"]?.string ?? ""
            log("comm_open for unknown target '\(Self.loggable(content["target_name"]?.string ?? ""))': closing it")
            publish("comm_close", .object([("comm_id", .string(id)), ("data", .object([]))]), parent: message)
        default:
            break
        }
    }

    /// The kernel_info_reply content, built once (the interpreter's info never changes).
    private static func kernelInfoContent(_ info: KernelInfo) -> JSONValue {
        .object([
            ("status", .string("ok")), ("protocol_version", .string(Header.protocolVersion)),
            ("implementation", .string(info.implementation)),
            ("implementation_version", .string(info.implementationVersion)),
            ("language_info", .object(info.languageInfo)), ("banner", .string(info.banner)),
            ("help_links", .array(info.helpLinks.map { .object([("text", .string($0.text)), ("url", .string($0.url))]) })),
            ("debugger", .bool(false)),
        ])
    }

    private func historyContent(_ content: JSONValue) -> JSONValue {
        let entries: [History.Entry]
        switch content["hist_access_type"]?.string ?? "tail" {
        case "range":
            entries = history.range(
                session: content["session"]?.int ?? 0, start: content["start"]?.int ?? 0, stop: content["stop"]?.int)
        case "search":
            entries = history.search(
                pattern: content["pattern"]?.string ?? "*", n: content["n"]?.int, unique: content["unique"]?.bool ?? false)
        default:
            entries = history.tail(content["n"]?.int ?? 10)
        }
        let withOutput = content["output"]?.bool ?? false
        let items = entries.map { entry -> JSONValue in
            let input: JSONValue = withOutput ? .array([.string(entry.input), .null]) : .string(entry.input)
            return .array([.integer(History.session), .integer(entry.line), input])
        }
        return .object([("status", .string("ok")), ("history", .array(items))])
    }

    private func shutDown(_ message: Message, on channel: Channel) {
        let restart = message.content["restart"]?.bool ?? false
        shuttingDown.store(true, ordering: .releasing)
        interrupt()
        withStatus(message) {
            reply(to: message, "shutdown_reply", .object([("status", .string("ok")), ("restart", .bool(restart))]), on: channel)
        }
        onShutdown(restart)
    }

    // MARK: - The execution thread

    private func executionLoop() {
        while true {
            guard let message = requests.pop() else { continue }
            let aborting = abortRemaining > 0
            if aborting { abortRemaining -= 1 }
            if shuttingDown.load(ordering: .acquiring) { continue }
            switch message.type {
            case "execute_request":
                if aborting {
                    withStatus(message) {
                        reply(to: message, "execute_reply", .object([("status", .string("aborted"))]), on: .shell)
                    }
                } else {
                    execute(message)
                }
            case "complete_request":
                withStatus(message) { complete(message) }
            case "inspect_request":
                withStatus(message) { inspect(message) }
            default:
                break
            }
        }
    }

    private func execute(_ message: Message) {
        let content = message.content
        executing.withLock { isExecuting in
            isExecuting = true
            interruptRequested.store(false, ordering: .releasing)
            interpreter.resetInterrupt()
        }
        publishStatus("busy", parent: message)
        defer {
            executing.withLock { $0 = false }
            publishStatus("idle", parent: message)
        }
        guard let code = content["code"]?.string else {
            let report = ErrorReport(
                ename: "ProtocolError", evalue: "execute_request needs a string \"code\"",
                traceback: ["ProtocolError: execute_request needs a string \"code\""])
            reply(to: message, "execute_reply", errorReply(report, count: executionCount), on: .shell)
            return
        }
        let silent = content["silent"]?.bool ?? false
        let storeHistory = silent ? false : (content["store_history"]?.bool ?? true)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        let expressionMembers = content["user_expressions"]?.members ?? []
        let expressions = expressionMembers.compactMap { name, value in value.string.map { (name, $0) } }
        let request = ExecuteRequest(
            code: code, silent: silent, storeHistory: storeHistory, allowStdin: content["allow_stdin"]?.bool ?? false,
            stopOnError: content["stop_on_error"]?.bool ?? true, userExpressions: expressions, executionCount: count)
        if !silent {
            publish("execute_input", .object([("code", .string(code)), ("execution_count", .integer(count))]), parent: message)
        }
        let output = CellOutput(kernel: self, request: message)
        activeOutput.withLock { $0 = output }
        if flusherIdle.exchange(false, ordering: .acquiringAndReleasing) { flusherWake.push(true) }
        let outcome = interpreter.execute(request, context: ExecutionContext(request: request, output: output))
        output.finish()
        activeOutput.withLock { $0 = nil }
        if storeHistory { history.append(line: count, input: code) }
        switch outcome {
        case .ok(let result):
            if let result, !silent {
                publish(
                    "execute_result",
                    .object([
                        ("execution_count", .integer(count)), ("data", .object(result.data)),
                        ("metadata", .object(result.metadata)),
                    ]), parent: message)
            }
            let values = expressionMembers.map { name, value -> (String, JSONValue) in
                guard let expression = value.string else {
                    let report = ErrorReport(
                        ename: "ProtocolError", evalue: "a user expression must be a string",
                        traceback: ["ProtocolError: a user expression must be a string"])
                    return (name, errorReply(report, count: nil))
                }
                switch interpreter.evaluate(expression: expression) {
                case .success(let bundle):
                    return (name, JSONValue.object([("status", .string("ok")), ("data", .object(bundle.data)), ("metadata", .object(bundle.metadata))]))
                case .failure(let report):
                    return (name, errorReply(report, count: nil))
                }
            }
            reply(
                to: message, "execute_reply",
                .object([
                    ("status", .string("ok")), ("execution_count", .integer(count)),
                    ("user_expressions", .object(values)), ("payload", .array([])),
                ]), on: .shell)
        case .error(let report):
            // As ipykernel: a silent request (a frontend's own query) never aborts the user's cells.
            if request.stopOnError, !silent {
                Self.pause(seconds: stopOnErrorGrace)
                abortRemaining = requests.count
            }
            publish(
                "error",
                .object([
                    ("ename", .string(report.ename)), ("evalue", .string(report.evalue)),
                    ("traceback", .array(report.traceback.map(JSONValue.string))),
                ]), parent: message)
            reply(to: message, "execute_reply", errorReply(report, count: count), on: .shell)
        }
    }

    /// Sleeps the calling thread (the execution thread) for a while.
    private static func pause(seconds: Double) {
        guard seconds > 0 else { return }
        let nanoseconds = Int(Swift.min(seconds, 10) * 1e9)
        var request = timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    private func errorReply(_ report: ErrorReport, count: Int?) -> JSONValue {
        var fields: [(String, JSONValue)] = [("status", .string("error"))]
        if let count { fields.append(("execution_count", .integer(count))) }
        fields += [
            ("ename", .string(report.ename)), ("evalue", .string(report.evalue)),
            ("traceback", .array(report.traceback.map(JSONValue.string))),
        ]
        if count != nil { fields += [("user_expressions", .object([])), ("payload", .array([]))] }
        return .object(fields)
    }

    private func complete(_ message: Message) {
        let code = message.content["code"]?.string ?? ""
        let cursor = clampedCursor(message.content["cursor_pos"]?.int, in: code)
        let completion = interpreter.complete(code: code, cursor: cursor)
        let types = zip(completion.matches, completion.types).map { match, type -> JSONValue in
            .object([
                ("start", .integer(completion.cursorStart)), ("end", .integer(completion.cursorEnd)),
                ("text", .string(match)), ("type", .string(type)),
            ])
        }
        reply(
            to: message, "complete_reply",
            .object([
                ("status", .string("ok")), ("matches", .array(completion.matches.map(JSONValue.string))),
                ("cursor_start", .integer(completion.cursorStart)), ("cursor_end", .integer(completion.cursorEnd)),
                ("metadata", .object(types.isEmpty ? [] : [("_jupyter_types_experimental", .array(types))])),
            ]), on: .shell)
    }

    private func inspect(_ message: Message) {
        let code = message.content["code"]?.string ?? ""
        let cursor = clampedCursor(message.content["cursor_pos"]?.int, in: code)
        let inspection = interpreter.inspect(code: code, cursor: cursor, detailLevel: message.content["detail_level"]?.int ?? 0)
        reply(
            to: message, "inspect_reply",
            .object([
                ("status", .string("ok")), ("found", .bool(inspection.bundle != nil)),
                ("data", .object(inspection.bundle?.data ?? [])), ("metadata", .object(inspection.bundle?.metadata ?? [])),
            ]), on: .shell)
    }

    /// The cursor within the code's code points; a missing one means the end, as the spec allows.
    private func clampedCursor(_ cursor: Int?, in code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let cursor else { return length }
        return min(max(cursor, 0), length)
    }

    private func flusherLoop() {
        while true {
            _ = flusherWake.pop()
            // While a cell runs, send its waiting stream text every 50 ms.
            while true {
                usleep(UInt32(CellOutput.flushInterval / 1000))
                guard let output = activeOutput.withLock({ $0 }) else { break }
                output.flushIfDue()
            }
            flusherIdle.store(true, ordering: .releasing)
            // A cell may have started between the check above and the store: look once more.
            if activeOutput.withLock({ $0 }) != nil, flusherIdle.exchange(false, ordering: .acquiringAndReleasing) {
                flusherWake.push(true)
            }
        }
    }

    // MARK: - Input

    /// Sends input_request for the cell's request and waits for the input_reply or an interrupt.
    func requestInput(prompt: String, password: Bool, parent: Message) -> InputResult {
        inputEvents.removeAll()
        let message = Message(
            identities: parent.identities, header: header("input_request"), parentHeader: parent.headerForReplies,
            content: .object([("prompt", .string(prompt)), ("password", .bool(password))]))
        pendingInputRequest.withLock { $0 = message.header.messageID }
        defer { pendingInputRequest.withLock { $0 = nil } }
        // An interrupt that came just before this point found no one waiting.
        if interruptRequested.load(ordering: .acquiring) { return .interrupted }
        transport.send(codec.encode(message), on: .stdin)
        while true {
            if shuttingDown.load(ordering: .acquiring) { return .interrupted }
            switch inputEvents.pop(timeoutMilliseconds: 200) {
            case .line(let line): return .line(line)
            case .interrupted: return .interrupted
            case nil: continue
            }
        }
    }

    // MARK: - Sending

    private func header(_ type: String) -> Header {
        let number = messageCount.add(1, ordering: .relaxed).newValue
        return Header(
            messageID: "\(messageIDPrefix)_\(number)", session: session, username: "kernel", date: Header.now(),
            messageType: type)
    }

    /// Broadcasts a message on iopub, as a child of `parent`'s request.
    func publish(_ type: String, _ content: JSONValue, parent: Message?) {
        let topic = Array("kernel.\(session).\(type)".utf8)
        let message = Message(
            identities: [topic], header: header(type), parentHeader: parent?.headerForReplies ?? .object([]), content: content)
        transport.send(codec.encode(message), on: .iopub)
    }

    private func publishStatus(_ state: String, parent: Message) {
        publish("status", .object([("execution_state", .string(state))]), parent: parent)
    }

    /// Runs `body` between status busy and status idle for the request.
    private func withStatus(_ message: Message, _ body: () -> Void) {
        publishStatus("busy", parent: message)
        body()
        publishStatus("idle", parent: message)
    }

    private func reply(to request: Message, _ type: String, _ content: JSONValue, on channel: Channel) {
        let message = Message(
            identities: request.identities, header: header(type), parentHeader: request.headerForReplies, content: content)
        transport.send(codec.encode(message), on: channel)
    }
}
