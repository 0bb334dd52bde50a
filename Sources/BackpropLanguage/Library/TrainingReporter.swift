import NeuralNet

/// Turns the trainer's per-step callbacks into the host's progress reports, at most one
/// ``TrainingReport/Phase/running`` report per ``interval``, so a fast run is not slowed down
/// and a frontend gets no more than about ten updates a second.
final class TrainingReporter {
    /// The least time between two reports while the run goes on, in seconds.
    static let interval = 0.125

    private let host: InterpreterHost
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastReport: ContinuousClock.Instant

    init(host: InterpreterHost) {
        self.host = host
        start = clock.now
        lastReport = start
    }

    /// The trainer's callback: the first report (no step yet) at once, later ones when the
    /// interval has passed since the last.
    func step(_ progress: TrainingProgress) {
        if progress.history.steps == 0 {
            host.trainingProgress(TrainingReport(phase: .started, progress: progress, elapsed: 0))
            return
        }
        let now = clock.now
        guard Self.seconds(lastReport.duration(to: now)) >= Self.interval else { return }
        lastReport = now
        host.trainingProgress(TrainingReport(phase: .running, progress: progress, elapsed: Self.seconds(start.duration(to: now))))
    }

    /// The last report, with the run's final history.
    func end(_ history: History) {
        let elapsed = Self.seconds(start.duration(to: clock.now))
        host.trainingProgress(TrainingReport(phase: history.interrupted ? .stopped : .finished, progress: TrainingProgress(history: history), elapsed: elapsed))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
