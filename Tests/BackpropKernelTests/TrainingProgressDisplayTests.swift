import BackpropLanguage
import JSON
import JupyterKernel
import Rendering
import Testing

@testable import BackpropKernel

/// `train` shows one display (with a display_id) that is updated in place while it runs and
/// left as the final loss chart.
@Suite(.serialized) struct TrainingProgressDisplayTests {
    /// A run of moons that takes most of a second in a debug build.
    static let longRun = """
        let data = Dataset.moons(count: 1000, noise: 0.1, seed: 1)
        let net = Network(inputs: 2, seed: 1) { Dense(32, activation: .tanh); Dense(32, activation: .tanh); Dense(1, activation: .sigmoid) }
        let h = net.train(on: data, epochs: 80, learningRate: 0.1, batchSize: 16, loss: .crossEntropy)
        """

    @Test func theAdapterShowsOneDisplayAndUpdatesItUnderTheSameID() throws {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        _ = kernel.run(cell: "let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1, activation: .sigmoid) }\nprint(\"before\")\nlet h = net.train(on: .xor, epochs: 4, batchSize: 2)\nprint(\"after\")", executionCount: 1, sink: sink)
        #expect(sink.events.count == 4)
        #expect(sink.events.first == "stdout: before\n" && sink.events.last == "stdout: after\n")
        let shown = try #require(sink.events.dropFirst().first), updated = try #require(sink.events.dropFirst(2).first)
        // "display train-<id>: epoch 1/4 …", then "update train-<id>: trained 4 epochs in …".
        let id = try #require(shown.split(separator: ":").first?.split(separator: " ").last)
        #expect(id.hasPrefix("train-") && id.count > 10)
        #expect(shown == "display \(id): epoch 1/4 [░░░░░░░░░░░░░░░░░░░░]   0% · 0 s elapsed")
        #expect(updated.hasPrefix("update \(id): trained 4 epochs in "))
        // A second call gets a display of its own, so both charts stay in the notebook.
        let again = RecordingSink()
        _ = kernel.run(cell: "net.train(on: .xor, epochs: 2, batchSize: 2);", executionCount: 2, sink: again)
        #expect(again.events.count == 2)
        #expect(again.events.allSatisfy { !$0.contains(String(id)) })
    }

    @Test func aTrainingCallAsTheResultDoesNotRepeatTheChartItsDisplayLeft() throws {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        guard case .ok(let result?) = kernel.run(cell: "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }\nnet.train(on: .xor, epochs: 3, batchSize: 2)", executionCount: 1, sink: sink) else {
            Issue.record("the cell failed")
            return
        }
        #expect(sink.events.count == 2 && sink.events.last?.hasPrefix("update train-") == true)
        #expect(result.data.map(\.0) == ["text/plain"])
        #expect(result["text/plain"]?.string?.hasPrefix("History: 3 of 3 epochs") == true)
        // The history shown again later, or a history from another call, is a chart as usual.
        guard case .ok(let again?) = kernel.run(cell: "let h = net.train(on: .xor, epochs: 2, batchSize: 2);\nh", executionCount: 2, sink: RecordingSink()) else {
            Issue.record("the cell failed")
            return
        }
        #expect(again["image/svg+xml"] == nil)
        guard case .ok(let later?) = kernel.run(cell: "h", executionCount: 3, sink: RecordingSink()) else {
            Issue.record("the cell failed")
            return
        }
        #expect(later["image/svg+xml"]?.string?.hasPrefix("<svg") == true)
        guard case .ok(let other?) = kernel.run(cell: "let h2 = net.train(on: .xor, epochs: 2, batchSize: 2);\nh", executionCount: 4, sink: RecordingSink()) else {
            Issue.record("the cell failed")
            return
        }
        #expect(other["image/svg+xml"]?.string?.hasPrefix("<svg") == true)
    }

    @Test func liveUpdatesThroughTheProtocolAreSameIDRateLimitedAndEndWithTheFinalChart() throws {
        let harness = try KernelHarness()
        let (reply, iopub) = try harness.execute(Self.longRun)
        #expect(reply.content["status"]?.string == "ok")
        let displays = iopub.filter { $0.type == "display_data" }
        let updates = iopub.filter { $0.type == "update_display_data" }
        #expect(displays.count == 1)
        let id = try #require(displays.first?.content["transient"]?["display_id"]?.string)
        #expect(updates.count >= 2, "\(updates.count) updates")
        #expect(updates.allSatisfy { $0.content["transient"]?["display_id"]?.string == id })
        // The display comes first, while the run starts; every bundle has text and the chart.
        let first = try #require(displays.first)
        #expect(first.content["data"]?["text/plain"]?.string?.hasPrefix("epoch 1/80 [") == true)
        for message in displays + updates {
            #expect(message.content["data"]?["image/svg+xml"]?.string?.hasPrefix("<svg") == true)
            #expect(message.content["metadata"] != nil)
        }
        // At most ~10 a second: updates while running are at least 0.1 s apart (by the kernel's
        // header dates), and there are no more than 10 per second of the run.
        let times = try updates.map { try #require(Self.seconds(of: $0)) }
        let running = Array(times.dropLast())
        for (earlier, later) in zip(running, running.dropFirst()) {
            #expect(later - earlier >= 0.1, "updates \(later - earlier) s apart")
        }
        let start = try #require(Self.seconds(of: first)), end = try #require(times.last)
        #expect(Double(updates.count) <= 10 * (end - start) + 1, "\(updates.count) updates in \(end - start) s")
        // The final state: the summary and the whole loss chart, with the run's last loss.
        let final = try #require(updates.last)
        let text = try #require(final.content["data"]?["text/plain"]?.string)
        #expect(text.hasPrefix("trained 80 epochs in "))
        let lastLoss = try #require(harness.execute("h.loss[79]").iopub.first { $0.type == "execute_result" }?.content["data"]?["text/plain"]?.string)
        let value = try #require(Double(lastLoss))
        #expect(text.contains("final loss \(Rendering.NumberFormat.short(value))"))
        let svg = try #require(final.content["data"]?["image/svg+xml"]?.string)
        #expect(svg.contains("<title>Training loss (80 epochs, final loss \(Rendering.NumberFormat.short(value))"))
        #expect(!svg.contains("Training…"))
    }

    /// Seconds since midnight of a message's header date (`…T20:41:03.123456Z`).
    static func seconds(of message: Message) -> Double? {
        guard let date = message.header.date.split(separator: "T").last?.dropLast() else { return nil }
        let parts = date.split(separator: ":").compactMap { Double(String($0)) }
        guard parts.count == 3 else { return nil }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }
}
