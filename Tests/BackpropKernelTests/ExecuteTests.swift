#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropLanguage
import JSON
import JupyterKernel
import Testing

@testable import BackpropKernel

/// The adapter's mapping of the language to a cell's output, through the ``CellSink`` seam.
@Suite struct CellHostTests {
    @Test func printShowAndClearGoToTheSink() {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        let outcome = kernel.run(cell: "print(1, 2.5)\nprint(\"oops\", to: .standardError)\nshow([1.0, 2.0])\nclearOutput(wait: true)\n1 + 1", executionCount: 1, sink: sink)
        #expect(sink.events == [
            "stdout: 1 2.5\n", "stderr: oops\n", "display: " + ValueFormatter.plainText(.array([.double(1), .double(2)])), "clear: true",
        ])
        guard case .ok(let result) = outcome else { Issue.record("not ok: \(outcome)"); return }
        #expect(result == MimeBundle(plainText: "2"))
    }

    @Test func voidAndSuppressedResultsAreNil() {
        let kernel = BackpropKernel()
        for code in ["let x = 1", "print(1)", "1 + 1;", ""] {
            guard case .ok(let result) = kernel.run(cell: code, executionCount: 1, sink: RecordingSink()) else {
                Issue.record("\(code) failed")
                continue
            }
            #expect(result == nil, "\(code)")
        }
    }

    @Test func anErrorIsOneReportWithTheCellLineAndCaret() {
        let kernel = BackpropKernel()
        let outcome = kernel.run(cell: "let a = 1\nprint(a + b)", executionCount: 3, sink: RecordingSink())
        guard case .error(let report) = outcome else { Issue.record("no error"); return }
        #expect(report.ename == "NameError")
        #expect(report.traceback.map(plain) == [
            "<cell 3>:2:11: error: NameError: \(report.evalue)", "print(a + b)", "          ^",
        ])
        #expect(report.traceback[0].hasPrefix("\u{1B}[1m<cell 3>:2:11: \u{1B}[1;31merror:"))
        #expect(report.traceback[2] == "          \u{1B}[1;32m^\u{1B}[0m")
    }

    @Test func bindingsStayAcrossCellsAndAfterErrors() {
        let kernel = BackpropKernel()
        _ = kernel.run(cell: "var n = 41\nn += 1\nlet bad = 1 / 0", executionCount: 1, sink: RecordingSink())
        guard case .ok(let result) = kernel.run(cell: "n", executionCount: 2, sink: RecordingSink()) else {
            Issue.record("failed")
            return
        }
        #expect(result == MimeBundle(plainText: "42"))
    }

    @Test func inputReadsALineOrFailsWithoutStdin() {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        sink.answer = .line("Ada")
        guard case .ok(let result) = kernel.run(cell: "let name = input(\"Name? \")\n\"Hello \\(name)\"", executionCount: 1, sink: sink) else {
            Issue.record("failed")
            return
        }
        #expect(sink.events == ["input: Name? "])
        #expect(result == MimeBundle(plainText: "\"Hello Ada\""))
        let unavailable = RecordingSink()
        guard case .error(let report) = kernel.run(cell: "input()", executionCount: 2, sink: unavailable) else {
            Issue.record("no error")
            return
        }
        #expect(report.ename == "RuntimeError")
    }

    @Test func anInterruptedInputStopsTheCellWithInterrupted() {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        sink.answer = .interrupted
        guard case .error(let report) = kernel.run(cell: "var before = 1\nlet x = input(\"? \")\nbefore = 2", executionCount: 1, sink: sink) else {
            Issue.record("no error")
            return
        }
        #expect(report.ename == "Interrupted")
        #expect(plain(report.traceback[0]).hasPrefix("<cell 1>:2:9: error: Interrupted:"))
        kernel.resetInterrupt()
        guard case .ok(let result) = kernel.run(cell: "before", executionCount: 2, sink: RecordingSink()) else {
            Issue.record("the next cell was interrupted too")
            return
        }
        #expect(result == MimeBundle(plainText: "1"))
    }

    @Test func aResetForgetsAnInterruptFromBeforeTheCell() {
        // The core resets before each execute request and forwards interrupts only during one.
        let kernel = BackpropKernel()
        kernel.interrupt()
        kernel.resetInterrupt()
        guard case .ok(let result) = kernel.run(cell: "var s = 0\nfor i in 0..<1000 { s += i }\ns", executionCount: 1, sink: RecordingSink()) else {
            Issue.record("interrupted")
            return
        }
        #expect(result == MimeBundle(plainText: "499500"))
    }

    @Test func anInterruptDuringTheCellStopsItAndKeepsBindings() {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        sink.answer = .line("go")
        // The cell is surely running when input() is asked: interrupt right then.
        sink.onAsk = { kernel.interrupt() }
        guard case .error(let report) = kernel.run(cell: "var n = 5\nlet answer = input()\nn = 6", executionCount: 1, sink: sink) else {
            Issue.record("not interrupted")
            return
        }
        #expect(report.ename == "Interrupted")
        kernel.resetInterrupt()
        guard case .ok(let result) = kernel.run(cell: "n", executionCount: 2, sink: RecordingSink()) else {
            Issue.record("failed")
            return
        }
        #expect(result == MimeBundle(plainText: "5"))
    }

    @Test func userExpressionsAreSilentAndCannotDeclare() {
        let kernel = BackpropKernel()
        _ = kernel.run(cell: "let w = [[1.0, 2.0]]\nfunc loud() -> Int { print(\"side effect\"); return 7 }", executionCount: 1, sink: RecordingSink())
        #expect(kernel.evaluate(expression: "w.shape") == .success(MimeBundle(plainText: "[1, 2]")))
        #expect(kernel.evaluate(expression: "loud() * 2 // a comment") == .success(MimeBundle(plainText: "14")))
        guard case .failure(let missing) = kernel.evaluate(expression: "nope") else { Issue.record("no error"); return }
        #expect(missing.ename == "NameError")
        guard case .failure(let declaration) = kernel.evaluate(expression: "let z = 1") else { Issue.record("no error"); return }
        #expect(declaration.ename == "SyntaxError")
        guard case .failure = kernel.evaluate(expression: "z") else { Issue.record("z was declared"); return }
    }

    @Test func resultsLongerThanOneMebibyteAreCut() {
        let text = String(repeating: "x", count: 2 << 20)
        let cut = MimeRendering.limited(text)
        #expect(cut.utf8.count <= MimeRendering.maximumBytes)
        #expect(cut.hasSuffix("\n… (output truncated: 2097152 bytes in all)"))
        #expect(MimeRendering.limited("short") == "short")
    }

    @Test func info() {
        let info = BackpropKernel().info
        #expect(info.implementation == "backprop-kernel")
        #expect(info.implementationVersion == BackpropKernel.version)
        #expect(JSONValue.object(info.languageInfo) == .object([
            ("name", .string("backprop")), ("version", .string("0.1.0")), ("mimetype", .string("text/x-backprop")),
            ("file_extension", .string(".backprop")), ("pygments_lexer", .string("swift")), ("codemirror_mode", .string("swift")),
        ]))
    }
}

