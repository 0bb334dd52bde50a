import Foundation
import NeuralNet
import Testing

@testable import Rendering

@Suite struct LossChartTests {
    private func chart(_ losses: [Double], accuracies: [Double] = [], planned: Int? = nil, title: String = "Training loss", log: Bool = false) -> String {
        LossChart.svg(losses: losses, accuracies: accuracies, plannedEpochs: planned, title: title, logScale: log)
    }

    /// The plot area's corners without an accuracy axis.
    private let left = LossChart.marginLeft, top = LossChart.marginTop
    private let right = LossChart.width - LossChart.marginRight, bottom = LossChart.height - LossChart.marginBottom

    @Test func knownSeriesFillsThePlotCornerToCorner() {
        let parsed = ParsedSVG(chart([4, 2, 1]))
        #expect(parsed.wellFormed)
        let points = parsed.points("loss")
        #expect(points.count == 3)
        #expect(points.first?.x == left && points.first?.y == top)
        #expect(points.last?.x == right && points.last?.y == bottom)
        // Epoch 2 is in the middle of the x axis; loss 2 a third of the way up.
        #expect(points[1].x == (left + right) / 2)
        #expect(Swift.abs(points[1].y - (bottom - (bottom - top) / 3)) < 0.01)
        #expect(parsed.texts.contains("epoch") && parsed.texts.contains("loss") && parsed.texts.contains("Training loss"))
        #expect(parsed.all("title").first?.text.hasPrefix("Training loss") == true)
        // Tick labels of the y axis 1…4 and the x axis 1…3.
        for label in ["1", "2", "3", "4"] { #expect(parsed.texts.contains(label)) }
    }

    @Test func selfContainedDocument() {
        let svg = chart([0.5, 0.25], accuracies: [0.5, 1], title: "A < B & \"C\"")
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" viewBox=\"0 0 640 360\" font-family=\"sans-serif\">"))
        #expect(parsed.texts.contains("A < B & \"C\""))
        for forbidden in ["<script", "<style", "href", "url(", "http://www.w3.org/1999", "@import"] {
            #expect(!svg.contains(forbidden))
        }
    }

    @Test func plannedEpochsExtendTheXAxis() {
        let parsed = ParsedSVG(chart([4, 2, 1], planned: 10))
        let points = parsed.points("loss")
        #expect(points.first?.x == left)
        let expected = left + (right - left) * 2 / 9
        #expect(Swift.abs((points.last?.x ?? 0) - expected) < 0.01)
        #expect(parsed.texts.contains("10"))
        #expect(parsed.texts.contains { $0.contains("3 of 10 epochs") })
    }

    @Test func accuracyOnASecondAxis() {
        let parsed = ParsedSVG(chart([1, 0.5, 0.25], accuracies: [0.25, 0.5, 1]))
        #expect(parsed.wellFormed)
        let accuracy = parsed.points("accuracy")
        let plotRight = LossChart.width - LossChart.marginRightWithAccuracy
        #expect(accuracy.count == 3)
        #expect(accuracy.last?.x == plotRight && accuracy.last?.y == top)
        #expect(Swift.abs((accuracy.first?.y ?? 0) - (bottom - (bottom - top) / 4)) < 0.01)
        #expect(parsed.texts.contains("accuracy"))
        #expect(parsed.points("loss").last?.x == plotRight)
    }

    @Test func historyFromARealRun() throws {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)], seed: 1)
        let history = try net.train(on: .xor, options: TrainingOptions(epochs: 7, learningRate: 0.5))
        let svg = LossChart.svg(history)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.points("loss").count == 7)
        #expect(parsed.points("accuracy").count == history.accuracy.count)
        #expect(parsed.texts.contains("epoch") && parsed.texts.contains("loss") && parsed.texts.contains("Training loss"))
        #expect(ParsedSVG(LossChart.svg(history, title: "XOR", logScale: true)).texts.contains("loss (log scale)"))
    }

    @Test func smallSeriesKeepEveryEpoch() {
        for count in [1, 2, 17, 1000] {
            let losses: [Double] = (0..<count).map { (index: Int) -> Double in 1 / Double(index + 1) }
            let parsed = ParsedSVG(chart(losses))
            #expect(parsed.wellFormed)
            #expect(parsed.points("loss").count == count)
        }
    }

    @Test func longRunsAreDownsampled() {
        var losses: [Double] = (0..<10_000).map { (index: Int) -> Double in 1 / Double(index + 1) }
        losses[5000] += 0.5
        let svg = chart(losses)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        let points = parsed.points("loss")
        #expect(points.count <= 1000 && points.count >= 500)
        #expect(points.first?.x == left && points.first?.y == top)
        #expect(points.last?.x == right)
        // The spike at epoch 5001 survives the reduction.
        let width: Double = right - left
        let spikeX: Double = left + width * 5000 / 9999
        #expect(points.contains { Swift.abs($0.x - spikeX) < 0.1 })
        #expect(parsed.byteCount < 40_000)
    }

    @Test func divergedRunsSkipNonFiniteLosses() {
        let parsed = ParsedSVG(chart([1, 0.5, .nan, 2, .infinity, -.infinity]))
        #expect(parsed.wellFormed)
        #expect(parsed.points("loss").count == 3)
        #expect(parsed.texts.contains { $0.contains("diverged") })
        #expect(parsed.texts.contains { $0.contains("final loss -inf") })
        let allBad = ParsedSVG(chart([.nan, .nan]))
        #expect(allBad.wellFormed && allBad.points("loss").isEmpty)
        #expect(allBad.texts.contains("no finite loss to plot"))
    }

    @Test func emptyHistoryShowsAxes() {
        for log in [false, true] {
            let parsed = ParsedSVG(chart([], planned: 50, log: log))
            #expect(parsed.wellFormed)
            #expect(parsed.texts.contains("no epochs yet"))
            #expect(parsed.texts.contains("epoch") && parsed.texts.contains("50"))
            #expect(parsed.texts.contains(log ? "loss (log scale)" : "loss"))
            #expect(parsed.all("polyline").isEmpty)
        }
    }

    @Test func logScale() {
        let parsed = ParsedSVG(chart([1, 0.1, 0.03, 0, -1], log: true))
        #expect(parsed.wellFormed)
        let points = parsed.points("loss")
        #expect(points.count == 3)
        // The axis runs over whole decades, 0.01…1: loss 1 at the top, 0.1 halfway.
        #expect(points.first?.y == top)
        #expect(Swift.abs(points[1].y - (top + bottom) / 2) < 0.01)
        for label in ["0.01", "0.1", "1"] { #expect(parsed.texts.contains(label)) }
        #expect(parsed.texts.contains { $0.contains("log scale: 2 losses ≤ 0 not drawn") })
        #expect(parsed.texts.contains("loss (log scale)"))
    }

    @Test func constantLossStillDraws() {
        let parsed = ParsedSVG(chart([0.5, 0.5, 0.5]))
        let points = parsed.points("loss")
        #expect(points.count == 3 && points.allSatisfy { $0.y == (top + bottom) / 2 })
    }

    @Test func deterministic() {
        let losses: [Double] = (0..<3000).map { (index: Int) -> Double in 1 / Double(index + 1) }
        let accuracies: [Double] = (0..<3000).map { (index: Int) -> Double in Double(index) / 3000 }
        #expect(chart(losses, accuracies: accuracies, log: true) == chart(losses, accuracies: accuracies, log: true))
        #expect(chart([4, 2, 1]) == chart([4, 2, 1]))
    }
}
