import BackpropLanguage
import JupyterKernel
import NeuralNet

/// The interpreter's host in the kernel: turns `print`, `show`, `clearOutput` and `input` into
/// the protocol's stream, display_data, clear_output and input_request through a ``CellSink``,
/// and a `train` call's progress into one display updated in place.
///
/// Used only on the execution thread. Between runs, and while `evaluate` runs a user
/// expression, `sink` is nil and output is dropped: user_expressions must not print.
final class CellHost: InterpreterHost {
    /// Where output goes while a cell runs; nil drops it.
    var sink: CellSink?
    /// Called when the frontend's answer to `input()` was an interrupt (or shutdown), so the
    /// run stops right there with `Interrupted`.
    private let onInputInterrupted: () -> Void

    init(onInputInterrupted: @escaping () -> Void) {
        self.onInputInterrupted = onInputInterrupted
    }

    func write(_ text: String, to stream: OutputStreamKind) {
        sink?.emit(text, to: stream == .standardError ? .stderr : .stdout)
    }

    func display(_ value: Value) {
        sink?.show(MimeRendering.bundle(for: value), displayID: nil)
    }

    /// The display of the `train` call under way, if any.
    private var progressDisplayID: String?
    /// The history whose final chart the last `train` call of this run left in its display.
    var lastChart: NeuralNet.History?

    func trainingProgress(_ report: TrainingReport) {
        guard let sink else { return }
        let bundle = MimeRendering.bundle(for: report)
        switch report.phase {
        case .started:
            // One display per call, so a cell that trains twice keeps both charts.
            let id = "train-" + Header.randomID()
            progressDisplayID = id
            sink.show(bundle, displayID: id)
        case .running:
            if let id = progressDisplayID { sink.update(bundle, displayID: id) }
        case .finished, .stopped:
            if let id = progressDisplayID { sink.update(bundle, displayID: id) }
            progressDisplayID = nil
            lastChart = report.progress.history
        }
    }

    func clearOutput(wait: Bool) {
        sink?.clear(wait: wait)
    }

    func readInput(prompt: String) -> String? {
        guard let sink else { return nil }
        switch sink.askForLine(prompt: prompt) {
        case .line(let line):
            return line
        case .unavailable:
            return nil
        case .interrupted:
            // `input()` checks the interrupt flag when the line comes back and raises Interrupted.
            onInputInterrupted()
            return ""
        }
    }

    func expressionValue(_ value: Value) {
        // Cells run in `.lastExpression` mode, whose result comes back from `execute` instead.
    }
}

extension NeuralNet.History {
    /// Whether two histories record the same run: the same steps, losses and accuracies.
    func isSameRun(as other: NeuralNet.History) -> Bool {
        steps == other.steps && loss == other.loss && accuracy == other.accuracy && sampleCount == other.sampleCount
    }
}