/// BackpropKernel driven through the real protocol core and the in-memory transport.
@Suite struct KernelProtocolTests {
    @Test func printIsAStreamAndTheLastExpressionTheResult() throws {
        let harness = try KernelHarness()
        let (reply, iopub) = try harness.execute("print(\"hello\")\n1 + 1")
        #expect(reply.content["status"]?.string == "ok")
        #expect(KernelHarness.stream(iopub, "stdout") == "hello\n")
        #expect(KernelHarness.result(iopub) == "2")
        #expect(iopub.filter { $0.type == "execute_result" }.first?.content["execution_count"]?.int == 1)
    }

    @Test func anErrorIsExactlyOneErrorMessage() throws {
        let harness = try KernelHarness()
        let (reply, iopub) = try harness.execute("let x = 1\nx + \"a\" * 2")
        #expect(reply.content["status"]?.string == "error")
        let errors = iopub.filter { $0.type == "error" }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.content["ename"]?.string == "TypeError")
        let lines = error.content["traceback"]?.array?.compactMap(\.string)
        let traceback = try #require(lines)
        #expect(traceback.count == 3)
        #expect(plain(traceback[0]).hasPrefix("<cell 1>:2:"))
        #expect(plain(traceback[1]) == "x + \"a\" * 2")
        #expect(plain(traceback[2]).trimmingSpaces.hasPrefix("^"))
        #expect(reply.content["ename"]?.string == "TypeError")
    }

    @Test func stateIsKeptAcrossCells() throws {
        let harness = try KernelHarness()
        _ = try harness.execute("let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }")
        let (_, iopub) = try harness.execute("net.sizes")
        #expect(KernelHarness.result(iopub) == "[2, 3, 1]")
    }

    @Test func userExpressionsAreEvaluatedAfterTheCell() throws {
        let harness = try KernelHarness()
        let (reply, _) = try harness.execute("let a = 20", [("user_expressions", .object([("double", .string("a * 2"))]))])
        #expect(reply.content["user_expressions"]?["double"]?["data"]?["text/plain"]?.string == "40")
    }

    @Test func anInterruptStopsAnEndlessLoopWithinOneSecond() throws {
        let harness = try KernelHarness()
        _ = try harness.execute("var spins = 0")
        // stop_on_error false: the core may otherwise abort the next request if it arrives before the
        // execution thread is back at its queue (a race in the core, not in the adapter).
        let id = harness.send("execute_request", .object([("code", .string("while true { spins += 1 }")), ("stop_on_error", .bool(false))]))
        let sent = KernelThread.monotonicNanoseconds()
        after(milliseconds: 300) { harness.send("interrupt_request", on: .control) }
        let reply = try #require(harness.nextMessage(on: .shell))
        let elapsed = Double(KernelThread.monotonicNanoseconds() - sent) / 1e9
        #expect(reply.parentHeader["msg_id"]?.string == id)
        #expect(reply.content["ename"]?.string == "Interrupted")
        #expect(elapsed < 1.3)
        let errors = harness.iopubUntilIdle(id).filter { $0.type == "error" }
        #expect(errors.count == 1)
        let (_, iopub) = try harness.execute("spins > 0")
        #expect(KernelHarness.result(iopub) == "true")
    }

    @Test func anInterruptStopsTrainingKeepingTheNetwork() throws {
        let harness = try KernelHarness()
        _ = try harness.execute("let net = Network(inputs: 2, seed: 3) { Dense(8); Dense(1) }\nlet data = Dataset.moons(count: 200, seed: 1)")
        let id = harness.send("execute_request", .object([
            ("code", .string("net.train(on: data, epochs: 100000000, batchSize: 4)")), ("stop_on_error", .bool(false)),
        ]))
        after(milliseconds: 300) { harness.kernel.interrupt() }
        let reply = try #require(harness.nextMessage(on: .shell))
        #expect(reply.content["ename"]?.string == "Interrupted")
        _ = harness.iopubUntilIdle(id)
        let (after, iopub) = try harness.execute("net.parameterCount")
        #expect(after.content["status"]?.string == "ok")
        #expect(KernelHarness.result(iopub) == "33")
    }

    @Test func completeInspectAndIsCompleteGoThroughTheCore() throws {
        let harness = try KernelHarness()
        _ = try harness.execute("let learningRate = 0.5")
        harness.send("complete_request", .object([("code", .string("learningR")), ("cursor_pos", .integer(9))]))
        let completion = try #require(harness.nextMessage(on: .shell))
        #expect(completion.content["matches"] == .array([.string("learningRate")]))
        #expect(completion.content["cursor_start"]?.int == 0 && completion.content["cursor_end"]?.int == 9)
        harness.send("inspect_request", .object([("code", .string("learningRate")), ("cursor_pos", .integer(3))]))
        let inspection = try #require(harness.nextMessage(on: .shell))
        #expect(inspection.content["found"]?.bool == true)
        #expect(inspection.content["data"]?["text/plain"]?.string == "learningRate: Double\n\n0.5")
        harness.send("is_complete_request", .object([("code", .string("for i in 0..<3 {"))]))
        let completeness = try #require(harness.nextMessage(on: .shell))
        #expect(completeness.content["status"]?.string == "incomplete")
        #expect(completeness.content["indent"]?.string == "    ")
    }
}
