/// Where a run's output goes and where `input()` reads from: the command line or the kernel.
///
/// The evaluator calls these on its own thread, in program order.
public protocol InterpreterHost: AnyObject {
    /// Writes `print` output to standard output or standard error.
    func write(_ text: String, to stream: OutputStreamKind)
    /// Shows a value now (`show(x)`): display_data in a notebook, its text/plain on a terminal.
    func display(_ value: Value)
    /// Clears the cell's output (`clearOutput(wait:)`).
    func clearOutput(wait: Bool)
    /// Asks for a line of input; nil means there is no one to ask.
    func readInput(prompt: String) -> String?
    /// Receives the value of a top-level expression statement in `.everyExpression` mode.
    func expressionValue(_ value: Value)
    /// Shows how a `net.train` call is going: a live display in a notebook, a progress line on
    /// a terminal. See ``TrainingReport`` for when it is called.
    func trainingProgress(_ report: TrainingReport)
}

extension InterpreterHost {
    /// Hosts that show no progress ignore it.
    public func trainingProgress(_ report: TrainingReport) {}
}

/// The two output streams of `print`.
public enum OutputStreamKind: Sendable {
    /// `print(x)`.
    case standardOutput
    /// `print(x, to: .standardError)`.
    case standardError
}
