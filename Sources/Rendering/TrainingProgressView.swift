import BackpropLanguage
import NeuralNet

/// Live progress of a `net.train` call: a status line (epoch i/N, a bar, the loss, elapsed and
/// remaining time) and the loss chart so far, which becomes the run's final chart.
///
/// The kernel shows ``render(_:)`` in one display and updates it in place; `backprop-kernel run`
/// writes ``line(_:)`` over itself on a terminal.
public enum TrainingProgressView {
    /// Cells of the text progress bar.
    static let barWidth = 20

    /// text/plain (the status line) and image/svg+xml (the loss chart with the status under
    /// its title and a progress bar while the run goes on; the plain final chart at the end).
    public static func render(_ report: TrainingReport) -> RenderedOutput {
        RenderedOutput([.init("text/plain", line(report)), .init("image/svg+xml", svg(report))])
    }

    /// The status as one line of text, most telling first (a terminal cuts the end): `epoch
    /// 4/10 [██████░░░░…]  30% · 1.2 s elapsed, about 2.8 s left · loss 0.2113 · accuracy
    /// 75%` while running (epoch i is the one under way); a summary at the end.
    public static func line(_ report: TrainingReport) -> String {
        let progress = report.progress
        switch report.phase {
        case .started, .running:
            var text = "epoch \(Swift.min(progress.epoch + 1, Swift.max(progress.epochs, 1)))/\(progress.epochs) "
            text += bar(progress.fraction) + " " + percent(progress.fraction) + " · " + times(report)
            return text + measures(progress).map { " · " + $0 }.joined()
        case .finished, .stopped:
            return summary(report)
        }
    }

    /// The loss chart with the status line under its title: a bar while running, the run's
    /// summary and time at the end.
    public static func svg(_ report: TrainingReport) -> String {
        let history = report.progress.history
        let running = report.phase == .started || report.phase == .running
        let status: String
        if running {
            status = (["epoch \(report.progress.epoch)/\(report.progress.epochs) done", percent(report.progress.fraction)]
                + measures(report.progress) + [times(report)]).joined(separator: " · ")
        } else {
            status = LossChart.summary(history.loss, history.accuracy, planned: history.options.epochs, interrupted: history.interrupted)
                + " · " + NumberFormat.duration(report.elapsed)
        }
        return LossChart.svg(
            losses: history.loss, accuracies: history.accuracy, plannedEpochs: history.options.epochs,
            title: running ? "Training…" : "Training loss", logScale: false, interrupted: history.interrupted,
            status: status, progressBar: running ? report.progress.fraction : nil)
    }

    // MARK: - Pieces

    /// `[████████░░░░░░░░░░░░]`, the share done in ``barWidth`` cells.
    static func bar(_ fraction: Double) -> String {
        let done = fraction.isFinite ? Int((Swift.min(1, Swift.max(0, fraction)) * Double(barWidth)).rounded(.down)) : 0
        return "[" + String(repeating: "█", count: done) + String(repeating: "░", count: barWidth - done) + "]"
    }

    /// `  7%`, `100%`: whole percent, padded so the line does not jump.
    static func percent(_ fraction: Double) -> String {
        let value = fraction.isFinite ? Int((Swift.min(1, Swift.max(0, fraction)) * 100).rounded(.down)) : 0
        let text = "\(value)%"
        return String(repeating: " ", count: Swift.max(0, 4 - text.count)) + text
    }

    /// The last finished epoch's loss and accuracy, as far as there are any.
    static func measures(_ progress: TrainingProgress, lossLabel: String = "loss") -> [String] {
        var parts: [String] = []
        if let loss = progress.loss { parts.append(lossLabel + " " + NumberFormat.short(loss)) }
        if let accuracy = progress.accuracy { parts.append("accuracy " + NumberFormat.percent(accuracy)) }
        return parts
    }

    /// `1.2 s elapsed, about 2.8 s left` (no estimate before 1% of the run).
    static func times(_ report: TrainingReport) -> String {
        var text = NumberFormat.duration(report.elapsed) + " elapsed"
        if let remaining = report.remaining { text += ", about " + NumberFormat.duration(remaining) + " left" }
        return text
    }

    /// `trained 10 epochs in 2.3 s: final loss 0.01234, accuracy 1` (or how far an
    /// interrupted run got).
    static func summary(_ report: TrainingReport) -> String {
        let history = report.progress.history
        var text: String
        if report.phase == .stopped {
            text = "training stopped after \(history.completedEpochs) of \(history.options.epochs) epoch\(history.options.epochs == 1 ? "" : "s") (\(NumberFormat.duration(report.elapsed)))"
        } else {
            text = "trained \(history.completedEpochs) epoch\(history.completedEpochs == 1 ? "" : "s") in \(NumberFormat.duration(report.elapsed))"
        }
        let parts = measures(report.progress, lossLabel: "final loss")
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        return text
    }
}
