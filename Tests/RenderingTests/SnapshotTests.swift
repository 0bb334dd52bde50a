import Foundation
@testable import BackpropLanguage
@testable import NeuralNet
import Testing
@testable import Rendering

/// Every renderer's output for fixed inputs, byte for byte against the files committed in
/// Snapshots/. A change in the output is a test failure until the snapshot is looked at and
/// regenerated with `UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests`.
///
/// Inputs are hand-set (Mazur's worked example, literal series), never trained, so that the
/// numbers do not depend on the machine's BLAS kernels.
@Suite struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Compares `text` with Snapshots/`name`, or writes it there with UPDATE_SNAPSHOTS=1.
    func expectSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try? Data(text.utf8).write(to: url)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("no snapshot \(name): run UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != text else { return }
        // Name the first line that differs, so the failure says where without a 50 KB dump.
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<Swift.min(old.count, new.count)).first { old[$0] != new[$0] } ?? Swift.min(old.count, new.count)
        let was = line < old.count ? String(old[line]) : "(end)", now = line < new.count ? String(new[line]) : "(end)"
        Issue.record("\(name) differs at line \(line + 1):\n  snapshot: \(was.prefix(300))\n  now:      \(now.prefix(300))", sourceLocation: sourceLocation)
    }

    /// All representations of an output, one file per MIME type.
    func expectSnapshots(_ output: RenderedOutput, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let extensions = ["text/plain": "txt", "text/html": "html", "text/latex": "tex", "text/markdown": "md", "image/svg+xml": "svg"]
        for representation in output.representations {
            expectSnapshot(representation.text, name + "." + (extensions[representation.mimeType] ?? "out"), sourceLocation: sourceLocation)
        }
    }

    // MARK: - Tables

    @Test func matrixAndVectorTables() throws {
        expectSnapshots(MatrixTable.render(try Matrix(rowArrays: [[0.15, -0.2, 0], [1e-7, 12.5, .nan]]), symbol: "W^1"), "matrix")
        expectSnapshots(MatrixTable.render(Vector([0.35, -0.35, 2]), symbol: "b^1"), "vector")
        let values: [Double] = (0..<2250).map { (i: Int) -> Double in Double(i % 17) - 8 + Double(i / 45) / 10 }
        let large = try Matrix(rows: 50, columns: 45, elements: values)
        expectSnapshots(MatrixTable.render(large, title: "large", symbol: "W^2"), "matrix-summarised")
    }

    @Test func layerTablesOfMazursExample() throws {
        var net = try LayerTablesTests.mazur()
        let pass = try net.forward(try LayerTablesTests.x)
        let gradients = try net.backward(try LayerTablesTests.x, target: try LayerTablesTests.y, loss: .squaredError)
        expectSnapshots(LayerTables.render(pass, single: true), "mazur-forward")
        expectSnapshots(LayerTables.render(gradients, single: true), "mazur-gradients")
        let check = try net.gradientCheck(try LayerTablesTests.x, target: try LayerTablesTests.y, loss: .squaredError)
        expectSnapshots(LayerTables.render(check), "mazur-gradient-check")
        let step = try net.step(try LayerTablesTests.x, target: try LayerTablesTests.y, learningRate: 0.5, loss: .squaredError)
        expectSnapshots(LayerTables.render(step, single: true), "mazur-step")
    }

    @Test func explainOfMazursExample() throws {
        let g = try ExplainFormulaTests.mazur()
        expectSnapshots(ExplainFormula.render(Explanation(gradients: g, single: true, layer: 1, k: 0, j: 0)), "explain-hidden-weight")
        expectSnapshots(ExplainFormula.render(Explanation(gradients: g, single: true, layer: 2, k: 0, j: 0)), "explain-output-weight")
        expectSnapshots(ExplainFormula.render(Explanation(gradients: g, single: true, layer: 1, k: 1, j: nil)), "explain-bias")
    }

    // MARK: - Pictures

    @Test func lossCharts() {
        let losses = [0.9, 0.5, 0.31, 0.2, 0.12, 0.09], accuracies = [0.5, 0.5, 0.75, 1, 1, 1]
        expectSnapshot(LossChart.svg(losses: losses, accuracies: accuracies, plannedEpochs: 6, title: "Training loss", logScale: false), "loss-chart.svg")
        expectSnapshot(LossChart.svg(losses: losses, accuracies: [], plannedEpochs: 10, title: "Training loss", logScale: true), "loss-chart-log.svg")
    }

    @Test func networkDiagramAndDecisionBoundary() throws {
        let net = try LayerTablesTests.mazur()
        expectSnapshot(NetworkDiagram.svg(net), "network-diagram.svg")
        var classifier = try Network(inputs: 2, layers: [Dense(2, activation: .tanh), Dense(1, activation: .sigmoid)])
        try classifier.setWeights(1, Matrix(rowArrays: [[4, 4], [-4, -4]]))
        try classifier.setBiases(1, Vector([-2, 6]))
        try classifier.setWeights(2, Matrix(rowArrays: [[5, 5]]))
        try classifier.setBiases(2, Vector([-5]))
        expectSnapshot(DecisionBoundaryChart.svg(classifier, .xor, resolution: 12), "decision-boundary.svg")
    }

    @Test func heatmap() throws {
        let values: [Double] = (0..<6300).map { (i: Int) -> Double in Double((i * 37) % 101) / 50 - 1 }
        let matrix = try Matrix(rows: 90, columns: 70, elements: values)
        expectSnapshot(Heatmap.svg(matrix, title: "W^1", maxCells: 16), "heatmap.svg")
    }

    @Test func trainingProgress() throws {
        var history = History(options: TrainingOptions(epochs: 8, learningRate: 0.5), sampleCount: 4, stepsPerEpoch: 2)
        history.loss = [0.7, 0.55, 0.41]
        history.accuracy = [0.5, 0.75, 0.75]
        history.steps = 7
        expectSnapshots(TrainingProgressView.render(TrainingReport(phase: .running, progress: TrainingProgress(history: history), elapsed: 1.75)), "progress-running")
        history.loss += [0.3, 0.22, 0.16, 0.12, 0.1]
        history.accuracy += [1, 1, 1, 1, 1]
        history.steps = 16
        expectSnapshots(TrainingProgressView.render(TrainingReport(phase: .finished, progress: TrainingProgress(history: history), elapsed: 4.2)), "progress-finished")
    }
}
