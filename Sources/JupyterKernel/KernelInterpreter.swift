import JSON

/// A language behind the kernel: what the protocol core calls to run code and answer questions.
///
/// The core does the protocol's bookkeeping (execution counter, busy/idle, execute_input,
/// execute_result, error messages, replies, history, aborting after errors) and calls these
/// for the language's part only, as xeus's `execute_request_impl` does.
///
/// Threads: `execute`, `evaluate`, `complete` and `inspect` are called one at a time, in request
/// order, on the kernel's execution thread (which has a large stack). `isComplete` is called
/// on the shell thread, possibly while a cell runs, so it must not touch evaluation state.
/// `interrupt` may be called from any thread, including while `execute` runs.
public protocol KernelInterpreter: AnyObject, Sendable {
    /// What kernel_info_reply says about the implementation and the language.
    var info: KernelInfo { get }

    /// Runs a cell, sending its output through `context` as it happens.
    ///
    /// - Returns: the cell's result (shown as execute_result unless silent), or the error.
    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome

    /// Evaluates one of an execute request's `user_expressions` after the cell ran.
    func evaluate(expression: String) -> Result<MimeBundle, ErrorReport>

    /// Completions at a cursor; `cursor` and the returned positions count Unicode code points.
    func complete(code: String, cursor: Int) -> Completion

    /// What to show for the name at a cursor (`cursor` counts Unicode code points).
    func inspect(code: String, cursor: Int, detailLevel: Int) -> Inspection

    /// Whether the code is ready to run, needs more lines, or cannot be parsed.
    func isComplete(code: String) -> Completeness

    /// Asks the running cell to stop at its next statement; returns at once.
    ///
    /// The core calls it only while an execute request is in progress, from before its busy
    /// status to its reply, possibly before `execute` has started running code: the request
    /// must then stop the cell as soon as it starts, not be discarded.
    func interrupt()

    /// Forgets any interrupt left over from an earlier request; the core calls it before each
    /// execute request, under the same lock with which it forwards interrupts, so none is lost.
    func resetInterrupt()
}

/// The kernel_info_reply fields that describe the implementation and its language.
public struct KernelInfo: Sendable {
    /// `implementation`, e.g. "backprop-kernel".
    public var implementation: String
    /// `implementation_version`.
    public var implementationVersion: String
    /// `language_info`: name, version, mimetype, file_extension, pygments_lexer, codemirror_mode, …
    public var languageInfo: [(String, JSONValue)]
    /// `banner`.
    public var banner: String
    /// `help_links` as (text, url) pairs.
    public var helpLinks: [(text: String, url: String)]

    /// Creates kernel info from its fields.
    public init(
        implementation: String, implementationVersion: String, languageInfo: [(String, JSONValue)], banner: String,
        helpLinks: [(text: String, url: String)] = []
    ) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.languageInfo = languageInfo
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// The parts of an execute_request the language needs.
public struct ExecuteRequest: Sendable {
    /// The cell's code.
    public var code: String
    /// `silent`: no execute_input or execute_result, no history, counter unchanged.
    public var silent: Bool
    /// `store_history`: the cell gets a new execution count and goes into history.
    public var storeHistory: Bool
    /// `allow_stdin`: the frontend can answer `input_request`.
    public var allowStdin: Bool
    /// `stop_on_error`: an error aborts the execute requests queued behind this one.
    public var stopOnError: Bool
    /// `user_expressions`: name → expression, evaluated after the cell.
    public var userExpressions: [(String, String)]
    /// The execution count this cell is shown with (`In [n]`).
    public var executionCount: Int

    /// Creates a request; the defaults are those of the spec.
    public init(
        code: String, silent: Bool = false, storeHistory: Bool = true, allowStdin: Bool = false,
        stopOnError: Bool = true, userExpressions: [(String, String)] = [], executionCount: Int = 1
    ) {
        self.code = code
        self.silent = silent
        self.storeHistory = storeHistory
        self.allowStdin = allowStdin
        self.stopOnError = stopOnError
        self.userExpressions = userExpressions
        self.executionCount = executionCount
    }
}

/// How a cell ended.
public enum ExecutionOutcome: Sendable {
    /// It ran to the end; the result bundle of its last expression, if it has one to show.
    case ok(result: MimeBundle?)
    /// It stopped at an error.
    case error(ErrorReport)
}

/// An error as the protocol reports it: in the `error` message and the reply.
public struct ErrorReport: Error, Sendable, Equatable {
    /// The error's name, e.g. "TypeError" or "Interrupted".
    public var ename: String
    /// The error's message.
    public var evalue: String
    /// Lines to show, ANSI colours allowed: the location, source line and caret, the message.
    public var traceback: [String]

    /// Creates an error report.
    public init(ename: String, evalue: String, traceback: [String]) {
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
    }
}

/// A complete_reply's matches.
public struct Completion: Sendable, Equatable {
    /// The texts that could replace `cursorStart..<cursorEnd`.
    public var matches: [String]
    /// Where the replaced text starts, in Unicode code points.
    public var cursorStart: Int
    /// Where the replaced text ends, in Unicode code points.
    public var cursorEnd: Int
    /// Optional per-match types for `_jupyter_types_experimental` (e.g. "function", "variable").
    public var types: [String]

    /// Creates a completion.
    public init(matches: [String], cursorStart: Int, cursorEnd: Int, types: [String] = []) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.types = types
    }
}

/// An inspect_reply's content.
public struct Inspection: Sendable, Equatable {
    /// What to show; nil when nothing was found at the cursor.
    public var bundle: MimeBundle?

    /// Creates an inspection; nil means not found.
    public init(_ bundle: MimeBundle?) {
        self.bundle = bundle
    }
}

/// An is_complete_reply's status.
public enum Completeness: Sendable, Equatable {
    /// Ready to run.
    case complete
    /// Needs more lines; `indent` is the suggested indentation of the next line.
    case incomplete(indent: String)
    /// Cannot be parsed however it is continued.
    case invalid
    /// The language cannot tell.
    case unknown
}
