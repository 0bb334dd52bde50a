import BackpropLanguage
import JSON
import JupyterKernel

/// The Backprop language behind the Jupyter protocol core: runs cells, evaluates user
/// expressions, completes, inspects and checks code for completeness.
///
/// Threads (see ``KernelInterpreter``):
/// - `execute`, `evaluate`, `complete` and `inspect` run one at a time on the core's execution
///   thread; only they touch `interpreter` and `host`. That thread's 512 MiB stack lets the
///   interpreter run cells inline instead of on a thread of their own.
/// - `isComplete` runs on the shell thread, possibly during a cell: it reads only the code.
/// - `interrupt` and `resetInterrupt` run on the control thread (or the SIGINT thread) and the
///   execution thread; they only store to `interruptFlag`, an atomic.
/// - `info` is immutable.
public final class BackpropKernel: KernelInterpreter, @unchecked Sendable {
    /// The version of this kernel, which `backprop-kernel --version` prints too.
    public static let version = "0.1.0"
    /// The version of the Backprop language it runs (`language_info.version`).
    public static let languageVersion = "0.1.0"

    /// The flag that stops the running cell at its next statement or mini-batch.
    ///
    /// The core sets it (through ``interrupt()``) only while an execute request is in progress
    /// and clears it (``resetInterrupt()``) before the next one; a set that lands before the
    /// cell's code starts stops the cell at its first statement.
    public let interruptFlag: InterruptFlag

    private let interpreter: Interpreter
    private let host: CellHost

    /// Creates a kernel with no bindings; `interruptFlag` lets a signal handler interrupt it.
    public init(interruptFlag: InterruptFlag = InterruptFlag()) {
        self.interruptFlag = interruptFlag
        let flag = interruptFlag
        host = CellHost(onInputInterrupted: { flag.set() })
        interpreter = Interpreter(host: host, interruptFlag: interruptFlag)
        interpreter.clearsInterruptOnStart = false
    }

    /// What kernel_info_reply says: implementation, versions and SPEC §2's `language_info`.
    public var info: KernelInfo {
        KernelInfo(
            implementation: "backprop-kernel", implementationVersion: Self.version,
            languageInfo: [
                ("name", .string("backprop")), ("version", .string(Self.languageVersion)),
                ("mimetype", .string("text/x-backprop")), ("file_extension", .string(".backprop")),
                ("pygments_lexer", .string("swift")), ("codemirror_mode", .string("swift")),
            ],
            banner: "Backprop \(Self.languageVersion): a small Swift-like language for neural networks and backpropagation")
    }

    // MARK: - Running code

    /// Runs a cell named `<cell N>` (N its execution count); its last expression is the result.
    public func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome {
        run(cell: request.code, executionCount: request.executionCount, sink: context)
    }

    /// Runs a cell with output going to `sink`: the whole of `execute` but the core's context.
    func run(cell code: String, executionCount: Int, sink: CellSink) -> ExecutionOutcome {
        switch run(code, name: "<cell \(executionCount)>", sink: sink) {
        case .success(let value):
            guard let value else { return .ok(result: nil) }
            if case .void = value { return .ok(result: nil) }
            // `net.train(…)` as a cell's last line: its progress display already ends as this
            // very chart, so the result shows the numbers only instead of a second chart.
            if case .object(let object) = value, case .history(let history) = object.kind, host.lastChart?.isSameRun(as: history) == true {
                return .ok(result: MimeBundle(plainText: MimeRendering.limited(ValueFormatter.plainText(value))))
            }
            return .ok(result: MimeRendering.bundle(for: value))
        case .failure(let error):
            return .error(ErrorReports.report(for: error))
        }
    }

    /// Evaluates a user expression silently: output is dropped, and only an expression (not a
    /// statement or declaration) is accepted, so it cannot bind names.
    public func evaluate(expression: String) -> Result<MimeBundle, ErrorReport> {
        // Parentheses make anything but one expression a syntax error; the newline keeps a
        // trailing `//` comment from swallowing the ')'.
        switch run("(" + expression + "\n)", name: "<expression>", sink: nil) {
        case .success(let value):
            return .success(MimeRendering.bundle(for: value ?? .void))
        case .failure(let error):
            return .failure(ErrorReports.report(for: error))
        }
    }

    private func run(_ code: String, name: String, sink: CellSink?) -> Interpreter.Outcome {
        host.sink = sink
        host.lastChart = nil
        let outcome = interpreter.execute(code, name: name, echo: .lastExpression)
        host.sink = nil
        return outcome
    }

    /// Stops the running cell (if any) at its next statement or mini-batch with `Interrupted`;
    /// every binding, and a network's last finished training step, is kept.
    public func interrupt() {
        interruptFlag.set()
    }

    /// Forgets an interrupt left from an earlier request (the core calls it before each one).
    public func resetInterrupt() {
        interruptFlag.clear()
    }

    // MARK: - Questions about code

    /// Completions at a cursor (in Unicode code points).
    public func complete(code: String, cursor: Int) -> Completion {
        Completer(interpreter: interpreter).complete(code: code, cursor: cursor)
    }

    /// The signature and doc of a builtin, or the type and value of a variable, at a cursor.
    public func inspect(code: String, cursor: Int, detailLevel: Int) -> Inspection {
        Inspector(interpreter: interpreter).inspect(code: code, cursor: cursor, detailLevel: detailLevel)
    }

    /// Whether the code can run as it is; reads only the text, so it is safe while a cell runs.
    public func isComplete(code: String) -> Completeness {
        Self.completeness(of: code)
    }

    /// ``isComplete(code:)`` without a kernel: incomplete code gets the indentation of its next
    /// line, 4 spaces per open bracket (or, when a statement continues outside brackets, the
    /// last line's indentation plus 4; inside a `"""` string, the last line's indentation).
    static func completeness(of code: String) -> Completeness {
        switch SyntaxCheck.status(of: code) {
        case .complete:
            return .complete
        case .invalid:
            return .invalid
        case .incomplete(let openBrackets, let inString):
            // Split on scalars: "\r\n" is one Character, so a Character split would miss CRLF lines.
            let lastLine = code.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).last ?? []
            let lineIndent = String(String.UnicodeScalarView(lastLine.prefix { $0 == " " || $0 == "\t" }))
            if inString { return .incomplete(indent: lineIndent) }
            if openBrackets > 0 { return .incomplete(indent: String(repeating: " ", count: 4 * openBrackets)) }
            return .incomplete(indent: lineIndent + "    ")
        }
    }
}
