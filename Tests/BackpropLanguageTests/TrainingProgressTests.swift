#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropLanguage
import NeuralNet
import Testing

/// `net.train` reports its progress to the host: started, running at most every 125 ms, and
/// finished or stopped.
@Suite struct TrainingProgressTests {
    /// A run of moons that takes most of a second in a debug build.
    static let longRun = """
        let data = Dataset.moons(count: 1000, noise: 0.1, seed: 1)
        let net = Network(inputs: 2, seed: 1) { Dense(32, activation: .tanh); Dense(32, activation: .tanh); Dense(1, activation: .sigmoid) }
        let h = net.train(on: data, epochs: 80, learningRate: 0.1, batchSize: 16, loss: .crossEntropy)
        """

    @Test func aShortRunReportsItsStartAndItsEnd() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1, activation: .sigmoid) }
            let h = net.train(on: .xor, epochs: 5, learningRate: 0.5, batchSize: 2)
            """)
        let reports = session.host.reports
        #expect(reports.map(\.phase) == [.started, .finished])
        let first = try #require(reports.first), last = try #require(reports.last)
        #expect(first.progress.history.steps == 0 && first.progress.epochs == 5 && first.elapsed == 0)
        #expect(last.progress.history.steps == 10 && last.progress.epoch == 5 && last.progress.fraction == 1)
        #expect(last.elapsed > 0 && last.remaining == nil)
        // The last report holds the history the call returns.
        #expect(try session.run("h.loss.count") == "5")
        #expect(try session.run("h.loss[4]") == ValueFormatter.plainText(.double(try #require(last.progress.loss))))
    }

    @Test func aLongRunReportsWhileRunningAtMostEveryEighthOfASecond() throws {
        let session = Session()
        try session.run(Self.longRun)
        let reports = session.host.reports
        let phases = reports.map(\.phase)
        #expect(phases.first == .started && phases.last == .finished)
        let running = reports.filter { $0.phase == .running }
        #expect(running.count >= 2, "\(reports.count) reports in \(reports.last?.elapsed ?? 0) s")
        #expect(phases.dropFirst().dropLast().allSatisfy { $0 == .running })
        // Steps and time only go forward, and reports while running are an interval apart.
        for (earlier, later) in zip(reports, reports.dropFirst()) {
            #expect(later.progress.history.steps >= earlier.progress.history.steps)
            #expect(later.elapsed >= earlier.elapsed)
        }
        for (earlier, later) in zip(running, running.dropFirst()) {
            #expect(later.elapsed - earlier.elapsed >= 0.125 - 1e-9)
        }
        let first = try #require(running.first)
        #expect(first.elapsed >= 0.125 - 1e-9)
        #expect(try #require(reports.last).progress.history.loss.count == 80)
    }

    @Test func aSlowHostGetsReportsLessOftenSoTheRunKeepsMostOfTheTime() throws {
        let host = TestHost()
        let interpreter = Interpreter(host: host)
        // Showing a report takes 60 ms: the run then trains at least 4 × 60 ms before the next.
        host.onReport = { report in
            if report.phase == .running {
                var pause = timespec(tv_sec: 0, tv_nsec: 60_000_000)
                nanosleep(&pause, nil)
            }
        }
        guard case .success = interpreter.execute(Self.longRun, name: "<cell>") else {
            Issue.record("the run failed")
            return
        }
        let running = host.reports.filter { $0.phase == .running }
        #expect(running.count >= 1)
        for (earlier, later) in zip(running, running.dropFirst()) {
            #expect(later.elapsed - earlier.elapsed >= 0.06 + 0.24 - 1e-3, "\(later.elapsed - earlier.elapsed) s apart")
        }
    }

    @Test func anInterruptedRunEndsWithAStoppedReport() throws {
        let host = TestHost()
        let flag = InterruptFlag()
        let interpreter = Interpreter(host: host, interruptFlag: flag)
        host.onReport = { report in
            if report.phase == .running { flag.set() }
        }
        guard case .failure(let error) = interpreter.execute(Self.longRun, name: "<cell>") else {
            Issue.record("the run was not interrupted")
            return
        }
        #expect(error.primary.kind == .interrupted)
        #expect(host.reports.map(\.phase) == [.started, .running, .stopped])
        let stopped = try #require(host.reports.last)
        #expect(stopped.progress.history.interrupted)
        #expect(stopped.progress.history.steps == host.reports[1].progress.history.steps)
        #expect(stopped.remaining == nil)
    }

    @Test func runningOutOfTheStepBudgetAlsoEndsWithAStoppedReport() throws {
        var limits = Limits()
        limits.stepBudget = 50
        let session = Session(limits: limits)
        let error = session.error("""
            let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1, activation: .sigmoid) }
            let h = net.train(on: .xor, epochs: 100, learningRate: 0.5, batchSize: 1)
            """)
        #expect(error?.primary.kind == .resourceError)
        #expect(session.host.reports.first?.phase == .started)
        #expect(session.host.reports.last?.phase == .stopped)
    }

    @Test func trainingThatFailsItsChecksReportsNothing() {
        let session = Session()
        let error = session.error("""
            let net = Network(inputs: 3) { Dense(1) }
            net.train(on: .xor, epochs: 5)
            """)
        #expect(error?.primary.kind == .shapeError)
        #expect(session.host.reports.isEmpty)
    }
}
