import JupyterKernel

/// Where a running cell's output goes: the protocol core's ``ExecutionContext`` in the kernel,
/// a recording fake in tests. A seam so the adapter's mapping can be tested without the core.
protocol CellSink: AnyObject {
    /// Writes `print` text to a stream.
    func emit(_ text: String, to stream: StreamName)
    /// Shows a bundle now (display_data), under `displayID` when it will be updated.
    func show(_ bundle: MimeBundle, displayID: String?)
    /// Replaces what was shown under `displayID` (update_display_data).
    func update(_ bundle: MimeBundle, displayID: String)
    /// Clears the cell's output.
    func clear(wait: Bool)
    /// Asks the frontend for a line.
    func askForLine(prompt: String) -> InputResult
}

extension ExecutionContext: CellSink {
    func emit(_ text: String, to stream: StreamName) { write(text, to: stream) }
    func show(_ bundle: MimeBundle, displayID: String?) { display(bundle, displayID: displayID) }
    func update(_ bundle: MimeBundle, displayID: String) { updateDisplay(bundle, displayID: displayID) }
    func clear(wait: Bool) { clearOutput(wait: wait) }
    func askForLine(prompt: String) -> InputResult { readInput(prompt: prompt) }
}
