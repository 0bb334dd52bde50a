import JSON

/// What a running cell uses to send output and ask for input: handed to
/// ``KernelInterpreter/execute(_:context:)`` and valid until it returns.
///
/// Stream text is batched: it is sent when 50 ms have passed since the last stream message,
/// when 256 KiB are waiting, before any other output, and before the cell's reply, so a loop of
/// 100,000 prints sends a handful of messages and output still appears while a long cell runs.
/// Call it only from the thread that runs `execute`.
public final class ExecutionContext: @unchecked Sendable {
    /// The request being executed.
    public let request: ExecuteRequest
    private let output: CellOutput

    init(request: ExecuteRequest, output: CellOutput) {
        self.request = request
        self.output = output
    }

    /// Writes text to the cell's stdout or stderr (`stream` messages).
    public func write(_ text: String, to stream: StreamName) {
        output.write(text, to: stream)
    }

    /// Shows a bundle now (`display_data`); with a `displayID`, later updates can replace it.
    public func display(_ bundle: MimeBundle, displayID: String? = nil) {
        output.publishDisplay("display_data", bundle, displayID: displayID)
    }

    /// Replaces every output shown with `displayID` (`update_display_data`).
    public func updateDisplay(_ bundle: MimeBundle, displayID: String) {
        output.publishDisplay("update_display_data", bundle, displayID: displayID)
    }

    /// Clears the cell's output now, or (with `wait`) when the next output arrives.
    public func clearOutput(wait: Bool) {
        output.clearOutput(wait: wait)
    }

    /// Asks the frontend for a line of input (`input_request` on stdin) and waits for the answer.
    ///
    /// - Returns: the line; ``InputResult/unavailable`` when the request did not allow stdin;
    ///   ``InputResult/interrupted`` when the kernel was interrupted or is shutting down while waiting.
    public func readInput(prompt: String, password: Bool = false) -> InputResult {
        guard request.allowStdin else { return .unavailable }
        return output.readInput(prompt: prompt, password: password)
    }
}

/// The two output streams of a cell.
public enum StreamName: String, Sendable {
    /// Standard output.
    case stdout
    /// Standard error.
    case stderr
}

/// The answer to ``ExecutionContext/readInput(prompt:password:)``.
public enum InputResult: Sendable, Equatable {
    /// The line the user typed.
    case line(String)
    /// The frontend cannot answer (`allow_stdin` was false).
    case unavailable
    /// The wait ended because of an interrupt or shutdown.
    case interrupted
}
