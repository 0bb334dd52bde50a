import BackpropLanguage
import NeuralNet
import Testing

@testable import Rendering

@Suite struct TrainingProgressViewTests {
    /// The trainer's own progress values for XOR: before the first step, after every step.
    private static func progressOfXOR(epochs: Int = 4, stopAfter: Int? = nil) throws -> [TrainingProgress] {
        var net = try Network(inputs: 2, layers: [Dense(3, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 3)
        var reports: [TrainingProgress] = []
        var asked = 0
        _ = try net.train(
            on: .xor, options: TrainingOptions(epochs: epochs, learningRate: 0.5, batchSize: 2, loss: .crossEntropy),
            shouldStop: {
                asked += 1
                return asked == stopAfter
            },
            progress: { reports.append($0) })
        return reports
    }

    @Test func runningLineShowsEpochBarTimesAndMeasures() throws {
        let reports = try Self.progressOfXOR()
        // After step 3 of 8: epoch 1 is done, epoch 2 under way.
        let progress = reports[3]
        let loss = try #require(progress.loss), accuracy = try #require(progress.accuracy)
        let line = TrainingProgressView.line(TrainingReport(phase: .running, progress: progress, elapsed: 1.5))
        #expect(line == "epoch 2/4 [███████░░░░░░░░░░░░░]  37% · 1.5 s elapsed, about 2.5 s left · loss \(NumberFormat.short(loss)) · accuracy \(NumberFormat.percent(accuracy))")
    }

    @Test func startedLineHasNoMeasuresAndNoEstimate() throws {
        let reports = try Self.progressOfXOR()
        let line = TrainingProgressView.line(TrainingReport(phase: .started, progress: reports[0], elapsed: 0))
        #expect(line == "epoch 1/4 [░░░░░░░░░░░░░░░░░░░░]   0% · 0 s elapsed")
    }

    @Test func finalLineSummarisesTheRun() throws {
        let reports = try Self.progressOfXOR()
        let last = try #require(reports.last)
        let loss = try #require(last.loss)
        #expect(TrainingProgressView.line(TrainingReport(phase: .finished, progress: last, elapsed: 0.76))
            == "trained 4 epochs in 0.8 s: final loss \(NumberFormat.short(loss)), accuracy \(NumberFormat.percent(last.accuracy ?? .nan))")
        let stopped = try Self.progressOfXOR(stopAfter: 4)
        let lastStopped = try #require(stopped.last)
        #expect(TrainingProgressView.line(TrainingReport(phase: .stopped, progress: lastStopped, elapsed: 61))
            .hasPrefix("training stopped after 1 of 4 epochs (1 min 01 s): final loss "))
    }

    @Test func runningChartHasTheStatusAndABarOfTheShareDone() throws {
        let reports = try Self.progressOfXOR()
        let svg = TrainingProgressView.svg(TrainingReport(phase: .running, progress: reports[6], elapsed: 3))
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.texts.contains("Training…"))
        #expect(parsed.texts.contains { $0.hasPrefix("epoch 3/4 done ·  75% · loss ") && $0.hasSuffix("· 3.0 s elapsed, about 1.0 s left") })
        // The bar: a grey track across the plot and the share done over it in the loss colour.
        let bars = parsed.all("rect").filter { $0.attributes["y"] == "46" }
        #expect(bars.count == 2)
        let track = try #require(bars.first), done = try #require(bars.last)
        #expect(track.attributes["fill"] == "#e3e3e3" && done.attributes["fill"] == LossChart.lossColor)
        let trackWidth = try #require(Double(track.attributes["width"] ?? "")), doneWidth = try #require(Double(done.attributes["width"] ?? ""))
        #expect(Swift.abs(doneWidth - 0.75 * trackWidth) < 0.01)
        // The curve so far: three finished epochs of four on an axis that runs to epoch 4.
        #expect(parsed.points("loss").count == 3)
        #expect(parsed.texts.contains("4"))
    }

    @Test func finalChartIsTheLossChartWithTheTimeAndNoBar() throws {
        let reports = try Self.progressOfXOR()
        let last = try #require(reports.last)
        let svg = TrainingProgressView.svg(TrainingReport(phase: .finished, progress: last, elapsed: 2))
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.texts.contains("Training loss"))
        let summary = LossChart.summary(last.history.loss, last.history.accuracy, planned: 4, interrupted: false)
        #expect(parsed.texts.contains(summary + " · 2.0 s"))
        #expect(parsed.all("rect").allSatisfy { $0.attributes["y"] != "46" })
        #expect(parsed.points("loss").count == 4)
        let output = TrainingProgressView.render(TrainingReport(phase: .finished, progress: last, elapsed: 2))
        #expect(output.representations.map(\.mimeType) == ["text/plain", "image/svg+xml"])
        #expect(output["image/svg+xml"] == svg)
    }

    @Test func barAndPercentStayInRange() {
        #expect(TrainingProgressView.bar(0) == "[" + String(repeating: "░", count: 20) + "]")
        #expect(TrainingProgressView.bar(1) == "[" + String(repeating: "█", count: 20) + "]")
        #expect(TrainingProgressView.bar(.nan) == TrainingProgressView.bar(0))
        #expect(TrainingProgressView.bar(7) == TrainingProgressView.bar(1))
        #expect(TrainingProgressView.percent(0.999) == " 99%")
        #expect(TrainingProgressView.percent(1) == "100%")
        #expect(TrainingProgressView.percent(-1) == "  0%")
    }

    @Test func percentagesHaveFourSignificantDigits() {
        #expect(NumberFormat.percent(0.75) == "75%")
        #expect(NumberFormat.percent(2.0 / 3) == "66.67%")
        #expect(NumberFormat.percent(1) == "100%")
        #expect(NumberFormat.percent(0) == "0%")
        #expect(NumberFormat.percent(.nan) == "nan%")
    }

    @Test func durationsReadLikeAPerson() {
        #expect(NumberFormat.duration(0) == "0 s")
        #expect(NumberFormat.duration(-3) == "0 s")
        #expect(NumberFormat.duration(.nan) == "0 s")
        #expect(NumberFormat.duration(.infinity) == "0 s")
        #expect(NumberFormat.duration(0.04) == "0.0 s")
        #expect(NumberFormat.duration(1.26) == "1.3 s")
        #expect(NumberFormat.duration(9.94) == "9.9 s")
        #expect(NumberFormat.duration(9.96) == "10 s")
        #expect(NumberFormat.duration(59.4) == "59 s")
        #expect(NumberFormat.duration(59.6) == "1 min 00 s")
        #expect(NumberFormat.duration(125) == "2 min 05 s")
        #expect(NumberFormat.duration(3725) == "1 h 02 min")
        #expect(NumberFormat.duration(1e300) == "over 99 h")
    }

    @Test func remainingTimeIsEstimatedOnlyWhileRunningPastOnePercent() throws {
        let reports = try Self.progressOfXOR()
        #expect(TrainingReport(phase: .running, progress: reports[2], elapsed: 2).remaining == 6)
        #expect(TrainingReport(phase: .started, progress: reports[0], elapsed: 0).remaining == nil)
        #expect(TrainingReport(phase: .finished, progress: reports[8], elapsed: 2).remaining == nil)
        #expect(TrainingReport(phase: .running, progress: reports[8], elapsed: 2).remaining == nil)
    }
}
