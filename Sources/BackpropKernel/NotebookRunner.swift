import BackpropLanguage
import JSON
import JupyterKernel
import Notebook

/// Runs a notebook's code cells in order through the same protocol core and kernel a frontend
/// talks to, over an in-memory transport: what `backprop-kernel execute` stores is exactly what
/// the kernel would have sent to Jupyter.
///
/// As nbclient: `language_info` from kernel_info_reply goes into the notebook's metadata; code
/// cells of only whitespace are skipped and keep what they had; each cell's outputs come from
/// its IOPub messages (``OutputRecorder``) and its execution count counts the cells run;
/// without `allowErrors` the run stops at the first error (with `stop_on_error`), leaving the
/// later cells as they were.
public final class NotebookRunner {
    /// How a run ended.
    public struct Outcome: Sendable {
        /// The notebook with the outputs of the cells that ran.
        public let notebook: NotebookDocument
        /// The cells that ran.
        public let executed: Int
        /// The first failing cell (its index among all cells) and its error, if any.
        public let failure: (cell: Int, ename: String, evalue: String)?
    }

    private let transport = InMemoryTransport()
    private let codec: WireCodec
    private let kernel: Kernel
    private var counter = 0

    /// A runner with a fresh kernel; `interruptFlag` stops the running cell when set.
    public init(interruptFlag: InterruptFlag = InterruptFlag()) throws {
        let key = Header.randomID()
        codec = WireCodec(key: key)
        kernel = Kernel(interpreter: BackpropKernel(interruptFlag: interruptFlag), transport: transport, key: key,
                        log: { _ in }, onShutdown: { _ in })
        try kernel.start()
    }

    /// Runs every code cell of `notebook`; `progress` is told before each cell runs (its
    /// index among all cells, and how many code cells are run in all).
    public func run(_ notebook: NotebookDocument, allowErrors: Bool, progress: (Int, Int) -> Void = { _, _ in }) -> Outcome {
        var recorder = OutputRecorder(notebook: notebook)
        if let info = request("kernel_info_request", .object([])), let languageInfo = info.content["language_info"] {
            recorder.setMetadata("language_info", languageInfo)
        }
        let runnable = notebook.cells.indices.filter { notebook.cells[$0].isCode && !Self.isBlank(notebook.cells[$0].source) }
        var executed = 0
        for index in runnable {
            progress(index, runnable.count)
            recorder.start(cell: index)
            let reply = execute(notebook.cells[index].source, allowErrors: allowErrors) { type, content in recorder.record(type, content) }
            executed += 1
            recorder.finish(cell: index, executionCount: executed)
            if let reply, reply.content["status"]?.string == "error", !allowErrors {
                return Outcome(notebook: recorder.notebook, executed: executed,
                               failure: (index, reply.content["ename"]?.string ?? "Error", reply.content["evalue"]?.string ?? ""))
            }
        }
        return Outcome(notebook: recorder.notebook, executed: executed, failure: nil)
    }

    /// Whether a cell's source is only whitespace (nbclient does not run those).
    static func isBlank(_ source: String) -> Bool {
        source.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    // MARK: - Talking to the kernel

    /// Sends an execute_request as nbclient does, hands each IOPub message of it to `output`
    /// until the kernel is idle again, and returns the execute_reply.
    private func execute(_ code: String, allowErrors: Bool, output: (String, JSONValue) -> Void) -> Message? {
        let id = send("execute_request", .object([
            ("code", .string(code)), ("silent", .bool(false)), ("store_history", .bool(true)),
            ("user_expressions", .object([])), ("allow_stdin", .bool(false)), ("stop_on_error", .bool(!allowErrors)),
        ]))
        while let message = next(on: .iopub) {
            guard message.parentHeader["msg_id"]?.string == id else { continue }
            if message.type == "status", message.content["execution_state"]?.string == "idle" { break }
            output(message.type, message.content)
        }
        return reply(to: id)
    }

    /// Sends a request and returns its reply, after the kernel went idle for it.
    private func request(_ type: String, _ content: JSONValue) -> Message? {
        let id = send(type, content)
        while let message = next(on: .iopub) {
            if message.parentHeader["msg_id"]?.string == id, message.type == "status",
               message.content["execution_state"]?.string == "idle" { break }
        }
        return reply(to: id)
    }

    private func reply(to id: String) -> Message? {
        while let message = next(on: .shell) {
            if message.parentHeader["msg_id"]?.string == id { return message }
        }
        return nil
    }

    private func send(_ type: String, _ content: JSONValue) -> String {
        counter += 1
        let id = "execute-\(counter)"
        let header = Header(messageID: id, session: "backprop-execute", username: "backprop", date: Header.now(), messageType: type)
        kernel.receive(codec.encode(Message(identities: [Array("runner".utf8)], header: header, content: content)), on: .shell)
        return id
    }

    /// The next message the kernel sent on a channel, waiting as long as a cell runs; nil only
    /// if what arrived cannot be read (which the kernel never sends).
    private func next(on channel: Channel) -> Message? {
        while true {
            if let frames = transport.next(on: channel, timeoutMilliseconds: 60_000) {
                return try? codec.decode(frames)
            }
        }
    }
}
